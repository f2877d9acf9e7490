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
import { LIMITS } from '~/pulses/answering.server'
import { LIKERT_LABELS } from '~/surveys/question-bank'
import type { FieldErrors } from '~/utils/result'

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

function blockToSlack(block: Block): SlackBlock[] {
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
				elements.push({ type: 'button', action_id: ANSWER_ACTION, text: plain('Answer here', MAX.button), style: 'primary', value: clip(block.answerInChat, MAX.value) })
			}
			elements.push({ type: 'button', action_id: OPEN_LINK_ACTION, text: plain(block.answerInChat ? 'Open in the browser' : block.label, MAX.button), url: block.href })
			return [{ type: 'actions', elements }]
		}
	}
}

/** A message for `chat.postMessage`: `text` is the notification's fallback (and what a screen reader announces). */
export function messageToSlack(content: MessageContent): { text: string; blocks: SlackBlock[] } {
	return { text: content.subject, blocks: [{ type: 'section', text: mrkdwn(`*${escapeMrkdwn(content.subject)}*`) }, ...content.blocks.flatMap(blockToSlack)].slice(0, MAX.blocks) }
}

/** What replaces the pulse message once it is answered: it says so, and nothing of the answers. */
export function answeredMessage(surveyName: string): { text: string; blocks: SlackBlock[] } {
	const text = `${surveyName}: answered. Thank you.`
	return { text, blocks: [{ type: 'section', text: mrkdwn(`✅ *${escapeMrkdwn(surveyName)}*: answered. Thank you.`) }] }
}

export interface ModalItem {
	position: number
	kind: string
	text: string
	required: boolean
	dimension: string
}

/** Where the modal's answers go back to: the pulse link's token and the message to mark answered. */
export interface ModalMetadata {
	token: string
	channel: string | null
	ts: string | null
}

function itemInput(item: ModalItem): SlackBlock {
	const option = (value: string, label: string) => ({ text: plain(label, 75), value })
	const element =
		item.kind === 'likert'
			? { type: 'radio_buttons', action_id: 'v', options: LIKERT_LABELS.map((label, i) => option(String(i + 1), label)) }
			: item.kind === 'scale10'
				? // Radio buttons take at most 10 options; 0–10 is eleven.
					{ type: 'static_select', action_id: 'v', placeholder: plain('0 to 10', 150), options: Array.from({ length: 11 }, (_, n) => option(String(n), String(n))) }
				: item.kind === 'count'
					? { type: 'number_input', action_id: 'v', is_decimal_allowed: false, min_value: '0', max_value: String(LIMITS.count) }
					: item.kind === 'hours'
						? { type: 'number_input', action_id: 'v', is_decimal_allowed: true, min_value: '0', max_value: String(LIMITS.hours) }
						: { type: 'plain_text_input', action_id: 'v', multiline: true, max_length: LIMITS.text }
	return { type: 'input', block_id: `item-${item.position}`, optional: !item.required, label: plain(item.text, MAX.label), element }
}

export function pulseModal(pulse: { surveyName: string; orgName: string; anonymityK: number; items: ModalItem[] }, metadata: ModalMetadata): SlackBlock {
	const hasComment = pulse.items.some((i) => i.kind === 'text' && i.dimension === 'comment')
	const blocks: SlackBlock[] = [
		{
			type: 'context',
			elements: [
				mrkdwn(
					escapeMrkdwn(`Anonymous: your answers are stored without your name or your Slack account, and no result is shown for a group of fewer than ${pulse.anonymityK} people.`),
				),
			],
		},
		...pulse.items.map(itemInput),
	]
	if (hasComment) {
		blocks.push({
			type: 'input',
			block_id: 'replies',
			optional: true,
			label: plain('Replies to your comment', MAX.label),
			element: {
				type: 'checkboxes',
				action_id: 'v',
				options: [
					{
						text: plain('Give me a private reply key, shown once here, to read replies to my comment without my name', 75),
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
		submit: plain('Send my answers', MAX.button),
		close: plain('Cancel', MAX.button),
		blocks,
	}
}

/** A modal that only says something (already answered, closed, not for you). */
export function noticeModal(title: string, text: string): SlackBlock {
	return { type: 'modal', title: plain(title, MAX.title), close: plain('Close', MAX.button), blocks: [{ type: 'section', text: mrkdwn(escapeMrkdwn(text)) }] }
}

export function thanksModal(replyKey: string | undefined, appUrl: string): SlackBlock {
	const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn('Your answers are in. Thank you: they count once the pulse closes and the week is released.') }]
	if (replyKey) {
		blocks.push({
			type: 'section',
			text: mrkdwn(`Your reply key (shown only now — copy it): \`${escapeMrkdwn(replyKey)}\`\nRead replies to your comment at ${escapeMrkdwn(`${appUrl}/replies`)}`),
		})
	}
	return { type: 'modal', title: plain('Thank you', MAX.title), close: plain('Close', MAX.button), blocks }
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

/** Our field errors as Slack shows them under each input (`response_action: errors`). */
export function modalErrors(errors: FieldErrors): Record<string, string> {
	return Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, String(message)]))
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
