/**
 * The statistics on the demo dashboard as a user reads them: the change since the baseline with
 * its team-clustered interval, its verdict and the smallest change that would count; "too few
 * teams to tell" where a selection has fewer than five; p and q in the lag table with the tests
 * that survive marked; the priority matrix with its importances. Screenshots of these parts at
 * 1366 px and at 390 px.
 */
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { signIn, watchForPageErrors } from './support/browser'

const exec = DEMO_ACCOUNTS.find((a) => a.role === 'executive')!
const app = useServerAndBrowser({ BACKGROUND_JOBS: '0' })

async function part(page: Page, name: string, file: string) {
	await page.getByRole('region', { name, exact: true }).screenshot({ path: `test-results/screenshots/${file}.png` })
}

describe('honest statistics on the dashboard', () => {
	for (const [width, tag] of [
		[1366, 'desktop'],
		[390, 'phone'],
	] as const) {
		test(`an executive reads the interval, the verdict, the smallest change, p and q, and what matters most (${tag})`, async () => {
			const context = await app.browser.newContext({ viewport: { width, height: 900 } })
			const page = await context.newPage()
			const errors = watchForPageErrors(page)
			await signIn(page, app.server.url, exec.email, exec.password)
			await page.goto(`${app.server.url}/dashboard`)

			// The first screen says whether the change is real; the interval, from the teams, is one click away.
			const headline = page.getByRole('region', { name: 'Real-Time Mindset Index' })
			expect(await headline.getByTestId('index-change').textContent()).toMatch(/^Up \d+ points since .+, more than chance\.$/)
			const how = page.getByTestId('how-computed')
			await how.locator('summary').click()
			const interval = (await how.getByTestId('progress-interval').textContent())!
			const [, low, high] = /^([+−]?\d+\.\d) to ([+−]?\d+\.\d)$/.exec(interval)!
			const num = (s: string) => Number(s.replace('−', '-'))
			const delta = num(/Change of the index ([+−]\d+\.\d) points/.exec((await how.textContent())!)![1]!)
			expect(num(low!)).toBeLessThan(delta)
			expect(num(high!)).toBeGreaterThan(delta)
			expect(await how.textContent()).toMatch(/from \d+ teams \(clustered by team/)
			// The demo's culture has moved clearly since the baseline: the interval is clear of 0.
			expect(await how.getByTestId('progress-verdict').textContent()).toBe('a real rise')
			expect(await how.getByTestId('smallest-change').textContent()).toMatch(/can tell from chance: ±\d+\.\d points/)
			await how.getByTestId('progress-detail').screenshot({ path: `test-results/screenshots/50-statistics-headline-${tag}.png` })

			// p and q in the lag table; the surviving tests are marked, and the method is said.
			const lags = how.getByTestId('lag-table')
			expect(
				await lags
					.getByRole('cell')
					.filter({ hasText: /p (< 0\.001|0\.\d{3})\s*q (< 0\.001|0\.\d{3})/ })
					.count(),
			).toBeGreaterThanOrEqual(20)
			expect(await lags.locator('td[data-significant="yes"]').count()).toBeGreaterThan(0)
			expect(await how.getByTestId('lag-method').textContent()).toMatch(/all 5,040 pairings of\s+7 teams/)
			await lags.screenshot({ path: `test-results/screenshots/51-statistics-lags-${tag}.png` })

			// What matters most: a matrix of the five dimensions asked, their importances with intervals, and the focus said.
			const drivers = page.getByRole('region', { name: 'What matters most', exact: true })
			// The suggested focus is said on the card; the matrices are one click away.
			expect(await drivers.getByTestId('drivers-summary').textContent()).toMatch(
				/^(Suggested focus: .+|No dimension is both low and clearly important: no focus to suggest\.)( From the week of .+ alone\.)?$/,
			)
			await drivers.locator('summary').click()
			for (const id of ['drivers-enps', 'drivers-culture']) {
				const block = drivers.getByTestId(id)
				expect(await block.locator('svg circle').count()).toBe(5)
				expect(await block.getByRole('row').count()).toBe(6)
				expect(await block.getByTestId(`${id}-focus`).textContent()).toMatch(/^(Suggested focus: .+|No suggested focus: .+)$/)
				expect(await block.textContent()).toMatch(/\d+ respondents in the week of \d{4}-\d\d-\d\d, each once/)
			}
			expect(await drivers.getByTestId('drivers-enps').getByRole('row').filter({ hasText: 'Decision autonomy' }).textContent()).toMatch(/0\.\d\d\s*95%: −?0\.\d\d to 0\.\d\d/)
			await part(page, 'What matters most', `52-statistics-drivers-${tag}`)

			// Customer Care alone: its answers come from fewer than five teams shown throughout, too few to tell a change from chance.
			await page.getByLabel('Team and its sub-teams').selectOption({ label: 'Customer Care' })
			await page.getByRole('button', { name: 'Show' }).click()
			await expect.poll(() => headline.getByTestId('index-change').textContent()).toMatch(/too few teams to tell whether that is more than chance\.$/)
			await how.locator('summary').click()
			expect(await how.getByTestId('progress-detail').textContent()).toMatch(/too few teams to tell.*Its answers come from only [1-4] teams?/)
			expect(await how.getByTestId('progress-interval').count()).toBe(0)
			// Fewer than 30 respondents in its latest week: no importances.
			expect(await drivers.textContent()).toContain('at least 30 respondents')
			await part(page, 'Real-Time Mindset Index', `53-statistics-too-few-teams-${tag}`)
			expect(errors).toEqual([])
			await context.close()
		})
	}
})
