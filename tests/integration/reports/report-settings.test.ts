import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { upsertEvents } from '~/metrics/ingest.server'
import { refreshWeekly } from '~/metrics/weekly.server'
import { getOrganization, updateOrganizationSettings } from '~/org/organizations.server'
import { getReportSettings } from '~/reports/settings.server'
import * as dashboard from '~/routes/_reports+/dashboard'
import * as dashboardExport from '~/routes/_reports+/dashboard.export'
import * as page from '~/routes/admin+/report-settings'
import * as reportsApi from '~/routes/api+/v1.reports.mindset'
import { db } from '~/utils/db.server'
import { metricWeekly } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

const form = (over: Record<string, string> = {}) => ({
	'weight.autonomy': '30',
	'weight.approval': '10',
	'weight.speed': '10',
	'weight.voice': '10',
	'weight.collaboration': '10',
	'weight.safety': '10',
	'weight.closeness': '0',
	'weight.firstResponse': '10',
	'weight.approvalCycle': '10',
	firstResponseMinutes: '30',
	approvalCycleHours: '12',
	rtmi: '80',
	baselineFrom: '2026-01-05',
	baselineTo: '2026-02-01',
	commentK: '12',
	...over,
})

describe('report settings', () => {
	test('an admin changes weights, targets and baseline; the defaults apply until then', async () => {
		const org = await makeOrg({ anonymityK: 5 })
		const admin = await sessionCookieFor(await makeUser(org.id, { role: 'admin' }))
		expect((await getReportSettings(org.id)).targets).toEqual({ firstResponseMinutes: 60, approvalCycleHours: 24, rtmi: 75 })
		const r = await call(page.action, postRequest('/admin/report-settings', form(), admin))
		expect(r.status).toBe(200)
		expect(r.data.saved).toContain('recomputed')
		const s = await getReportSettings(org.id)
		expect(s).toMatchObject({ targets: { firstResponseMinutes: 30, approvalCycleHours: 12, rtmi: 80 }, baselineFrom: '2026-01-05', baselineTo: '2026-02-01', commentK: 12 })
		expect(s.weights).toMatchObject({ autonomy: 30, closeness: 0 })
		const shown = await call(page.loader, getRequest('/admin/report-settings', admin))
		expect(shown.data.weights.find((w: { key: string }) => w.key === 'autonomy').value).toBe(30)
	})

	test('bad values are refused with a message and nothing changes', async () => {
		const org = await makeOrg({ anonymityK: 5 })
		const admin = await sessionCookieFor(await makeUser(org.id, { role: 'admin' }))
		const low = await call(page.action, postRequest('/admin/report-settings', form({ commentK: '3' }), admin))
		expect(low.status).toBe(400)
		expect(low.data.errors.commentK).toContain('never below the anonymity threshold (5)')
		const negative = await call(page.action, postRequest('/admin/report-settings', form({ 'weight.autonomy': '-1' }), admin))
		expect(negative.data.errors['weights.autonomy']).toBe('Weights are 0 or more.')
		const backwards = await call(page.action, postRequest('/admin/report-settings', form({ baselineFrom: '2026-03-01', baselineTo: '2026-02-01' }), admin))
		expect(backwards.data.errors.baselineTo).toBe('The baseline ends before it starts.')
		const zero = Object.fromEntries(Object.entries(form()).map(([k, v]) => [k, k.startsWith('weight.') ? '0' : v]))
		expect((await call(page.action, postRequest('/admin/report-settings', zero, admin))).data.errors.weights).toContain('add up to 0')
		expect((await getReportSettings(org.id)).commentK).toBe(10)
	})

	test('every mistake is named in one answer, and what was typed comes back to the form', async () => {
		const org = await makeOrg({ anonymityK: 5 })
		const admin = await sessionCookieFor(await makeUser(org.id, { role: 'admin' }))
		const zeros = Object.fromEntries(
			Object.keys(form())
				.filter((k) => k.startsWith('weight.'))
				.map((k) => [k, '0']),
		)
		const typed = form({ ...zeros, rtmi: 'lots', commentK: '3', baselineFrom: '2026-03-01', baselineTo: '2026-02-01', approvalCycleHours: '7' })
		const r = await call(page.action, postRequest('/admin/report-settings', typed, admin))
		expect(r.status).toBe(400)
		// Before, only the first group came back: the number errors, then the threshold on the next submit, then the dates…
		expect(r.data.errors).toMatchObject({
			rtmi: 'Enter a number from 1 to 100.',
			commentK: 'The comment threshold is never below the anonymity threshold (5).',
			baselineTo: 'The baseline ends before it starts.',
			weights: 'The weights add up to 0: give at least one part a weight above 0.',
		})
		expect(r.data.values).toMatchObject({ rtmi: 'lots', commentK: '3', approvalCycleHours: '7', baselineFrom: '2026-03-01', 'weight.autonomy': '0' })
		const negative = await call(page.action, postRequest('/admin/report-settings', form({ 'weight.autonomy': '-1', commentK: '4' }), admin))
		expect(negative.data.errors).toMatchObject({ 'weights.autonomy': 'Weights are 0 or more.', commentK: expect.stringContaining('never below') })
		expect((await getReportSettings(org.id)).commentK).toBe(10)
	})

	test('only admins reach it', async () => {
		const org = await makeOrg()
		const exec = await sessionCookieFor(await makeUser(org.id, { role: 'executive' }))
		expect((await call(page.loader, getRequest('/admin/report-settings', exec))).status).toBe(403)
		expect((await call(page.action, postRequest('/admin/report-settings', form(), exec))).status).toBe(403)
	})
})

describe('dates that are not dates', () => {
	test('an impossible baseline date is a field error, not a failure', async () => {
		const org = await makeOrg()
		const admin = await sessionCookieFor(await makeUser(org.id, { role: 'admin' }))
		for (const bad of ['2026-02-30', '0000-06-01']) {
			const r = await call(page.action, postRequest('/admin/report-settings', form({ baselineFrom: bad }), admin))
			expect(r.status, bad).toBe(400)
			expect(r.data.errors.baselineFrom).toBe('Use a real date like 2026-03-02.')
		}
	})

	test('the dashboard, its export and the reports API answer 400 with the date named', async () => {
		const org = await makeOrg()
		const exec = await sessionCookieFor(await makeUser(org.id, { role: 'executive' }))
		const r = await call(dashboard.loader, getRequest('/dashboard?from=2026-02-30', exec))
		expect(r.status).toBe(400)
		// Said next to the field; the page shows the default period meanwhile.
		expect(r.data.errors.from).toContain('"2026-02-30" is not a date')
		expect(r.data.query.from).toBe('2026-02-30')
		const e = await call(dashboardExport.loader, getRequest('/dashboard/export?from=0000-06-01&to=2026-03-01', exec))
		expect(e.status).toBe(400)
		const a = await call(reportsApi.loader, getRequest('/api/v1/reports/mindset?from=2026-13-01&to=2026-14-01', exec))
		expect(a.status).toBe(400)
		expect(a.data.errors.map((x: { field: string }) => x.field)).toEqual(['from', 'to'])
	})
})

describe('organisation settings', () => {
	test('a new time zone saves and marks every stored week stale, together', async () => {
		const org = await makeOrg()
		const team = await makeTeam(org.id, 'Desk')
		await upsertEvents(org.id, [
			{ id: 'e1', type: 'customer_response', teamId: team, startedAt: '2026-03-02T09:00:00Z', endedAt: '2026-03-02T09:30:00Z', channel: null, approvals: null, outcome: null },
		])
		await refreshWeekly(org.id, 'UTC')
		expect(await db().select().from(metricWeekly).where(eq(metricWeekly.orgId, org.id))).toHaveLength(1)
		const r = await updateOrganizationSettings(org.id, { name: 'Renamed', timeZone: 'Pacific/Auckland', anonymityK: '6' })
		expect(r.ok).toBe(true)
		expect(await getOrganization(org.id)).toMatchObject({ name: 'Renamed', timeZone: 'Pacific/Auckland', anonymityK: 6 })
		expect(await db().select().from(metricWeekly).where(eq(metricWeekly.orgId, org.id))).toHaveLength(0)
		await refreshWeekly(org.id, 'Pacific/Auckland')
		const [week] = await db().select().from(metricWeekly).where(eq(metricWeekly.orgId, org.id))
		// 09:00Z on Monday 2 March is 22:00 that Monday in Auckland (UTC+13): the same local week.
		expect(week).toMatchObject({ week: '2026-03-02', count: 1 })
		expect(await updateOrganizationSettings(org.id, { name: 'X', timeZone: 'Mars/Olympus', anonymityK: '2' })).toMatchObject({
			ok: false,
			errors: { timeZone: 'Choose a time zone from the list.', anonymityK: expect.stringContaining('never below 3') },
		})
	})
})
