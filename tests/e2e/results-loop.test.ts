/**
 * Closing the loop on the demo (26 released weeks): an employee opens their team's results on a
 * phone; their manager turns the weakest dimension into an action; the team sees it on its
 * results page. Screenshots at 390 px and 1366 px.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm, watchForPageErrors } from './support/browser'

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!

const app = useServerAndBrowser({ BACKGROUND_JOBS: '0' })

/** Serious and critical WCAG 2 A/AA findings on the page (axe-core). */
async function accessibilityProblems(page: Page) {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
	return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

const TITLE = 'Weekly 15-minute slot to settle open customer cases together'

describe('results and actions loop', () => {
	test('the employee sees their team’s results; the manager plans an action on the weakest dimension; the team sees it', async () => {
		// 1. Sam, on a phone: results of Customer Care › Social (or the nearest group shown), with the demo's measured action.
		const phone = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
		const samPage = await phone.newPage()
		const samErrors = watchForPageErrors(samPage)
		const sam = account('employee')
		await signIn(samPage, app.server.url, sam.email, sam.password)
		// On a phone the header folds its links behind the Menu button.
		await samPage.getByRole('button', { name: 'Menu' }).click()
		await samPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' }).click()
		await samPage.waitForURL(`${app.server.url}/results`)
		const headline = (await samPage.locator('.results-headline').textContent())!
		expect(headline).toMatch(/\d+\s*\/ 100 Real-Time Mindset Index/)
		expect(headline).toMatch(/[+−±]\d+ on the week before/)
		expect(headline).toMatch(/answered \(\d+%\)/)
		expect(await samPage.getByText('Customer Care › Social').count()).toBeGreaterThan(0)
		expect(await samPage.getByRole('region', { name: 'Strongest' }).getByRole('listitem').count()).toBe(2)
		expect(await samPage.getByRole('region', { name: 'Weakest' }).getByRole('listitem').count()).toBe(2)
		// Employees read actions; they do not plan them.
		expect(await samPage.getByRole('link', { name: /Plan an action/ }).count()).toBe(0)
		const saidDid = samPage.getByRole('region', { name: 'You said, we did' })
		expect(await saidDid.textContent()).toMatch(
			/Agents refund up to €50 on social without asking a lead.*Decision autonomy: \d+ before .* → \d+ since .*: \+\d+ points against the other teams \(likely between [+±]\d+ and \+\d+\), moved up/s,
		)
		expect(await samPage.getByRole('region', { name: 'Trend' }).getByRole('row').count()).toBeGreaterThan(10)
		// Nothing wider than the phone.
		expect(await samPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
		await shot(samPage, '60-results-employee-phone')
		expect(await accessibilityProblems(samPage)).toEqual([])
		// Another team's id: 404, no figures.
		const other = await samPage.goto(`${app.server.url}/results?team=00000000-0000-4000-8000-000000000001`)
		expect(other!.status()).toBe(404)

		// 2. Maya, the Customer Care manager, on a laptop: picks Social, plans an action on its weakest dimension.
		const laptop = await app.browser.newContext({ viewport: { width: 1366, height: 900 } })
		const mayaPage = await laptop.newPage()
		const mayaErrors = watchForPageErrors(mayaPage)
		const maya = account('manager')
		await signIn(mayaPage, app.server.url, maya.email, maya.password)
		await mayaPage.goto(`${app.server.url}/results`)
		const teams = await mayaPage.getByLabel('Team', { exact: true }).locator('option').allTextContents()
		expect(teams).toContain('Customer Care › Social')
		expect(teams.some((t) => /Stores|Operations|Marketing/.test(t))).toBe(false)
		await mayaPage.getByLabel('Team', { exact: true }).selectOption({ label: 'Customer Care › Social' })
		await mayaPage.getByRole('button', { name: 'Show' }).click()
		await mayaPage.waitForURL(/team=/)
		await shot(mayaPage, '61-results-manager-desktop')
		const weakest = mayaPage.getByRole('region', { name: 'Weakest' })
		const weakestLabel = (await weakest.getByRole('listitem').first().textContent())!.replace(/^\d+\s*/, '').replace(/\s*Plan an action$/, '')
		await weakest
			.getByRole('link', { name: /Plan an action/ })
			.first()
			.click()
		await mayaPage.waitForURL(/\/actions\?/)
		// The form starts on the team and dimension chosen.
		expect(await mayaPage.getByLabel('Team', { exact: true }).locator('option:checked').textContent()).toBe('Customer Care › Social')
		expect(await mayaPage.getByLabel('Dimension it targets').locator('option:checked').textContent()).toBe(weakestLabel)
		// A mistake first: no due date. The form says so and keeps what was typed.
		await mayaPage.getByLabel('What will change').fill(TITLE)
		await submitForm(mayaPage, mayaPage.getByRole('button', { name: 'Save action' }))
		await expect.poll(() => mayaPage.getByText('Enter a due date as YYYY-MM-DD.').count()).toBe(1)
		expect(await mayaPage.getByLabel('What will change').inputValue()).toBe(TITLE)
		await mayaPage.getByLabel('Due').fill('2099-03-31')
		await submitForm(mayaPage, mayaPage.getByRole('button', { name: 'Save action' }))
		await mayaPage.waitForURL(/\/actions\/[0-9a-f-]{36}\?created=1/)
		// The address changes before React renders the action's page: polled, not read once.
		await expect.poll(() => mayaPage.getByRole('status').first().textContent()).toContain('The team sees it on its results page')
		expect(await mayaPage.getByRole('region', { name: 'Measured' }).textContent()).toMatch(/too few weeks yet/)
		await mayaPage.getByLabel('What happened').fill('First slot held on Tuesday; three cases closed on the spot.')
		await submitForm(mayaPage, mayaPage.getByRole('button', { name: 'Add update' }))
		await expect.poll(() => mayaPage.getByText('Update added.').count()).toBe(1)
		await mayaPage.getByLabel('Status').selectOption({ label: 'Under way' })
		await submitForm(mayaPage, mayaPage.getByRole('button', { name: 'Save status' }))
		await expect.poll(() => mayaPage.getByText('Status saved.').count()).toBe(1)
		await shot(mayaPage, '62-action-page-desktop')
		expect(await accessibilityProblems(mayaPage)).toEqual([])

		// 3. Sam sees it on the results page, under way, with the update.
		await samPage.goto(`${app.server.url}/results`)
		const card = samPage.getByRole('article', { name: TITLE })
		expect(await card.textContent()).toMatch(/Under way.*First slot held on Tuesday.*too few weeks yet/s)
		await shot(samPage, '63-results-employee-with-action-phone')

		// The executive dashboard says which actions moved the needle.
		const exec = account('executive')
		const execPage = await laptop.newPage()
		const execErrors = watchForPageErrors(execPage)
		// Signed out before the executive signs in, in the same browser: the sign-out's answer, which
		// ends the session cookie, could otherwise arrive after the executive's sign-in had set it.
		await submitForm(mayaPage, mayaPage.getByRole('button', { name: /Sign out/ }))
		await mayaPage.waitForURL((u) => u.pathname === '/login')
		await signIn(execPage, app.server.url, exec.email, exec.password)
		await execPage.goto(`${app.server.url}/dashboard`)
		expect(await execPage.getByRole('region', { name: 'Did our actions move the needle?' }).textContent()).toMatch(/Agents refund up to €50.*moved up/s)
		await shot(execPage, '64-dashboard-actions-desktop')
		await samPage.setViewportSize({ width: 1366, height: 900 })
		await samPage.goto(`${app.server.url}/results`)
		await shot(samPage, '65-results-employee-desktop')

		// The admin stops sharing the demo survey with teams: Sam's results page has nothing to show; the dashboard keeps it.
		const admin = account('admin')
		const adminContext = await app.browser.newContext({ viewport: { width: 1366, height: 900 } })
		const adminPage = await adminContext.newPage()
		const adminErrors = watchForPageErrors(adminPage)
		await signIn(adminPage, app.server.url, admin.email, admin.password)
		await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Surveys' }).click()
		await adminPage.getByRole('link', { name: 'Weekly pulse', exact: true }).click()
		const share = adminPage.getByRole('region', { name: 'Results for teams' })
		await share.getByLabel('After a delay, so leaders can read them first').check()
		await share.getByLabel(/Delay in days/).fill('0')
		await submitForm(adminPage, share.getByRole('button', { name: 'Save sharing' }))
		await expect.poll(() => share.getByText('Enter a number of days from 1 to 90.').count()).toBe(1)
		await share.getByLabel('Not at all').check()
		await submitForm(adminPage, share.getByRole('button', { name: 'Save sharing' }))
		await expect.poll(() => adminPage.getByText('Saved: teams see this survey’s results').count()).toBe(1)
		await shot(adminPage, '66-survey-sharing-desktop')
		await samPage.setViewportSize({ width: 390, height: 844 })
		await samPage.goto(`${app.server.url}/results`)
		expect(await samPage.getByText('No results to show yet').count()).toBe(1)
		await adminPage.goto(`${app.server.url}/dashboard`)
		expect(await adminPage.getByRole('region', { name: 'Real-Time Mindset Index' }).textContent()).toMatch(/\d+ \/ 100/)
		expect([...samErrors, ...mayaErrors, ...execErrors, ...adminErrors]).toEqual([])
		await adminContext.close()
		await phone.close()
		await laptop.close()
	})
})
