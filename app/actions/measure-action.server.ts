/**
 * Did an action move its dimension? Its team's figures for that dimension (the culture index
 * for an action on a comment theme) in the released weeks before it started against the
 * released weeks since, read through the report gate: a week in which the team is hidden is no
 * week at all here, so a suppressed group stays suppressed and adds nothing to either side.
 *
 * `measureChange` is the one computation. The statistics work will export a function of the same
 * name and shape from app/reports/stats; at that merge this one call is swapped for it.
 */
import { eq } from 'drizzle-orm'

import { addDays, mondayOf } from '~/metrics/weeks'
import { CULTURE_DIMENSIONS, type CultureDimension, REPORT_LABELS } from '~/reports/dimensions'
import { type Metric, sums } from '~/reports/gate.server'
import { reportGate } from '~/reports/report-gate.server'
import { diffInterval, mergeSums, type Sums, tQuantile } from '~/reports/stats'
import { db } from '~/utils/db.server'
import { releasedWeeks } from '~db/schema'

/** Weeks compared before an action started (at most). */
export const BEFORE_WEEKS = 4
/** Weeks (clusters) each side needs before a change is reported. */
export const MIN_WEEKS = 2
const MAX_SINCE_WEEKS = 52

export type Verdict = 'up' | 'down' | 'unclear' | 'too-few-clusters'

export interface MeasuredChange {
	/** Since − before, in points (0–100). */
	delta: number | null
	interval: { low: number; high: number } | null
	verdict: Verdict
	/** The smallest true change these data would detect (95% two-sided, 80% power), in points; null when unknown. */
	smallestDetectable: number | null
}

/**
 * The change between two periods given as per-cluster (per-week) sums: the pooled means' Welch
 * difference with its 95% interval (`diffInterval`), a verdict, and the smallest detectable
 * change (t₀.₉₇₅ + t₀.₈₀) × se. Fewer than MIN_WEEKS clusters on a side: 'too-few-clusters'.
 */
export function measureChange(before: Sums[], after: Sums[]): MeasuredChange {
	const b = before.filter((s) => s.n > 0)
	const a = after.filter((s) => s.n > 0)
	if (b.length < MIN_WEEKS || a.length < MIN_WEEKS) return { delta: null, interval: null, verdict: 'too-few-clusters', smallestDetectable: null }
	const ci = diffInterval(b.reduce(mergeSums), a.reduce(mergeSums))
	if (!ci) return { delta: null, interval: null, verdict: 'too-few-clusters', smallestDetectable: null }
	const verdict: Verdict = ci.low > 0 ? 'up' : ci.high < 0 ? 'down' : 'unclear'
	const smallestDetectable = ci.se === 0 ? 0 : (tQuantile(0.975, ci.df) + tQuantile(0.8, ci.df)) * ci.se
	return { delta: ci.delta, interval: { low: ci.low, high: ci.high }, verdict, smallestDetectable }
}

export interface ActionMeasure {
	metric: CultureDimension | 'culture'
	label: string
	/**
	 * measured: both sides have shown weeks; too-few-weeks: not enough weeks since (or before) yet;
	 * hidden: the team is not shown in any week of either side (too few people answer).
	 */
	state: 'measured' | 'too-few-weeks' | 'hidden'
	before: { weeks: string[]; mean: number | null; n: number }
	since: { weeks: string[]; mean: number | null; n: number }
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
	for (const { a, before, since } of plans) {
		const metric: CultureDimension | 'culture' = (CULTURE_DIMENSIONS as readonly string[]).includes(a.dimension ?? '') ? (a.dimension as CultureDimension) : 'culture'
		const node = a.teamId
		const clusters = (ws: string[]) =>
			ws.flatMap((w) => {
				const f = gate?.figures(node, [w])
				const s = f ? sums(f.metric(metric as Metric)) : null
				return s && s.n > 0 ? [{ week: w, s }] : []
			})
		const b = clusters(before)
		const s = clusters(since)
		const side = (c: { week: string; s: Sums }[]) => {
			const total = c.length ? c.map((x) => x.s).reduce(mergeSums) : null
			return { weeks: c.map((x) => x.week), mean: total && total.n ? total.sum / total.n : null, n: total?.n ?? 0 }
		}
		const change = measureChange(
			b.map((x) => x.s),
			s.map((x) => x.s),
		)
		out.set(a, {
			metric,
			label: metric === 'culture' ? 'Culture index' : REPORT_LABELS[metric],
			state: !b.length && !s.length && before.length + since.length > 0 ? 'hidden' : change.verdict === 'too-few-clusters' ? 'too-few-weeks' : 'measured',
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
