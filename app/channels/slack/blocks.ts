/**
 * The same message content the e-mail carries, in Slack's Block Kit (docs: "Blocks", "Block
 * elements", "Defining views"), and the pulse as a modal. Pure functions: what goes to Slack is
 * decided here and tested without Slack.
 *
 * What Slack carries is exactly what these functions return: the message text, the pulse link's
 * token in the "Answer here" button (the same link the e-mail would carry, to the same person),
 * and — when a person answers in the modal — their answers on the way to us. Nothing Slack sends
 * back (user, channel, message) is stored with an answer.
 */
import type { Block, MessageContent } from '~/mail/content'
import { LIMITS } from '~/pulses/answer-form'
import type { FieldErrors } from '~/utils/result'

import { around, chatT, fieldProblems, itemLabel, likertLabels } from '../chat-words'

/** Slack's own limits (Block Kit reference). */
const MAX = { header: 150, section: 3000, label: 2000, title: 24, button: 75, value: 2000, metadata: 3000, blocks: 50 } as const

export type SlackBlock = Record<string, unknown>
export const ANSWER_ACTION = 'answer_pulse'
export const OPEN_LINK_ACTION = 'open_link'
export const PULSE_CALLBACK = 'pulse'

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)
/** Slack's mrkdwn treats &, < and > as control characters: escaped, user text cannot make a link or a mention. */
export const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const plain = (text: string, max: number) => ({ type: 'plain_text', text: clip(text, max), emoji: false })
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: clip(text, MAX.section) })

function blockToSlack(block: Block, locale: string): SlackBlock[] {
	const t = chatT(locale)
	switch (block.type) {
		case 'heading':
			return [{ type: 'header', text: plain(block.text, MAX.header) }]
		case 'paragraph':
			return [{ type: 'section', text: mrkdwn(escapeMrkdwn(block.text)) }]
		case 'list':
			return [{ type: 'section', text: mrkdwn(block.items.map((i) => `• ${escapeMrkdwn(i)}`).join('\n')) }]
		case 'table':
			// Block Kit has no table: one line per row, each value named by its column.
			return [
				{
					type: 'section',
					text: mrkdwn(block.rows.map((row) => row.map((cell, i) => `${escapeMrkdwn(block.head[i] ?? '')}: *${escapeMrkdwn(cell)}*`).join(' · ')).join('\n')),
				},
			]
		case 'note':
			return [{ type: 'context', elements: [mrkdwn(escapeMrkdwn(block.text))] }]
		case 'button': {
			const elements: SlackBlock[] = []
			if (block.answerInChat) {
				elements.push({ type: 'button', action_id: ANSWER_ACTION, text: plain(t('answerHere'), MAX.button), style: 'primary', value: clip(block.answerInChat, MAX.value) })
			}
			elements.push({ type: 'button', action_id: OPEN_LINK_ACTION, text: plain(block.answerInChat ? t('openInBrowser') : block.label, MAX.button), url: block.href })
			return [{ type: 'actions', elements }]
		}
	}
}

/**
 * The pulse a message invites its reader to answer here: its token (the "Answer here" button's)
 * and its items, the first of which the message shows. Every wording is the same for everyone
 * invited to the wave, so the question says nothing about who answers what.
 */
export interface MessagePulse {
	token: string
	items: ModalItem[]
	/** The organisation's language, whose wording an item falls back to. */
	orgLocale?: string
}

/** The pulse's first question in the reader's words, as the modal will ask it; none when the pulse has no items. */
function firstQuestion(pulse: MessagePulse | undefined, locale: string): string | null {
	const first = pulse?.items[0]
	return first ? itemLabel(first, locale, pulse.orgLocale ?? locale) : null
}

/**
 * A message for `chat.postMessage`: `text` is the notification's fallback (and what a screen
 * reader announces). The message's own words are in its language already; the buttons the chat
 * adds are written in it too. A pulse's message shows its first question right above "Answer
 * here", in the notification too, so the reader sees what they are asked before they open it.
 */
export function messageToSlack(content: MessageContent, pulse?: MessagePulse): { text: string; blocks: SlackBlock[] } {
	const locale = content.locale ?? 'en'
	const t = chatT(locale)
	const answerButton = pulse && content.blocks.find((b) => b.type === 'button' && b.answerInChat === pulse.token)
	const question = answerButton ? firstQuestion(pulse, locale) : null
	const [before, after] = around((q) => t('firstQuestion', { question: q }))
	const asked: SlackBlock[] = question ? [{ type: 'section', text: mrkdwn(`${escapeMrkdwn(before)}*${escapeMrkdwn(question)}*${escapeMrkdwn(after)}`) }] : []
	return {
		// The fallback is parsed too (a notification resolves <!channel> and <@U…> in it): escaped like the blocks.
		text: escapeMrkdwn(question ? `${content.subject}\n${t('firstQuestion', { question })}` : content.subject),
		blocks: [
			{ type: 'section', text: mrkdwn(`*${escapeMrkdwn(content.subject)}*`) },
			...content.blocks.flatMap((b) => [...(b === answerButton ? asked : []), ...blockToSlack(b, locale)]),
		].slice(0, MAX.blocks),
	}
}

/** What replaces the pulse message once it is answered: it says so, and nothing of the answers. */
export function answeredMessage(surveyName: string, locale = 'en'): { text: string; blocks: SlackBlock[] } {
	const t = chatT(locale)
	const [before, after] = around((survey) => t('answered', { survey }))
	return {
		text: escapeMrkdwn(t('answered', { survey: surveyName })),
		blocks: [{ type: 'section', text: mrkdwn(`✅ ${escapeMrkdwn(before)}*${escapeMrkdwn(surveyName)}*${escapeMrkdwn(after)}`) }],
	}
}

export interface ModalItem {
	position: number
	kind: string
	text: string
	required: boolean
	dimension: string
	/** The item's wording in other languages (a wave item's snapshot). */
	translations?: Record<string, string>
}

/** A pulse as the modal shows it, in its invitee's language (`locale`; the items fall back to `orgLocale`'s wording). */
export interface ModalPulse {
	surveyName: string
	orgName: string
	anonymityK: number
	items: ModalItem[]
	locale?: string
	orgLocale?: string
}

/** Where the modal's answers go back to: the pulse link's token and the message to mark answered. */
export interface ModalMetadata {
	token: string
	channel: string | null
	ts: string | null
}

function itemInput(item: ModalItem, locale: string, orgLocale: string): SlackBlock {
	const option = (value: string, label: string) => ({ text: plain(label, 75), value })
	const element =
		item.kind === 'likert'
			? { type: 'radio_buttons', action_id: 'v', options: likertLabels(locale).map((label, i) => option(String(i + 1), label)) }
			: item.kind === 'scale10'
				? // Radio buttons take at most 10 options; 0–10 is eleven.
					{
						type: 'static_select',
						action_id: 'v',
						placeholder: plain(chatT(locale)('modal.scale'), 150),
						options: Array.from({ length: 11 }, (_, n) => option(String(n), String(n))),
					}
				: item.kind === 'count'
					? { type: 'number_input', action_id: 'v', is_decimal_allowed: false, min_value: '0', max_value: String(LIMITS.count) }
					: item.kind === 'hours'
						? { type: 'number_input', action_id: 'v', is_decimal_allowed: true, min_value: '0', max_value: String(LIMITS.hours) }
						: { type: 'plain_text_input', action_id: 'v', multiline: true, max_length: LIMITS.text }
	return { type: 'input', block_id: `item-${item.position}`, optional: !item.required, label: plain(itemLabel(item, locale, orgLocale), MAX.label), element }
}

export function pulseModal(pulse: ModalPulse, metadata: ModalMetadata): SlackBlock {
	const locale = pulse.locale ?? 'en'
	const t = chatT(locale)
	const hasComment = pulse.items.some((i) => i.kind === 'text' && i.dimension === 'comment')
	const blocks: SlackBlock[] = [
		{ type: 'context', elements: [mrkdwn(escapeMrkdwn(t('modal.anonymous', { chat: 'Slack', count: pulse.anonymityK })))] },
		...pulse.items.map((item) => itemInput(item, locale, pulse.orgLocale ?? locale)),
	]
	if (hasComment) {
		blocks.push({
			type: 'input',
			block_id: 'replies',
			optional: true,
			label: plain(t('modal.repliesLabel'), MAX.label),
			element: {
				type: 'checkboxes',
				action_id: 'v',
				options: [
					{
						text: plain(t('modal.repliesOption'), 75),
						value: 'on',
					},
				],
			},
		})
	}
	return {
		type: 'modal',
		callback_id: PULSE_CALLBACK,
		private_metadata: JSON.stringify(metadata).slice(0, MAX.metadata),
		title: plain(pulse.surveyName, MAX.title),
		submit: plain(t('modal.submit'), MAX.button),
		close: plain(t('modal.cancel'), MAX.button),
		blocks,
	}
}

/** What a notice modal says: why the pulse cannot be answered here. */
export type Notice = 'notYours' | 'alreadyAnswered' | 'closed' | 'closedBeforeArrival' | 'notFound'

function noticeWords(notice: Notice, locale: string): { title: string; text: string } {
	const t = chatT(locale)
	switch (notice) {
		case 'notYours':
			return { title: t('notice.notYoursTitle'), text: t('notice.notYoursSlack') }
		case 'alreadyAnswered':
			return { title: t('notice.alreadyAnsweredTitle'), text: t('notice.alreadyAnswered') }
		case 'closed':
			return { title: t('notice.closedTitle'), text: t('notice.closed') }
		case 'closedBeforeArrival':
			return { title: t('notice.closedTitle'), text: t('notice.closedBeforeArrival') }
		case 'notFound':
			return { title: t('notice.notFoundTitle'), text: t('notice.notFound') }
	}
}

/** A modal that only says something (already answered, closed, not for you), in the reader's language. */
export function noticeModal(notice: Notice, locale = 'en'): SlackBlock {
	const { title, text } = noticeWords(notice, locale)
	return { type: 'modal', title: plain(title, MAX.title), close: plain(chatT(locale)('modal.close'), MAX.button), blocks: [{ type: 'section', text: mrkdwn(escapeMrkdwn(text)) }] }
}

export function thanksModal(replyKey: string | undefined, appUrl: string, locale = 'en'): SlackBlock {
	const t = chatT(locale)
	const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn(escapeMrkdwn(t('thanks.text'))) }]
	if (replyKey) {
		const [before, after] = around((key) => t('thanks.replyKey', { key }))
		blocks.push({
			type: 'section',
			text: mrkdwn(`${escapeMrkdwn(before)}\`${escapeMrkdwn(replyKey)}\`${escapeMrkdwn(after)}\n${escapeMrkdwn(t('thanks.readReplies', { url: `${appUrl}/replies` }))}`),
		})
	}
	return { type: 'modal', title: plain(t('thanks.title'), MAX.title), close: plain(t('modal.close'), MAX.button), blocks }
}

type StateValue = { type?: string; value?: string | null; selected_option?: { value?: string } | null; selected_options?: { value?: string }[] | null }

/** The modal's state as the web form would post it: `item-<position>` and `replies`. */
export function modalAnswers(values: Record<string, Record<string, StateValue>>): Record<string, string> {
	const form: Record<string, string> = {}
	for (const [blockId, actions] of Object.entries(values ?? {})) {
		if (!/^item-\d+$/.test(blockId) && blockId !== 'replies') continue
		const v = actions?.v
		if (!v) continue
		if (blockId === 'replies') {
			if (v.selected_options?.some((o) => o.value === 'on')) form.replies = 'on'
			continue
		}
		const value = v.selected_option?.value ?? v.value
		if (typeof value === 'string') form[blockId] = value
	}
	return form
}

/** Our field errors as Slack shows them under each input (`response_action: errors`), in the reader's language. */
export function modalErrors(errors: FieldErrors, locale = 'en'): Record<string, string> {
	return Object.fromEntries(Object.entries(fieldProblems(errors, locale)).map(([key, message]) => [key, String(message)]))
}

export function parseMetadata(raw: unknown): ModalMetadata | null {
	if (typeof raw !== 'string') return null
	try {
		const m = JSON.parse(raw) as Partial<ModalMetadata>
		if (typeof m.token !== 'string' || !m.token) return null
		return { token: m.token, channel: typeof m.channel === 'string' ? m.channel : null, ts: typeof m.ts === 'string' ? m.ts : null }
	} catch {
		return null
	}
}
