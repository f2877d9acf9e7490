/**
 * The same message content the e-mail carries, as an Adaptive Card 1.5 (the version Teams
 * renders), and the pulse as a card with every item and `Action.Submit`. Pure functions: what
 * goes to Teams is decided here and tested without Teams.
 *
 * Text we did not write (survey names, item texts, people's names) goes in `TextRun`s, which
 * Teams never reads as Markdown, so it cannot make a link or a mention. The pulse card carries
 * the pulse link's token in its submit data — the same capability the e-mail's link carries, to
 * the same person — and nothing Teams sends back with an answer (user, conversation, activity)
 * is stored.
 */
import { fixedT } from '~/i18n/i18n.server'
import type { Block, MessageContent } from '~/mail/content'
import { LIMITS } from '~/pulses/answer-form'
import type { FieldErrors } from '~/utils/result'

import { around, chatT, fieldProblems, itemLabel, likertLabels } from '../chat-words'

export type CardElement = Record<string, unknown>
export interface AdaptiveCard {
	type: 'AdaptiveCard'
	$schema: string
	version: '1.5'
	body: CardElement[]
	actions?: CardElement[]
	msteams?: { width: 'Full' }
}
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive'
/** What the pulse card's submit button sends back with the inputs. */
export const PULSE_ACTION = 'pulse'

const card = (body: CardElement[], actions?: CardElement[]): AdaptiveCard => ({
	type: 'AdaptiveCard',
	$schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
	version: '1.5',
	body,
	...(actions?.length ? { actions } : {}),
	msteams: { width: 'Full' },
})

type Run = { text: string; weight?: 'Bolder'; size?: 'Large' | 'Small'; isSubtle?: boolean }
const rich = (runs: Run[], spacing?: 'Medium'): CardElement => ({ type: 'RichTextBlock', ...(spacing ? { spacing } : {}), inlines: runs.map((r) => ({ type: 'TextRun', ...r })) })
const plainText = (text: string, extra: Omit<Run, 'text'> = {}) => rich([{ text, ...extra }])

function blockToCard(block: Block, locale: string): { body: CardElement[]; actions: CardElement[] } {
	switch (block.type) {
		case 'heading':
			return { body: [rich([{ text: block.text, size: 'Large', weight: 'Bolder' }], 'Medium')], actions: [] }
		case 'paragraph':
			return { body: [plainText(block.text)], actions: [] }
		case 'list':
			return { body: block.items.map((i) => plainText(`• ${i}`)), actions: [] }
		case 'table':
			// One line per row, each value named by its column (as in Slack): narrow on a phone, read the same by a screen reader.
			return {
				body: block.rows.map((row) => rich(row.flatMap((cell, i) => [{ text: `${i ? ' · ' : ''}${block.head[i] ?? ''}: ` }, { text: cell, weight: 'Bolder' as const }]))),
				actions: [],
			}
		case 'note':
			return { body: [plainText(block.text, { size: 'Small', isSubtle: true })], actions: [] }
		case 'button':
			return { body: [], actions: [{ type: 'Action.OpenUrl', title: block.answerInChat ? chatT(locale)('openInBrowser') : block.label, url: block.href }] }
	}
}

export interface CardItem {
	position: number
	kind: string
	text: string
	required: boolean
	dimension: string
	/** The item's wording in other languages (a wave item's snapshot). */
	translations?: Record<string, string>
}

/** A pulse as the card shows it, in its invitee's language (`locale`; the items fall back to `orgLocale`'s wording). */
export interface PulseCardFacts {
	surveyName: string
	anonymityK: number
	items: CardItem[]
	locale?: string
	orgLocale?: string
}

function itemInput(item: CardItem, locale: string, orgLocale: string): CardElement {
	// The same words as the web form's (its labels and its problems).
	const app = fixedT(locale, 'app')
	const base = { id: `item-${item.position}`, label: itemLabel(item, locale, orgLocale), isRequired: item.required }
	switch (item.kind) {
		case 'likert':
			return {
				type: 'Input.ChoiceSet',
				...base,
				style: 'expanded',
				errorMessage: app('problems.chooseAnswer'),
				choices: likertLabels(locale).map((title, i) => ({ title, value: String(i + 1) })),
			}
		case 'scale10':
			return {
				type: 'Input.ChoiceSet',
				...base,
				style: 'compact',
				placeholder: chatT(locale)('modal.scale'),
				errorMessage: app('problems.chooseAnswer'),
				choices: Array.from({ length: 11 }, (_, n) => ({ title: String(n), value: String(n) })),
			}
		case 'count':
			return { type: 'Input.Number', ...base, min: 0, max: LIMITS.count, errorMessage: app('problems.wholeNumber', { max: LIMITS.count }) }
		case 'hours':
			return { type: 'Input.Number', ...base, min: 0, max: LIMITS.hours, errorMessage: app('problems.hours', { max: LIMITS.hours }) }
		default:
			return { type: 'Input.Text', ...base, isMultiline: true, maxLength: LIMITS.text, errorMessage: app('problems.enterAnswer') }
	}
}

/** The inputs of a pulse and its submit button; the submit data is the pulse link's token and nothing else. */
export function pulseForm(pulse: PulseCardFacts, token: string): AdaptiveCard {
	const locale = pulse.locale ?? 'en'
	const t = chatT(locale)
	const body: CardElement[] = [
		plainText(t('modal.anonymous', { chat: 'Teams', count: pulse.anonymityK }), { size: 'Small', isSubtle: true }),
		...pulse.items.map((item) => itemInput(item, locale, pulse.orgLocale ?? locale)),
	]
	if (pulse.items.some((i) => i.kind === 'text' && i.dimension === 'comment')) {
		body.push({ type: 'Input.Toggle', id: 'replies', title: t('modal.repliesOption'), valueOn: 'on', valueOff: 'off' })
	}
	return card(body, [{ type: 'Action.Submit', title: t('modal.submit'), style: 'positive', data: { action: PULSE_ACTION, token } }])
}

/**
 * A message as a card. A pulse invitation (a button with `answerInChat`) becomes "Answer here",
 * which opens the form in place (`Action.ShowCard`), and "Open in the browser".
 */
export function messageToCard(content: MessageContent, pulse?: { facts: PulseCardFacts; token: string }): { summary: string; card: AdaptiveCard } {
	const locale = content.locale ?? 'en'
	const body: CardElement[] = [plainText(content.subject, { weight: 'Bolder' })]
	const actions: CardElement[] = []
	for (const block of content.blocks) {
		if (block.type === 'button' && block.answerInChat && pulse && pulse.token === block.answerInChat) {
			actions.push({ type: 'Action.ShowCard', title: chatT(locale)('answerHere'), card: pulseForm(pulse.facts, pulse.token) })
		}
		const part = blockToCard(block, locale)
		body.push(...part.body)
		actions.push(...part.actions)
	}
	return { summary: content.subject, card: card(body, actions) }
}

/** What replaces the pulse card once it is answered: it says so, and nothing of the answers. */
export function answeredCard(surveyName: string, locale = 'en'): AdaptiveCard {
	const [before, after] = around((survey) => chatT(locale)('answered', { survey }))
	return card([rich([{ text: `✅ ${before}` }, { text: surveyName, weight: 'Bolder' }, ...(after ? [{ text: after }] : [])])])
}

/** The submitted card's inputs as the web form would post them: `item-<position>` and `replies`. */
export function cardAnswers(value: Record<string, unknown>): Record<string, string> {
	const form: Record<string, string> = {}
	for (const [key, v] of Object.entries(value)) {
		if (/^item-\d+$/.test(key) && (typeof v === 'string' || typeof v === 'number')) form[key] = String(v)
		if (key === 'replies' && v === 'on') form.replies = 'on'
	}
	return form
}

/** Our field errors as one message, each under the item's own words, in the reader's language. */
export function errorsText(errors: FieldErrors, items: CardItem[], locale = 'en', orgLocale = locale): string {
	const t = chatT(locale)
	const lines = Object.entries(fieldProblems(errors, locale)).map(([key, message]) => {
		const item = items.find((i) => `item-${i.position}` === key)
		return `• ${item ? `${itemLabel(item, locale, orgLocale)}: ` : ''}${String(message)}`
	})
	return `${t('errors.intro')}\n${lines.join('\n')}\n${t('errors.outro')}`
}
