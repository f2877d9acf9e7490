/** Teams × dimensions over the whole window: the selected group and the teams one level below it. */
import type { SectionContext } from './context'
import { dimensionScores, favourableShares } from './scores'

export function heatmapSection(c: SectionContext, rows: { id: string; label: string }[]) {
	const { gate, weeks } = c
	return rows.map(({ id, label }) => {
		const f = gate.figures(id, weeks)
		const why = f ? null : gate.hiddenBecause(id, weeks)
		return {
			teamId: id,
			label,
			suppressed: why === 'few' || why === 'protects-others',
			hiddenBecause: why,
			/** Weeks with answers in which this group is hidden, though it is shown over the period. */
			weeksHidden: gate.weeksLeftOut(id, weeks),
			empty: why === 'no-answers',
			scores: f ? dimensionScores(f) : null,
			favourable: f ? favourableShares(f) : null,
		}
	})
}
