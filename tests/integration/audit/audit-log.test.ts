/**
 * The audit log: the domain modules record who did what, when and from where; nothing about
 * respondents; rows cannot be changed or removed outside retention and organisation deletion;
 * the admin page filters, pages and exports formula-safe CSV, for its own organisation only.
 */
import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { AUDIT_ACTION_LABELS } from '~/audit/actions'
import { recordAudit } from '~/audit/audit.server'
import { signIn, THROTTLE } from '~/auth/sign-in.server'
import * as dashboardExport from '~/routes/_reports+/dashboard.export'
import * as keysPage from '~/routes/admin+/api-keys'
import * as auditPage from '~/routes/admin+/audit._index'
import * as auditExport from '~/routes/admin+/audit.export'
import * as person from '~/routes/admin+/people.$personId'
import * as importPage from '~/routes/admin+/people.import'
import * as reportSettings from '~/routes/admin+/report-settings'
import * as settings from '~/routes/admin+/settings'
import * as surveyPage from '~/routes/admin+/surveys.$surveyId._index'
import * as reportsApi from '~/routes/api+/v1.reports.mindset'
import { listItems } from '~/surveys/items.server'
import { saveSurvey } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'
import { auditEvents, organizations, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor, TEST_PASSWORD } from '../../support/fixtures'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'
import { renderPage } from '../../support/render'
import { apiRequest, call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

const IP = { clientAddress: '203.0.113.7' }

async function events(orgId: string, action?: string) {
	return db()
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.orgId, orgId), action ? eq(auditEvents.action, action) : undefined))
		.orderBy(auditEvents.at)
}

let ctx: { orgId: string; slug: string; adminId: string; admin: string; otherAdmin: string; employee: string }

beforeAll(async () => {
	const org = await makeOrg()
	const other = await makeOrg()
	const admin = await makeUser(org.id, { role: 'admin', name: '=HYPERLINK("http://evil")', email: 'boss@example.com' })
	ctx = {
		orgId: org.id,
		slug: org.slug,
		adminId: admin.id,
		admin: await sessionCookieFor(admin),
		otherAdmin: await sessionCookieFor(await makeUser(other.id, { role: 'admin' })),
		employee: await sessionCookieFor(await makeUser(org.id)),
	}
})

describe('what is recorded', () => {
	test('sign-ins: success, failure and throttled, by account id and client address, never the typed address', async () => {
		const org = await makeOrg()
		const ada = await makeUser(org.id, { email: 'ada@example.com' })
		expect((await signIn({ email: 'ada@example.com', password: TEST_PASSWORD, clientAddress: '198.51.100.1' })).ok).toBe(true)
		for (let i = 0; i < THROTTLE.maxFailures; i++) await signIn({ email: 'ada@example.com', password: 'wrong wrong', clientAddress: '198.51.100.2' })
		const throttled = await signIn({ email: 'ada@example.com', password: TEST_PASSWORD, clientAddress: '198.51.100.3' })
		expect(throttled.ok).toBe(false)
		const all = await events(org.id)
		expect(all.map((e) => e.action)).toEqual(['sign_in.success', ...Array(THROTTLE.maxFailures).fill('sign_in.failure'), 'sign_in.throttled'])
		expect(all[0]).toMatchObject({ actorUserId: ada.id, targetUserId: ada.id, ip: '198.51.100.1' })
		expect(all[1]).toMatchObject({ actorUserId: null, actorLabel: 'anonymous', targetUserId: ada.id, ip: '198.51.100.2' })
		expect(all.at(-1)).toMatchObject({ targetUserId: ada.id, ip: '198.51.100.3' })
		expect(JSON.stringify(all)).not.toContain('ada@example.com')
	})

	test('role changes, deactivation, settings, report settings, API keys, imports, activation, exports and API reads', async () => {
		const { orgId, admin } = ctx
		const sam = await makeUser(orgId, { email: 'sam@example.com', name: 'Sam' })
		const saved = await call(
			person.action,
			postRequest(`/admin/people/${sam.id}`, { intent: 'save', email: 'sam@example.com', name: 'Sam', role: 'manager', level: 'frontline', teamId: '', managerId: '' }, admin),
			{ personId: sam.id },
			IP,
		)
		expect(saved.status).toBe(200)
		await call(person.action, postRequest(`/admin/people/${sam.id}`, { intent: 'deactivate' }, admin), { personId: sam.id }, IP)
		const [role] = await events(orgId, 'person.role_changed')
		expect(role).toMatchObject({ actorUserId: ctx.adminId, actorLabel: 'admin', targetUserId: sam.id, ip: IP.clientAddress, detail: { from: 'employee', to: 'manager' } })
		expect(await events(orgId, 'person.deactivated')).toHaveLength(1)

		await call(
			settings.action,
			postRequest('/admin/settings', { name: 'Acme', timeZone: 'UTC', anonymityK: '7', retainAnswersMonths: '36', retainEventsMonths: '24', retainAuditMonths: '24' }, admin),
			{},
			IP,
		)
		const [changed] = await events(orgId, 'settings.changed')
		expect(changed!.detail).toMatchObject({ anonymityK: { from: 5, to: 7 } })

		const rs = await call(
			reportSettings.action,
			postRequest(
				'/admin/report-settings',
				{
					'weight.autonomy': '30',
					'weight.approval': '10',
					'weight.speed': '10',
					'weight.voice': '10',
					'weight.collaboration': '10',
					'weight.safety': '10',
					'weight.closeness': '0',
					'weight.firstResponse': '10',
					'weight.approvalCycle': '10',
					firstResponseMinutes: '60',
					approvalCycleHours: '24',
					rtmi: '75',
					baselineFrom: '',
					baselineTo: '',
					commentK: '12',
				},
				admin,
			),
			{},
			IP,
		)
		expect(rs.status).toBe(200)
		const [rsEvent] = await events(orgId, 'report_settings.changed')
		expect(rsEvent!.detail).toMatchObject({ commentK: { from: 10, to: 12 } })

		const created = await call(keysPage.action, postRequest('/admin/api-keys', { intent: 'create', name: 'Zendesk', scopes: 'reports:read' }, admin), {}, IP)
		const keyId = created.data.created.id as string
		const read = await call(reportsApi.loader, apiRequest('/api/v1/reports/mindset?from=2026-01-05&to=2026-03-01', { key: created.data.created.key }), {}, IP)
		expect(read.status, JSON.stringify(read.data)).toBe(200)
		await call(keysPage.action, postRequest('/admin/api-keys', { intent: 'revoke', keyId }, admin), {}, IP)
		expect((await events(orgId, 'api_key.created'))[0]!.target).toContain(keyId)
		expect((await events(orgId, 'api_key.revoked'))[0]!.target).toContain(keyId)
		expect((await events(orgId, 'report.api_read'))[0]).toMatchObject({ actorUserId: null, actorLabel: `api key ${keyId}`, ip: IP.clientAddress })

		const exported = await call(dashboardExport.loader, getRequest('/dashboard/export?from=2026-01-05&to=2026-03-01', admin), {}, IP)
		expect(exported.status).toBe(200)
		expect(await events(orgId, 'report.exported')).toHaveLength(1)

		const form = new FormData()
		form.set('file', new File(['email,name,role,level,team,manager_email\nnew@example.com,New Person,employee,frontline,,\n'], 'people.csv', { type: 'text/csv' }))
		await call(importPage.action, postRequest('/admin/people/import', form, admin), {}, IP)
		const [imported] = await events(orgId, 'people.imported')
		expect(imported!.detail).toMatchObject({ created: 1 })
		expect(JSON.stringify(imported)).not.toContain('new@example.com')

		const bank = await listItems(orgId)
		const survey = await saveSurvey(orgId, null, {
			name: 'Weekly',
			itemIds: bank.slice(0, 3).map((b) => b.id),
			audience: 'everyone',
			teamIds: [],
			cadence: 'weekly',
			weekday: '1',
			sendTime: '09:00',
			openDays: '3',
			reminderDaysBeforeClose: '1',
			anonymityK: '5',
		})
		if (!survey.ok) throw new Error('survey')
		await call(surveyPage.action, postRequest(`/admin/surveys/${survey.value.id}`, { intent: 'activate' }, admin), { surveyId: survey.value.id }, IP)
		expect((await events(orgId, 'survey.activated'))[0]!.target).toContain('Weekly')
	})

	test('answering a pulse records nothing: no submission, no who-answered', async () => {
		const org = await makePulseOrg({ teams: { Care: [['frontline', 5]] } })
		const wave = await openTestWave(org.orgId, org.surveyId, '2026-03-02')
		const before = (await events(org.orgId)).length
		await answer(org.orgId, org.people[0]!.id, wave.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, wave.during)
		const after = await events(org.orgId)
		expect(after.length).toBe(before)
		expect(JSON.stringify(after)).not.toContain(org.people[0]!.id)
	})
})

describe('append-only', () => {
	test('UPDATE, DELETE and TRUNCATE are refused; deleting the organisation cascades', async () => {
		const org = await makeOrg()
		await recordAudit(db(), org.id, { actor: { userId: null, label: 'system', ip: null }, action: 'settings.changed' })
		const refused = async (statement: ReturnType<typeof sql>) => {
			const error = await db()
				.execute(statement)
				.then(
					() => null,
					(e: unknown) => e as { cause?: { message?: string }; message: string },
				)
			expect(error?.cause?.message ?? error?.message).toMatch(/append-only/)
		}
		await refused(sql`update audit_events set action = 'x' where org_id = ${org.id}`)
		await refused(sql`delete from audit_events where org_id = ${org.id}`)
		await refused(sql`truncate audit_events`)
		expect(await events(org.id)).toHaveLength(1)
		await db().delete(organizations).where(eq(organizations.id, org.id))
		const left = resultRows<{ n: number }>(await db().execute(sql`select count(*)::int as n from audit_events where org_id = ${org.id}`))
		expect(Number(left[0]!.n)).toBe(0)
	})
})

describe('the audit page', () => {
	test('admins only; filters by action, actor and dates; pages; other organisations see none of it', async () => {
		expect((await call(auditPage.loader, getRequest('/admin/audit', ctx.employee))).status).toBe(403)
		expect((await call(auditExport.loader, getRequest('/admin/audit/export', ctx.employee))).status).toBe(403)
		const all = await call(auditPage.loader, getRequest('/admin/audit', ctx.admin))
		expect(all.data.total).toBeGreaterThan(5)
		const roles = await call(auditPage.loader, getRequest('/admin/audit?action=person.role_changed', ctx.admin))
		expect(roles.data.events.every((e: { action: string }) => e.action === 'person.role_changed')).toBe(true)
		expect(roles.data.events[0].target).toEqual([{ text: 'Sam <sam@example.com>', data: true }])
		const byKey = await call(auditPage.loader, getRequest('/admin/audit?person=api%20key', ctx.admin))
		expect(byKey.data.events.map((e: { action: string }) => e.action)).toEqual(['report.api_read'])
		// The old name of the filter still works in a bookmarked link.
		expect((await call(auditPage.loader, getRequest('/admin/audit?actor=api%20key', ctx.admin))).data.total).toBe(1)
		// A person is found as whom an event concerned too: Sam did nothing, but his role was changed.
		const sam = await call(auditPage.loader, getRequest('/admin/audit?person=sam%40example.com', ctx.admin))
		expect(sam.data.events.map((e: { action: string }) => e.action).sort()).toEqual(['person.deactivated', 'person.role_changed'])
		const future = await call(auditPage.loader, getRequest('/admin/audit?from=2999-01-01', ctx.admin))
		expect(future.data.total).toBe(0)
		const today = new Date().toISOString().slice(0, 10)
		const inRange = await call(auditPage.loader, getRequest(`/admin/audit?from=2000-01-01&to=${today}`, ctx.admin))
		expect(inRange.data.total).toBe(all.data.total)
		const junk = await call(auditPage.loader, getRequest('/admin/audit?action=nope&from=yesterday&page=-3', ctx.admin))
		expect(junk.status).toBe(200)
		expect(junk.data.total).toBe(all.data.total)
		const other = await call(auditPage.loader, getRequest('/admin/audit', ctx.otherAdmin))
		expect(other.data.total).toBe(0)
	})

	test('pages of 50', async () => {
		const org = await makeOrg()
		const admin = await sessionCookieFor(await makeUser(org.id, { role: 'admin' }))
		for (let i = 0; i < 55; i++) await recordAudit(db(), org.id, { actor: { userId: null, label: 'system', ip: null }, action: 'settings.changed', target: `t${i}` })
		const p1 = await call(auditPage.loader, getRequest('/admin/audit', admin))
		const p2 = await call(auditPage.loader, getRequest('/admin/audit?page=2', admin))
		expect([p1.data.events.length, p2.data.events.length, p1.data.pages]).toEqual([50, 5, 2])
		// The pager keeps the filter and links only where there is a page to go to.
		const html = (await renderPage(auditPage.default, '/admin/audit?action=settings.changed', p1.data)).replaceAll('<!-- -->', '')
		expect(html).toContain('Page 1 of 2')
		expect(html).toContain('href="/admin/audit?action=settings.changed&amp;page=2"')
		expect(html).not.toContain('Previous')
	})

	test('the CSV export is formula-safe and follows the filter', async () => {
		const csv = await call(auditExport.loader, getRequest('/admin/audit/export?action=person.role_changed', ctx.admin))
		expect(csv.status).toBe(200)
		expect(csv.headers.get('Content-Type')).toContain('text/csv')
		const text = String(csv.data)
		const lines = text.trim().split('\r\n')
		expect(lines[0]).toBe('at,actor,actor_role,action,action_label,target,detail,detail_json,ip')
		expect(lines.slice(1).every((l) => l.includes('person.role_changed,Changed a role,'))).toBe(true)
		expect(text).toContain('Role: Employee → Manager')
		// The admin's name starts with "=": the cell starts with a quote, never with the formula.
		expect(text).toContain(`"'=HYPERLINK(""http://evil"") <boss@example.com>"`)
		expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m)
		// The export is an event of the log itself, with the filter it followed; the file holds the rows before it.
		const [exportEvent] = await events(ctx.orgId, 'audit.exported')
		expect(exportEvent).toMatchObject({ actorUserId: ctx.adminId, detail: { rows: lines.length - 1, action: 'person.role_changed' } })
		expect(text).not.toContain('audit.exported')
	})

	test('the page reads in words: actions, details and addresses; no raw JSON', async () => {
		const org = await makeOrg()
		const admin = await makeUser(org.id, { role: 'admin', name: 'Ada Admin' })
		const cookie = await sessionCookieFor(admin)
		const actor = { userId: admin.id, label: 'admin', ip: '::ffff:203.0.113.9' }
		await recordAudit(db(), org.id, { actor, action: 'settings.changed', detail: { anonymityK: { from: 5, to: 7 }, name: { from: 'Acme', to: 'Acme Ltd' } } })
		const [stored] = await events(org.id, 'settings.changed')
		// Stored as the client's IPv4 address.
		expect(stored!.ip).toBe('203.0.113.9')
		const page = await call(auditPage.loader, getRequest('/admin/audit', cookie))
		const html = (await renderPage(auditPage.default, '/admin/audit', page.data)).replaceAll('<!-- -->', '')
		expect(html).toContain('Changed organisation settings')
		const text = html.replace(/<[^>]+>/g, '')
		expect(text).toContain('Anonymity threshold k: 5 → 7')
		expect(text).toContain('Name: Acme → Acme Ltd')
		// Data is set apart from the words (a name keeps its own direction).
		expect(html).toContain('<bdi>Acme Ltd</bdi>')
		expect(html).toContain('203.0.113.9')
		expect(html).not.toContain('::ffff:')
		expect(html).not.toContain('{&quot;')
		// The filter lists actions by their words.
		expect(html).toContain('<option value="settings.changed">Changed organisation settings</option>')
	})

	test('in the admin’s language: the page and the export word each event; an older English target is marked, not translated', async () => {
		const org = await makeOrg()
		const admin = await makeUser(org.id, { role: 'admin', name: 'Anke Admin' })
		await db().update(users).set({ locale: 'de' }).where(eq(users.id, admin.id))
		const cookie = await sessionCookieFor(admin)
		const actor = { userId: admin.id, label: 'admin', ip: null }
		await recordAudit(db(), org.id, { actor, action: 'connector.created', target: 'c-1', detail: { tool: 'zendesk', name: 'Care desk' } })
		await recordAudit(db(), org.id, { actor, action: 'connector.created', target: 'Zendesk connector c-0 (Old desk)' })
		await recordAudit(db(), org.id, { actor, action: 'settings.changed', detail: { anonymityK: { from: 5, to: 7 } } })
		const page = await call(auditPage.loader, getRequest('/admin/audit', cookie))
		// Found by what they are, not by place: three events written within one millisecond share
		// their time, and the page orders such ties by id (random), so their order varies.
		type Shown = { action: string; target: { recorded?: boolean }[] | null }
		const events = page.data.events
		const settingsEvent = events.find((e: Shown) => e.action === 'settings.changed')
		const oldEvent = events.find((e: Shown) => e.action === 'connector.created' && e.target?.[0]?.recorded)
		const newEvent = events.find((e: Shown) => e.action === 'connector.created' && !e.target?.[0]?.recorded)
		expect(events).toHaveLength(3)
		expect(settingsEvent.actionLabel).toBe('Einstellungen der Organisation geändert')
		expect(settingsEvent.details).toEqual([[{ text: 'Anonymitätsschwelle k' }, { text: ': ' }, { text: '5', data: true }, { text: ' → ' }, { text: '7', data: true }]])
		expect(newEvent.target.map((p: { text: string }) => p.text).join('')).toBe('Zendesk-Connector „Care desk“ (c-1)')
		expect(oldEvent.target).toEqual([{ text: 'Zendesk connector c-0 (Old desk)', recorded: true }])
		const csv = String((await call(auditExport.loader, getRequest('/admin/audit/export', cookie))).data)
		expect(csv.split('\r\n')[0]).toBe('at,actor,actor_role,action,action_label,target,detail,detail_json,ip')
		expect(csv).toContain('Zendesk-Connector „Care desk“ (c-1)')
		expect(csv).toContain(',„Zendesk connector c-0 (Old desk)“ (wie erfasst),')
		expect(csv).toContain('Anonymitätsschwelle k: 5 → 7')
	})

	test('every action recorded by this file’s flows has a label of its own', async () => {
		const codes = resultRows<{ action: string }>(await db().execute(sql`select distinct action from audit_events`)).map((r) => r.action)
		expect(codes.length).toBeGreaterThan(10)
		expect(codes.filter((c) => !(c in AUDIT_ACTION_LABELS))).toEqual([])
	})
})
