import { describe, expect, test } from 'vitest'
import * as page from '~/routes/admin.report-settings'
import { getReportSettings } from '~/reports/settings.server'
import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

const form = (over: Record<string, string> = {}) => ({
	'weight.autonomy': '30', 'weight.approval': '10', 'weight.speed': '10', 'weight.voice': '10', 'weight.collaboration': '10', 'weight.safety': '10',
	'weight.closeness': '0', 'weight.firstResponse': '10', 'weight.approvalCycle': '10',
	firstResponseMinutes: '30', approvalCycleHours: '12', rtmi: '80', baselineFrom: '2026-01-05', baselineTo: '2026-02-01', commentK: '12', ...over,
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
		expect((await call(page.action, postRequest('/admin/report-settings', zero, admin))).data.errors._form).toBe('At least one weight must be above 0.')
		expect((await getReportSettings(org.id)).commentK).toBe(10)
	})

	test('only admins reach it', async () => {
		const org = await makeOrg()
		const exec = await sessionCookieFor(await makeUser(org.id, { role: 'executive' }))
		expect((await call(page.loader, getRequest('/admin/report-settings', exec))).status).toBe(403)
		expect((await call(page.action, postRequest('/admin/report-settings', form(), exec))).status).toBe(403)
	})
})
