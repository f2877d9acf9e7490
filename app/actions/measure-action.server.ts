/**
 * Did an action move its dimension? Its team's figures for that dimension (the culture index
 * for an action on a comment theme) in the released weeks before it started against the
 * released weeks since, read through the report gate: a week in which the team is hidden is no
 * week at all here, so a suppressed group stays suppressed and adds nothing to either side.
 *
 * A team's mood persists from week to week, so its own weeks are not independent evidence (an
 * interval from them alone covered 0.80–0.90 with weekly autocorrelation 0.6–0.9). The change is
 * measured against control teams from the rest of the organisation over the same weeks
 * (`changeAgainstControls`, control-change.ts; METHOD §9): effect = the team's change − the
 * controls' mean change, with the controls' spread as the yardstick.
 */
import { eq } from 'drizzle-orm'

import { addDays, mondayOf } from '~/metrics/weeks'
import { CULTURE_DIMENSIONS, type CultureDimension, REPORT_LABELS } from '~/reports/dimensions'
import { type Metric, ROOT, sums } from '~/reports/gate.server'
import { reportGate } from '~/reports/report-gate.server'
import { type ChangeVerdict, emptySums, mergeSums, type Sums } from '~/reports/stats'
import { db } from '~/utils/db.server'
import { releasedWeeks } from '~db/schema'

import { changeAgainstControls, controlSides, MIN_CONTROL_TEAMS, MIN_WEEKS_A_SIDE } from './control-change'

/** Weeks compared before an action started (at most). */
export const BEFORE_WEEKS = 4
/** Weeks in which the team is shown that each side needs before a change is reported. */
export const MIN_WEEKS = MIN_WEEKS_A_SIDE
const MAX_SINCE_WEEKS = 52

export type Verdict = ChangeVerdict

export interface MeasuredChange {
	/** The team's change minus the control teams' mean change, in points (0–100). */
	delta: number | null
	interval: { low: number; high: number } | null
	verdict: Verdict
	/** The smallest change (±, in points) these teams could tell from chance; null when unknown. */
	smallestDetectable: number | null
	/** The team's own change, since − before, in points (null with too few weeks). */
	own: number | null
	/** The control teams' mean change over the same weeks (null with fewer than MIN_CONTROL_TEAMS). */
	controlsMean: number | null
	/** Control teams used (each with at least 2 responses on both sides). */
	controls: number
}

export interface ActionMeasure {
	metric: CultureDimension | 'culture'
	label: string
	/**
	 * measured: both sides have shown weeks and there are enough control teams; too-few-weeks: not
	 * enough weeks since (or before) yet; too-few-teams: fewer than MIN_CONTROL_TEAMS other teams
	 * shown in every one of those weeks to compare with; hidden: the team is not shown in any week
	 * of either side (too few people answer).
	 */
	state: 'measured' | 'too-few-weeks' | 'too-few-teams' | 'hidden'
	/** `n`: people who answered, each once a week; null when several pulses reached the team in one of the weeks (a count of responses would say who answered twice). */
	before: { weeks: string[]; mean: number | null; n: number | null }
	since: { weeks: string[]; mean: number | null; n: number | null }
	change: MeasuredChange
}

interface Measurable {
	teamId: string
	dimension: string | null
	startedOn: string
}

/**
 * Measures actions of one organisation in one pass through the gate. `allowWeek` narrows the
 * released weeks used (the team-facing page passes the weeks shared with teams).
 */
export async function measureActions<A extends Measurable>(orgId: string, list: A[], allowWeek: (week: string) => boolean = () => true): Promise<Map<A, ActionMeasure>> {
	const out = new Map<A, ActionMeasure>()
	if (!list.length) return out
	const released = (await db().select({ week: releasedWeeks.week }).from(releasedWeeks).where(eq(releasedWeeks.orgId, orgId)))
		.map((r) => r.week)
		.filter(allowWeek)
		.sort()
	const plans = list.map((a) => {
		const start = mondayOf(a.startedOn)
		const before = released.filter((w) => w < start).slice(-BEFORE_WEEKS)
		// The start week itself is left out: its answers may come from before or after the change.
		const since = released.filter((w) => w > start).slice(0, MAX_SINCE_WEEKS)
		return { a, before, since }
	})
	const all = [...new Set(plans.flatMap((p) => [...p.before, ...p.since]))].sort()
	const gate = all.length ? await reportGate(orgId, weeksBetween(all[0]!, all.at(-1)!)) : null
	const weekSumsSeen = new Map<string, Sums | undefined>()
	for (const { a, before, since } of plans) {
		const metric: CultureDimension | 'culture' = (CULTURE_DIMENSIONS as readonly string[]).includes(a.dimension ?? '') ? (a.dimension as CultureDimension) : 'culture'
		const node = a.teamId
		// The weeks in which the team is shown and answered the dimension.
		const shown = (ws: string[]) =>
			ws.filter((w) => {
				const f = gate?.figures(node, [w])
				return f ? f.metric(metric as Metric).n > 0 : false
			})
		const b = shown(before)
		const s = shown(since)
		const side = (ws: string[]) => {
			const figures = ws.length ? gate!.figures(node, ws)! : null
			const total = figures ? sums(figures.metric(metric as Metric)) : emptySums()
			return { weeks: ws, mean: total.n ? total.sum / total.n : null, n: figures ? figures.people : 0 }
		}
		const none: MeasuredChange = { delta: null, interval: null, verdict: 'too-few-clusters', smallestDetectable: null, own: null, controlsMean: null, controls: 0 }
		let change = none
		let enoughWeeks = false
		if (gate && b.length >= MIN_WEEKS && s.length >= MIN_WEEKS) {
			enoughWeeks = true
			const weekSums = (id: string, w: string): Sums | undefined => {
				// Every action of the organisation reads the same groups' weeks: read each once.
				const key = `${metric}|${id}|${w}`
				if (!weekSumsSeen.has(key)) {
					const f = gate.figures(id, [w])
					weekSumsSeen.set(key, f ? sums(f.metric(metric as Metric)) : undefined)
				}
				return weekSumsSeen.get(key)
			}
			const total = (ws: string[]) => ws.map((w) => weekSums(node, w)!).reduce(mergeSums, emptySums())
			const controls = controlSides(node, ROOT, b, s, { children: gate.children, sums: weekSums, absent: (id, w) => gate.hiddenBecause(id, [w]) === 'no-answers' })
			const m = changeAgainstControls({ before: total(b), since: total(s) }, [...controls.values()])
			const own = total(s).n && total(b).n ? total(s).sum / total(s).n - total(b).sum / total(b).n : null
			change = {
				delta: m.delta,
				interval: m.interval,
				verdict: m.verdict,
				smallestDetectable: m.smallestDetectable,
				own,
				controlsMean: m.controlsMean ?? null,
				controls: m.controls,
			}
		}
		out.set(a, {
			metric,
			label: metric === 'culture' ? 'Culture index' : REPORT_LABELS[metric],
			state:
				!b.length && !s.length && before.length + since.length > 0 ? 'hidden' : !enoughWeeks ? 'too-few-weeks' : change.controls < MIN_CONTROL_TEAMS ? 'too-few-teams' : 'measured',
			before: side(b),
			since: side(s),
			change,
		})
	}
	return out
}

export async function measureAction<A extends Measurable>(orgId: string, action: A, allowWeek?: (week: string) => boolean): Promise<ActionMeasure> {
	return (await measureActions(orgId, [action], allowWeek)).get(action)!
}

function weeksBetween(first: string, last: string) {
	const out: string[] = []
	for (let w = first; w <= last; w = addDays(w, 7)) out.push(w)
	return out
}
