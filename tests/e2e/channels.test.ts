/**
 * Slack in the browser, against a loopback Slack (tests/support/slack-stub.ts): an admin finds
 * Channels from Settings, presses "Add to Slack", "allows" it on the stub's authorize page and is
 * back with the workspace connected, people matched by e-mail and the unmatched listed; sets Slack
 * as the default; an employee sees the choice on their settings page. Both viewports, axe clean,
 * nothing wider than the phone.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { startSlackStub } from '../support/slack-stub'
import { useServerAndBrowser } from './support/app'
import { axeViolations } from './support/axe'
import { shot, signIn } from './support/browser'

const account = (role: (typeof DEMO_ACCOUNTS)[number]['role']) => DEMO_ACCOUNTS.find((a) => a.role === role)!

let stub: Awaited<ReturnType<typeof startSlackStub>>
const env: Record<string, string> = {}
// Before the server starts (hooks run in the order they are registered): its environment points at the stub.
beforeAll(async () => {
	stub = await startSlackStub({ members: DEMO_ACCOUNTS.map((a, i) => ({ id: `U0DEMO${i}`, email: a.email })) })
	Object.assign(env, {
		SLACK_CLIENT_ID: '111.222',
		SLACK_CLIENT_SECRET: 'client-secret',
		SLACK_SIGNING_SECRET: 'signing-secret',
		SLACK_API_URL: stub.url,
		SLACK_AUTHORIZE_URL: stub.authorizeUrl,
	})
})
afterAll(() => stub?.close())

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
		await page.getByRole('button', { name: 'Save' }).click()
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
		await page.getByRole('button', { name: 'Save' }).first().click()
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
