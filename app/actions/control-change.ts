/**
 * An action's effect measured against control teams from the rest of the organisation (the
 * design of issue 17 for weekly autocorrelation; not yet used by measure-action.server.ts, which
 * still takes each week as a cluster — see docs/METHOD.md §9 and the simulation in §5).
 *
 * A team's weekly mood persists from week to week, so its weeks are not independent and an
 * interval from them is too narrow. Other teams' moods persist in the same way, so the spread of
 * their own changes over the same weeks shows how far a team moves by itself:
 *
 *     D₀ = the action team's mean since − mean before;  v₀ its sampling variance (s²_b/n_b + s²_a/n_a)
 *     D_j, v_j   the same for each of the J control teams
 *     effect = D₀ − mean D_j
 *     se² = max(s²_D − v̄, 0) + v₀ + s²_D / J      (s²_D the variance of the D_j, v̄ the mean v_j)
 *     interval = effect ± t(0.975, J − 1) · se
 *
 * max(s²_D − v̄, 0) estimates how much teams' true changes vary among themselves (autocorrelated
 * moods included); v₀ adds the action team's own sampling noise; s²_D/J the uncertainty of the
 * controls' mean. What it assumes: the control teams are independent of each other and, had
 * nothing been done, the action team would have moved like a typical one of them.
 */
import { type ChangeVerdict, type Sums, tQuantile, varianceOf } from '~/reports/stats'

/** Fewer control teams than this: "too few teams to tell". */
export const MIN_CONTROL_TEAMS = 5

export interface TeamSides {
	before: Sums
	since: Sums
}

export interface ControlledChange {
	delta: number | null
	interval: { low: number; high: number } | null
	verdict: ChangeVerdict
	smallestDetectable: number | null
	/** control teams used (each with ≥ 2 responses on both sides) */
	controls: number
	se: number | null
	df: number | null
}

function change(t: TeamSides): { d: number; v: number } | null {
	if (t.before.n < 2 || t.since.n < 2) return null
	return { d: t.since.sum / t.since.n - t.before.sum / t.before.n, v: varianceOf(t.before)! / t.before.n + varianceOf(t.since)! / t.since.n }
}

export function changeAgainstControls(target: TeamSides, controls: readonly TeamSides[]): ControlledChange {
	const own = change(target)
	const others = controls.map(change).filter((x): x is { d: number; v: number } => x !== null)
	const j = others.length
	if (!own || j < MIN_CONTROL_TEAMS) return { delta: null, interval: null, verdict: 'too-few-clusters', smallestDetectable: null, controls: j, se: null, df: null }
	const meanD = others.reduce((s, x) => s + x.d, 0) / j
	const s2 = others.reduce((s, x) => s + (x.d - meanD) ** 2, 0) / (j - 1)
	const vBar = others.reduce((s, x) => s + x.v, 0) / j
	const delta = own.d - meanD
	const se = Math.sqrt(Math.max(s2 - vBar, 0) + own.v + s2 / j)
	const df = j - 1
	const half = tQuantile(0.975, df) * se
	const interval = { low: delta - half, high: delta + half }
	const verdict: ChangeVerdict = interval.low > 0 ? 'up' : interval.high < 0 ? 'down' : 'unclear'
	return { delta, interval, verdict, smallestDetectable: half, controls: j, se, df }
}
