/**
 * The mindset report: everything the executive and manager dashboards show, computed from the
 * rollups (never raw answers), with every figure passed through the anonymity rules first.
 * Suppression is decided once for the whole organisation and period, the same for every
 * viewer and every team selected, so no two views can be subtracted from each other.
 */
import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { resultRows } from '~db/client'
import { type Level, levels, NO_TEAM } from '~db/schema'
import { db } from '~/utils/db.server'
import { type Cell, partitionRelation, type SumRelation, subtreeN, suppress, treeRelations } from './anonymity'
import { CULTURE_DIMENSIONS, REPORT_LABELS } from './dimensions'
import { keepWeek, keptWeek, SETTLED_WAVE } from './closed-weeks.server'
import { refreshWeekly } from '~/metrics/weekly.server'
import { getReportSettings } from './settings.server'
import {
	cohensD,
	diffInterval,
	enps,
	findings,
	laggedSpearman,
	meanOf,
	operationalScore,
	percentFavourable,
	quartileContrast,
	rtmi,
	rtmiShare,
	shareOfWay,
	type Sums,
} from './stats'

const ROOT = 'org'
const METRICS = [...CULTURE_DIMENSIONS, 'culture', 'enps'] as const
type Metric = (typeof METRICS)[number]

interface Agg {
	n: number
	sum: number
	sumsq: number
	answers: number
	favourable: number
	detractors: number
}
const empty = (): Agg => ({ n: 0, sum: 0, sumsq: 0, answers: 0, favourable: 0, detractors: 0 })
const add = (a: Agg, b: Agg) => {
	a.n += b.n
	a.sum += b.sum
	a.sumsq += b.sumsq
	a.answers += b.answers
	a.favourable += b.favourable
	a.detractors += b.detractors
}
const sums = (a: Agg): Sums => ({ n: a.n, sum: a.sum, sumsq: a.sumsq })

export interface MindsetQuery {
	from: string
	to: string
	teamId: string | null
	/** Only people of this level (as they were when invited); null for everyone. */
	level: Level | null
}

function mondayOf(date: string, zone: string) {
	return DateTime.fromISO(date, { zone }).startOf('week').toISODate()!
}

/** Team-week medians of first response (minutes) and approval cycle (hours) from metric_weekly. */
async function weeklyMedians(orgId: string, first: string, last: string) {
	const rows = resultRows<{ team_id: string; week: string; type: string; median_seconds: number | null; count: number }>(
		await db().execute(sql`
			select team_id::text as team_id, week::text as week, type::text as type, median_seconds, count
			from metric_weekly where org_id = ${orgId}::uuid and week >= ${first}::date and week <= ${last}::date`),
	)
	return rows
}

/** Median over a window for a set of teams, from the events (one query, both types). */
async function windowMedians(orgId: string, timeZone: string, teamIds: string[] | null, from: string, toExclusive: string) {
	const rows = resultRows<{ type: string; median: number | null }>(
		await db().execute(sql`
			select type::text as type, percentile_cont(0.5) within group (order by extract(epoch from ended_at - started_at)) as median
			from metric_events
			where org_id = ${orgId}::uuid and ended_at is not null
				${teamIds ? sql`and team_id = any(${sql.param(teamIds)}::text[]::uuid[])` : sql``}
				and started_at >= (${from}::date::timestamp at time zone ${timeZone})
				and started_at < (${toExclusive}::date::timestamp at time zone ${timeZone})
			group by type`),
	)
	const by = Object.fromEntries(rows.map((r) => [r.type, r.median === null ? null : Number(r.median)]))
	return {
		firstResponseMinutes: by.customer_response == null ? null : by.customer_response / 60,
		approvalCycleHours: by.approval == null ? null : by.approval / 3600,
	}
}

type Medians = Awaited<ReturnType<typeof windowMedians>>

/**
 * Weekly medians (first reply in minutes, approval in hours) of a team with its sub-teams, or of
 * the whole organisation, from metric_weekly_scopes (brought up to date first), and a way to get
 * the median over several of those weeks: from the events, remembered until one of the weeks is
 * recomputed (every change of events marks its weeks for recomputing).
 */
async function scopeMedians(orgId: string, timeZone: string, scopeId: string, scopeTeams: string[] | null, first: string, last: string) {
	await refreshWeekly(orgId, timeZone)
	const rows = resultRows<{ week: string; type: string; median: number | null; refreshed: string }>(
		await db().execute(sql`
			select week::text as week, type::text as type, median_seconds as median, refreshed_at::text as refreshed from metric_weekly_scopes
			where org_id = ${orgId}::uuid and scope_id = ${scopeId}::uuid and week >= ${first}::date and week <= ${last}::date`),
	)
	const weekly = new Map<string, Medians>()
	for (const r of rows) {
		const cur = weekly.get(r.week) ?? { firstResponseMinutes: null, approvalCycleHours: null }
		if (r.type === 'customer_response' && r.median !== null) cur.firstResponseMinutes = Number(r.median) / 60
		if (r.type === 'approval' && r.median !== null) cur.approvalCycleHours = Number(r.median) / 3600
		weekly.set(r.week, cur)
	}
	const overWeeks = async (ws: string[]): Promise<Medians> => {
		const from = ws[0]!
		const toExclusive = DateTime.fromISO(ws.at(-1)!).plus({ weeks: 1 }).toISODate()!
		const inWindow = rows.filter((r) => r.week >= from && r.week < toExclusive)
		// Every recomputed week gets a new refreshed_at, whatever order refreshes commit in.
		const version = createHash('sha1').update(inWindow.map((r) => `${r.week} ${r.type} ${r.refreshed}`).sort().join(',')).digest('base64')
		const key = `${orgId}|${timeZone}|${scopeId}|${from}|${toExclusive}|${version}`
		const hit = windowMemo.get(key)
		if (hit) return hit
		const value = await windowMedians(orgId, timeZone, scopeTeams, from, toExclusive)
		if (windowMemo.size >= 1000) windowMemo.delete(windowMemo.keys().next().value!)
		windowMemo.set(key, value)
		return value
	}
	return { weekly, overWeeks }
}

const windowMemo = new Map<string, Medians>()

// Weeks are independent (no relation spans two weeks), and a closed week's counts never change:
// each week's decision is remembered by its exact inputs, so repeated views cost a lookup.
const suppressionMemo = new Map<string, string[]>()
const MEMO_SIZE = 5_000

/** One week's respondents per team (directly attached), for all levels together and per level. */
type WeekCounts = Map<string, { all: number; byLevel: Record<Level, number> }>

/**
 * The cells of one week — every team with its sub-teams, for all levels and for each level —
 * and how they add up: the team tree per level and for all levels, and each team split into its
 * levels. Suppressed once over this whole cube, so no combination of team, level and week
 * filters can be subtracted from another.
 */
function suppressWeek(orgId: string, nodes: { id: string; parentId: string | null }[], counts: WeekCounts, k: number): string[] {
	const directOf = (id: string, level: Level | null) => {
		const c = counts.get(id)
		return c ? (level ? c.byLevel[level] : c.all) : 0
	}
	const signature = nodes.map((t) => { const c = counts.get(t.id); return `${t.id}:${t.parentId}:${c ? `${c.all}/${levels.map((l) => c.byLevel[l]).join('/')}` : 0}` }).join(',')
	const key = createHash('sha1').update(`${orgId}|${k}|${signature}`).digest('base64')
	const hit = suppressionMemo.get(key)
	if (hit) return hit
	const cells: Cell[] = []
	const relations: SumRelation[] = []
	const totals = new Map<Level | null, Map<string, number>>()
	for (const level of [null, ...levels]) {
		const tree = nodes.map((t) => ({ id: t.id, parentId: t.parentId, directN: directOf(t.id, level) }))
		const subtotals = subtreeN(tree)
		totals.set(level, subtotals)
		for (const t of tree) cells.push({ id: cellId(t.id, level), n: subtotals.get(t.id) ?? 0 })
		relations.push(...treeRelations(tree, (id) => cellId(id, level)))
	}
	for (const t of nodes) relations.push(partitionRelation(t.id, levels.map((l) => ({ id: cellId(t.id, l), n: totals.get(l)!.get(t.id) ?? 0 })), totals.get(null)!.get(t.id) ?? 0))
	const result = [...suppress(cells, relations, k)]
	if (suppressionMemo.size >= MEMO_SIZE) suppressionMemo.delete(suppressionMemo.keys().next().value!)
	suppressionMemo.set(key, result)
	return result
}

/** A team (with its sub-teams) for all levels, or for one level only. */
const cellId = (node: string, level: Level | null) => (level ? `${node}|${level}` : node)

interface WeekFigures {
	metrics: Map<Metric, Agg>
	invited: number
	answered: number
}

// Rank correlations over thousands of team-weeks cost tens of milliseconds, and a period of
// closed weeks gives the same team-weeks view after view: remembered by their exact input.
const correlationMemo = new Map<string, ReturnType<typeof computeCorrelations>>()

type TeamWeek = { team: string; week: string; scores: Record<string, number | null>; y: number | null }

function computeCorrelations(teamWeeks: TeamWeek[]) {
	return CULTURE_DIMENSIONS.map((d) => {
		const rows = teamWeeks.map((tw) => ({ team: tw.team, week: tw.week, x: tw.scores[d] ?? null, y: tw.y }))
		const pairs = rows.filter((r) => r.x !== null && r.y !== null).map((r) => ({ x: r.x!, y: r.y! }))
		return { dimension: d, label: REPORT_LABELS[d], lags: laggedSpearman(rows), contrast: quartileContrast(pairs) }
	})
}

function correlationsOf(teamWeeks: TeamWeek[]) {
	const key = createHash('sha1').update(JSON.stringify(teamWeeks)).digest('base64')
	const hit = correlationMemo.get(key)
	if (hit) return hit
	const result = computeCorrelations(teamWeeks)
	if (correlationMemo.size >= 100) correlationMemo.delete(correlationMemo.keys().next().value!)
	correlationMemo.set(key, result)
	return result
}

/** One week's rollups: direct figures per cell, respondents per team for suppression, subtree sums. */
interface WeekData {
	waveIds: string[]
	direct: Map<string, WeekFigures>
	counts: WeekCounts
	metrics: Set<Metric>
	/** Subtree sums for all levels (the usual view), filled on first use; per-level sums are per request. */
	allLevels: Map<string, WeekFigures>
}

async function weekData(orgId: string, tz: string, weeks: string[], teamRows: { id: string; parent_id: string | null }[], version: string) {
	const teamsKnown = new Set(teamRows.map((t) => t.id))
	const teamsKey = createHash('sha1').update(teamRows.map((t) => `${t.id}:${t.parent_id}`).join(',')).digest('base64')
	const first = weeks[0]!
	const last = weeks.at(-1)!
	const waveRows = resultRows<{ week: string; ids: string[]; closed: boolean }>(
		await db().execute(sql`
			select to_char(date_trunc('week', opens_at at time zone ${tz}), 'YYYY-MM-DD') as week, array_agg(id::text order by id) as ids,
				bool_and(${SETTLED_WAVE}) as closed
			from waves where org_id = ${orgId}::uuid and opens_at >= (${first}::date::timestamp at time zone ${tz})
				and opens_at < ((${last}::date + 7)::timestamp at time zone ${tz})
			group by 1`),
	)
	const out = new Map<string, WeekData>()
	const keyOf = new Map<string, string>()
	const toRead: string[] = []
	for (const w of waveRows) {
		const key = `${orgId}|${tz}|${version}|${teamsKey}|${w.ids.join(',')}`
		const kept = w.closed ? keptWeek<WeekData>(key) : undefined
		if (kept) out.set(w.week, kept)
		else {
			toRead.push(...w.ids)
			if (w.closed) keyOf.set(w.week, key)
		}
	}
	const fresh = new Map<string, WeekData>()
	const dataOf = (week: string) => {
		let d = fresh.get(week)
		if (!d) fresh.set(week, (d = { waveIds: [], direct: new Map(), counts: new Map(), metrics: new Set(), allLevels: new Map() }))
		return d
	}
	if (toRead.length) {
		const weekOf = sql`to_char(date_trunc('week', w.opens_at at time zone ${tz}), 'YYYY-MM-DD')`
		const waveIds = sql`${sql.param(toRead)}::text[]::uuid[]`
		const [rollups, participation] = await Promise.all([
			db().execute(sql`
				select ${weekOf} as week, r.team_id::text as team_id, r.level::text as level, r.dimension,
					sum(r.respondents)::int as n, sum(r.score_sum)::float8 as s, sum(r.score_sumsq)::float8 as ss, sum(r.answers)::int as a,
					sum(r.favourable)::int as f, sum(r.detractors)::int as d
				from response_rollups r join waves w on w.org_id = r.org_id and w.id = r.wave_id
				where r.org_id = ${orgId}::uuid and r.wave_id = any(${waveIds})
				group by 1, 2, 3, 4`),
			db().execute(sql`
				select ${weekOf} as week, p.team_id::text as team_id, p.level::text as level, sum(p.invited)::int as invited, sum(p.answered)::int as answered
				from participation_rollups p join waves w on w.org_id = p.org_id and w.id = p.wave_id
				where p.org_id = ${orgId}::uuid and p.wave_id = any(${waveIds})
				group by 1, 2, 3`),
		])
		const nodeOf = (teamId: string) => (teamId === NO_TEAM || !teamsKnown.has(teamId) ? ROOT : teamId)
		const directOf = (data: WeekData, cell: string) => {
			let f = data.direct.get(cell)
			if (!f) data.direct.set(cell, (f = { metrics: new Map(), invited: 0, answered: 0 }))
			return f
		}
		for (const r of resultRows<{ week: string; team_id: string; level: string; dimension: string; n: number; s: number; ss: number; a: number; f: number; d: number }>(rollups)) {
			if (!(METRICS as readonly string[]).includes(r.dimension) || !isLevel(r.level)) continue
			const data = dataOf(r.week)
			const node = nodeOf(r.team_id)
			if (Number(r.n) > 0) data.metrics.add(r.dimension as Metric)
			const x = { n: Number(r.n), sum: Number(r.s), sumsq: Number(r.ss), answers: Number(r.a), favourable: Number(r.f), detractors: Number(r.d) }
			for (const cell of [node, cellId(node, r.level)]) {
				const m = directOf(data, cell).metrics
				const agg = m.get(r.dimension as Metric) ?? empty()
				add(agg, x)
				m.set(r.dimension as Metric, agg)
			}
		}
		for (const p of resultRows<{ week: string; team_id: string; level: string; invited: number; answered: number }>(participation)) {
			if (!isLevel(p.level)) continue
			const data = dataOf(p.week)
			const node = nodeOf(p.team_id)
			for (const cell of [node, cellId(node, p.level)]) {
				const f = directOf(data, cell)
				f.invited += Number(p.invited)
				f.answered += Number(p.answered)
			}
			const c = data.counts.get(node) ?? { all: 0, byLevel: { frontline: 0, manager: 0, leader: 0 } }
			data.counts.set(node, c)
			c.all += Number(p.answered)
			c.byLevel[p.level] += Number(p.answered)
		}
	}
	for (const w of weeks) {
		if (out.has(w)) continue
		const data = fresh.get(w) ?? { waveIds: [], direct: new Map(), counts: new Map(), metrics: new Set(), allLevels: new Map() }
		data.waveIds = waveRows.find((r) => r.week === w)?.ids ?? []
		out.set(w, data)
		const key = keyOf.get(w)
		if (key) keepWeek(key, data)
	}
	return out
}

const isLevel = (l: string): l is Level => (levels as readonly string[]).includes(l)

export async function mindsetReport(orgId: string, query: MindsetQuery, scopeTeamId: string | null) {
	const settings = await getReportSettings(orgId)
	const [org] = resultRows<{ time_zone: string }>(await db().execute(sql`select time_zone from organizations where id = ${orgId}::uuid`))
	const tz = org!.time_zone
	const teamRows = resultRows<{ id: string; parent_id: string | null; path: string }>(
		await db().execute(sql`select id::text as id, parent_id::text as parent_id, path from teams where org_id = ${orgId}::uuid order by path`),
	)
	const byId = new Map(teamRows.map((t) => [t.id, t]))
	const inScope = (id: string) => {
		if (!scopeTeamId) return true
		const scope = byId.get(scopeTeamId)
		const t = byId.get(id)
		return Boolean(scope && t && (t.path === scope.path || t.path.startsWith(`${scope.path}/`)))
	}
	const selected = query.teamId ?? scopeTeamId ?? ROOT
	if (selected !== ROOT && (!byId.has(selected) || !inScope(selected))) return null
	const level = query.level

	// Whole weeks only: a window is never narrower than a wave.
	const firstWeek = mondayOf(query.from, tz)
	const lastWeek = mondayOf(query.to, tz)
	const weeks: string[] = []
	for (let w = firstWeek; w <= lastWeek; w = DateTime.fromISO(w).plus({ weeks: 1 }).toISODate()!) weeks.push(w)
	if (weeks.length === 0) return null
	const baseline = settings.baselineFrom && settings.baselineTo
		? weeks.filter((w) => w >= mondayOf(settings.baselineFrom!, tz) && w <= mondayOf(settings.baselineTo!, tz))
		: weeks.slice(0, Math.min(4, Math.ceil(weeks.length / 2)))
	const latest = weeks.slice(-Math.min(4, Math.max(1, weeks.length - baseline.length)))

	// Direct figures per team and level (the org root holds people without a team); subtree
	// figures are summed from them once per cell and week, on first use.
	const nodeIds = [ROOT, ...teamRows.map((t) => t.id)]
	const parentOf = (id: string) => (id === ROOT ? null : (byId.get(id)!.parent_id ?? ROOT))
	const children = new Map<string, string[]>(nodeIds.map((id) => [id, [] as string[]]))
	for (const id of nodeIds) { const p = parentOf(id); if (p) children.get(p)!.push(id) }
	const byWeek = await weekData(orgId, tz, weeks, teamRows, settings.version)
	const answeredMetrics = new Set([...byWeek.values()].flatMap((d) => [...d.metrics]))
	// Subtree sums for all levels are kept with the week; those of one level are this request's.
	const levelMemo = new Map<string, Map<string, WeekFigures>>()
	/** A team with its sub-teams, at the selected level, in one week. */
	const figures = (node: string, week: string): WeekFigures => {
		const data = byWeek.get(week)!
		let memo = level === null ? data.allLevels : levelMemo.get(week)
		if (!memo) levelMemo.set(week, (memo = new Map()))
		const hit = memo.get(node)
		if (hit) return hit
		const out: WeekFigures = { metrics: new Map(), invited: 0, answered: 0 }
		const parts = [data.direct.get(cellId(node, level)), ...children.get(node)!.map((c) => figures(c, week))]
		for (const part of parts) {
			if (!part) continue
			out.invited += part.invited
			out.answered += part.answered
			for (const [metric, agg] of part.metrics) {
				const a = out.metrics.get(metric) ?? empty()
				add(a, agg)
				out.metrics.set(metric, a)
			}
		}
		memo.set(node, out)
		return out
	}
	const aggregate = (node: string, ws: string[], metric: Metric) => {
		const a = empty()
		for (const w of ws) { const x = figures(node, w).metrics.get(metric); if (x) add(a, x) }
		return a
	}
	const respondents = (node: string, ws: string[]) => ws.reduce((n, w) => n + figures(node, w).answered, 0)
	const invitedOf = (node: string, ws: string[]) => ws.reduce((n, w) => n + figures(node, w).invited, 0)

	// Anonymity. The cell is a team (with its sub-teams), at all levels or one level, in one
	// week; n = its responses — one per person per wave, so a week's n counts people.
	// Suppression (groups under k, and the cells that would let one be worked out from the
	// others) is decided per week over the whole organisation's team × level cube: the same for
	// every viewer, team and level selected. A longer window adds up only the weeks in which that
	// cell is shown: summed responses are not people (one person in 26 weeks is 26 responses),
	// so a window may never reach back into a week where the cell was hidden.
	const hidden = new Set<string>()
	const nodes = nodeIds.map((id) => ({ id, parentId: parentOf(id) }))
	for (const w of weeks) for (const id of suppressWeek(orgId, nodes, byWeek.get(w)!.counts, settings.k)) hidden.add(`${id}@${w}`)
	const isHidden = (node: string, w: string) => hidden.has(`${cellId(node, level)}@${w}`)
	const visible = (node: string, ws: string[]) => ws.filter((w) => figures(node, w).answered > 0 && !isHidden(node, w))
	/** Why a group with answers is not shown: too few itself, or hidden to protect a smaller group. */
	const hiddenBecause = (node: string, ws: string[]): 'few' | 'protects-others' | null => {
		const hiddenWeeks = ws.filter((w) => figures(node, w).answered > 0 && isHidden(node, w))
		if (!hiddenWeeks.length) return null
		return hiddenWeeks.every((w) => figures(node, w).answered < settings.k) ? 'few' : 'protects-others'
	}
	const windowOf = (pid: string) => (pid === 'range' ? weeks : pid === 'baseline' ? baseline : pid === 'latest' ? latest : [pid])
	const shown = (node: string, pid: string) => visible(node, windowOf(pid)).length > 0
	const windowAgg = (node: string, ws: string[], metric: Metric) => aggregate(node, visible(node, ws), metric)

	const weightOf = settings.weights
	/** Scores over the weeks of `ws` in which the team is shown. */
	const dimensionScores = (node: string, ws: string[]) =>
		Object.fromEntries(CULTURE_DIMENSIONS.map((d) => [d, meanOf(sums(windowAgg(node, ws, d)))])) as Record<string, number | null>
	const subtree = (node: string): string[] => [node, ...children.get(node)!.flatMap(subtree)]
	const scopeTeams = selected === ROOT ? null : subtree(selected)
	const scopeOps = await scopeMedians(orgId, tz, selected === ROOT ? NO_TEAM : selected, scopeTeams, firstWeek, lastWeek)
	const [ops, opsBase] = await Promise.all([scopeOps.overWeeks(latest), scopeOps.overWeeks(baseline)])
	const weeklyOps = scopeOps.weekly
	const opScores = (o: typeof ops) => ({
		firstResponse: operationalScore(o.firstResponseMinutes, settings.targets.firstResponseMinutes),
		approvalCycle: operationalScore(o.approvalCycleHours, settings.targets.approvalCycleHours),
	})
	const components = (scores: Record<string, number | null>, op: ReturnType<typeof opScores>) => [
		...CULTURE_DIMENSIONS.map((d) => ({ key: d, score: scores[d] ?? null, weight: weightOf[d] ?? 0 })),
		{ key: 'firstResponse', score: op.firstResponse, weight: weightOf.firstResponse ?? 0 },
		{ key: 'approvalCycle', score: op.approvalCycle, weight: weightOf.approvalCycle ?? 0 },
	]

	const headline = (() => {
		if (!shown(selected, 'latest') || !shown(selected, 'baseline')) {
			const why = [hiddenBecause(selected, baseline), hiddenBecause(selected, latest)]
			const because = why.includes('protects-others') ? ('protects-others' as const) : why.includes('few') ? ('few' as const) : ('no-answers' as const)
			return { suppressed: true as const, hiddenBecause: because }
		}
		const latestComps = components(dimensionScores(selected, latest), opScores(ops))
		const baseComps = components(dimensionScores(selected, baseline), opScores(opsBase))
		const now = rtmi(latestComps)
		const then = rtmi(baseComps)
		const share = rtmiShare(latestComps, CULTURE_DIMENSIONS) ?? 1
		const ci = diffInterval(sums(windowAgg(selected, baseline, 'culture')), sums(windowAgg(selected, latest, 'culture')), share)
		return {
			suppressed: false as const,
			rtmi: now,
			baseline: then,
			delta: now !== null && then !== null ? now - then : null,
			ci: ci ? { low: ci.low, high: ci.high, half: (ci.high - ci.low) / 2 } : null,
			effectSize: cohensD(sums(windowAgg(selected, baseline, 'culture')), sums(windowAgg(selected, latest, 'culture'))),
			target: settings.targets.rtmi,
			shareOfWay: now !== null && then !== null ? shareOfWay(then, now, settings.targets.rtmi) : null,
			operational: { latest: ops, baseline: opsBase, targets: settings.targets },
			n: { baseline: respondents(selected, visible(selected, baseline)), latest: respondents(selected, visible(selected, latest)) },
		}
	})()

	const trend = weeks.map((w, i) => {
		const ok = shown(selected, w)
		const scores = ok ? dimensionScores(selected, [w]) : {}
		const culture = ok ? meanOf(sums(aggregate(selected, [w], 'culture'))) : null
		const operational = weeklyOps.get(w) ?? { firstResponseMinutes: null, approvalCycleHours: null }
		const enpsAgg = ok ? aggregate(selected, [w], 'enps') : null
		return {
			week: w,
			suppressed: !ok && respondents(selected, [w]) > 0,
			hiddenBecause: ok ? null : hiddenBecause(selected, [w]),
			culture,
			rtmi: ok ? rtmi(components(scores, opScores(operational))) : null,
			dimensions: scores,
			favourable: ok ? Object.fromEntries(CULTURE_DIMENSIONS.map((d) => { const a = aggregate(selected, [w], d); return [d, percentFavourable(a.favourable, a.answers)] })) : {},
			respondentsByDimension: ok ? Object.fromEntries(CULTURE_DIMENSIONS.map((d) => [d, aggregate(selected, [w], d).n])) : {},
			enps: enpsAgg && enpsAgg.n > 0 ? enps({ promoters: enpsAgg.favourable, detractors: enpsAgg.detractors, passives: enpsAgg.n - enpsAgg.favourable - enpsAgg.detractors }) : null,
			invited: invitedOf(selected, [w]),
			answered: ok ? respondents(selected, [w]) : null,
			operational,
		}
	})

	const rowsFor = selected === ROOT ? teamRows.filter((t) => !t.parent_id).map((t) => t.id) : teamRows.filter((t) => t.parent_id === selected).map((t) => t.id)
	const heatmap = [selected, ...rowsFor].filter((id) => id === ROOT || inScope(id)).map((id) => {
		const ok = shown(id, 'range')
		const n = respondents(id, weeks)
		const vis = visible(id, weeks)
		return {
			teamId: id,
			label: id === ROOT ? 'Whole organisation' : byId.get(id)!.path.replace(/\//g, ' › '),
			suppressed: !ok && n > 0,
			hiddenBecause: ok ? null : hiddenBecause(id, weeks),
			/** Weeks with answers in which this group is hidden, though it is shown over the period. */
			weeksHidden: ok ? weeks.filter((w) => figures(id, w).answered > 0).length - vis.length : 0,
			empty: n === 0,
			scores: ok ? dimensionScores(id, weeks) : null,
			favourable: ok ? Object.fromEntries(CULTURE_DIMENSIONS.map((d) => { const a = aggregate(id, vis, d); return [d, percentFavourable(a.favourable, a.answers)] })) : null,
		}
	})

	const enpsAgg = windowAgg(selected, latest, 'enps')
	const enpsView = shown(selected, 'latest') && enpsAgg.n > 0
		? { value: enps({ promoters: enpsAgg.favourable, detractors: enpsAgg.detractors, passives: enpsAgg.n - enpsAgg.favourable - enpsAgg.detractors }), n: enpsAgg.n, promoters: enpsAgg.favourable, detractors: enpsAgg.detractors }
		: null

	// Culture ↔ speed over team-weeks of teams without sub-teams (their events are their own),
	// using only team-weeks whose figures may be shown.
	const leaves = teamRows.filter((t) => children.get(t.id)!.length === 0 && inScope(t.id)).map((t) => t.id)
	const medians = await weeklyMedians(orgId, firstWeek, lastWeek)
	const firstReply = new Map(medians.filter((m) => m.type === 'customer_response' && m.median_seconds !== null).map((m) => [`${m.team_id} ${m.week}`, Number(m.median_seconds) / 60]))
	// One week of one team: shown or not, and its scores straight from that week's figures.
	const teamWeeks = leaves.flatMap((t) =>
		weeks.flatMap((w) => {
			const f = figures(t, w)
			if (f.answered === 0 || isHidden(t, w)) return []
			const scores = Object.fromEntries(CULTURE_DIMENSIONS.map((d) => { const a = f.metrics.get(d); return [d, a ? meanOf(sums(a)) : null] })) as Record<string, number | null>
			return [{ team: t, week: w, scores, y: firstReply.get(`${t} ${w}`) ?? null }]
		}),
	)
	const correlations = correlationsOf(teamWeeks)
	const progress = (d: (typeof CULTURE_DIMENSIONS)[number]) => {
		if (!shown(selected, 'latest') || !shown(selected, 'baseline')) return null
		const b = sums(windowAgg(selected, baseline, d))
		const l = sums(windowAgg(selected, latest, d))
		const ci = diffInterval(b, l)
		return ci ? { delta: ci.delta, low: ci.low, high: ci.high, d: cohensD(b, l) } : null
	}
	// Dimensions nobody answered in the period (not in any pulse) are left out everywhere, at every level.
	const asked = CULTURE_DIMENSIONS.filter((d) => answeredMetrics.has(d))
	const findingTexts = findings({
		metric: { label: 'first response time', unit: 'min', action: 'answered customers' },
		dimensions: correlations.filter((c) => asked.includes(c.dimension)).map((c) => ({ key: c.dimension, label: c.label, lags: c.lags, contrast: c.contrast, progress: progress(c.dimension) })),
	})

	// Comments are sets of texts, and one set minus another is the comments of the people in
	// between (a team minus its front line: its managers). So which cells may show comments is
	// decided like figures, per week over the whole cube, with the comment threshold as k; a
	// group's comments come only from weeks in which it passes both. Shown without team, date or
	// wave, in an order fixed by the text itself (a hash): neither says who wrote what or when.
	const commentHidden = new Set<string>()
	for (const w of weeks) for (const id of suppressWeek(orgId, nodes, byWeek.get(w)!.counts, settings.commentK)) commentHidden.add(`${id}@${w}`)
	const commentWeeks = visible(selected, weeks).filter((w) => figures(selected, w).answered >= settings.commentK && !commentHidden.has(`${cellId(selected, level)}@${w}`))
	const commentN = respondents(selected, commentWeeks)
	const commentsAllowed = commentWeeks.length > 0
	const comments = commentsAllowed
		? resultRows<{ comment: string }>(
				await db().execute(sql`
					select r.comment from responses r
					where r.org_id = ${orgId}::uuid and r.comment is not null
						${scopeTeams ? sql`and r.team_id = any(${sql.param(scopeTeams)}::text[]::uuid[])` : sql``}
						${level ? sql`and r.level = ${level}::level` : sql``}
						and r.wave_id = any(${sql.param(commentWeeks.flatMap((w) => byWeek.get(w)!.waveIds))}::text[]::uuid[])
					order by md5(r.comment) limit 60`),
			).map((c) => c.comment)
		: null

	return {
		timeZone: tz,
		/** New weights are still being applied to the culture index (large organisations, in the background). */
		recomputing: settings.recomputing,
		comments: { allowed: commentsAllowed, threshold: settings.commentK, respondents: commentN, items: comments },
		k: settings.k,
		dimensions: asked.map((d) => ({ key: d, label: REPORT_LABELS[d] })),
		from: firstWeek,
		to: DateTime.fromISO(lastWeek).plus({ days: 6 }).toISODate()!,
		baseline: { from: baseline[0]!, to: DateTime.fromISO(baseline.at(-1)!).plus({ days: 6 }).toISODate()! },
		latest: { from: latest[0]!, to: DateTime.fromISO(latest.at(-1)!).plus({ days: 6 }).toISODate()! },
		selected: { id: selected, label: selected === ROOT ? 'Whole organisation' : byId.get(selected)!.path.replace(/\//g, ' › ') },
		level,
		teams: teamRows.filter((t) => inScope(t.id)).map((t) => ({ id: t.id, path: t.path })),
		headline,
		trend,
		heatmap,
		enps: enpsView,
		scatter: teamWeeks.filter((tw) => tw.y !== null && tw.scores.autonomy != null).map((tw) => ({ team: byId.get(tw.team)!.path, week: tw.week, autonomy: tw.scores.autonomy!, firstReplyMinutes: tw.y! })),
		correlations: correlations.filter((c) => asked.includes(c.dimension)),
		findings: findingTexts,
	}
}

export type MindsetReport = NonNullable<Awaited<ReturnType<typeof mindsetReport>>>
