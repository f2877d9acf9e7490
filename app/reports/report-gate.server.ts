/** The gate over some whole weeks for the whole organisation (all levels), with its report settings: as the dashboard opens it, for readers other than the mindset report. */
import { sql } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

import { openGate } from './gate.server'
import { getReportSettings } from './settings.server'

export async function reportGate(orgId: string, weeks: string[]) {
	const settings = await getReportSettings(orgId)
	// With paths, as the dashboard opens it: participation breaks suppression ties on them, like a wave's page.
	const teams = resultRows<{ id: string; parent_id: string | null; path: string }>(
		await db().execute(sql`select id::text as id, parent_id::text as parent_id, path from teams where org_id = ${orgId}::uuid`),
	)
	return openGate({ orgId, weeks, level: null, k: settings.k, commentK: settings.commentK, version: settings.version, teams })
}
