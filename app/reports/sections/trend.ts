/** The weekly trend of the selected group: each released week's figures where shown, participation where it may be shown. */
import { CULTURE_DIMENSIONS } from '../dimensions'
import { sums } from '../gate.server'
import { meanOf, rtmi } from '../stats'
import type { SectionContext } from './context'
import { type Operational, rtmiComponents } from './headline'
import { dimensionScores, enpsOf, favourableShares } from './scores'

export function trendSection(c: SectionContext, weeklyOps: Map<string, Operational>) {
	const { gate, selected, settings } = c
	return c.weeks.map((w) => {
		const f = gate.figures(selected, [w])
		const scores = f ? dimensionScores(f) : {}
		const operational = weeklyOps.get(w) ?? { firstResponseMinutes: null, approvalCycleHours: null }
		const participation = gate.participation(selected, w)
		const why = f ? null : gate.hiddenBecause(selected, [w])
		return {
			week: w,
			released: gate.released(w),
			suppressed: why === 'few' || why === 'protects-others',
			hiddenBecause: why,
			culture: f ? meanOf(sums(f.metric('culture'))) : null,
			rtmi: f ? rtmi(rtmiComponents(settings, scores, operational)) : null,
			dimensions: scores,
			favourable: f ? favourableShares(f) : {},
			/** People who answered the dimension that week; none where several pulses reached the group (a count of responses would tell who answered twice). */
			respondentsByDimension: f?.counted ? Object.fromEntries(CULTURE_DIMENSIONS.map((d) => [d, f.metric(d).n])) : ({} as Record<string, number>),
			/** People who answered that week, or null (not shown, or several pulses). */
			respondents: f?.people ?? null,
			enps: enpsOf(f)?.value ?? null,
			invited: participation.invited,
			answered: participation.answered,
			/** Why `answered` is null although people were invited: too few (or it would single out such a group), or several pulses reached the group. */
			answeredHiddenBecause: participation.answeredHiddenBecause,
			operational,
		}
	})
}
