/**
 * The accessibility sweep: axe-core over every page state a person can reach on the demo
 * organisation — signed out, as each role, the error pages — on a desktop (1366 px) and a phone
 * (390 px), requiring zero violations. Each role's sweep collects every violation first, so one
 * run lists them all. It also checks that every route family answers a 403 or 404 with the app's
 * own error page (HTML, the right heading), never a bare text answer.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { axeViolations } from './support/axe'
import { shot, signIn, submitForm } from './support/browser'
import { openPulseNow } from './support/pulse'

const account = (role: (typeof DEMO_ACCOUNTS)[number]['role']) => DEMO_ACCOUNTS.find((a) => a.role === role)!
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

// The scheduler runs every second so that the pulse opened for the employee's sweep opens at once.
const app = useServerAndBrowser({ SCHEDULER_INTERVAL_SECONDS: '1' })

// Dozens of page states, each analysed twice: generous on a busy machine (not a speed budget).
const SWEEP_TIMEOUT = 900_000

const VIEWPORTS = [
	{ name: 'desktop', viewport: { width: 1366, height: 900 } },
	{ name: 'phone', viewport: { width: 390, height: 844 } },
] as const

/** Opens each path (or runs each step) in both viewports and returns every violation found. */
async function sweep(role: string, steps: { state: string; go: (page: Page) => Promise<unknown> }[], signInAs?: { email: string; password: string }) {
	const found: string[] = []
	for (const { name, viewport } of VIEWPORTS) {
		const context: BrowserContext = await app.browser.newContext({ viewport })
		const page = await context.newPage()
		if (signInAs) await signIn(page, app.server.url, signInAs.email, signInAs.password)
		for (const step of steps) {
			await step.go(page)
			await page.waitForLoadState('networkidle')
			found.push(...(await axeViolations(page, `${role} ${name} ${step.state}`)))
			await shot(page, `a11y-${role}-${step.state.replace(/[^a-z0-9]+/gi, '-')}-${name}`)
		}
		await context.close()
	}
	return found
}

const open = (path: string) => ({ state: path, go: (page: Page) => page.goto(`${app.server.url}${path}`) })
const follow = (state: string, from: string, link: RegExp | string) => ({
	state,
	go: async (page: Page) => {
		await page.goto(`${app.server.url}${from}`)
		const heading = page.getByRole('heading', { level: 1 })
		const before = await heading.textContent()
		await page.getByRole('main').getByRole('link', { name: link }).first().click()
		await page.waitForURL((u) => u.pathname !== from)
		// The address changes before React renders the page followed: axe waits for its heading.
		await expect.poll(() => heading.textContent()).not.toBe(before)
	},
})

describe('accessibility: axe finds nothing on any page state', () => {
	test(
		'signed out: sign-in, its error, forgot password, spent links, unknown address',
		async () => {
			const found = await sweep('anonymous', [
				open('/login'),
				{
					state: '/login wrong password',
					go: async (page) => {
						await page.goto(`${app.server.url}/login`)
						await page.getByLabel('E-mail').fill('nobody@example.com')
						await page.getByLabel('Password').fill('not the password')
						await submitForm(page, page.getByRole('button', { name: 'Sign in' }))
						await page.getByRole('alert').waitFor()
					},
				},
				open('/forgot-password'),
				open('/set-password?token=spent'),
				open('/p/not-a-link'),
				open('/no/such/page'),
			])
			expect(found).toEqual([])
		},
		SWEEP_TIMEOUT,
	)

	test(
		'admin: every admin page, a person, a survey and its wave, new forms, errors',
		async () => {
			const found = await sweep(
				'admin',
				[
					open('/home'),
					open('/dashboard'),
					open('/admin/people'),
					follow('person', '/admin/people', /./),
					open('/admin/people/new'),
					open('/admin/people/import'),
					open('/admin/teams'),
					open('/admin/surveys'),
					open('/admin/surveys/new'),
					follow('survey', '/admin/surveys', 'Weekly pulse'),
					{
						state: 'wave',
						go: async (page) => {
							await page.goto(`${app.server.url}/admin/surveys`)
							await page.getByRole('link', { name: 'Weekly pulse' }).click()
							await page.getByRole('heading', { level: 2, name: 'Waves', exact: true }).waitFor()
							await page.getByRole('table').getByRole('link').first().click()
							await page.waitForURL(/\/waves\//)
							await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Wave of')
						},
					},
					open('/admin/items'),
					open('/admin/metrics'),
					open('/admin/metrics/import'),
					open('/admin/outbox'),
					open('/admin/audit'),
					open('/admin/settings'),
					open('/admin/report-settings'),
					open('/admin/api-keys'),
					open('/docs/api'),
					open('/admin/connectors'),
					follow('connector health', '/admin/connectors', 'Zendesk (Email & Chat)'),
					open(`/admin/connectors/${UNKNOWN_ID}`),
					open(`/admin/people/${UNKNOWN_ID}`),
					open(`/admin/surveys/${UNKNOWN_ID}`),
				],
				account('admin'),
			)
			expect(found).toEqual([])
		},
		SWEEP_TIMEOUT,
	)

	test(
		'executive, manager and employee: home, dashboard, pulse, and the 403 pages',
		async () => {
			// The employee answers a pulse: one is opened now, as the demo's own runs only Monday to Thursday.
			const setup = await app.browser.newContext({ viewport: { width: 1366, height: 900 } })
			const hr = await setup.newPage()
			await signIn(hr, app.server.url, account('admin').email, account('admin').password)
			await openPulseNow(hr, app.server.url, { name: 'Care pulse for the sweep', team: 'Customer Care' })
			await setup.close()
			const found = [
				...(await sweep('executive', [open('/home'), open('/dashboard'), open('/results'), open('/actions'), open('/comments'), open('/admin')], account('executive'))),
				...(await sweep('manager', [open('/home'), open('/dashboard'), open('/results'), open('/actions'), open('/admin/people')], account('manager'))),
				...(await sweep(
					'employee',
					[open('/home'), follow('pulse', '/home', /Answer|pulse/i), open('/results'), open('/settings/mail'), open('/dashboard'), open('/admin/surveys')],
					account('employee'),
				)),
			]
			expect(found).toEqual([])
		},
		SWEEP_TIMEOUT,
	)
})

describe('error pages: every route family answers 403 and 404 with the app’s page', () => {
	const PAGE_FAMILIES = [
		'/admin',
		'/admin/people',
		'/admin/people/new',
		'/admin/people/import',
		`/admin/people/${UNKNOWN_ID}`,
		'/admin/teams',
		'/admin/surveys',
		'/admin/surveys/new',
		`/admin/surveys/${UNKNOWN_ID}`,
		`/admin/surveys/${UNKNOWN_ID}/waves/${UNKNOWN_ID}`,
		'/admin/items',
		'/admin/metrics',
		'/admin/metrics/import',
		'/admin/outbox',
		'/admin/audit',
		'/admin/settings',
		'/admin/report-settings',
		'/admin/api-keys',
		'/dashboard',
	]

	test('an employee gets the styled 403 page, saying whom the page is for', async () => {
		const context = await app.browser.newContext()
		const page = await context.newPage()
		await signIn(page, app.server.url, account('employee').email, account('employee').password)
		for (const path of PAGE_FAMILIES) {
			const response = await page.goto(`${app.server.url}${path}`)
			expect([path, response!.status()]).toEqual([path, 403])
			expect([path, response!.headers()['content-type']]).toEqual([path, expect.stringContaining('text/html')])
			expect([path, await page.getByRole('heading', { level: 1 }).textContent()]).toEqual([path, 'Not for your role'])
			expect(await page.getByRole('alert').textContent()).toMatch(/This page is for (admins|executives)|Ask your admin/)
			// The header stays: the person can go on from here.
			expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(1)
		}
		await shot(page, 'error-403-employee')
		await context.close()
	})

	test('an admin gets the styled 404 page for unknown ids and addresses', async () => {
		const context = await app.browser.newContext()
		const page = await context.newPage()
		await signIn(page, app.server.url, account('admin').email, account('admin').password)
		for (const path of [
			`/admin/people/${UNKNOWN_ID}`,
			'/admin/people/not-an-id',
			`/admin/surveys/${UNKNOWN_ID}`,
			`/admin/surveys/${UNKNOWN_ID}/waves/${UNKNOWN_ID}`,
			`/pulses/${UNKNOWN_ID}`,
			'/admin/no-such-page',
			'/dashboard/nope',
			'/nope-404',
		]) {
			const response = await page.goto(`${app.server.url}${path}`)
			expect([path, response!.status()]).toEqual([path, 404])
			expect([path, await page.getByRole('heading', { level: 1 }).textContent()]).toEqual([path, 'Not found'])
			expect(await page.locator('body').innerText()).not.toMatch(/No route matches|undefined/)
		}
		await shot(page, 'error-404-admin')
		await context.close()
	})
})

describe('words in the browser', () => {
	test('the role filter reads as labels; a manager’s team filter lists each team once; no "Manager · Manager"', async () => {
		const context = await app.browser.newContext()
		const page = await context.newPage()
		await signIn(page, app.server.url, account('admin').email, account('admin').password)
		await page.goto(`${app.server.url}/admin/people`)
		expect(await page.getByLabel('Role').locator('option').allTextContents()).toEqual(['All roles', 'Admin (HR / people team)', 'Executive', 'Manager', 'Employee'])
		await context.close()

		const managerContext = await app.browser.newContext()
		const manager = await managerContext.newPage()
		await signIn(manager, app.server.url, account('manager').email, account('manager').password)
		expect(await manager.getByRole('main').textContent()).not.toContain('Manager · Manager')
		await manager.goto(`${app.server.url}/dashboard`)
		const teams = await manager.getByLabel('Team and its sub-teams').locator('option').allTextContents()
		expect(teams[0]).toBe('Customer Care')
		expect(new Set(teams).size).toBe(teams.length)
		await managerContext.close()
	})
})

describe('on a phone (390 px)', () => {
	test('the header is one row with a Menu; the people table shows its last column; the events import page does not overflow', async () => {
		const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } })
		const page = await context.newPage()
		await signIn(page, app.server.url, account('admin').email, account('admin').password)
		await page.goto(`${app.server.url}/admin/people`)
		await page.waitForLoadState('networkidle')
		// One row: the brand and the Menu button (it took three rows of links and the account).
		const header = await page.locator('header').boundingBox()
		expect(header!.height).toBeLessThan(70)
		expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false)
		await shot(page, 'phone-header-folded')
		const menu = page.getByRole('button', { name: 'Menu' })
		expect(await menu.getAttribute('aria-expanded')).toBe('false')
		await menu.click()
		expect(await menu.getAttribute('aria-expanded')).toBe('true')
		await shot(page, 'phone-header-open')
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click()
		await page.waitForURL(/\/admin\/outbox/)
		// Choosing a page closes the menu.
		await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false)

		// The people table fits: its last column (Status) is on screen, not cut.
		await page.goto(`${app.server.url}/admin/people`)
		const status = page.getByRole('columnheader', { name: 'Status' })
		const box = await status.boundingBox()
		expect(box!.x + box!.width).toBeLessThanOrEqual(390)
		const region = page.getByRole('region', { name: 'People' })
		expect(await region.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)

		for (const path of ['/admin/metrics/import', '/admin/people/import', '/admin/outbox', '/docs/api']) {
			await page.goto(`${app.server.url}${path}`)
			expect([path, await page.evaluate(() => document.documentElement.scrollWidth)]).toEqual([path, 390])
		}
		await context.close()
	})

	test('on a desktop (1366 px) the header shows its links, with no Menu button', async () => {
		const context = await app.browser.newContext({ viewport: { width: 1366, height: 900 } })
		const page = await context.newPage()
		await signIn(page, app.server.url, account('admin').email, account('admin').password)
		await page.goto(`${app.server.url}/admin/outbox`)
		await page.waitForLoadState('networkidle')
		expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false)
		expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true)
		await context.close()
	})

	test('the API keys page links to the API documentation, served as a page', async () => {
		const context = await app.browser.newContext()
		const page = await context.newPage()
		await signIn(page, app.server.url, account('admin').email, account('admin').password)
		await page.goto(`${app.server.url}/admin/api-keys`)
		expect(await page.locator('main').innerText()).not.toContain('docs/api.md')
		await page.getByRole('link', { name: 'the API documentation' }).click()
		await page.waitForURL(/\/docs\/api$/)
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('REST API')
		expect(await page.getByRole('heading', { name: 'POST /api/v1/events' }).count()).toBe(1)
		await shot(page, 'docs-api')
		await context.close()
	})
})
