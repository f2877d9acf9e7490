/**
 * The admin's integration pages in the pseudo-locale (`en-XA`: every catalogue text accented and
 * in ⟦ ⟧): identity (single sign-on, domains, SCIM), channels, API keys, connectors with a
 * connector's own page, response times and the CSV import, each empty, with its form errors and
 * filled, on a desktop and a 390-px phone; and the signed-out "sign in with single sign-on" page,
 * which follows the browser's Accept-Language. Any letter that did not come from a catalogue and
 * is not data fails the test. Data: the organisation, the admin's name, teams, what the admin
 * typed (a key's or a connector's name, a domain), and machine values shown as such (`code` and
 * `pre`: addresses, ids, tokens, column names; `bdi`: what the audit log stored as data). The
 * connector page's deliveries say why the tool's note was ignored, and the audit log, visited
 * last, words every event these pages recorded (keys, connectors, single sign-on, SCIM).
 * Screenshots of the connector page in German and
 * Japanese, desktop and phone, are taken for a look at the layout.
 */
import type { BrowserContextOptions, Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { auditActions } from '~/audit/actions'
import { DEMO_ACCOUNTS } from '~/demo/seed.server'
import { pseudoString } from '~/i18n/pseudo'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm } from './support/browser'
import { setPseudoLocale, untranslated } from './support/pseudo-locale'

const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!

const app = useServerAndBrowser({}, { prepare: (dataDir) => setPseudoLocale(dataDir, [admin.email]) })

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } }
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

/** A team of the demo, as an events file names it. */
const TEAM = 'Customer Care/Social'

/** Data: the organisation, the admin, the tools by their own names, what the admin typed. */
const DATA = [
	'Northwind Retail (demo)',
	admin.name,
	'Zendesk export',
	'Care desk',
	'Returns desk',
	'desktop.pseudo-integrations.example',
	'phone.pseudo-integrations.example',
	'Jira Service Management',
	// The demo's connector, by the name the seed gave it.
	'Zendesk (Email & Chat)',
	'Zendesk',
	'Intercom',
	'Freshdesk',
	'GitHub',
	// The address GitHub's API has (the backfill form's placeholder).
	'https://api.github.com',
]

/** The organisation's teams as the pages show them (data): read from the response-time filter. */
async function teamNames(page: Page): Promise<string[]> {
	const labels = await page.locator('select[name=team] option').allTextContents()
	return [...new Set(labels.slice(1).flatMap((l) => l.split('›').map((s) => s.trim())))].filter(Boolean)
}

/** Machine values on the page (addresses, ids, tokens, column names in `code` and `pre`; data the audit log stored, in `bdi`) and moments written by Intl (`time`). */
async function machineValues(page: Page): Promise<string[]> {
	return (await page.locator('main code, main pre, main time, main bdi').allTextContents()).map((t) => t.trim()).filter(Boolean)
}

/** The admin chooses their own language on their settings page (the server holds the database: no writing to it from here). */
async function chooseLanguage(page: Page, locale: string) {
	await page.goto(`${app.server.url}/settings`)
	await page.waitForLoadState('networkidle')
	await page.locator(`input[name=locale][value="${locale}"]`).check()
	// The answer awaited: the language may be the page's already (the phone after the desktop), so the poll alone could pass before it.
	await submitForm(page, page.locator('main button[type=submit]').first())
	await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
}

describe('the integration pages in the pseudo-locale', () => {
	for (const [device, options] of [
		['desktop', DESKTOP],
		['phone', PHONE],
	] as const) {
		test(`signed out, ${device}: sign in with single sign-on, empty, not an address, an address without it`, async () => {
			const page = await app.browser.newPage({ ...options, locale: 'en-XA' })
			const check = async (what: string) => {
				await page.waitForLoadState('networkidle')
				expect(await page.locator('html').getAttribute('lang'), what).toBe('en-XA')
				expect(await untranslated(page, DATA), what).toEqual([])
			}
			await page.goto(`${app.server.url}/sso`)
			await check('/sso')
			const send = page.locator('main button[type=submit]')
			const emailError = page.locator('[id$="-email-error"]')
			await submitForm(page, send)
			await expect.poll(() => emailError.count()).toBe(1)
			expect(await page.locator('.field-error').count()).toBe(1)
			await check('/sso empty')
			// The field's error changes from "missing" to "not an address": checked on the new one, not the one already there.
			const missing = (await emailError.textContent())!
			await page.locator('input[name=email]').fill('not an address')
			await submitForm(page, send)
			await expect.poll(() => emailError.allTextContents()).toEqual([expect.not.stringContaining(missing)])
			await check('/sso not an address')
			await page.locator('input[name=email]').fill('someone@no-sso.example')
			await submitForm(page, send)
			await expect.poll(() => page.getByRole('alert').count()).toBe(1)
			expect(await emailError.count()).toBe(0)
			await check('/sso not available')
			// From the sign-in page in the browser (the root does not load again): the page's words come with it.
			await page.goto(`${app.server.url}/login`)
			await page.waitForLoadState('networkidle')
			await page.locator('a[href^="/sso"]').click()
			await page.waitForURL((u) => u.pathname === '/sso')
			await check('/sso from /login')
			await page.close()
		})

		test(`the admin set to the pseudo-locale, ${device}: every integration page, empty, with errors and filled`, async () => {
			const page = await app.browser.newPage({ ...options, locale: 'en-GB' })
			await signIn(page, app.server.url, admin.email, admin.password)
			await page.goto(`${app.server.url}/admin/metrics`)
			await page.waitForLoadState('networkidle')
			const data = [...DATA, ...(await teamNames(page))]
			const check = async (what: string) => {
				await page.waitForLoadState('networkidle')
				expect(await page.locator('html').getAttribute('lang'), what).toBe('en-XA')
				expect(await untranslated(page, [...data, ...(await machineValues(page))]), what).toEqual([])
			}
			// By the keyboard: on the phone a tap on the API keys' create button was taken by the form around it (to look into).
			// submitForm waits for the button to be enabled (Enter on a button still disabled by the previous
			// submission is lost), then for the server's answer and Remix's revalidation.
			const submit = (intent: string) => submitForm(page, page.locator(`main button[name=intent][value="${intent}"]`).first(), { keyboard: true })

			// Response times: the demo's weeks, then a period that is not one.
			await check('/admin/metrics')
			await page.goto(`${app.server.url}/admin/metrics?from=someday&to=2026-01-01`)
			await check('/admin/metrics bad period')
			await page.goto(`${app.server.url}/admin/metrics?from=2001-01-01&to=2001-01-07`)
			await check('/admin/metrics empty period')

			// The CSV import: its help, a file with problems, then a good one.
			await page.goto(`${app.server.url}/admin/metrics/import`)
			await check('/admin/metrics/import')
			await page.locator('input[type=file]').setInputFiles({
				name: 'bad.csv',
				mimeType: 'text/csv',
				buffer: Buffer.from(`id,type,team,startedAt,colour\nx-1,ticket,No/Such,2026-03-02,red\n`),
			})
			// The page streams the file to /admin/metrics/upload: submitForm waits for that answer to its end.
			const importButton = page.locator('main button[type=submit]')
			await submitForm(page, importButton)
			await expect.poll(() => page.getByRole('alert').count(), { timeout: 15_000 }).toBe(1)
			await check('/admin/metrics/import header problems')
			await page.locator('input[type=file]').setInputFiles({
				name: 'rows.csv',
				mimeType: 'text/csv',
				buffer: Buffer.from(
					`id,type,team,startedAt,endedAt,channel,approvals,outcome\nx-1,ticket,No/Such,2026-03-02,,,,\nx-2,approval,${TEAM},2026-03-02T09:00:00,,,0,maybe\nx-2,customer_response,${TEAM},2099-01-01T00:00:00Z,,,,\n`,
				),
			})
			await submitForm(page, importButton)
			await expect.poll(() => page.locator('[role=alert] tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(3)
			await check('/admin/metrics/import line problems')
			await page.locator('input[type=file]').setInputFiles({
				name: 'good.csv',
				mimeType: 'text/csv',
				buffer: Buffer.from(`id,type,team,startedAt,endedAt\npseudo-${device},customer_response,${TEAM},2026-03-02T09:00:00Z,2026-03-02T09:40:00Z\n`),
			})
			await submitForm(page, importButton)
			// The notice of the import done: the progress shown while the file goes up is a status too.
			await expect.poll(() => page.locator('.alert-ok[role=status]').count(), { timeout: 15_000 }).toBe(1)
			await check('/admin/metrics/import done')

			// API keys: empty or not, a key without a name or a scope, then a key.
			await page.goto(`${app.server.url}/admin/api-keys`)
			await check('/admin/api-keys')
			await submit('create')
			await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0)
			await check('/admin/api-keys errors')
			await page.locator('input[name=name]').fill('Zendesk export')
			await page.locator('input[name=scopes][value="events:write"]').check()
			await page.locator('input[name=expiresOn]').fill('2001-01-01')
			await submit('create')
			await expect.poll(() => page.locator('[id$="-expiresOn-error"]').count()).toBe(1)
			expect(await page.locator('.field-error').count()).toBe(1)
			await check('/admin/api-keys day past')
			await page.locator('input[name=expiresOn]').fill('')
			await submit('create')
			await expect.poll(() => page.locator('pre').count()).toBe(1)
			await check('/admin/api-keys created')

			// Connectors: the list, a connector that lacks its secret, a GitHub one (our secret), its page.
			await page.goto(`${app.server.url}/admin/connectors`)
			await check('/admin/connectors')
			await page.locator('select[name=provider]').selectOption('zendesk')
			await submit('create')
			await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0)
			await check('/admin/connectors errors')
			await page.locator('select[name=provider]').selectOption('github')
			// Each device its own connector (the desktop's is disabled by now).
			const connectorName = device === 'desktop' ? 'Care desk' : 'Returns desk'
			await page.locator('input[name=name]').fill(connectorName)
			await submit('create')
			await expect.poll(() => page.locator('pre').count()).toBe(2)
			await check('/admin/connectors created')
			// The demo's connector, with deliveries and events waiting for a team; then the new one. From the
			// list loaded afresh: a click while the list still revalidates after the POST is aborted.
			await page.goto(`${app.server.url}/admin/connectors`)
			await page.waitForLoadState('networkidle')
			await page.getByRole('link', { name: 'Zendesk (Email & Chat)' }).first().click()
			await page.waitForURL((u) => /\/admin\/connectors\/.+/.test(u.pathname))
			// Its deliveries include an agent's internal note, ignored: the reason is in the admin's language too.
			await expect.poll(() => page.locator('main').innerText()).toContain(pseudoString('an internal note'))
			await check('the demo connector page')
			await page.goto(`${app.server.url}/admin/connectors`)
			await page.waitForLoadState('networkidle')
			await page.getByRole('link', { name: connectorName }).first().click()
			await page.waitForURL((u) => /\/admin\/connectors\/.+/.test(u.pathname))
			await check('connector page')
			await submit('map')
			await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0)
			await check('connector mapping error')
			await page.locator('input[name=since]').fill('2099-01-01')
			await submit('backfill')
			// The backfill's own error (a day to come): the mapping's errors were on the page until this answer.
			await expect.poll(() => page.locator('[id$="-since-error"]').count()).toBe(1)
			await check('connector backfill errors')
			await submit('rotate')
			await expect.poll(() => page.getByRole('status').count()).toBeGreaterThan(0)
			await check('connector secret rotated')
			await submit('disable')
			await expect.poll(() => page.locator('main button[name=intent][value=enable]').count()).toBe(1)
			await check('connector disabled')

			// Channels: Slack not set up on this server; Teams with ids that are not ids.
			await page.goto(`${app.server.url}/admin/channels`)
			await check('/admin/channels')
			await page.locator('input[name=appId]').fill('not-a-guid')
			await page.locator('input[name=password]').fill('x')
			await page.locator('input[name=tenantId]').fill('also-not')
			await submit('teams-connect')
			await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0)
			await check('/admin/channels teams errors')
			await page.goto(`${app.server.url}/admin/channels?problem=${encodeURIComponent('Slack was not connected: the installation was cancelled in Slack.')}`)
			await check('/admin/channels slack cancelled')
			await submit('default')
			await expect.poll(() => page.getByRole('status').count()).toBeGreaterThan(0)
			await check('/admin/channels default saved')

			// Identity: single sign-on on without its details, then saved; a SCIM token.
			await page.goto(`${app.server.url}/admin/identity`)
			await check('/admin/identity')
			await page.locator('input[name=issuer]').fill('')
			await page.locator('input[name=domains]').fill('')
			await page.locator('input[name=enabled]').check()
			await page.locator('input[name=ssoOnly]').check()
			await submit('sso')
			// At least one error (on the phone, after the desktop saved a client id and secret, fewer fields are missing).
			await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0)
			await check('/admin/identity errors')
			await page.locator('input[name=issuer]').fill('https://login.example.com/oauth2/default')
			await page.locator('input[name=clientId]').fill('state-of-now')
			await page.locator('input[name=clientSecret]').fill('a-client-secret')
			await page.locator('input[name=domains]').fill(`${device}.pseudo-integrations.example`)
			await page.locator('input[name=enabled]').uncheck()
			await page.locator('input[name=ssoOnly]').uncheck()
			await submit('sso')
			await expect.poll(() => page.getByRole('button', { name: new RegExp(`${device}\\.pseudo-integrations\\.example`) }).count()).toBe(1)
			await check('/admin/identity saved')
			await submit('scim-create')
			await expect.poll(() => page.locator('main pre').count()).toBe(1)
			await check('/admin/identity token')

			// The audit log: every event above (a key, a connector created, rotated and disabled, single
			// sign-on saved, a SCIM token) with whom it concerned and its detail, in the admin's language.
			// The action codes shown beside each name are what the filter and the export use.
			data.push(...auditActions)
			await page.goto(`${app.server.url}/admin/audit`)
			await expect.poll(() => page.locator('main .audit-table tbody tr').count()).toBeGreaterThan(5)
			expect(await page.locator('main .audit-table td[data-label] li').count()).toBeGreaterThan(3)
			await check('/admin/audit after the integration pages')
			await page.goto(`${app.server.url}/admin/audit?action=connector.created`)
			await expect.poll(() => page.locator('main .audit-table bdi').count()).toBeGreaterThan(0)
			await check('/admin/audit connectors created')
			await page.close()
		})
	}

	test('screenshots in German and Japanese, desktop and phone: the connector page and the identity page', async () => {
		for (const locale of ['de', 'ja']) {
			for (const [device, options] of [
				['desktop', DESKTOP],
				['phone', PHONE],
			] as const) {
				const page = await app.browser.newPage({ ...options, locale: 'en-GB' })
				await signIn(page, app.server.url, admin.email, admin.password)
				await chooseLanguage(page, locale)
				await page.goto(`${app.server.url}/admin/connectors`)
				await page.waitForLoadState('networkidle')
				expect(await page.locator('html').getAttribute('lang')).toBe(locale)
				await page.locator('main a[href^="/admin/connectors/"]').first().click()
				await page.waitForURL((u) => /\/admin\/connectors\/.+/.test(u.pathname))
				await page.waitForLoadState('networkidle')
				await shot(page, `i18n-integrations-connector-${locale}-${device}`)
				await page.goto(`${app.server.url}/admin/identity`)
				await page.waitForLoadState('networkidle')
				await shot(page, `i18n-integrations-identity-${locale}-${device}`)
				// Nothing sticks out of a phone's width, however long the words.
				expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true)
				await page.close()
			}
		}
	})
})
