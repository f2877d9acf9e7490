/**
 * What a new user trips on in the layout (issue 18, item 8), on a desktop (1366 px) and a phone
 * (390 px): the admin menu in one row, a link to Results from the employee's home, a reply key
 * that is waiting for its results rather than "no longer works", the method served as a page, and
 * a response-times page a phone can scroll through. None of it needs an open pulse.
 */
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { axeViolations } from './support/axe'
import { shot, signIn, submitForm } from './support/browser'

const account = (role: (typeof DEMO_ACCOUNTS)[number]['role']) => DEMO_ACCOUNTS.find((a) => a.role === role)!
const app = useServerAndBrowser()

// Generous on a busy machine (CI runs at load 15–25): not a speed budget.
const SLOW = 400_000

async function page(role: (typeof DEMO_ACCOUNTS)[number]['role'], width: number): Promise<Page> {
	const context = await app.browser.newContext({ viewport: { width, height: width > 800 ? 900 : 844 } })
	const p = await context.newPage()
	p.on('close', () => void context.close().catch(() => {})) // the browser may already be closing
	const a = account(role)
	await signIn(p, app.server.url, a.email, a.password)
	return p
}

describe('the layout at 1366 and 390 px', () => {
	test(
		'at 1366 px the admin menu is one row on every kind of page, the dashboard too',
		async () => {
			const p = await page('admin', 1366)
			for (const path of ['/admin/settings', '/admin/audit', '/dashboard', '/home']) {
				await p.goto(`${app.server.url}${path}`)
				const links = p.getByRole('navigation', { name: 'Main' }).getByRole('link')
				expect(await links.count()).toBe(12)
				const tops = new Set(await links.evaluateAll((all) => all.map((a) => Math.round(a.getBoundingClientRect().top))))
				expect([path, tops.size]).toEqual([path, 1])
				// The brand, the links and the account share that row (two rows were about 120 px).
				expect((await p.locator('header').boundingBox())!.height, path).toBeLessThan(80)
			}
			await shot(p, 'layout-admin-header-1366')
			await p.close()
		},
		SLOW,
	)

	test(
		'the employee’s home links to Results; a reply key kept today is waiting for its results, not broken',
		async () => {
			for (const width of [1366, 390]) {
				const p = await page('employee', width)
				await p.goto(`${app.server.url}/home`)
				await p.getByRole('main').getByRole('link', { name: 'See your team’s results' }).click()
				await p.waitForURL(/\/results$/)
				// The link kept when leaving a comment, opened the same day: the comment is still held until its week is released.
				const key = 'r_abcdefghijkmnpqrstuvwxyz23456789'
				await p.goto(`${app.server.url}/replies#${key}`)
				// The page keeps the key once it has loaded in the browser; it says the same as home will.
				await expect.poll(() => p.getByRole('main').textContent(), { timeout: 30_000 }).toContain('is waiting for its week’s results to be released')
				await p.goto(`${app.server.url}/home`)
				const replies = p.getByRole('region', { name: 'Replies to your comments' })
				await expect.poll(() => replies.textContent(), { timeout: 30_000 }).toContain('is waiting for its week’s results to be released')
				expect(await replies.textContent()).not.toMatch(/no longer works/)
				await shot(p, `layout-employee-home-${width}`)
				await p.close()
			}
		},
		SLOW,
	)

	test(
		'the method is a page, linked from the report settings instead of a bare path',
		async () => {
			const p = await page('admin', 1366)
			await p.goto(`${app.server.url}/admin/report-settings`)
			expect(await p.locator('main').innerText()).not.toContain('docs/METHOD.md')
			await p.getByRole('link', { name: 'how every figure is computed' }).click()
			await p.waitForURL(/\/docs\/method$/)
			await expect.poll(() => p.getByRole('heading', { level: 1 }).textContent()).toBe('Method: how every figure is computed')
			// Its own links land on its headings.
			await p.getByRole('link', { name: 'Worked example' }).first().click()
			await p.waitForURL(/\/docs\/method#worked-example$/)
			expect(await p.locator('#worked-example').isVisible()).toBe(true)
			// Its top (words, summary, contents): the whole page, 53 KB of reference, is too long to capture in time.
			await shot(p, 'layout-docs-method-1366', { until: 'nav.doc-contents' })
			await p.close()
			const phone = await page('admin', 390)
			await phone.goto(`${app.server.url}/docs/method`)
			expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBe(390)
			await phone.close()
		},
		SLOW,
	)

	test(
		'on a phone the response-times page folds each team: short enough to scroll, each team one tap away',
		async () => {
			const p = await page('admin', 390)
			await p.goto(`${app.server.url}/admin/metrics`)
			const teams = p.locator('details.metric-team')
			expect(await teams.count()).toBeGreaterThan(5)
			const height = await p.evaluate(() => document.documentElement.scrollHeight)
			// It was 24,505 px with every team's weeks in one table.
			expect(height).toBeLessThan(5000)
			expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBe(390)
			await shot(p, 'layout-metrics-folded-390')
			await teams.first().locator('summary').click()
			expect(await teams.first().getByRole('row').count()).toBeGreaterThan(2)
			await shot(p, 'layout-metrics-one-open-390')
			await p.close()
		},
		SLOW,
	)

	test(
		'axe finds nothing on what changed: refused report settings, the owner picker, the method, the folded metrics (both widths)',
		async () => {
			const found: string[] = []
			for (const width of [1366, 390]) {
				const admin = await page('admin', width)
				await admin.goto(`${app.server.url}/admin/report-settings`)
				for (const input of await admin.locator('input[name^="weight."]').all()) await input.fill('0')
				await admin.locator('input[name=commentK]').fill('2')
				await submitForm(admin, admin.getByRole('button', { name: 'Save report settings' }))
				await expect.poll(() => admin.locator('.field-error').count()).toBe(2)
				// Both mistakes at once, and the zeros typed are still there.
				expect(await admin.locator('input[name="weight.autonomy"]').inputValue()).toBe('0')
				found.push(...(await axeViolations(admin, `report settings refused ${width}`)))
				await shot(admin, `layout-report-settings-refused-${width}`)
				for (const path of ['/docs/method', '/admin/metrics']) {
					await admin.goto(`${app.server.url}${path}`)
					found.push(...(await axeViolations(admin, `${path} ${width}`)))
				}
				await admin.close()
				const manager = await page('manager', width)
				await manager.goto(`${app.server.url}/actions`)
				expect(await manager.getByLabel('Owner').inputValue()).toBe('Maya Okafor · Customer Care')
				// Every choice is of Customer Care or below, by name and team, with no e-mail.
				const choices = await manager.locator('#owner-choices option').evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value))
				expect(choices.length).toBeGreaterThan(5)
				expect(choices.filter((c) => !c.includes('· Customer Care') || c.includes('@'))).toEqual([])
				found.push(...(await axeViolations(manager, `actions ${width}`)))
				await shot(manager, `layout-actions-owner-${width}`)
				await manager.close()
			}
			expect(found).toEqual([])
		},
		SLOW,
	)
})
