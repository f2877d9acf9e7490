/**
 * Response times per team, ISO week and event type. A week runs Monday to Sunday in the
 * organisation's time zone and an event belongs to the week it started in. Percentiles are
 * PostgreSQL's percentile_cont (linear interpolation), over answered events only; events still
 * open are counted apart. Durations: minutes for customer responses, hours for approvals.
 */
import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { isWithin } from '~/auth/permissions.server'
import { normalizeTeamPath } from '~/org/team-path'
import { safeCell } from '~/utils/csv-safe'
import { db, resultRows } from '~/utils/db.server'
import { eventTypes, NO_TEAM } from '~db/schema'

import type { EventType, FieldProblem } from './event-schema.server'
import { teamIdsByPath } from './ingest.server'
import { addDays, dayNumber, isoWeekLabel, mondayOf } from './weeks'

export const MAX_SPAN_DAYS = 1100

export interface WeeklyQuery {
	from: string
	to: string
	team: string | null
}

export interface WeeklyRow {
	team: string
	/** The Monday the week starts on, in the organisation's time zone. */
	week: string
	isoWeek: string
	type: EventType
	unit: 'minutes' | 'hours'
	count: number
	answered: number
	open: number
	median: number | null
	p90: number | null
	/** Approval events only: mean number of sign-offs, over the events that gave one. */
	meanApprovals: number | null
}

export interface WeeklyReport extends WeeklyQuery {
	timeZone: string
	rows: WeeklyRow[]
}

/** `from`, `to` (dates, both included) and an optional team path, from a query string. */
export function parseWeeklyQuery(params: URLSearchParams): { ok: true; query: WeeklyQuery } | { ok: false; problems: FieldProblem[] } {
	const problems: FieldProblem[] = []
	const date = (field: 'from' | 'to') => {
		const v = params.get(field)
		if (!v) problems.push({ field, message: `Required: a date as YYYY-MM-DD.` })
		else if (dayNumber(v) === null) problems.push({ field, message: `"${safeCell(v)}" is not a date as YYYY-MM-DD.` })
		else return v
		return null
	}
	const from = date('from')
	const to = date('to')
	if (from && to) {
		const span = dayNumber(to)! - dayNumber(from)!
		if (span < 0) problems.push({ field: 'to', message: '"to" is before "from".' })
		else if (span >= MAX_SPAN_DAYS) problems.push({ field: 'to', message: `At most ${MAX_SPAN_DAYS} days at a time.` })
	}
	const team = normalizeTeamPath(params.get('team') ?? '') || null
	if (problems.length) return { ok: false, problems }
	return { ok: true, query: { from: from!, to: to!, team } }
}

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100)

/** The report, or null when `team` names no team of the organisation. */
export async function weeklyMetrics(orgId: string, timeZone: string, query: WeeklyQuery): Promise<WeeklyReport | null> {
	const teams = await teamIdsByPath(orgId)
	const pathOf = new Map([...teams].map(([path, id]) => [id, path]))
	const report: WeeklyReport = { ...query, timeZone, rows: [] }
	if (query.team) {
		const rootPath = query.team
		const root = teams.get(rootPath)
		if (!root) return null
		// The team and everything under it, reported as the one team: percentiles do not add up
		// across teams, so this is computed from the events.
		const ids = [...teams].filter(([path]) => isWithin(path, rootPath)).map(([, id]) => id)
		report.rows = sortRows(await fromEvents(orgId, timeZone, ids, root, query.from, query.to, pathOf))
		return report
	}
	if (teams.size === 0) return report
	// Whole weeks inside the range come from metric_weekly; a partial week at either end is
	// computed from the events, so the edges count only events inside the range. So are the whole
	// weeks while any of them waits for the refresh job (a read writes nothing).
	const firstFull = mondayOf(query.from) === query.from ? query.from : addDays(mondayOf(query.from), 7)
	const lastFull = addDays(mondayOf(addDays(query.to, 1)), -7)
	const all = [...teams.values()]
	const rows: WeeklyRow[] = []
	if (firstFull > lastFull) {
		rows.push(...(await fromEvents(orgId, timeZone, all, null, query.from, query.to, pathOf)))
	} else {
		if (query.from < firstFull) rows.push(...(await fromEvents(orgId, timeZone, all, null, query.from, addDays(firstFull, -1), pathOf)))
		const stale = (await staleWeeks(orgId, timeZone, firstFull, lastFull)).length > 0
		rows.push(...(stale ? await fromEvents(orgId, timeZone, all, null, firstFull, addDays(lastFull, 6), pathOf) : await fromWeekly(orgId, firstFull, lastFull, pathOf)))
		const afterLast = addDays(lastFull, 7)
		if (afterLast <= query.to) rows.push(...(await fromEvents(orgId, timeZone, all, null, afterLast, query.to, pathOf)))
	}
	report.rows = sortRows(rows)
	return report
}

function sortRows(rows: WeeklyRow[]) {
	return rows.sort((a, b) => a.team.localeCompare(b.team) || a.week.localeCompare(b.week) || eventTypes.indexOf(a.type) - eventTypes.indexOf(b.type))
}

function toRow(
	pathOf: Map<string, string>,
	r: { team_id: string; week: string; type: EventType; n: number; answered: number; median_s: number | null; p90_s: number | null; mean_approvals: number | null },
): WeeklyRow {
	const divisor = r.type === 'approval' ? 3600 : 60
	const n = Number(r.n)
	const answered = Number(r.answered)
	return {
		team: pathOf.get(r.team_id) ?? r.team_id,
		week: r.week,
		isoWeek: isoWeekLabel(r.week),
		type: r.type,
		unit: r.type === 'approval' ? 'hours' : 'minutes',
		count: n,
		answered,
		open: n - answered,
		median: r.median_s === null ? null : round2(Number(r.median_s) / divisor),
		p90: r.p90_s === null ? null : round2(Number(r.p90_s) / divisor),
		meanApprovals: r.type === 'approval' && r.mean_approvals !== null ? round2(Number(r.mean_approvals)) : null,
	}
}

async function fromWeekly(orgId: string, firstMonday: string, lastMonday: string, pathOf: Map<string, string>) {
	const result = await db().execute(sql`
		select team_id::text as team_id, week::text as week, type::text as type, count as n, answered,
			median_seconds as median_s, p90_seconds as p90_s, mean_approvals
		from metric_weekly where org_id = ${orgId}::uuid and week >= ${firstMonday}::date and week <= ${lastMonday}::date`)
	return resultRows<Parameters<typeof toRow>[1]>(result).map((r) => toRow(pathOf, r))
}

/**
 * The weeks between two Mondays (both included) whose stored figures wait for the refresh job:
 * events came in since. A read computes those weeks from the events instead, so it shows what
 * is there now and writes nothing (the job recomputes them, within seconds).
 */
export async function staleWeeks(orgId: string, timeZone: string, firstMonday: string, lastMonday: string): Promise<string[]> {
	const spans = resultRows<{ from_ts: string | Date; to_ts: string | Date }>(await db().execute(sql`select from_ts, to_ts from metric_dirty_ranges where org_id = ${orgId}::uuid`))
	const localMonday = (t: string | Date) => DateTime.fromJSDate(new Date(t), { zone: timeZone }).startOf('week').toISODate()!
	const weeks = new Set<string>()
	for (const s of spans) {
		const from = localMonday(s.from_ts)
		const to = localMonday(s.to_ts)
		for (let w = from > firstMonday ? from : firstMonday; w <= to && w <= lastMonday; w = addDays(w, 7)) weeks.add(w)
	}
	return [...weeks].sort()
}

/** Recomputes the weeks of the spans ingest marked stale; returns how many weeks it recomputed. */
export async function refreshWeekly(orgId: string, timeZone: string): Promise<number> {
	return db().transaction(async (tx) => {
		// Claiming by delete: a concurrent refresh gets what we did not take, and a span marked
		// after this point is refreshed next time.
		const spans = resultRows<{ from_ts: string | Date; to_ts: string | Date }>(
			await tx.execute(sql`delete from metric_dirty_ranges where org_id = ${orgId}::uuid returning from_ts, to_ts`),
		)
		if (!spans.length) return 0
		const localMonday = (t: string | Date) => DateTime.fromJSDate(new Date(t), { zone: timeZone }).startOf('week').toISODate()!
		const first = spans.map((r) => localMonday(r.from_ts)).reduce((a, b) => (a < b ? a : b))
		const last = spans.map((r) => localMonday(r.to_ts)).reduce((a, b) => (a > b ? a : b))
		const spanWeeks = Math.round((dayNumber(last)! - dayNumber(first)!) / 7) + 1
		await tx.execute(sql`set local work_mem = '64MB'`)
		await tx.execute(sql`set local jit = off`)
		await tx.execute(sql`delete from metric_weekly where org_id = ${orgId}::uuid and week >= ${first}::date and week <= ${last}::date`)
		// One scan over the stale weeks (each event finds its week by binary search over the local
		// Monday boundaries, which is cheaper than converting every timestamp to local time).
		await tx.execute(sql`
			with bounds as (
				select array_agg(((${first}::date + 7 * i)::timestamp at time zone ${timeZone}) order by i) as b
				from generate_series(0, ${spanWeeks}::integer) as i
			), groups as (
				select e.team_id, ${first}::date + 7 * (width_bucket(e.started_at, (select b from bounds)) - 1) as week, e.type,
					count(*)::integer as n, count(e.ended_at)::integer as answered,
					array_agg(extract(epoch from e.ended_at - e.started_at)::float8) filter (where e.ended_at is not null) as secs,
					avg(e.approvals)::float8 as mean_approvals
				from metric_events e
				where e.org_id = ${orgId}::uuid
					and e.started_at >= (${first}::date::timestamp at time zone ${timeZone})
					and e.started_at < ((${last}::date + 7)::timestamp at time zone ${timeZone})
				group by 1, 2, 3
			)
			insert into metric_weekly (org_id, team_id, week, type, count, answered, median_seconds, p90_seconds, mean_approvals)
			select ${orgId}::uuid, g.team_id, g.week, g.type, g.n, g.answered, p.pct[1], p.pct[2], g.mean_approvals
			from groups g
			cross join lateral (select percentile_cont(array[0.5, 0.9]) within group (order by s) as pct from unnest(g.secs) as s) as p`)
		// The same weeks for every team with its sub-teams, and for the whole organisation.
		await tx.execute(sql`delete from metric_weekly_scopes where org_id = ${orgId}::uuid and week >= ${first}::date and week <= ${last}::date`)
		// Each team with itself, every team above it and the whole organisation (NO_TEAM), worked
		// out here: Citus loses WITH RECURSIVE when it splits an INSERT … SELECT.
		const parents = new Map(
			resultRows<{ id: string; parent_id: string | null }>(await tx.execute(sql`select id::text as id, parent_id::text as parent_id from teams where org_id = ${orgId}::uuid`)).map(
				(t) => [t.id, t.parent_id],
			),
		)
		const pairs: [string, string][] = []
		for (const team of parents.keys()) {
			pairs.push([team, NO_TEAM])
			for (let at: string | null | undefined = team, depth = 0; at && depth <= parents.size; at = parents.get(at), depth++) pairs.push([team, at])
		}
		await tx.execute(sql`
			with scopes as (
				select * from unnest(${sql.param(pairs.map((p) => p[0]))}::text[]::uuid[], ${sql.param(pairs.map((p) => p[1]))}::text[]::uuid[]) as s(team_id, scope_id)
			), bounds as (
				select array_agg(((${first}::date + 7 * i)::timestamp at time zone ${timeZone}) order by i) as b
				from generate_series(0, ${spanWeeks}::integer) as i
			), groups as (
				select s.scope_id, ${first}::date + 7 * (width_bucket(e.started_at, (select b from bounds)) - 1) as week, e.type,
					array_agg(extract(epoch from e.ended_at - e.started_at)::float8) filter (where e.ended_at is not null) as secs
				from metric_events e join scopes s on s.team_id = e.team_id
				where e.org_id = ${orgId}::uuid
					and e.started_at >= (${first}::date::timestamp at time zone ${timeZone})
					and e.started_at < ((${last}::date + 7)::timestamp at time zone ${timeZone})
				group by 1, 2, 3
			)
			insert into metric_weekly_scopes (org_id, scope_id, week, type, answered, median_seconds)
			select ${orgId}::uuid, g.scope_id, g.week, g.type, coalesce(cardinality(g.secs), 0), p.median
			from groups g
			cross join lateral (select percentile_cont(0.5) within group (order by s) as median from unnest(g.secs) as s) as p`)
		return spanWeeks
	})
}

/** Refreshes every organisation with stale weeks (the background job). */
export async function refreshAllWeekly() {
	// The organisations with stale weeks first (one read of the dirty ranges), then their time
	// zones: a subquery over metric_dirty_ranges correlated with organizations is refused by Citus.
	const dirty = resultRows<{ org_id: string }>(await db().execute(sql`select distinct org_id from metric_dirty_ranges`)).map((d) => d.org_id)
	const orgs = dirty.length
		? resultRows<{ id: string; time_zone: string }>(
				await db().execute(sql`select o.id::text as id, o.time_zone from organizations o where o.id = any(${sql.param(dirty)}::text[]::uuid[]) order by o.id`),
			)
		: []
	for (const o of orgs) await refreshWeekly(o.id, o.time_zone)
	return orgs.length
}

/** Weekly figures straight from the events between two dates (both included). */
async function fromEvents(orgId: string, timeZone: string, teamIds: string[], rollupInto: string | null, from: string, to: string, pathOf: Map<string, string>) {
	if (teamIds.length === 0) return []
	const firstMonday = mondayOf(from)
	const weeks = Math.floor((dayNumber(to)! - dayNumber(firstMonday)!) / 7) + 1
	const groupTeam = rollupInto ? sql`${rollupInto}::uuid` : sql`e.team_id`
	// Week boundaries are computed once (local Monday midnights as instants, right across DST
	// changes) and each event finds its week by binary search: converting every event's time to
	// local time costs more than the rest of the query. Durations are gathered per group and
	// sorted there, which is cheaper than one sort of every event by group.
	// For this transaction only: room to group a year of events in memory (the default 4 MB
	// spills to disk), and no JIT, whose compilation costs more than it saves on a query that
	// only reads and groups, and kicks in on large organisations exactly where it hurts.
	const result = await db().transaction(async (tx) => {
		await tx.execute(sql`set local work_mem = '64MB'`)
		await tx.execute(sql`set local jit = off`)
		return tx.execute(sql`
			with bounds as (
				select array_agg(((${firstMonday}::date + 7 * i)::timestamp at time zone ${timeZone}) order by i) as b
				from generate_series(0, ${weeks}::integer) as i
			), groups as (
				select ${groupTeam} as team_id, width_bucket(e.started_at, (select b from bounds)) as w, e.type,
					count(*)::integer as n, count(e.ended_at)::integer as answered,
					array_agg(extract(epoch from e.ended_at - e.started_at)::float8) filter (where e.ended_at is not null) as secs,
					avg(e.approvals)::float8 as mean_approvals
				from metric_events e
				where e.org_id = ${orgId}::uuid
					and e.team_id = any(${sql.param(teamIds)}::text[]::uuid[])
					and e.started_at >= (${from}::date::timestamp at time zone ${timeZone})
					and e.started_at < ((${to}::date + 1)::timestamp at time zone ${timeZone})
				group by 1, 2, 3
			)
			select g.team_id::text as team_id, g.w, g.type::text as type, g.n, g.answered, g.mean_approvals, p.pct[1] as median_s, p.pct[2] as p90_s
			from groups g
			cross join lateral (select percentile_cont(array[0.5, 0.9]) within group (order by s) as pct from unnest(g.secs) as s) as p`)
	})
	const rows = resultRows<{
		team_id: string
		w: number
		type: EventType
		n: number
		answered: number
		mean_approvals: number | null
		median_s: number | null
		p90_s: number | null
	}>(result)
	return rows.map((r) => toRow(pathOf, { ...r, week: addDays(firstMonday, 7 * (Number(r.w) - 1)) }))
}
