/**
 * An action's effect measured against control teams from the rest of the organisation (the
 * design of issue 17 for weekly autocorrelation; measure-action.server.ts uses it, see
 * docs/METHOD.md §9 and the simulation in §5).
 *
 * A team's weekly mood persists from week to week, so its weeks are not independent and an
 * interval from them is too narrow. Other teams' moods persist in the same way, so the spread of
 * their own changes over the same weeks shows how far a team moves by itself:
 *
 *     D₀ = the action team's mean since − mean before;  v₀ its sampling variance (s²_b/n_b + s²_a/n_a)
 *     D_j, v_j   the same for each of the J control teams
 *     effect = D₀ − mean D_j
 *     se² = max( max(s²_D − v̄, 0) + v₀ + s²_D / J,  s²_D · (1 + 1/J) )   (s²_D the variance of the D_j, v̄ the mean v_j)
 *     interval = effect ± t(0.975, J − 1) · se
 *
 * max(s²_D − v̄, 0) estimates how much teams' true changes vary among themselves (autocorrelated
 * moods included); v₀ adds the action team's own sampling noise; s²_D/J the uncertainty of the
 * controls' mean; s²_D · (1 + 1/J), the plain prediction for one more typical team, is the floor
 * when the controls' changes vary more than that says. What it assumes: the control teams are independent of each other and, had
 * nothing been done, the action team would have moved like a typical one of them.
 */
import { type ChangeVerdict, emptySums, mergeSums, type Sums, tQuantile, varianceOf } from '~/reports/stats'

/** Fewer control teams than this: "too few teams to tell". */
export const MIN_CONTROL_TEAMS = 5

/** Weeks with answers each side needs, the action team's and each control's: a change is never read from one week. */
export const MIN_WEEKS_A_SIDE = 2

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
	/** The action team's own change (since − before) and the control teams' mean change, in points. */
	own?: number
	controlsMean?: number
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
	// The larger of two yardsticks: the controls' spread of true changes plus this team's own
	// sampling noise, and the plain spread of the controls' changes as for one more typical team
	// (without it, 30 teams of unequal sizes covered 0.93 with weekly autocorrelation 0.6).
	const se = Math.sqrt(Math.max(Math.max(s2 - vBar, 0) + own.v + s2 / j, s2 * (1 + 1 / j)))
	const df = j - 1
	const half = tQuantile(0.975, df) * se
	const interval = { low: delta - half, high: delta + half }
	const verdict: ChangeVerdict = interval.low > 0 ? 'up' : interval.high < 0 ? 'down' : 'unclear'
	return { delta, interval, verdict, smallestDetectable: half, controls: j, se, df, own: own.d, controlsMean: meanD }
}

/** What the control teams are chosen from: the released weeks' trees and the groups' figures, through the gate. */
export interface ControlSource {
	/** The sub-teams of `id` in the tree released with `week`. */
	children(id: string, week: string): readonly string[]
	/** The group's figures (with its sub-teams) in `week`, or undefined when it is not shown that week. */
	sums(id: string, week: string): Sums | undefined
	/** Nobody in the group answered in `week`, as everyone may know (not surveyed, or participation shown): it has no figures to hide. */
	absent(id: string, week: string): boolean
}

/**
 * The control teams of an action on `target` over the weeks `before` and `since` (the weeks in
 * which the target is shown): the rest of the organisation split into disjoint groups that can
 * each be worked out from shown figures. From the top (`root`), past the target's own line of
 * teams (its parents, whose other sub-teams are the candidates), each team shown in EVERY week of
 * both sides is a control with its sub-teams of that kind split off as controls of their own;
 * what remains of it (its own people and sub-teams hidden in some week) is one more control —
 * a shown team minus shown teams inside it, which the release's complementary suppression keeps
 * at 0 or ≥ k people. A team hidden in some week is no control; its sub-teams are looked at
 * instead. A week in which nobody in a team answered (a pulse that went to other teams only) is
 * no reason to drop it: it adds nothing to that week. The target, its sub-teams, its parents' own people and anything hidden are in none:
 * each control is disjoint from the others and from the target. Keyed by team id, in tree order.
 */
export function controlSides(target: string, root: string, before: readonly string[], since: readonly string[], source: ControlSource): Map<string, TeamSides> {
	const weeks = [...before, ...since]
	const kidsOf = new Map<string, string[]>()
	const kids = (id: string) => {
		let k = kidsOf.get(id)
		if (!k) kidsOf.set(id, (k = [...new Set(weeks.flatMap((w) => source.children(id, w)))].sort()))
		return k
	}
	const ancestors = new Set<string>()
	const inTarget = new Set<string>()
	const mark = (id: string) => {
		inTarget.add(id)
		for (const c of kids(id)) if (!inTarget.has(c)) mark(c)
	}
	mark(target)
	const findPath = (id: string): boolean => {
		if (id === target) return true
		const found = kids(id).some(findPath)
		if (found) ancestors.add(id)
		return found
	}
	findPath(root)
	// The top is never a control: it holds the target.
	ancestors.add(root)
	const stableOf = new Map<string, boolean>()
	const stable = (id: string) => {
		let s = stableOf.get(id)
		if (s === undefined) stableOf.set(id, (s = weeks.every((w) => source.sums(id, w) !== undefined || source.absent(id, w)) && weeks.some((w) => source.sums(id, w) !== undefined)))
		return s
	}
	const out = new Map<string, TeamSides>()
	const side = (id: string, ws: readonly string[], minus: readonly string[]) =>
		ws.reduce(
			(acc, w) => {
				// A week in which nobody in it answered (a pulse to other teams only) adds nothing.
				let s = source.sums(id, w)
				if (!s) return acc
				for (const c of minus) {
					const x = source.sums(c, w)
					if (x) s = { n: s.n - x.n, sum: s.sum - x.sum, sumsq: s.sumsq - x.sumsq }
				}
				return { sums: mergeSums(acc.sums, s), weeks: acc.weeks + (s.n > 0 ? 1 : 0) }
			},
			{ sums: emptySums(), weeks: 0 },
		)
	const visit = (id: string) => {
		if (inTarget.has(id)) return
		if (ancestors.has(id) || !stable(id)) {
			for (const c of kids(id)) visit(c)
			return
		}
		const split = kids(id).filter(stable)
		const sides = { before: side(id, before, split), since: side(id, since, split) }
		// A control needs answers in at least MIN_WEEKS_A_SIDE weeks of each side, as the action
		// team does (a team not surveyed, or nobody in it answering, in most of a side's weeks has no
		// change to compare). Left out, its people are in no control; its shown sub-teams still may be.
		if (sides.before.weeks >= MIN_WEEKS_A_SIDE && sides.since.weeks >= MIN_WEEKS_A_SIDE) out.set(id, { before: sides.before.sums, since: sides.since.sums })
		for (const c of split) visit(c)
	}
	visit(root)
	return out
}
