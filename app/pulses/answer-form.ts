/** A pulse form checked against its wave's items: what each answer may be, and the message when it is not. Pure: the page and the Slack modal use the same limits. */
import type { FieldErrors } from '~/utils/result'
import { hasNul, NUL_MESSAGE } from '~/utils/text'
import type { WaveItem } from '~db/schema'

export const LIMITS = { count: 1000, hours: 10_000, text: 2000 } as const

/** An item of a wave as the form shows and checks it. */
export type PulseItem = Pick<WaveItem, 'position' | 'kind' | 'text' | 'required' | 'dimension' | 'reverse' | 'translations'>

type Parsed = { position: number; value: number | null; text: string | null }

/** Checks a submitted form against the wave's items; messages are keyed `item-<position>`. */
export function readAnswers(
	items: Pick<WaveItem, 'position' | 'kind' | 'required' | 'dimension'>[],
	form: Record<string, unknown>,
): { answers: Parsed[]; comment: string | null; errors: FieldErrors } {
	const errors: FieldErrors = {}
	const out: Parsed[] = []
	let comment: string | null = null
	for (const item of items) {
		const key = `item-${item.position}`
		// Browsers send a textarea's line breaks as CRLF but count them as one character.
		const raw = typeof form[key] === 'string' ? (form[key] as string).replace(/\r\n?/g, '\n').trim() : ''
		if (!raw) {
			if (item.required) errors[key] = item.kind === 'likert' || item.kind === 'scale10' ? 'Choose an answer.' : 'Enter an answer.'
			continue
		}
		if (item.kind === 'text') {
			if (hasNul(raw)) {
				errors[key] = NUL_MESSAGE
				continue
			}
			if (raw.length > LIMITS.text) {
				errors[key] = `At most ${LIMITS.text} characters (you wrote ${raw.length}).`
				continue
			}
			if (item.dimension === 'comment' && comment === null) comment = raw
			else out.push({ position: item.position, value: null, text: raw })
			continue
		}
		// A decimal comma is accepted for hours (2,5); a count is a whole number, so "1,000" is not 1.
		const n = Number(item.kind === 'hours' ? raw.replace(',', '.') : raw)
		const problem = !Number.isFinite(n)
			? 'Enter a number.'
			: item.kind === 'likert'
				? !Number.isInteger(n) || n < 1 || n > 5
					? 'Choose one of the five answers.'
					: null
				: item.kind === 'scale10'
					? !Number.isInteger(n) || n < 0 || n > 10
						? 'Choose a number from 0 to 10.'
						: null
					: item.kind === 'count'
						? !Number.isInteger(n) || n < 0 || n > LIMITS.count
							? `Enter a whole number from 0 to ${LIMITS.count}.`
							: null
						: n < 0 || n > LIMITS.hours
							? `Enter a number of hours from 0 to ${LIMITS.hours}.`
							: null
		if (problem) errors[key] = problem
		else out.push({ position: item.position, value: n, text: null })
	}
	return { answers: out, comment, errors }
}
