/**
 * Where the dashboard's default period and its presets end: the later of the last full week and
 * the latest released week. A week can be released before it is over (the pulse closes on
 * Thursday), and once it is, its figures are what the digests and alerts talk about: a period
 * ending the Sunday before would leave them out, so "Open the dashboard" would land on stale
 * figures (issue 17).
 */
import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { db, resultRows } from '~/utils/db.server'

/** The Sunday (ISO date) the default period ends on, in the organisation's time zone. */
export async function defaultPeriodEnd(orgId: string, timeZone: string, now = new Date()): Promise<string> {
	const lastFullWeek = DateTime.fromJSDate(now, { zone: timeZone }).minus({ weeks: 1 }).endOf('week').toISODate()!
	const [row] = resultRows<{ week: string | null }>(await db().execute(sql`select max(week)::text as week from released_weeks where org_id = ${orgId}`))
	if (!row?.week) return lastFullWeek
	const latestReleased = DateTime.fromISO(row.week).endOf('week').toISODate()!
	return latestReleased > lastFullWeek ? latestReleased : lastFullWeek
}
