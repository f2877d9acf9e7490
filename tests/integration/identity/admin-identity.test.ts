/**
 * The Identity page: admins only; single sign-on saved from the form with its secret never sent
 * back to the page; a provisioning token shown once, working at once, and gone when replaced.
 */
import { describe, expect, test } from 'vitest'

import * as page from '~/routes/admin.identity'
import * as usersRoute from '~/routes/scim.v2.Users'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

const SECRET = 'form-client-secret-0123456789'
const scimList = (token: string) => call(usersRoute.loader, new Request('http://localhost:3000/scim/v2/Users', { headers: { Authorization: `Bearer ${token}` } }))

describe('Admin › Identity', () => {
	test('an employee is refused; an admin saves single sign-on and the secret never comes back to the page', async () => {
		const org = await makeOrg()
		const admin = await sessionCookieFor(await makeUser(org.id, { role: 'admin' }))
		const employee = await sessionCookieFor(await makeUser(org.id))
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
		// Saving again without a secret keeps the stored one.
		expect((await call(page.action, postRequest('/admin/identity', { ...form, clientSecret: '', ssoOnly: 'on' }, admin))).status).toBe(200)
		expect((await call(page.loader, getRequest('/admin/identity', admin))).data.sso.ssoOnly).toBe(true)
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
