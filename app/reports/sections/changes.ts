/**
 * What moved between the baseline and the latest weeks, for the selected group, read through the
 * gate: each dimension's change with its interval and effect size, and eNPS then and now. A group
 * hidden in either window has no change to show.
 */
import { type CultureDimension, REPORT_LABELS } from '../dimensions'
import { sums } from '../gate.server'
import { cohensD, familyVerdicts, meanOf, measureChange, type MeasuredChange } from '../stats'
import type { SectionContext } from './context'
import { enpsOf } from './scores'

export interface DimensionChange {
	key: CultureDimension
	label: string
	baseline: number
	latest: number
	/** Latest − baseline, in points (0–100), with its team-clustered 95% interval (null with too few teams), verdict and Cohen's d. */
	delta: number
	low: number | null
	high: number | null
	verdict: MeasuredChange['verdict']
	/**
	 * The verdict among all the dimensions tested (familyVerdicts: Bonferroni over them): what a
	 * place that picks dimensions out of all of them ("Moved most") says, so that with nothing
	 * changed at most 5% of organisations read "more than chance" there.
	 */
	familyVerdict: MeasuredChange['verdict']
	smallestDetectable: number | null
	/** CR2 standard error and Bell–McCaffrey df of delta (se null with too few teams): what findings test at the family's level */
	se: number | null
	df: number
	d: number | null
}

/** The change of one dimension of the selected group, or null when it cannot be shown. */
export function dimensionChange(c: SectionContext, d: CultureDimension): DimensionChange | null {
	if (!c.baseline.length) return null
	const base = c.gate.figures(c.selected, c.baseline)
	const last = c.gate.figures(c.selected, c.latest)
	if (!base || !last) return null
	const b = sums(base.metric(d))
	const l = sums(last.metric(d))
	const [before = [], after = []] = c.gate.clusterSums(c.selected, [c.baseline, c.latest], d)
	const change = measureChange(before, after)
	const [mb, ml] = [meanOf(b), meanOf(l)]
	if (!change || mb === null || ml === null) return null
	return {
		key: d,
		label: REPORT_LABELS[d],
		baseline: mb,
		latest: ml,
		delta: change.delta,
		low: change.interval?.low ?? null,
		high: change.interval?.high ?? null,
		verdict: change.verdict,
		familyVerdict: change.verdict,
		smallestDetectable: change.smallestDetectable,
		se: change.se,
		df: change.df,
		d: cohensD(b, l),
	}
}

/** Every asked dimension's change with its verdict among them all, largest move (either way) first (`change`: the same, when the caller has them already). */
export function dimensionChangesSection(
	c: SectionContext,
	asked: readonly CultureDimension[],
	change: (d: CultureDimension) => DimensionChange | null = (d) => dimensionChange(c, d),
) {
	const changes = asked.map(change).filter((x): x is DimensionChange => x !== null)
	const family = familyVerdicts(changes)
	return changes.map((x, i) => ({ ...x, familyVerdict: family[i]! })).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.key.localeCompare(b.key))
}

/** eNPS in the latest weeks and in the baseline (each null when hidden or unanswered), and the change. */
export function enpsChangeSection(c: SectionContext) {
	const latest = enpsOf(c.gate.figures(c.selected, c.latest))
	const baseline = c.baseline.length ? enpsOf(c.gate.figures(c.selected, c.baseline)) : null
	const delta = latest?.value != null && baseline?.value != null ? latest.value - baseline.value : null
	return { latest, baseline, delta }
}
