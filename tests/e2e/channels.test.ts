/**
 * Slack in the browser, against a loopback Slack (tests/support/slack-stub.ts): an admin finds
 * Channels from Settings, presses "Add to Slack", "allows" it on the stub's authorize page and is
 * back with the workspace connected, people matched by e-mail and the unmatched listed; sets Slack
 * as the default; an employee sees the choice on their settings page. Then Microsoft Teams,
 * against a loopback Microsoft (tests/support/teams-stub.ts): a wrong app password is refused on
 * the page, the right one connects the bot (and is shown nowhere), Teams reports the app
 * installed and the page lists who is matched and who keeps e-mail. Both viewports, axe clean,
 * nothing wider than the phone.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { startSlackStub } from '../support/slack-stub'
import { startTeamsStub, STUB_APP_ID, STUB_APP_PASSWORD, STUB_TENANT } from '../support/teams-stub'
import { useServerAndBrowser } from './support/app'
import { axeViolations } from './support/axe'
import { shot, signIn, submitForm } from './support/browser'

const account = (role: (typeof DEMO_ACCOUNTS)[number]['role']) => DEMO_ACCOUNTS.find((a) => a.role === role)!

let stub: Awaited<ReturnType<typeof startSlackStub>>
let teams: Awaited<ReturnType<typeof startTeamsStub>>
const env: Record<string, string> = {}
// Before the server starts (hooks run in the order they are registered): its environment points at the stubs.
beforeAll(async () => {
	stub = await startSlackStub({ members: DEMO_ACCOUNTS.map((a, i) => ({ id: `U0DEMO${i}`, email: a.email })) })
	// Everyone but the employee is in the Teams tenant.
	teams = await startTeamsStub({ members: DEMO_ACCOUNTS.filter((a) => a.role !== 'employee').map((a, i) => ({ id: `29:demo-${i}`, email: a.email })) })
	Object.assign(env, {
		TEAMS_OPENID_METADATA_URL: teams.metadataUrl,
		TEAMS_LOGIN_URL: teams.loginUrl,
		SLACK_CLIENT_ID: '111.222',
		SLACK_CLIENT_SECRET: 'client-secret',
		SLACK_SIGNING_SECRET: 'signing-secret',
		SLACK_API_URL: stub.url,
		SLACK_AUTHORIZE_URL: stub.authorizeUrl,
	})
})
afterAll(async () => {
	await stub?.close()
	await teams?.close()
})

const app = useServerAndBrowser(env)

async function noOverflow(page: Page) {
	return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
}

describe('Slack as a channel', () => {
	test('an admin connects Slack, sees who is matched and who keeps e-mail, and makes Slack the default', async () => {
		const context = await app.browser.newContext({ viewport: { width: 1366, height: 900 } })
		const page = await context.newPage()
		await signIn(page, app.server.url, account('admin').email, account('admin').password)
		await page.goto(`${app.server.url}/admin/settings`)
		await page.getByRole('link', { name: 'Channels' }).click()
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Channels')
		await page.getByRole('link', { name: 'Add to Slack' }).click()
		await page.waitForURL((u) => u.searchParams.has('connected'))
		await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Slack is connected to “Northwind Slack”')
		const main = page.getByRole('main')
		expect(await main.textContent()).toContain(`${DEMO_ACCOUNTS.length} people are matched by e-mail`)
		// The stub was asked for exactly the four bot scopes.
		expect(stub.callsTo('oauth.v2.authorize')[0]!.args.scope).toBe('chat:write,im:write,users:read,users:read.email')
		const unmatched = page.locator('[aria-label="People not found in Slack"]')
		expect(await unmatched.locator('tbody tr').count()).toBeGreaterThan(50)
		expect(await unmatched.textContent()).not.toContain(account('employee').email)
		await shot(page, 'channels-connected-desktop')
		expect(await axeViolations(page, 'channels desktop')).toEqual([])

		await page.getByRole('radio', { name: 'Slack' }).check()
		await submitForm(page, page.getByRole('button', { name: 'Save' }))
		await expect.poll(() => main.textContent()).toContain('pulses and results go by Slack')
		await page.reload()
		expect(await page.getByRole('radio', { name: 'Slack' }).isChecked()).toBe(true)
		await context.close()

		const phone = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
		const mobile = await phone.newPage()
		await signIn(mobile, app.server.url, account('admin').email, account('admin').password)
		await mobile.goto(`${app.server.url}/admin/channels`)
		expect(await noOverflow(mobile)).toBe(true)
		await shot(mobile, 'channels-connected-phone')
		expect(await axeViolations(mobile, 'channels phone')).toEqual([])
		await phone.close()
	}, 600_000)

	test('an employee found in Slack chooses where their pulses go; account e-mails stay e-mail', async () => {
		const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
		const page = await context.newPage()
		await signIn(page, app.server.url, account('employee').email, account('employee').password)
		await page.goto(`${app.server.url}/settings/mail`)
		const group = page.getByRole('group', { name: 'Where you get pulses, reminders and results' })
		expect(await group.getByRole('radio', { name: /As your organisation chose \(Slack\)/ }).isChecked()).toBe(true)
		await group.getByRole('radio', { name: 'E-mail' }).check()
		await submitForm(page, page.getByRole('button', { name: 'Save' }).first())
		await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Saved')
		await page.reload()
		expect(await page.getByRole('group', { name: 'Where you get pulses, reminders and results' }).getByRole('radio', { name: 'E-mail' }).isChecked()).toBe(true)
		expect(await page.getByRole('main').textContent()).toContain('Account e-mails (password links) always come by e-mail')
		expect(await noOverflow(page)).toBe(true)
		await shot(page, 'channels-person-phone')
		expect(await axeViolations(page, 'mail settings phone')).toEqual([])
		await context.close()
	}, 600_000)
})

describe('Microsoft Teams as a channel', () => {
	test('an admin connects the Teams bot (a wrong password is refused), Teams reports the app installed, and the page shows who is matched', async () => {
		const context = await app.browser.newContext({ viewport: { width: 1366, height: 900 } })
		const page = await context.newPage()
		await signIn(page, app.server.url, account('admin').email, account('admin').password)
		await page.goto(`${app.server.url}/admin/channels`)
		const main = page.getByRole('main')
		expect(await main.textContent()).toContain(`${app.server.url}/api/v1/teams/messages`)
		await page.getByLabel('Microsoft app id').fill(STUB_APP_ID)
		await page.getByLabel('App password (client secret)').fill('not-the-password')
		await page.getByLabel('Tenant id').fill(STUB_TENANT)
		await submitForm(page, page.getByRole('button', { name: 'Connect Microsoft Teams' }))
		await expect.poll(() => main.textContent()).toContain('Microsoft refused the bot’s credentials (invalid_client)')
		expect(await page.getByRole('radio', { name: /Microsoft Teams/ }).isDisabled()).toBe(true)

		await page.getByLabel('Microsoft app id').fill(STUB_APP_ID)
		await page.getByLabel('App password (client secret)').fill(STUB_APP_PASSWORD)
		await page.getByLabel('Tenant id').fill(STUB_TENANT)
		await submitForm(page, page.getByRole('button', { name: 'Connect Microsoft Teams' }))
		await expect.poll(() => main.textContent()).toContain('Microsoft Teams is connected')
		await expect.poll(() => main.textContent()).toContain('Teams has not contacted the bot yet')
		expect(await page.content()).not.toContain(STUB_APP_PASSWORD)

		// Teams tells the bot it was installed in a team: a signed activity, as Microsoft would send it.
		const installed = await fetch(`${app.server.url}/api/v1/teams/messages`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await teams.sign()}` },
			body: JSON.stringify({
				type: 'installationUpdate',
				action: 'add',
				id: 'f:install-1',
				channelId: 'msteams',
				serviceUrl: teams.serviceUrl,
				from: { id: '29:demo-0' },
				recipient: { id: `28:${STUB_APP_ID}` },
				conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: STUB_TENANT },
				channelData: { tenant: { id: STUB_TENANT } },
			}),
		})
		expect(installed.status).toBe(200)
		await page.reload()
		expect(await main.textContent()).toContain(`${DEMO_ACCOUNTS.length - DEMO_ACCOUNTS.filter((a) => a.role === 'employee').length} people are matched by e-mail`)
		expect(await main.textContent()).not.toContain('Teams has not contacted the bot yet')
		// More people are not matched than the page lists: the first 100 by name, all of them in the download.
		const unmatched = page.locator('[aria-label="People not found in Microsoft Teams"]')
		const notMatchedCount = Number((await main.locator('summary', { hasText: 'Not found in Microsoft Teams' }).textContent())!.match(/(\d+) people keep e-mail/)![1])
		expect(notMatchedCount).toBeGreaterThan(100)
		expect(await unmatched.locator('tbody tr').count()).toBe(100)
		expect(await main.textContent()).toContain(`Showing the first 100 by name of ${notMatchedCount}.`)
		await main.locator('summary', { hasText: 'Not found in Microsoft Teams' }).click()
		const download = main.getByRole('link', { name: `Download all ${notMatchedCount} as a CSV file (e-mail, name, team)` })
		expect(await download.getAttribute('href')).toBe('/admin/channels/teams/unmatched')
		const file = await page.request.get(`${app.server.url}/admin/channels/teams/unmatched`)
		expect(file.status()).toBe(200)
		const rows = (await file.text()).trim().split('\r\n')
		expect(rows[0]).toBe('email,name,team')
		expect(rows).toHaveLength(notMatchedCount + 1)
		expect(rows.some((r) => r.startsWith(`${account('employee').email},`))).toBe(true)
		expect(await page.getByRole('radio', { name: /Microsoft Teams/ }).isDisabled()).toBe(false)
		await shot(page, 'channels-teams-desktop')
		expect(await axeViolations(page, 'channels teams desktop')).toEqual([])
		await context.close()

		const phone = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
		const mobile = await phone.newPage()
		await signIn(mobile, app.server.url, account('admin').email, account('admin').password)
		await mobile.goto(`${app.server.url}/admin/channels`)
		expect(await noOverflow(mobile)).toBe(true)
		expect(await axeViolations(mobile, 'channels teams phone')).toEqual([])
		await phone.close()
	}, 600_000)
})
