/**
 * Response times as the dashboard needs them: each team's weekly medians, the weekly medians of
 * a team with its sub-teams (or the whole organisation) from metric_weekly_scopes, and medians
 * over a period straight from the events, remembered until one of its weeks is recomputed.
 * Reading writes nothing: a week that waits for the refresh job (events came in since it was
 * computed) is computed from the events for this read.
 */
import { createHash } from 'node:crypto'

import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { staleWeeks } from '~/metrics/weekly.server'
import { tenantCache } from '~/utils/cache.server'
import { db, resultRows } from '~/utils/db.server'

type WeekRow = { team_id: string; week: string; type: string; median_seconds: number | null; count: number }

/** Team-week medians of first response and approval cycle (seconds) from metric_weekly, stale weeks from the events. */
export async function teamWeekMedians(orgId: string, timeZone: string, first: string, last: string): Promise<WeekRow[]> {
	const stale = await staleWeeks(orgId, timeZone, first, last)
	const rows = resultRows<WeekRow>(
		await db().execute(sql`
			select team_id::text as team_id, week::text as week, type::text as type, median_seconds, count
			from metric_weekly where org_id = ${orgId}::uuid and week >= ${first}::date and week <= ${last}::date
				and week <> all(${sql.param(stale)}::text[]::date[])`),
	)
	return stale.length ? [...rows, ...(await weeksFromEvents(orgId, timeZone, stale, null, true))] : rows
}

/**
 * Some weeks' medians straight from the events, as the refresh job would store them: per team
 * (metric_weekly) or over a set of teams (`null`: the whole organisation, metric_weekly_scopes).
 */
async function weeksFromEvents(orgId: string, timeZone: string, weeks: string[], teamIds: string[] | null, byTeam: boolean): Promise<WeekRow[]> {
	return resultRows<WeekRow>(
		await db().execute(sql`
			select ${byTeam ? sql`team_id::text` : sql`null`} as team_id, week::text as week, type::text as type, count(*)::int as count,
				percentile_cont(0.5) within group (order by secs) filter (where secs is not null) as median_seconds
			from (
				select team_id, type, date_trunc('week', started_at at time zone ${timeZone})::date as week, extract(epoch from ended_at - started_at)::float8 as secs
				from metric_events
				where org_id = ${orgId}::uuid and team_id is not null
					${teamIds ? sql`and team_id = any(${sql.param(teamIds)}::text[]::uuid[])` : sql``}
					and started_at >= (${weeks[0]!}::date::timestamp at time zone ${timeZone})
					and started_at < ((${weeks.at(-1)!}::date + 7)::timestamp at time zone ${timeZone})
			) e
			where week = any(${sql.param(weeks)}::text[]::date[])
			group by ${byTeam ? sql`team_id, ` : sql``}week, type`),
	)
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
export async function scopeMedians(orgId: string, timeZone: string, scopeId: string, scopeTeams: string[] | null, first: string, last: string) {
	const stale = await staleWeeks(orgId, timeZone, first, last)
	const rows = resultRows<{ week: string; type: string; median: number | null; refreshed: string }>(
		await db().execute(sql`
			select week::text as week, type::text as type, median_seconds as median, refreshed_at::text as refreshed from metric_weekly_scopes
			where org_id = ${orgId}::uuid and scope_id = ${scopeId}::uuid and week >= ${first}::date and week <= ${last}::date
				and week <> all(${sql.param(stale)}::text[]::date[])`),
	)
	if (stale.length)
		for (const r of await weeksFromEvents(orgId, timeZone, stale, scopeTeams, false)) rows.push({ week: r.week, type: r.type, median: r.median_seconds, refreshed: '' })
	const weekly = new Map<string, Medians>()
	for (const r of rows) {
		const cur = weekly.get(r.week) ?? { firstResponseMinutes: null, approvalCycleHours: null }
		if (r.type === 'customer_response' && r.median !== null) cur.firstResponseMinutes = Number(r.median) / 60
		if (r.type === 'approval' && r.median !== null) cur.approvalCycleHours = Number(r.median) / 3600
		weekly.set(r.week, cur)
	}
	const overWeeks = async (ws: string[]): Promise<Medians> => {
		if (!ws.length) return { firstResponseMinutes: null, approvalCycleHours: null }
		const from = ws[0]!
		const toExclusive = DateTime.fromISO(ws.at(-1)!).plus({ weeks: 1 }).toISODate()!
		const inWindow = rows.filter((r) => r.week >= from && r.week < toExclusive)
		// Every recomputed week gets a new refreshed_at, whatever order refreshes commit in.
		const version = createHash('sha1')
			.update(
				inWindow
					.map((r) => `${r.week} ${r.type} ${r.refreshed}`)
					.sort()
					.join(','),
			)
			.digest('base64')
		// A window with a week the job has not recomputed yet is read afresh, never remembered.
		if (stale.some((w) => w >= from && w < toExclusive)) return windowMedians(orgId, timeZone, scopeTeams, from, toExclusive)
		const key = `${timeZone}|${scopeId}|${from}|${toExclusive}|${version}`
		const hit = windowMemo.get(orgId, key)
		if (hit) return hit
		const value = await windowMedians(orgId, timeZone, scopeTeams, from, toExclusive)
		windowMemo.set(orgId, key, value)
		return value
	}
	return { weekly, overWeeks }
}

const windowMemo = tenantCache<Medians>({ name: 'response-time medians of a window', perTenant: 200, max: 1000 })
