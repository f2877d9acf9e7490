/**
 * One scheduler tick: open the waves that are due, send the reminders that are due, close the
 * waves that have ended, release the weeks whose waves have all settled, queue the digests of
 * released weeks, settle authors' answers to replies. Idempotent and safe to run on every app
 * instance at the same moment.
 */
import { and, eq } from 'drizzle-orm'

import { runDigestJobs } from '~/digests/digest-jobs.server'
import { settleAuthorAnswers } from '~/replies/threads.server'
import { releaseAndAnalyse } from '~/reports/after-release.server'
import { openPeriodAt } from '~/surveys/schedule'
import { activeSurveys, scheduleOf } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { waves } from '~db/schema'

import { closeEndedWaves, dueReminders, openWave, sendReminder } from './waves.server'

export interface TickResult {
	opened: number
	reminded: number
	closed: number
	released: number
}

export async function schedulerTick(now = new Date()): Promise<TickResult> {
	let opened = 0
	let reminded = 0
	for (const { survey, timeZone } of await activeSurveys()) {
		const period = openPeriodAt(scheduleOf(survey, timeZone), timeZone, now)
		// A survey activated after a period's window closed does not reach back into it.
		if (!period || (survey.activatedAt && survey.activatedAt >= period.closesAt)) continue
		// Cheap check first; the unique (survey, period) constraint is what makes it exact.
		if (await waveExists(survey.orgId, survey.id, period.periodStart)) continue
		if (await openWave(survey, period)) opened++
	}
	for (const wave of await dueReminders(now)) {
		if ((await sendReminder(wave.orgId, wave.id, now)) !== null) reminded++
	}
	const closed = await closeEndedWaves(now)
	const released = await releaseAndAnalyse(now)
	// By name, after the release: digests and alerts of newly released weeks, "results are in" once shared.
	await runDigestJobs(now)
	await settleAuthorAnswers(now)
	return { opened, reminded, closed, released }
}

async function waveExists(orgId: string, surveyId: string, periodStart: string) {
	const rows = await db()
		.select({ id: waves.id })
		.from(waves)
		.where(and(eq(waves.orgId, orgId), eq(waves.surveyId, surveyId), eq(waves.periodStart, periodStart)))
	return rows.length > 0
}
