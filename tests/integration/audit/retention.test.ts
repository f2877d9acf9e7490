/**
 * Retention: the settings page takes months (with field messages for bad values), and the job
 * deletes answers by their wave's opening time (with invitations and the released weeks left
 * without waves), metric events by start (weekly figures follow) and audit events by time —
 * nothing younger, and nothing of another organisation.
 */
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { purgeAllExpired, purgeExpired } from '~/audit/retention.server'
import { ingestEventBatch } from '~/metrics/ingest.server'
import { refreshWeekly } from '~/metrics/weekly.server'
import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks } from '~/reports/release.server'
import * as settings from '~/routes/admin+/settings'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'
import { auditEvents, organizations } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeUser, sessionCookieFor } from '../../support/fixtures'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'
import { call, postRequest } from '../../support/requests'

useTestDatabase()

const count = async (q: ReturnType<typeof sql>) => Number(resultRows<{ n: number }>(await db().execute(q))[0]!.n)

describe('retention settings', () => {
	test('defaults 36 / 24 / 24; bad values get a field message and store nothing', async () => {
		const o = await makePulseOrg({ teams: { T: [['frontline', 1]] } })
		const cookie = await sessionCookieFor(await makeUser(o.orgId, { role: 'admin' }))
		const [org] = await db().select().from(organizations).where(eq(organizations.id, o.orgId))
		expect([org!.retainAnswersMonths, org!.retainEventsMonths, org!.retainAuditMonths]).toEqual([36, 24, 24])
		const base = { name: 'Acme', timeZone: 'UTC', anonymityK: '5', retainAnswersMonths: '12', retainEventsMonths: '6', retainAuditMonths: '18' }
		const bad = await call(settings.action, postRequest('/admin/settings', { ...base, retainAnswersMonths: '0', retainAuditMonths: 'soon' }, cookie))
		expect(bad.status).toBe(400)
		expect(bad.data.errors.retainAnswersMonths).toContain('at least 1 month')
		expect(bad.data.errors.retainAuditMonths).toContain('whole number')
		expect((await db().select().from(organizations).where(eq(organizations.id, o.orgId)))[0]!.retainAnswersMonths).toBe(36)
		expect((await call(settings.action, postRequest('/admin/settings', base, cookie))).status).toBe(200)
		const [after] = await db().select().from(organizations).where(eq(organizations.id, o.orgId))
		expect([after!.retainAnswersMonths, after!.retainEventsMonths, after!.retainAuditMonths]).toEqual([12, 6, 18])
		const shown = await call(settings.loader, postRequest('/admin/settings', {}, cookie))
		expect(shown.data.retainEventsMonths).toBe(6)
	})
})

describe('the retention job', () => {
	test('deletes old answers with their waves, invitations and released week, old events and old audit rows; keeps the rest', async () => {
		const o = await makePulseOrg({ k: 5, teams: { T: [['frontline', 5]] } })
		const keep = await makePulseOrg({ k: 5, teams: { T: [['frontline', 5]] } })
		const old = await openTestWave(o.orgId, o.surveyId, '2023-01-02')
		const recent = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		const otherOld = await openTestWave(keep.orgId, keep.surveyId, '2023-01-02')
		for (const w of [old, recent]) for (const p of o.people) await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, w.during)
		for (const p of keep.people) await answer(keep.orgId, p.id, otherOld.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, otherOld.during)
		await releaseDueWeeks(old.after)
		await releaseDueWeeks(recent.after)
		await db().execute(sql`update organizations set retain_answers_months = 12, retain_events_months = 12, retain_audit_months = 12 where id = ${o.orgId}`)
		// The other organisation keeps its defaults (36 months): its 2023 wave is 38 months old on the day below, so set it to 60.
		await db().execute(sql`update organizations set retain_answers_months = 60 where id = ${keep.orgId}`)

		const teamId = o.teamIds['T']!
		const ingest = await ingestEventBatch(
			o.orgId,
			{
				events: [
					{ id: 'old', type: 'customer_response', team: 'T', startedAt: '2023-01-03T10:00:00Z', endedAt: '2023-01-03T10:30:00Z' },
					{ id: 'new', type: 'customer_response', team: 'T', startedAt: '2026-03-03T10:00:00Z', endedAt: '2026-03-03T10:10:00Z' },
				],
			},
			new Date('2026-03-20T00:00:00Z').getTime(),
		)
		expect(ingest.ok, JSON.stringify(ingest)).toBe(true)
		await refreshWeekly(o.orgId, 'UTC')
		expect(await count(sql`select count(*)::int as n from metric_weekly where org_id = ${o.orgId} and week = '2023-01-02'`)).toBe(1)
		await db()
			.insert(auditEvents)
			.values({ orgId: o.orgId, actorLabel: 'system', action: 'settings.changed', at: new Date('2024-01-01T00:00:00Z') })
		const recentReport = JSON.stringify(await mindsetReport(o.orgId, { from: '2026-03-02', to: '2026-03-08', teamId: null, level: null }, null))

		const now = new Date('2026-03-20T00:00:00Z')
		const results = await purgeAllExpired(now)
		const mine = results.find((r) => r.counts.waves > 0 && r.counts.metricEvents > 0)!.counts
		expect(mine).toEqual({ waves: 1, responses: 5, releasedWeeks: 1, metricEvents: 1, auditEvents: 1, unsubscribeLinks: 0 })

		expect(await count(sql`select count(*)::int as n from waves where org_id = ${o.orgId}`)).toBe(1)
		expect(await count(sql`select count(*)::int as n from invitations where org_id = ${o.orgId} and wave_id = ${old.waveId}`)).toBe(0)
		expect(await count(sql`select count(*)::int as n from responses where org_id = ${o.orgId}`)).toBe(5)
		expect(await count(sql`select count(*)::int as n from answers where org_id = ${o.orgId} and wave_id = ${old.waveId}`)).toBe(0)
		// Neither has a key to its wave (decision 0038): retention deletes them itself.
		expect(await count(sql`select count(*)::int as n from responses where org_id = ${o.orgId} and wave_id = ${old.waveId}`)).toBe(0)
		expect(await count(sql`select count(*)::int as n from answered_invitations where org_id = ${o.orgId} and wave_id = ${old.waveId}`)).toBe(0)
		expect(await count(sql`select count(*)::int as n from answered_invitations where org_id = ${o.orgId} and wave_id = ${recent.waveId}`)).toBe(5)
		expect(await count(sql`select count(*)::int as n from released_weeks where org_id = ${o.orgId}`)).toBe(1)
		expect(await count(sql`select count(*)::int as n from metric_events where org_id = ${o.orgId}`)).toBe(1)
		await refreshWeekly(o.orgId, 'UTC')
		expect(await count(sql`select count(*)::int as n from metric_weekly where org_id = ${o.orgId} and week = '2023-01-02' and team_id = ${teamId}`)).toBe(0)
		expect(await count(sql`select count(*)::int as n from audit_events where org_id = ${o.orgId} and at < '2025-01-01'`)).toBe(0)
		const [purged] = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, o.orgId), eq(auditEvents.action, 'retention.purged')))
		expect(purged!.detail).toMatchObject({ waves: 1, responses: 5 })
		// What is younger than the cut-off reads exactly as before.
		expect(JSON.stringify(await mindsetReport(o.orgId, { from: '2026-03-02', to: '2026-03-08', teamId: null, level: null }, null))).toBe(recentReport)
		// The other organisation's old wave is within its 60 months.
		expect(await count(sql`select count(*)::int as n from responses where org_id = ${keep.orgId}`)).toBe(5)
		// Running again deletes nothing more.
		expect(await purgeExpired(o.orgId, now)).toEqual({ waves: 0, responses: 0, releasedWeeks: 0, metricEvents: 0, auditEvents: 0, unsubscribeLinks: 0 })
	})
})
