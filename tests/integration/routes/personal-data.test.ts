/** Access (GDPR Art. 15): a signed-in person downloads what the organisation holds about them, and nothing of anyone else. */
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import * as myData from '~/routes/_account+/me.data'
import * as home from '~/routes/home'
import { db } from '~/utils/db.server'
import { auditEvents, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeUser, sessionCookieFor } from '../../support/fixtures'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'
import { call, getRequest } from '../../support/requests'

useTestDatabase()

describe('my data', () => {
	test('profile, team, level, manager, sessions, invitations and whether answered; never the answers; audited', async () => {
		const o = await makePulseOrg({ teams: { Care: [['frontline', 5]] } })
		const boss = await makeUser(o.orgId, { role: 'manager', name: 'Bo Boss', email: 'bo@example.com' })
		const me = o.people[0]!
		await db().update(users).set({ managerId: boss.id }).where(eq(users.id, me.id))
		const cookie = await sessionCookieFor({ orgId: o.orgId, id: me.id })
		const first = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		const second = await openTestWave(o.orgId, o.surveyId, '2026-03-09')
		await answer(o.orgId, me.id, first.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8', 'item-3': 'a secret comment' }, first.during)
		await answer(o.orgId, o.people[1]!.id, second.waveId, { 'item-0': '2', 'item-1': '3', 'item-2': '3' }, second.during)

		const r = await call(myData.loader, getRequest('/me/data', cookie))
		expect(r.status).toBe(200)
		expect(r.headers.get('Content-Type')).toContain('application/json')
		expect(r.headers.get('Content-Disposition')).toContain('attachment')
		const d = r.data
		expect(d.profile).toMatchObject({ team: 'Care', level: 'frontline', role: 'employee' })
		expect(d.manager).toEqual({ name: 'Bo Boss', email: 'bo@example.com' })
		expect(d.sessions).toHaveLength(1)
		expect(d.sessions[0]).toHaveProperty('lastActiveAt')
		expect(d.pulseInvitations.map((i: { periodStart: string; answered: boolean }) => [i.periodStart, i.answered])).toEqual([
			['2026-03-02', true],
			['2026-03-09', false],
		])
		const text = JSON.stringify(d)
		expect(text).not.toContain('a secret comment')
		expect(text).not.toContain(o.people[1]!.id)
		expect(text).not.toContain('passwordHash')
		const [event] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'personal_data.exported'))
		expect(event).toMatchObject({ actorUserId: me.id, targetUserId: me.id })
	})

	test('signed out goes to sign-in; the home page links to it', async () => {
		const r = await call(myData.loader, getRequest('/me/data'))
		expect(r.status).toBe(302)
		expect(r.location).toContain('/login')
		expect(String(home.default)).toContain('/me/data')
	})
})
