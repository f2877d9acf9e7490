/**
 * How much of a text box's limit is used, so text is never cut at the limit without a word
 * (the pulse comment box once stopped at 2,000 characters silently). The visible count follows
 * every key; screen readers hear it only at a few steps near the limit (aria-live polite), not
 * on every key.
 */
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'

import { formatNumber } from '~/i18n/format'

const STEPS = [200, 100, 50, 0] as const

/** "1,234 of 2,000 characters", in the reader's language and number format. */
export function countText(length: number, max: number, t: TFunction, locale: string): string {
	return t('count.of', { length: formatNumber(length, locale), max: formatNumber(max, locale), count: max })
}

/** What a screen reader hears at this length: nothing until 200 are left, then at 200, 100, 50 and the limit. */
export function countAnnouncement(length: number, max: number, t: TFunction, locale: string): string {
	const left = max - length
	const step = STEPS.find((s) => left <= s && left > (STEPS[STEPS.indexOf(s) + 1] ?? -1))
	if (step === undefined) return ''
	if (step === 0) return t('count.limitReached', { max: formatNumber(max, locale), count: max })
	return t('count.left', { count: step })
}

export function CharacterCount({ id, length, max }: { id: string; length: number; max: number }) {
	const { t, i18n } = useTranslation()
	const full = length >= max
	return (
		<>
			<p id={id} className={`small char-count${full ? ' at-limit' : ' muted'}`}>
				{countText(length, max, t, i18n.language)}
				{full ? t('count.atLimit') : ''}
			</p>
			<p className="sr-only" aria-live="polite">
				{countAnnouncement(length, max, t, i18n.language)}
			</p>
		</>
	)
}
