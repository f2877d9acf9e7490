/**
 * Single sign-on in the browser: the sign-in page answers an address without single sign-on (or
 * a mistyped one) with a clear message on the page and nothing in the console; an admin sets up
 * SAML on the identity page from their provider's metadata and is shown the DNS record that proves
 * their domain. axe finds nothing on any of these states.
 */
import type { ConsoleMessage, Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { makeSamlIdp } from '../support/saml-idp'
import { useServerAndBrowser } from './support/app'
import { expectAccessible } from './support/axe'
import { shot, signIn, submitForm } from './support/browser'

const app = useServerAndBrowser()
const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!

/** Every console message of error level on the page, expected statuses included. */
function consoleErrors(page: Page) {
	const seen: string[] = []
	page.on('console', (m: ConsoleMessage) => {
		if (m.type() === 'error') seen.push(m.text())
	})
	return seen
}

describe('single sign-on in the browser', () => {
	test('an address without single sign-on, or not an address, gets a clear message on the page and no console error', async () => {
		const page = await app.browser.newPage()
		const errors = consoleErrors(page)
		await page.goto(`${app.server.url}/login`)
		await page.getByRole('link', { name: /single sign-on/i }).click()
		await page.waitForURL((u) => u.pathname === '/sso')
		await page.waitForLoadState('networkidle')
		await expectAccessible(page, '/sso')

		await page.getByLabel('Work e-mail').fill('someone@no-sso.example')
		await submitForm(page, page.getByRole('button', { name: 'Continue' }))
		await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Single sign-on is not available for this address/)
		await expectAccessible(page, '/sso not available')
		await shot(page, 'sso-not-available')

		await page.getByLabel('Work e-mail').fill('not an address')
		await submitForm(page, page.getByRole('button', { name: 'Continue' }))
		await expect.poll(() => page.getByText('This is not a valid e-mail address.').count()).toBe(1)
		await expectAccessible(page, '/sso invalid address')
		expect(new URL(page.url()).pathname).toBe('/sso')
		expect(errors).toEqual([])
		await page.close()
	})

	test('an admin sets up SAML from the provider’s metadata and is shown the record that proves the domain', async () => {
		const idp = await makeSamlIdp('demo-e2e')
		const page = await app.browser.newPage()
		const errors = consoleErrors(page)
		await signIn(page, app.server.url, admin.email, admin.password)
		await page.goto(`${app.server.url}/admin/identity`)
		await page.waitForLoadState('networkidle')
		await expectAccessible(page, '/admin/identity empty')

		await page.getByLabel('SAML 2.0').check()
		await page.getByLabel('Your provider’s metadata (XML)').fill(idp.metadata)
		await page.getByLabel('E-mail domains').fill('demo-e2e.example')
		await submitForm(page, page.getByRole('button', { name: 'Save single sign-on' }))
		await expect.poll(() => page.getByText('Single sign-on settings saved.').count()).toBe(1)
		await expect.poll(() => page.getByLabel('Provider entity id (issuer)').inputValue()).toBe(idp.entityId)
		await expect.poll(() => page.getByText('_stateofnow-verification.demo-e2e.example').count()).toBe(1)
		await expect.poll(() => page.getByRole('button', { name: 'Check DNS for demo-e2e.example' }).count()).toBe(1)
		await expectAccessible(page, '/admin/identity saved SAML')
		await shot(page, 'admin-identity-saml')

		// Our metadata is where the page says it is.
		const metadataUrl = await page
			.getByRole('link', { name: /\/sso\/saml\/.+\/metadata$/ })
			.first()
			.getAttribute('href')
		const metadata = await page.request.get(metadataUrl!)
		expect(metadata.status()).toBe(200)
		expect(await metadata.text()).toContain('AssertionConsumerService')

		// A metadata paste that is not metadata: a clear message at the field, nothing changed.
		await page.getByLabel('Your provider’s metadata (XML)').fill('<html>not metadata</html>')
		await submitForm(page, page.getByRole('button', { name: 'Save single sign-on' }))
		await expect.poll(() => page.getByText('This is not SAML metadata: it has no EntityDescriptor.').count()).toBe(1)
		await expectAccessible(page, '/admin/identity metadata error')
		expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([])
		await page.close()
	})
})
