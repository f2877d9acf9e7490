/** Why a group shows no figures, in the words the dashboard uses everywhere. */
import type { TFunction } from 'i18next'

export type Hidden = 'few' | 'protects-others' | 'pending' | 'no-answers' | 'no-baseline'

/** "hidden: under 5" — in a table cell. */
export function hiddenShort(why: Hidden | null, k: number, t: TFunction) {
	return why === 'protects-others'
		? t('hidden.short.protects')
		: why === 'pending'
			? t('hidden.short.pending')
			: why === 'no-answers'
				? t('hidden.short.noAnswers')
				: t('hidden.short.few', { count: k })
}

/** "hidden: fewer than 5 people answered" — in a sentence. */
export function hiddenLong(why: Hidden | null, k: number, t: TFunction) {
	switch (why) {
		case 'protects-others':
			return t('hidden.long.protects', { count: k })
		case 'pending':
			return t('hidden.long.pending')
		case 'no-answers':
			return t('hidden.long.noAnswers')
		case 'no-baseline':
			return t('hidden.long.noBaseline')
		default:
			return t('hidden.long.few', { count: k })
	}
}
