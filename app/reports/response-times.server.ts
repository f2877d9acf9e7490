/**
 * Response times as the dashboard needs them: each team's weekly medians, the weekly medians of
 * a team with its sub-teams (or the whole organisation) from metric_weekly_scopes, and medians
 * over a period straight from the events, remembered until one of its weeks is recomputed.
 */
import { createHash } from 'node:crypto'

import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { refreshWeekly } from '~/metrics/weekly.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

/** Team-week medians of first response (minutes) and approval cycle (hours) from metric_weekly. */
export async function teamWeekMedians(orgId: string, first: string, last: string) {
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
export async function scopeMedians(orgId: string, timeZone: string, scopeId: string, scopeTeams: string[] | null, first: string, last: string) {
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
