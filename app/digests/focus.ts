/**
 * The one suggested focus of a manager's digest: the weakest dimension that matters most for the
 * team. Until the statistics work (report.drivers.culture.focus) is in main, "matters most" is the
 * organisation's RTMI weight: among the team's dimensions this week, the lowest score, and of
 * equal scores the one with the larger weight. Swap this function for the drivers' focus when it lands.
 */
import { CULTURE_DIMENSIONS, type CultureDimension, REPORT_LABELS } from '~/reports/dimensions'

export interface Focus {
	dimension: CultureDimension
	label: string
	score: number
}

export function suggestFocus(scores: Partial<Record<CultureDimension, number>>, weights: Record<string, number>): Focus | null {
	const candidates = CULTURE_DIMENSIONS.filter((d) => typeof scores[d] === 'number' && (weights[d] ?? 0) > 0)
	if (!candidates.length) return null
	const best = candidates.reduce((a, b) => {
		const sa = scores[a]!
		const sb = scores[b]!
		if (sb < sa) return b
		if (sb === sa && (weights[b] ?? 0) > (weights[a] ?? 0)) return b
		return a
	})
	return { dimension: best, label: REPORT_LABELS[best], score: scores[best]! }
}
