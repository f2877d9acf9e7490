/**
 * The comments a leader's view holds, with a reference each, for replies: read through the same
 * gate as the dashboard, over the same default window (the last 26 weeks), for the whole
 * organisation or one team's subtree — whole comment groups only, never a level.
 */
import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { db, resultRows } from '~/utils/db.server'

import { type CommentEntry, openGate, ROOT } from './gate.server'
import { getReportSettings } from './settings.server'

export const COMMENT_WINDOW_WEEKS = 26

/** The comments shown for `node` (ROOT or a team id) in the weeks up to `now`; empty when none may be shown. */
export async function commentsInView(orgId: string, node: string, now = new Date()): Promise<CommentEntry[]> {
	const settings = await getReportSettings(orgId)
	const [org] = resultRows<{ time_zone: string }>(await db().execute(sql`select time_zone from organizations where id = ${orgId}::uuid`))
	if (!org) return []
	const teams = resultRows<{ id: string; parent_id: string | null }>(
		await db().execute(sql`select id::text as id, parent_id::text as parent_id from teams where org_id = ${orgId}::uuid order by path`),
	)
	if (node !== ROOT && !teams.some((t) => t.id === node)) return []
	const last = DateTime.fromJSDate(now, { zone: org.time_zone }).startOf('week')
	const weeks = Array.from({ length: COMMENT_WINDOW_WEEKS }, (_, i) => last.minus({ weeks: COMMENT_WINDOW_WEEKS - 1 - i }).toISODate()!)
	const gate = await openGate({ orgId, weeks, level: null, k: settings.k, commentK: settings.commentK, version: settings.version, teams })
	const r = await gate.commentEntries(node)
	return r.items ?? []
}
