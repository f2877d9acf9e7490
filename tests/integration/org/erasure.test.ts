/**
 * Erasure (GDPR Art. 17): the person's identity, sessions, invitations and e-mails go; their
 * anonymous answers and every released figure stay as they were; the audit log says that an
 * erasure happened and by whom, not whom; the last admin and oneself cannot be erased.
 */
import fs from 'node:fs'
import path from 'node:path'

import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { requestPasswordReset } from '~/auth/password-links.server'
import { signIn } from '~/auth/sign-in.server'
import { enqueueMail } from '~/mail/outbox.server'
import { mintUnsubscribeToken, setMailPreferences } from '~/mail/preferences.server'
import { mailDir } from '~/mail/transport.server'
import { erasePerson } from '~/org/erasure.server'
import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks } from '~/reports/release.server'
import * as person from '~/routes/admin+/people.$personId'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'
import { auditEvents, invitations, mailOutbox, passwordTokens, sessions, signInThrottle, ssoConfigs, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor, TEST_PASSWORD } from '../../support/fixtures'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'
import { call, postRequest } from '../../support/requests'

useTestDatabase()

const n = async (table: string, orgId: string) =>
	Number(resultRows<{ n: number }>(await db().execute(sql`select count(*)::int as n from ${sql.raw(table)} where org_id = ${orgId}::uuid`))[0]!.n)

/**
 * Every row of every table in the schema whose text, varchar, char, json or jsonb column holds
 * `needle` (case-insensitive): table and column, read from information_schema so a table added
 * later is searched without anyone remembering to list it here.
 */
async function everyPlaceHolding(needle: string): Promise<string[]> {
	const columns = resultRows<{ table_name: string; column_name: string }>(
		await db().execute(sql`
			select c.table_name, c.column_name from information_schema.columns c
			join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
			where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
			and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
			order by c.table_name, c.column_name`),
	)
	expect(columns.length).toBeGreaterThan(20)
	const found: string[] = []
	for (const { table_name: table, column_name: column } of columns) {
		const [hit] = resultRows<{ n: number }>(
			await db().execute(sql`select count(*)::int as n from ${sql.identifier(table)} where strpos(lower(${sql.identifier(column)}::text), lower(${needle})) > 0`),
		)
		if (hit!.n > 0) found.push(`${table}.${column} (${hit!.n})`)
	}
	return found
}

describe('erasing a person', () => {
	test('leaves their e-mail and name in no column of any table, the attempt counters keyed by their address included', async () => {
		const org = await makeOrg()
		const admin = await makeUser(org.id, { role: 'admin' })
		const email = `wilhelmina.erasable.${Date.now().toString(36)}@example.com`
		const name = `Wilhelmina Erasable ${Date.now().toString(36)}`
		const target = await makeUser(org.id, { role: 'manager', email, name })
		// Everything a person leaves behind in ordinary use: failed sign-ins and reset requests
		// (counted under their address), a session, preferences, an unsubscribe link, mail.
		expect(await signIn({ email: email.toUpperCase(), password: 'not the password', clientAddress: '198.51.100.7' })).toMatchObject({ ok: false })
		await requestPasswordReset(` ${email} `)
		await sessionCookieFor(target)
		await setMailPreferences(org.id, target.id, [])
		await mintUnsubscribeToken(org.id, target.id, 'digests')
		await enqueueMail(db(), org.id, [{ kind: 'invitation', toEmail: email, userId: target.id, payload: {} }])
		const before = await everyPlaceHolding(email)
		expect(before).toEqual(
			expect.arrayContaining([expect.stringMatching(/^sign_in_throttle\.key/), expect.stringMatching(/^users\.email/), expect.stringMatching(/^mail_outbox\.to_email/)]),
		)
		expect(await everyPlaceHolding(name)).toEqual([expect.stringMatching(/^users\.name/)])

		expect((await erasePerson(org.id, target.id, { actingUserId: admin.id })).ok).toBe(true)

		expect(await everyPlaceHolding(email)).toEqual([])
		expect(await everyPlaceHolding(name)).toEqual([])
		// The admin's own rows were not swept up with them.
		expect(await db().select().from(users).where(eq(users.id, admin.id))).toHaveLength(1)
	})

	test('an address another organisation still uses keeps its attempt counters: they protect that account', async () => {
		const email = `shared.${Date.now().toString(36)}@example.com`
		const here = await makeOrg()
		await makeUser(here.id, { role: 'admin' })
		const leaving = await makeUser(here.id, { email })
		const there = await makeOrg()
		await makeUser(there.id, { email })
		for (let i = 0; i < 3; i++) await signIn({ email, password: 'wrong guess' })
		const counters = () =>
			db()
				.select()
				.from(signInThrottle)
				.where(eq(signInThrottle.key, `email:${email}`))
		expect(await counters()).toMatchObject([{ failures: 3 }])
		expect((await erasePerson(here.id, leaving.id)).ok).toBe(true)
		expect(await counters()).toMatchObject([{ failures: 3 }])
	})

	test('removes identity, sessions, invitations and mail (rows and files); answers and released figures do not move', async () => {
		const o = await makePulseOrg({ k: 5, teams: { Care: [['frontline', 6]] } })
		const admin = await makeUser(o.orgId, { role: 'admin' })
		const cookie = await sessionCookieFor(admin)
		const wave = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		for (const p of o.people) await answer(o.orgId, p.id, wave.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, wave.during)
		expect(await releaseDueWeeks(wave.after)).toBe(1)
		const query = { from: '2026-03-02', to: '2026-03-08', teamId: null, level: null }
		const before = JSON.stringify(await mindsetReport(o.orgId, query, null))

		const target = o.people[0]!.id
		const [row] = await db().select().from(users).where(eq(users.id, target))
		await makeUser(o.orgId) // someone else, whose rows stay
		await db().update(users).set({ passwordHash: 'x' }).where(eq(users.id, target))
		await sessionCookieFor({ orgId: o.orgId, id: target })
		await db()
			.insert(passwordTokens)
			.values({ orgId: o.orgId, id: 'tok1', userId: target, secretHash: 'h', purpose: 'reset', expiresAt: new Date(Date.now() + 1e6) })
		await enqueueMail(db(), o.orgId, [{ kind: 'invitation', toEmail: row!.email, userId: target, payload: {} }])
		await enqueueMail(db(), o.orgId, [{ kind: 'password_reset', toEmail: row!.email, payload: {} }])
		fs.mkdirSync(mailDir(), { recursive: true })
		fs.writeFileSync(path.join(mailDir(), 'erase-me.eml'), 'Subject: hello')
		await db()
			.update(mailOutbox)
			.set({ fileName: 'erase-me.eml', status: 'sent' })
			.where(and(eq(mailOutbox.orgId, o.orgId), eq(mailOutbox.userId, target)))
		const responsesBefore = await n('responses', o.orgId)
		const invitationsBefore = await n('invitations', o.orgId)
		const participationBefore = await db().execute(sql`select * from participation_rollups where org_id = ${o.orgId} order by team_id, level`)

		// The confirmation step: without the typed address nothing happens.
		const unconfirmed = await call(person.action, postRequest(`/admin/people/${target}`, { intent: 'erase', confirmEmail: 'someone@else' }, cookie), { personId: target })
		expect(unconfirmed.status).toBe(400)
		expect(unconfirmed.data.errors.confirmEmail).toContain(row!.email)
		expect(await db().select().from(users).where(eq(users.id, target))).toHaveLength(1)

		const erased = await call(
			person.action,
			postRequest(`/admin/people/${target}`, { intent: 'erase', confirmEmail: ` ${row!.email.toUpperCase()} ` }, cookie),
			{ personId: target },
			{ clientAddress: '192.0.2.9' },
		)
		expect(erased.status).toBe(302)
		expect(erased.location).toBe('/admin/people?erased=1')

		expect(await db().select().from(users).where(eq(users.id, target))).toHaveLength(0)
		expect(await db().select().from(sessions).where(eq(sessions.userId, target))).toHaveLength(0)
		expect(await db().select().from(passwordTokens).where(eq(passwordTokens.userId, target))).toHaveLength(0)
		expect(await db().select().from(invitations).where(eq(invitations.userId, target))).toHaveLength(0)
		expect(await db().select().from(mailOutbox).where(eq(mailOutbox.toEmail, row!.email))).toHaveLength(0)
		expect(fs.existsSync(path.join(mailDir(), 'erase-me.eml'))).toBe(false)
		expect(await n('invitations', o.orgId)).toBe(invitationsBefore - 1)

		expect(await n('responses', o.orgId)).toBe(responsesBefore)
		expect(await db().execute(sql`select * from participation_rollups where org_id = ${o.orgId} order by team_id, level`)).toEqual(participationBefore)
		expect(JSON.stringify(await mindsetReport(o.orgId, query, null))).toBe(before)

		const [event] = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, o.orgId), eq(auditEvents.action, 'person.erased')))
		expect(event).toMatchObject({ actorUserId: admin.id, targetUserId: null, target: null, ip: '192.0.2.9' })
		const dump = JSON.stringify(await db().select().from(auditEvents).where(eq(auditEvents.orgId, o.orgId)))
		expect(dump).not.toContain(row!.email)
		expect(dump).not.toContain(row!.name)
		// Nothing anywhere in the database names them any more.
		const everything = resultRows<{ t: string }>(
			await db().execute(sql`
			select string_agg(t::text, ' ') as t from (
				select row_to_json(u)::text as t from users u union all select row_to_json(m)::text from mail_outbox m
				union all select row_to_json(a)::text from audit_events a union all select row_to_json(i)::text from invitations i) x`),
		)[0]!.t
		expect(everything).not.toContain(row!.email)
		expect(everything).not.toContain(target)
	})

	test('a manager with reports can be erased: their reports stay, with no manager (the key clears its own column only)', async () => {
		const org = await makeOrg()
		await makeUser(org.id, { role: 'admin' })
		const lead = await makeUser(org.id, { role: 'manager' })
		const report = await makeUser(org.id)
		await db()
			.update(users)
			.set({ managerId: lead.id })
			.where(and(eq(users.orgId, org.id), eq(users.id, report.id)))
		expect((await erasePerson(org.id, lead.id)).ok).toBe(true)
		const [kept] = await db()
			.select()
			.from(users)
			.where(and(eq(users.orgId, org.id), eq(users.id, report.id)))
		expect(kept).toMatchObject({ orgId: org.id, managerId: null })
	})

	test('the break-glass admin can be erased: passwords stay off, no one is named any more, and the identity page asks for someone', async () => {
		const org = await makeOrg()
		const keeper = await makeUser(org.id, { role: 'admin', email: 'keeper@glass.test' })
		const other = await makeUser(org.id, { role: 'admin', email: 'other@glass.test' })
		await db().insert(ssoConfigs).values({
			orgId: org.id,
			protocol: 'oidc',
			issuer: 'https://idp.glass.test',
			clientId: 'c',
			clientSecretEncrypted: 'x',
			enabled: true,
			ssoOnly: true,
			breakGlassUserId: keeper.id,
		})
		expect((await erasePerson(org.id, keeper.id, { actor: { userId: other.id, label: 'admin', ip: null }, actingUserId: other.id })).ok).toBe(true)
		const [config] = await db().select().from(ssoConfigs).where(eq(ssoConfigs.orgId, org.id))
		expect(config).toMatchObject({ ssoOnly: true, breakGlassUserId: null })
		// With no one named, no password signs in (the provider does; an admin names a new keeper on the identity page).
		expect(await signIn({ email: 'other@glass.test', password: TEST_PASSWORD })).toEqual({ ok: false, reason: 'sso-only' })
	})

	test('never the last admin, never oneself, and another organisation’s person is a 404', async () => {
		const org = await makeOrg()
		const only = await makeUser(org.id, { role: 'admin' })
		const r = await erasePerson(org.id, only.id)
		expect(r.ok).toBe(false)
		expect(JSON.stringify(r)).toContain('last active admin')
		const second = await makeUser(org.id, { role: 'admin' })
		expect((await erasePerson(org.id, second.id, { actingUserId: second.id })).ok).toBe(false)
		const other = await makeOrg()
		const stranger = await makeUser(other.id)
		const cookie = await sessionCookieFor(only)
		const cross = await call(person.action, postRequest(`/admin/people/${stranger.id}`, { intent: 'erase', confirmEmail: 'x' }, cookie), { personId: stranger.id })
		expect(cross.status).toBe(404)
		expect(await db().select().from(users).where(eq(users.id, stranger.id))).toHaveLength(1)
		// With two admins, one may be erased (by the other).
		expect((await erasePerson(org.id, second.id, { actingUserId: only.id })).ok).toBe(true)
	})
})
