/**
 * The release job: release every settled week, then compute and store the analyses of each
 * released organisation's default view (the dashboard's first page: the whole organisation,
 * everyone, the 26 weeks up to the latest released one), so no view waits for the permutation
 * tests or the drivers (analyses.server.ts). Once per organisation and tick; a failure leaves
 * them to the first view, which computes and stores them the same way.
 */
import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { db, resultRows } from '~/utils/db.server'

import { storingAnalyses } from './analyses.server'
import { defaultPeriodEnd } from './default-period.server'
import { mindsetReport } from './mindset.server'
import { releaseDueWeeksOf } from './release.server'

/** Releases every settled week and analyses each organisation released; returns how many weeks it released. */
export async function releaseAndAnalyse(now = new Date()): Promise<number> {
	const { released, orgIds } = await releaseDueWeeksOf(now)
	for (const orgId of orgIds) {
		try {
			await analyseAfterRelease(orgId, now)
		} catch (error) {
			console.error(`The analyses after a release of organisation ${orgId} failed; the first view computes them.`, error)
		}
	}
	return released
}

/** The analyses of one organisation's default view, computed and stored. */
export async function analyseAfterRelease(orgId: string, now = new Date()) {
	const [org] = resultRows<{ time_zone: string }>(await db().execute(sql`select time_zone from organizations where id = ${orgId}`))
	if (!org) return
	const to = await defaultPeriodEnd(orgId, org.time_zone, now)
	const from = DateTime.fromISO(to).minus({ weeks: 25 }).startOf('week').toISODate()!
	await storingAnalyses(() => mindsetReport(orgId, { from, to, teamId: null, level: null }, null))
}
