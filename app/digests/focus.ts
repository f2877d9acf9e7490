/**
 * The one suggested focus of a manager's digest: the weakest dimension that matters most for the
 * team. Where the team had at least 30 respondents that week and the driver analysis names a
 * focus (bottom quarter of scores, clearly important: METHOD §8), that one. Otherwise "matters
 * most" falls back to the organisation's RTMI weight: the lowest score this week, and of equal
 * scores the one with the larger weight.
 */
import { CULTURE_DIMENSIONS, type CultureDimension, REPORT_LABELS } from '~/reports/dimensions'

export interface Focus {
	dimension: CultureDimension
	label: string
	score: number
}

export function suggestFocus(
	scores: Partial<Record<CultureDimension, number>>,
	weights: Record<string, number>,
	drivers: { dimension: CultureDimension; label: string } | null = null,
): Focus | null {
	if (drivers && typeof scores[drivers.dimension] === 'number') return { dimension: drivers.dimension, label: drivers.label, score: scores[drivers.dimension]! }
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
