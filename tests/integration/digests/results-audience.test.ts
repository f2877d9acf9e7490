/**
 * "Results are in" is news only for people whose team was asked that week: a week surveyed for
 * one team must not tell everyone else to look at results that are not theirs (issue 17).
 */
import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'

import { runDigestJobs } from '~/digests/digest-jobs.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'
import { makeUser } from '../../support/fixtures'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'

useTestDatabase()

test('a team not surveyed that week, and people without a team, get no "results are in"', async () => {
	const o = await makePulseOrg({ teams: { Sales: [['frontline', 6]], Care: [['frontline', 6]] } })
	const loner = await makeUser(o.orgId, { teamId: null, level: 'frontline', password: null })
	const bank = await listItems(o.orgId)
	const saved = await saveSurvey(o.orgId, null, {
		name: 'Sales pulse',
		itemIds: ['autonomy.resolve', 'approval.count', 'enps.recommend'].map((key) => bank.find((b) => b.key === key)!.id),
		audience: 'teams',
		teamIds: [o.teamIds.Sales!],
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '3',
		reminderDaysBeforeClose: '1',
		anonymityK: '5',
	})
	if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
	await setSurveyStatus(o.orgId, saved.value.id, 'active')
	const w = await openTestWave(o.orgId, saved.value.id, '2026-03-02')
	for (const p of o.people.filter((x) => x.team === 'Sales')) await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, w.during)
	expect(await releaseDueWeeks(w.after)).toBe(1)
	expect((await runDigestJobs(w.after)).results).toBe(1)

	const notes = resultRows<{ user_id: string }>(await db().execute(sql`select user_id::text as user_id from mail_outbox where org_id = ${o.orgId} and kind = 'results_in'`)).map(
		(r) => r.user_id,
	)
	const sales = o.people.filter((p) => p.team === 'Sales').map((p) => p.id)
	expect(notes.sort()).toEqual(sales.sort())
	expect(notes).not.toContain(loner.id)
	expect(notes.some((id) => o.people.find((p) => p.id === id)?.team === 'Care')).toBe(false)
}, 120_000)
