/**
 * Single sign-on end to end, in the browser: the demo organisation's admin points it at a real
 * OpenID Provider (`oidc-provider` on loopback) from the identity page; an employee signs in
 * through it, answers the pulse, and is then deactivated by the provider's SCIM app while signed
 * in: the next page she loads is the sign-in page, and her link to a pulse still open for her is
 * gone (404).
 *
 * The server runs with NODE_ENV=test: a plain-http loopback issuer is refused in production. The
 * organisation proved its domain before the server starts (the DNS check itself is tested in
 * tests/integration/identity/sso-domains.test.ts).
 */
import path from 'node:path'

import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { type Idp, startIdp } from '../support/oidc-idp'
import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm } from './support/browser'
import { mailsTo } from './support/mail'
import { openPulseNow } from './support/pulse'

const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!
const employee = DEMO_ACCOUNTS.find((a) => a.role === 'employee')!
const DOMAIN = employee.email.split('@')[1]!
const CLIENT = { clientId: 'state-of-now-demo', clientSecret: 'demo-client-secret-0123456789abcdef' }

/** The demo organisation proved its domain for an earlier SAML set-up, now off; the admin moves to OpenID Connect. */
async function proveDemoDomain(dataDir: string) {
	const pg = new PGlite(path.join(dataDir, 'pgdata'))
	try {
		await pg.exec(`
			insert into sso_configs (org_id, protocol, issuer, saml_sso_url, saml_certs, enabled)
				select org_id, 'saml', 'https://saml.invalid', 'https://saml.invalid/sso', 'retired', false from users where email = '${admin.email}';
			insert into sso_domains (domain, org_id, verification_token, verified_at)
				select '${DOMAIN}', org_id, 'proven-before-the-test', now() from users where email = '${admin.email}';
		`)
	} finally {
		await pg.close()
	}
}

const app = useServerAndBrowser({ SCHEDULER_INTERVAL_SECONDS: '1', NODE_ENV: 'test' }, { prepare: proveDemoDomain })

let idp: Idp
beforeAll(async () => {
	idp = await startIdp([CLIENT], { 'okta-sam': { email: employee.email, email_verified: true, name: employee.name } }, `${app.server.url}/sso/callback`)
	idp.signInAs = 'okta-sam'
})
afterAll(async () => idp?.close())

describe('single sign-on with a real OpenID Provider, in the browser', () => {
	test('an employee signs in through the provider, answers the pulse, and is deactivated by SCIM mid-session', async () => {
		// The admin configures OpenID Connect on the identity page and makes a SCIM token.
		const adminPage = await app.browser.newPage({ viewport: { width: 1280, height: 900 } })
		await signIn(adminPage, app.server.url, admin.email, admin.password)
		await adminPage.goto(`${app.server.url}/admin/identity`)
		await adminPage.waitForLoadState('networkidle')
		await adminPage.getByLabel('OpenID Connect').check()
		await adminPage.getByLabel('Issuer', { exact: true }).fill(idp.issuer)
		await adminPage.getByLabel('Client id').fill(CLIENT.clientId)
		await adminPage.getByLabel('Client secret').fill(CLIENT.clientSecret)
		await adminPage.getByLabel('E-mail domains').fill(DOMAIN)
		await adminPage.getByLabel('Single sign-on is on').check()
		await submitForm(adminPage, adminPage.getByRole('button', { name: 'Save single sign-on' }))
		await expect.poll(() => adminPage.getByText('Single sign-on settings saved.').count(), { timeout: 60_000 }).toBe(1)
		await submitForm(adminPage, adminPage.getByRole('button', { name: 'Test the connection' }))
		await expect.poll(() => adminPage.getByRole('status').first().textContent(), { timeout: 60_000 }).toContain('Connection works.')
		await submitForm(adminPage, adminPage.getByRole('button', { name: 'Create a token' }))
		await expect.poll(() => adminPage.getByLabel('New SCIM token').count(), { timeout: 60_000 }).toBe(1)
		const scimToken = (await adminPage.getByLabel('New SCIM token').textContent())!.trim()

		// Two pulses open for her team: she answers the first; the second is still open for her when she is deactivated.
		await openPulseNow(adminPage, app.server.url, { name: 'Care pulse with single sign-on', team: 'Customer Care' })
		await openPulseNow(adminPage, app.server.url, { name: 'Second care pulse', team: 'Customer Care' })
		await adminPage.close()

		// The second pulse's invitation arrives by mail, with its own link.
		let link: string | null = null
		await expect
			.poll(
				async () =>
					(link =
						(await mailsTo(app.server.dataDir, employee.email))
							.filter((m) => m.subject.startsWith('Second care pulse'))
							.map((m) => m.text.match(/(http:\/\/localhost:\d+\/p\/[A-Za-z0-9._-]+)/)?.[1])
							.find(Boolean) ?? null),
				{
					timeout: 180_000,
					interval: 1000,
				},
			)
			.not.toBeNull()

		// The employee signs in through her company's provider: no password typed here.
		const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } })
		await page.goto(`${app.server.url}/login`)
		await page.waitForLoadState('networkidle')
		await page.getByRole('link', { name: /single sign-on/i }).click()
		await page.waitForURL((u) => u.pathname === '/sso')
		await page.waitForLoadState('networkidle')
		await page.getByLabel('Work e-mail').fill(employee.email)
		await page.getByRole('button', { name: 'Continue' }).click()
		await page.waitForURL((u) => u.origin === app.server.url && u.pathname === '/home', { timeout: 60_000 })
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(employee.name.split(' ')[0]!)

		// She answers the open pulse from her home page.
		await page.waitForLoadState('networkidle')
		await page.getByRole('link', { name: 'Answer: Care pulse with single sign-on' }).click()
		await page.waitForURL((u) => u.pathname.startsWith('/pulses/'))
		// The address changes before React renders the page: the choices wait for the pulse's form.
		await page.getByRole('button', { name: 'Send my answers' }).waitFor()
		for (const group of await page.getByRole('group').all()) {
			const options = await group.getByRole('radio').count()
			await group
				.getByRole('radio')
				.nth(options === 5 ? 3 : 8)
				.check()
		}
		await submitForm(page, page.getByRole('button', { name: 'Send my answers' }))
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 60_000 }).toMatch(/thank/i)

		// The provider's SCIM app deactivates her, as Okta does: find by userName, PATCH active false.
		const scim = (pathAndQuery: string, init: RequestInit = {}) =>
			fetch(`${app.server.url}/scim/v2${pathAndQuery}`, {
				...init,
				headers: { Authorization: `Bearer ${scimToken}`, 'Content-Type': 'application/scim+json', Accept: 'application/scim+json' },
			})
		const found = (await (await scim(`/Users?filter=${encodeURIComponent(`userName eq "${employee.email}"`)}`)).json()) as { Resources: { id: string }[] }
		expect(found.Resources).toHaveLength(1)
		const patched = await scim(`/Users/${found.Resources[0]!.id}`, {
			method: 'PATCH',
			body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }),
		})
		expect(patched.status).toBe(200)
		expect(((await patched.json()) as { active: boolean }).active).toBe(false)

		// Mid-session: the next page she loads is the sign-in page, and the link to the pulse she had not answered is gone.
		await page.goto(`${app.server.url}/home`)
		await page.waitForURL((u) => u.pathname === '/login')
		expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(1)
		const answer = await page.goto(link!)
		expect(answer?.status()).toBe(404)
		await page.close()
	}, 600_000)

	test('a sign-in that comes back without its start says why, in the browser’s language', async () => {
		// A German browser, nobody signed in, a callback this browser did not start (a link passed on).
		const context = await app.browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } })
		const page = await context.newPage()
		const answer = await page.goto(`${app.server.url}/sso/callback?code=passed-on&state=not-this-browser`)
		expect(answer?.status()).toBe(403)
		const alert = page.getByRole('alert')
		expect(await alert.getByRole('heading', { level: 1 }).textContent()).toBe('Anmeldung nicht abgeschlossen')
		expect(await alert.textContent()).toContain('Dieser Anmeldelink gehört nicht zu Ihnen oder wurde schon verwendet. Beginnen Sie erneut auf der Anmeldeseite.')
		expect(await page.locator('html').getAttribute('lang')).toBe('de')
		await shot(page, '90-sso-refused-de-phone')
		await context.close()
	})
})
