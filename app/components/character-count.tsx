/**
 * How much of a text box's limit is used, so text is never cut at the limit without a word
 * (the pulse comment box once stopped at 2,000 characters silently). The visible count follows
 * every key; screen readers hear it only at a few steps near the limit (aria-live polite), not
 * on every key.
 */
const STEPS = [200, 100, 50, 0] as const

/** "1,234 of 2,000 characters". */
export function countText(length: number, max: number): string {
	return `${length.toLocaleString('en')} of ${max.toLocaleString('en')} characters`
}

/** What a screen reader hears at this length: nothing until 200 are left, then at 200, 100, 50 and the limit. */
export function countAnnouncement(length: number, max: number): string {
	const left = max - length
	const step = STEPS.find((s) => left <= s && left > (STEPS[STEPS.indexOf(s) + 1] ?? -1))
	if (step === undefined) return ''
	if (step === 0) return `The limit of ${max.toLocaleString('en')} characters is reached; anything more you type is not kept.`
	return `${step} characters left.`
}

export function CharacterCount({ id, length, max }: { id: string; length: number; max: number }) {
	const full = length >= max
	return (
		<>
			<p id={id} className={`small char-count${full ? ' at-limit' : ' muted'}`}>
				{countText(length, max)}
				{full ? ' — the limit; more is not kept.' : ''}
			</p>
			<p className="sr-only" aria-live="polite">
				{countAnnouncement(length, max)}
			</p>
		</>
	)
}
