/**
 * The gate over some whole weeks for the whole organisation (all levels), with its report
 * settings: as the dashboard opens it, for readers other than the mindset report. And the weekly
 * trend rows of a group through it, for a reader that shows only those (/results).
 */
import { sql } from 'drizzle-orm'

import { db, resultRows } from '~/utils/db.server'
import { NO_TEAM } from '~db/schema'

import { CULTURE_DIMENSIONS, REPORT_LABELS } from './dimensions'
import { type Gate, openGate, ROOT } from './gate.server'
import { scopeMedians } from './response-times.server'
import { trendSection } from './sections/trend'
import { getReportSettings, type ReportSettings } from './settings.server'

export async function reportGate(orgId: string, weeks: string[]) {
	return (await reportView(orgId, weeks)).gate
}

export interface ReportView {
	orgId: string
	gate: Gate
	settings: ReportSettings
	timeZone: string
	teams: { id: string; parent_id: string | null; path: string }[]
	/** The dimensions anyone answered in the released weeks, in the report's order. */
	dimensions: { key: string; label: string }[]
}

/** The gate and what a reader needs around it, read once. */
export async function reportView(orgId: string, weeks: string[]): Promise<ReportView> {
	const settings = await getReportSettings(orgId)
	const [org] = resultRows<{ time_zone: string }>(await db().execute(sql`select time_zone from organizations where id = ${orgId}::uuid`))
	// With paths, as the dashboard opens it: participation breaks suppression ties on them, like a wave's page.
	const teams = resultRows<{ id: string; parent_id: string | null; path: string }>(
		await db().execute(sql`select id::text as id, parent_id::text as parent_id, path from teams where org_id = ${orgId}::uuid order by path`),
	)
	const gate = await openGate({ orgId, weeks, level: null, k: settings.k, commentK: settings.commentK, version: settings.version, teams })
	const dimensions = CULTURE_DIMENSIONS.filter((d) => gate.answeredMetrics.has(d)).map((d) => ({ key: d, label: REPORT_LABELS[d] }))
	return { orgId, gate, settings, timeZone: org!.time_zone, teams, dimensions }
}

/** A group's weekly rows over some of the view's weeks: the rows of the mindset report's trend, and nothing else of it. */
export async function trendRows(view: ReportView, group: string, weeks: string[]) {
	const children = (id: string) => view.teams.filter((t) => (id === ROOT ? !t.parent_id : t.parent_id === id)).map((t) => t.id)
	const subtree = (id: string): string[] => [id, ...children(id).flatMap(subtree)]
	const ops = await scopeMedians(view.orgId, view.timeZone, group === ROOT ? NO_TEAM : group, group === ROOT ? null : subtree(group), view.gate.weeks[0]!, view.gate.weeks.at(-1)!)
	return trendSection({ gate: view.gate, settings: view.settings, selected: group, weeks, baseline: [], latest: [] }, ops.weekly)
}
