/**
 * The culture dashboard on the demo organisation (26 weeks of seeded history): the executive
 * sees every part with real numbers; the manager only their own subtree; employees get a 403.
 */
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, watchForPageErrors } from './support/browser'

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!

const app = useServerAndBrowser({ BACKGROUND_JOBS: '0' })

describe('culture dashboard', () => {
	test('an executive sees the index, its change, findings, trend, heatmap, eNPS and the lag table', async () => {
		const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } })
		const page = await context.newPage()
		const errors = watchForPageErrors(page)
		const exec = account('executive')
		await signIn(page, app.server.url, exec.email, exec.password)
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click()
		await page.waitForURL(`${app.server.url}/dashboard`)
		const headline = (await page.getByRole('region', { name: 'Real-Time Mindset Index' }).textContent())!
		expect(headline).toMatch(/From \d+ in the baseline .* to \d+ in the latest weeks .*: [+−]\d+ points, 95% CI ±\d+/)
		expect(headline).toMatch(/\d+% of the way from the baseline to the target of 75/)
		// The seeded story: autonomy leads first response time.
		const findings = (await page.getByRole('region', { name: 'What the data says' }).textContent())!
		expect(findings).toContain('Decision autonomy leads first response time')
		// Heatmap: a row per top-level team with numbers.
		const heat = page.getByRole('region', { name: 'Teams by dimension', exact: true })
		expect(await heat.getByRole('row').filter({ hasText: 'Customer Care' }).textContent()).toMatch(/\d+\s*\d+%/)
		expect(await page.getByRole('region', { name: 'eNPS, latest weeks' }).textContent()).toMatch(/[+−]\d+/)
		expect(await page.getByRole('region', { name: 'Culture ↔ first response time' }).getByRole('row').count()).toBeGreaterThan(3)
		// The demo's comments, for the whole organisation (far above the threshold of 10).
		expect(await page.getByRole('region', { name: 'In their own words' }).getByRole('listitem').count()).toBeGreaterThan(10)
		// The charts have a table alternative with the same figures.
		await page.getByText('The same as a table').first().click()
		expect(await page.getByRole('region', { name: 'Trend by week' }).getByRole('row').count()).toBeGreaterThan(20)
		// The scatter says its rank correlation in words: in the demo, more autonomy, faster replies.
		expect(await page.getByRole('region', { name: /Autonomy and first reply/ }).textContent()).toMatch(/Spearman ρ = -0\.\d\d over [\d,]+ team-weeks.*first replies are faster/)
		await shot(page, '40-dashboard-executive')

		// Filter to one team: its sub-teams become the heatmap rows.
		await page.getByLabel('Team (with its sub-teams)').selectOption({ label: 'Customer Care' })
		await page.getByRole('button', { name: 'Show' }).click()
		await expect.poll(() => heat.getByRole('row').filter({ hasText: 'Customer Care › Social' }).count()).toBe(1)

		// Managers only: the team leads are a handful per team, so their cells are hidden, and say why.
		await page.getByLabel('Level').selectOption({ label: 'Manager' })
		await page.getByRole('button', { name: 'Show' }).click()
		await expect.poll(() => page.getByText('manager level only').count()).toBe(1)
		expect(await heat.textContent()).toMatch(/hidden: under 5|hidden †/)
		await shot(page, '42-dashboard-managers-level')
		expect(errors).toEqual([])
		await context.close()
	})

	test('a manager sees only their own subtree; an employee is refused', async () => {
		const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } })
		const page = await context.newPage()
		const manager = account('manager')
		await signIn(page, app.server.url, manager.email, manager.password)
		await page.goto(`${app.server.url}/dashboard`)
		const options = await page.getByLabel('Team (with its sub-teams)').locator('option').allTextContents()
		expect(options.some((o) => o.includes('Customer Care › Social'))).toBe(true)
		expect(options.some((o) => o.includes('Operations') || o.includes('Stores') || o.includes('Marketing'))).toBe(false)
		const rows = await page.getByRole('region', { name: 'Teams by dimension', exact: true }).getByRole('row').allTextContents()
		expect(rows.join(' ')).not.toMatch(/Operations|Stores|Marketing/)
		await shot(page, '41-dashboard-manager-phone')
		// Another team's id in the URL answers 404, not its figures.
		const html = await (await context.request.get(`${app.server.url}/dashboard?team=00000000-0000-0000-0000-000000000001`)).text()
		expect(html).not.toContain('Real-Time Mindset Index')
		await context.close()

		const employeeContext = await app.browser.newContext()
		const employeePage = await employeeContext.newPage()
		const employee = account('employee')
		await signIn(employeePage, app.server.url, employee.email, employee.password)
		const response = await employeePage.goto(`${app.server.url}/dashboard`)
		expect(response!.status()).toBe(403)
		await employeeContext.close()
	})
})
