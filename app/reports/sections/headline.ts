/** The headline: the RTMI now (latest weeks) against the baseline, with its interval and the share of the way to the target. */
import { CULTURE_DIMENSIONS } from '../dimensions'
import { sums } from '../gate.server'
import { cohensD, measureChange, operationalScore, rtmi, rtmiShare, shareOfWay } from '../stats'
import type { SectionContext } from './context'
import { dimensionScores } from './scores'

export type Operational = { firstResponseMinutes: number | null; approvalCycleHours: number | null }

export function rtmiComponents(settings: SectionContext['settings'], scores: Record<string, number | null>, op: Operational) {
	const w = settings.weights
	return [
		...CULTURE_DIMENSIONS.map((d) => ({ key: d, score: scores[d] ?? null, weight: w[d] ?? 0 })),
		{ key: 'firstResponse', score: operationalScore(op.firstResponseMinutes, settings.targets.firstResponseMinutes), weight: w.firstResponse ?? 0 },
		{ key: 'approvalCycle', score: operationalScore(op.approvalCycleHours, settings.targets.approvalCycleHours), weight: w.approvalCycle ?? 0 },
	]
}

export function headlineSection(c: SectionContext, ops: { latest: Operational; baseline: Operational }) {
	const { gate, selected, settings } = c
	// The baseline the settings name may lie outside the period asked for: nothing to compare with.
	if (!c.baseline.length) return { suppressed: true as const, hiddenBecause: 'no-baseline' as const }
	const base = gate.figures(selected, c.baseline)
	const last = gate.figures(selected, c.latest)
	if (!base || !last) {
		const why = [gate.hiddenBecause(selected, c.baseline), gate.hiddenBecause(selected, c.latest)]
		const because = (['protects-others', 'few', 'pending'] as const).find((r) => why.includes(r)) ?? ('no-answers' as const)
		return { suppressed: true as const, hiddenBecause: because }
	}
	const latestComps = rtmiComponents(settings, dimensionScores(last), ops.latest)
	const baseComps = rtmiComponents(settings, dimensionScores(base), ops.baseline)
	const now = rtmi(latestComps)
	const then = rtmi(baseComps)
	const share = rtmiShare(latestComps, CULTURE_DIMENSIONS) ?? 1
	const b = sums(base.metric('culture'))
	const l = sums(last.metric('culture'))
	const delta = now !== null && then !== null ? now - then : null
	// The sampled part of the RTMI change is the culture index's (operational medians are a census
	// of the events, not a sample): its team-clustered width, in RTMI points, around the RTMI change.
	// One cluster assignment over both windows (METHOD §5): the same people never in two clusters.
	const [before = [], after = []] = gate.clusterSums(selected, [c.baseline, c.latest], 'culture')
	const change = measureChange(before, after, { scale: share, ...(delta !== null ? { center: delta } : {}) })
	const culture = measureChange(before, after)
	return {
		suppressed: false as const,
		rtmi: now,
		baseline: then,
		/** The RTMI change, latest − baseline, in points. */
		delta,
		/** 95% interval around `delta`, team-clustered; null with fewer than 5 clusters. */
		interval: change?.interval ?? null,
		method: change?.method ?? 'team-cluster-cr2',
		/** Clusters (teams, see METHOD.md §5) the interval rests on. */
		clusters: change?.clusters ?? 0,
		verdict: change && delta !== null ? change.verdict : ('too-few-clusters' as const),
		/** The smallest RTMI change (±points) these clusters could tell from chance. */
		smallestDetectable: change?.smallestDetectable ?? null,
		/** The culture part's share of the RTMI, which scales the interval. */
		cultureShare: share,
		/** The culture index's own change (0–100 points) with its interval: what the RTMI interval is scaled from. */
		culture: culture ? { delta: culture.delta, interval: culture.interval, verdict: culture.verdict, smallestDetectable: culture.smallestDetectable } : null,
		effectSize: cohensD(b, l),
		target: settings.targets.rtmi,
		shareOfWay: now !== null && then !== null ? shareOfWay(then, now, settings.targets.rtmi) : null,
		operational: { latest: ops.latest, baseline: ops.baseline, targets: settings.targets },
		/** People who answered, each once a week (null when several pulses reached the group in a week of the window: no count). */
		n: { baseline: base.people, latest: last.people },
	}
}
