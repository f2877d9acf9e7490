/**
 * After a week is released, the dashboard's first view and its presets include it (issue 17):
 * the digests and the alert's "Open the dashboard" talk about that week, and a period ending the
 * Sunday before would show the figures of the week before. The week used is always the current
 * one (whatever day the test runs): it is released as soon as its pulse has closed.
 */
import { DateTime } from 'luxon'
import { expect, test } from 'vitest'

import { defaultPeriodEnd } from '~/reports/default-period.server'
import { releaseDueWeeks } from '~/reports/release.server'
import * as dashboard from '~/routes/_reports+/dashboard'

import { useTestDatabase } from '../../support/db'
import { makeUser, sessionCookieFor } from '../../support/fixtures'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'
import { call, getRequest } from '../../support/requests'

useTestDatabase()

test('the default period and every preset end with the latest released week, even the current one', async () => {
	const o = await makePulseOrg({ teams: { Sales: [['frontline', 6]] } })
	const thisMonday = DateTime.now().setZone('UTC').startOf('week')
	const thisSunday = thisMonday.endOf('week').toISODate()!
	const lastSunday = thisMonday.minus({ days: 1 }).toISODate()!
	const exec = await sessionCookieFor(await makeUser(o.orgId, { role: 'executive' }))

	// Nothing released this week yet: the last full week.
	expect(await defaultPeriodEnd(o.orgId, 'UTC')).toBe(lastSunday)

	// This week's pulse, opened on its Monday (a moment fixed by the week, not by the clock), closed and released.
	const w = await openTestWave(o.orgId, o.surveyId, thisMonday.toISODate()!, thisMonday.plus({ hours: 1 }).toJSDate())
	for (const p of o.people) await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '9' }, w.during)
	expect(await releaseDueWeeks(w.after)).toBe(1)
	expect(await defaultPeriodEnd(o.orgId, 'UTC')).toBe(thisSunday)

	const res = await call(dashboard.loader, getRequest('/dashboard', exec))
	expect(res.status).toBe(200)
	const d = res.data as { report: { to: string; trend: { week: string; culture: number | null }[] }; presets: { label: string; to: string }[] }
	expect(d.report.to).toBe(thisSunday)
	// The released week is in the first view, with its figures.
	expect(d.report.trend.at(-1)).toMatchObject({ week: thisMonday.toISODate()! })
	expect(d.report.trend.at(-1)!.culture).not.toBeNull()
	expect(d.presets.length).toBeGreaterThanOrEqual(3)
	for (const p of d.presets) expect(p.to, p.label).toBe(thisSunday)

	// An older release never pulls the period back: the last full week stays the end.
	const old = await makePulseOrg({ teams: { Care: [['frontline', 6]] } })
	const w2 = await openTestWave(old.orgId, old.surveyId, '2026-03-02')
	for (const p of old.people) await answer(old.orgId, p.id, w2.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '9' }, w2.during)
	expect(await releaseDueWeeks(w2.after)).toBe(1)
	expect(await defaultPeriodEnd(old.orgId, 'UTC', new Date('2026-06-10T12:00:00Z'))).toBe('2026-06-07')
}, 120_000)
