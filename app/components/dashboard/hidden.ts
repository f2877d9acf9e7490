/** Why a group shows no figures, in the words the dashboard uses everywhere. */
export type Hidden = 'few' | 'protects-others' | 'pending' | 'no-answers' | 'no-baseline'

export function hiddenShort(why: Hidden | null, k: number) {
	return why === 'protects-others' ? 'hidden †' : why === 'pending' ? 'not released yet' : why === 'no-answers' ? 'no answers' : `hidden: under ${k}`
}

export function hiddenLong(why: Hidden | null, k: number) {
	switch (why) {
		case 'protects-others':
			return `hidden: shown, it would let the answers of a group under ${k} people be worked out from the other figures`
		case 'pending':
			return 'not released yet: results appear once the week’s pulses have closed'
		case 'no-answers':
			return 'nobody answered'
		case 'no-baseline':
			return 'the baseline is not in this period'
		default:
			return `hidden: fewer than ${k} people answered`
	}
}
