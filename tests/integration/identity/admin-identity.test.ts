/**
 * The Identity page: admins only; single sign-on saved from the form with its secret never sent
 * back to the page; a provisioning token shown once, working at once, and gone when replaced.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import { and, desc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import * as page from '~/routes/admin+/identity'
import * as usersRoute from '~/routes/scim+/v2.Users'
import { db } from '~/utils/db.server'
import { auditEvents, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'
import { makeSamlIdp } from '../../support/saml-idp'

useTestDatabase()

const SECRET = 'form-client-secret-0123456789'
const scimList = (token: string) => call(usersRoute.loader, new Request('http://localhost:3000/scim/v2/Users', { headers: { Authorization: `Bearer ${token}` } }))

describe('Admin › Identity', () => {
	test('an employee is refused; an admin saves single sign-on and the secret never comes back to the page', async () => {
		const org = await makeOrg()
		const adminPerson = await makeUser(org.id, { role: 'admin', name: 'Ada Admin' })
		const admin = await sessionCookieFor(adminPerson)
		const second = await makeUser(org.id, { role: 'admin', name: 'Bea Backup', email: 'bea@example.com' })
		const employeePerson = await makeUser(org.id)
		const employee = await sessionCookieFor(employeePerson)
		expect((await call(page.loader, getRequest('/admin/identity', employee))).status).toBe(403)
		expect((await call(page.action, postRequest('/admin/identity', { intent: 'scim-create' }, employee))).status).toBe(403)

		const form = { intent: 'sso', issuer: 'https://login.example.com', clientId: 'app', clientSecret: SECRET, domains: 'Example.com, @example.org', enabled: 'on' }
		const bad = await call(page.action, postRequest('/admin/identity', { ...form, issuer: 'ftp://nope' }, admin))
		expect(bad.status).toBe(400)
		expect(bad.data.errors.issuer).toContain('https://')
		const saved = await call(page.action, postRequest('/admin/identity', form, admin))
		expect(saved.status).toBe(200)
		const shown = await call(page.loader, getRequest('/admin/identity', admin))
		expect(shown.data.sso).toMatchObject({ issuer: 'https://login.example.com', clientId: 'app', enabled: true, ssoOnly: false, domains: 'example.com, example.org' })
		expect(JSON.stringify(shown.data)).not.toContain(SECRET)
		// The break-glass choice lists the active admins and starts at the admin reading (no one named yet).
		expect(shown.data.admins.map((a: { value: string }) => a.value).sort()).toEqual([adminPerson.id, second.id].sort())
		expect(shown.data.breakGlassUserId).toBe(adminPerson.id)
		// Naming someone who is not an admin is refused, in the field, and nothing changes.
		const notAdmin = await call(page.action, postRequest('/admin/identity', { ...form, clientSecret: '', ssoOnly: 'on', breakGlassUserId: employeePerson.id }, admin))
		expect(notAdmin.status).toBe(400)
		expect(notAdmin.data.errors.breakGlassUserId).toContain('the admin who keeps a password')
		expect((await call(page.loader, getRequest('/admin/identity', admin))).data.sso.ssoOnly).toBe(false)
		// Saving again without a secret keeps the stored one; the second admin is named.
		expect((await call(page.action, postRequest('/admin/identity', { ...form, clientSecret: '', ssoOnly: 'on', breakGlassUserId: second.id }, admin))).status).toBe(200)
		const after = await call(page.loader, getRequest('/admin/identity', admin))
		expect(after.data.sso.ssoOnly).toBe(true)
		expect(after.data.breakGlassUserId).toBe(second.id)
		// A keeper no longer an admin is not shown as the keeper: the page proposes the admin reading.
		await db().update(users).set({ role: 'manager' }).where(eq(users.id, second.id))
		expect((await call(page.loader, getRequest('/admin/identity', admin))).data.breakGlassUserId).toBe(adminPerson.id)
		await db().update(users).set({ role: 'admin' }).where(eq(users.id, second.id))
		const [changed] = await db()
			.select({ detail: auditEvents.detail })
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'sso.config_changed')))
			.orderBy(desc(auditEvents.at))
			.limit(1)
		expect(changed!.detail).toMatchObject({ passwordsOff: { from: false, to: true }, breakGlass: { from: null, to: second.id } })
	})

	test('a provisioning token is shown once, works at once, and stops working when replaced or revoked', async () => {
		const org = await makeOrg()
		const admin = await sessionCookieFor(await makeUser(org.id, { role: 'admin' }))
		const first = await call(page.action, postRequest('/admin/identity', { intent: 'scim-create' }, admin))
		const token = first.data.token as string
		expect(token).toMatch(/^scim/)
		expect((await scimList(token)).status).toBe(200)
		const shown = await call(page.loader, getRequest('/admin/identity', admin))
		expect(JSON.stringify(shown.data)).not.toContain(token.split('.')[1])
		expect(shown.data.token).not.toBeNull()

		const second = await call(page.action, postRequest('/admin/identity', { intent: 'scim-create' }, admin))
		expect((await scimList(token)).status).toBe(401)
		expect((await scimList(second.data.token)).status).toBe(200)
		await call(page.action, postRequest('/admin/identity', { intent: 'scim-revoke' }, admin))
		expect((await scimList(second.data.token)).status).toBe(401)
		expect((await call(page.loader, getRequest('/admin/identity', admin))).data.token).toBeNull()
	})
})

describe('Admin › Identity › SAML', () => {
	test('an admin sets SAML up from the provider’s metadata or by hand, tests the connection, and every step is in the audit log', async () => {
		const org = await makeOrg()
		const admin = await sessionCookieFor(await makeUser(org.id, { role: 'admin' }))
		const idp = await makeSamlIdp('form')
		const form = { intent: 'sso', protocol: 'saml', domains: 'form.test' }

		// Not metadata, and an expired certificate, are refused with a clear message; nothing is stored.
		const notXml = await call(page.action, postRequest('/admin/identity', { ...form, metadataXml: '<html>nope' }, admin))
		expect(notXml.status).toBe(400)
		expect(notXml.data.errors.metadataXml).toMatch(/not XML|not SAML metadata/)
		const old = await makeSamlIdp('old', { notBeforeDate: new Date(Date.now() - 400 * 86_400_000), notAfterDate: new Date(Date.now() - 86_400_000) })
		const expired = await call(page.action, postRequest('/admin/identity', { ...form, entityId: old.entityId, ssoUrl: old.ssoUrl, certificate: old.cert }, admin))
		expect(expired.status).toBe(400)
		expect(expired.data.errors.certificate).toMatch(/expired on/)
		expect((await call(page.loader, getRequest('/admin/identity', admin))).data.sso).toBeNull()

		const saved = await call(page.action, postRequest('/admin/identity', { ...form, metadataXml: idp.metadata }, admin))
		expect(saved.status).toBe(200)
		const shown = (await call(page.loader, getRequest('/admin/identity', admin))).data
		expect(shown.sso).toMatchObject({ protocol: 'saml', issuer: idp.entityId, samlSsoUrl: idp.ssoUrl, enabled: false })
		expect(shown.sso.certificatesExpire).toBeTruthy()
		expect(shown.saml.entityId).toBe(`http://localhost:3000/sso/saml/${org.id}/metadata`)

		// "Test the connection": the provider's sign-in address answers (a server on loopback here).
		const server = createServer((_req, res) => res.writeHead(400).end('no SAMLRequest'))
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
		const ssoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sso`
		try {
			// By hand this time; the stored certificate is kept when none is pasted.
			expect((await call(page.action, postRequest('/admin/identity', { ...form, entityId: idp.entityId, ssoUrl }, admin))).status).toBe(200)
			const works = await call(page.action, postRequest('/admin/identity', { intent: 'sso-test' }, admin))
			expect(works.data.test).toMatchObject({ ok: true })
			expect(works.data.test.message).toMatch(/answered \(HTTP 400\).*valid until/)
		} finally {
			await new Promise((resolve) => server.close(resolve))
		}
		const down = await call(page.action, postRequest('/admin/identity', { intent: 'sso-test' }, admin))
		expect(down.data.test).toMatchObject({ ok: false })
		expect(down.data.test.message).toContain(ssoUrl)

		const audit = await db().select().from(auditEvents).where(eq(auditEvents.orgId, org.id))
		const changes = audit.filter((e) => e.action === 'sso.config_changed').map((e) => e.detail as Record<string, unknown>)
		expect(changes[0]).toMatchObject({ protocol: { from: null, to: 'saml' }, entityId: { from: null, to: idp.entityId }, certificates: 'replaced' })
		expect(changes[1]).toMatchObject({ ssoUrl: { from: idp.ssoUrl, to: ssoUrl } })
		expect(changes[1]).not.toHaveProperty('certificates')
		expect(audit.filter((e) => e.action === 'sso.connection_tested').map((e) => (e.detail as { outcome: string }).outcome)).toEqual(['works', 'failed'])
	}, 60_000)
})
