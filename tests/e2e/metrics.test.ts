/**
 * Response-time metrics in the browser on the demo organisation: an admin creates an API key,
 * an integrator posts events with it, the admin sees the weekly table, and a bad CSV is refused
 * with its line numbers.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm, watchForPageErrors } from './support/browser'

const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!

const app = useServerAndBrowser()

describe('response-time metrics in the browser', () => {
	test('an API key is shown once, events posted with it appear in the weekly table, a bad CSV imports nothing', async () => {
		const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } })
		const page = await context.newPage()
		const errors = watchForPageErrors(page)
		await signIn(page, app.server.url, admin.email, admin.password)
		await page.goto(`${app.server.url}/admin/api-keys`)
		await page.getByRole('textbox', { name: /^Name/ }).fill('Helpdesk export')
		// Without a scope the key is not made, and the page says why.
		await submitForm(page, page.getByRole('button', { name: 'Create key' }))
		await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('Choose at least one scope')
		await page.getByRole('textbox', { name: /^Name/ }).fill('Helpdesk export')
		await page.getByRole('checkbox', { name: /events:write/ }).check()
		await submitForm(page, page.getByRole('button', { name: 'Create key' }))
		await expect.poll(() => page.getByLabel('New API key').count()).toBe(1)
		const key = (await page.getByLabel('New API key').textContent())!.trim()
		expect(key.length).toBeGreaterThan(40)
		// The list shows the key's own part as it is sent (after son_ and the organisation's id), once the page is live in the browser.
		await expect.poll(() => page.getByRole('row').filter({ hasText: 'Helpdesk export' }).textContent()).toContain(`son_….${key.split('.')[1]!.slice(0, 8)}…`)
		await shot(page, '30-api-key-created')

		// A desk of its own, so the figures below are only this test's events.
		await page.goto(`${app.server.url}/admin/teams`)
		await page.getByLabel('Team name').fill('E2E Desk')
		await submitForm(page, page.getByRole('button', { name: 'Add team' }))
		await expect.poll(() => page.getByRole('status').textContent()).toContain('Added E2E Desk.')

		// An integrator posts a week of replies for that desk.
		const monday = new Date()
		monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7) - 7)
		monday.setUTCHours(10, 0, 0, 0)
		const events = [15, 30, 45, 60, 240].map((minutes, i) => ({
			id: `e2e-${i}`,
			type: 'customer_response',
			team: 'E2E Desk',
			startedAt: new Date(monday.getTime() + i * 3_600_000).toISOString(),
			endedAt: new Date(monday.getTime() + i * 3_600_000 + minutes * 60_000).toISOString(),
			channel: 'twitter',
		}))
		const posted = await fetch(`${app.server.url}/api/v1/events`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ events }),
		})
		expect(posted.status).toBe(200)
		expect(await posted.json()).toEqual({ inserted: 5, updated: 0 })
		const refused = await fetch(`${app.server.url}/api/v1/events`, {
			method: 'POST',
			headers: { Authorization: 'Bearer son_not.a-key', 'Content-Type': 'application/json' },
			body: JSON.stringify({ events }),
		})
		expect(refused.status).toBe(401)
		// An ingest key cannot read the culture report.
		const report = await fetch(`${app.server.url}/api/v1/reports/mindset?from=2026-01-05&to=2026-03-29`, { headers: { Authorization: `Bearer ${key}` } })
		expect(report.status).toBe(403)
		expect(await report.json()).toMatchObject({ requiredScope: 'reports:read', scopes: ['events:write'] })

		await page.goto(`${app.server.url}/admin/metrics`)
		// Each team is a folded section; its summary names it, its table holds the weeks.
		const desk = page.locator('details.metric-team').filter({ has: page.locator('summary', { hasText: 'E2E Desk' }) })
		await desk.locator('summary').click()
		const row = await desk.getByRole('row').filter({ hasText: 'First reply' }).first().textContent()
		// Five replies: median 45 min; p90 interpolates between the 4th and 5th values,
		// 60 + 0.6 × (240 − 60) = 168 min, shown as 2.8 h.
		expect(row).toContain('45 min')
		expect(row).toContain('2.8 h')
		await shot(page, '31-metrics-weekly')

		// A CSV with a bad line: nothing imported, the line named.
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'son-ev-')), 'events.csv')
		fs.writeFileSync(
			file,
			`id,type,team,startedAt,endedAt,channel,approvals,outcome\ncsv-1,approval,Operations/Returns,${monday.toISOString()},${new Date(monday.getTime() + 7_200_000).toISOString()},,2,approved\ncsv-2,approval,No/Such/Team,${monday.toISOString()},,,,\n`,
		)
		await page.goto(`${app.server.url}/admin/metrics/import`)
		await page.getByLabel(/CSV file/).setInputFiles(file)
		await submitForm(page, page.getByRole('button', { name: /Import/ }))
		await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('Nothing was imported.')
		expect(await page.getByRole('alert').textContent()).toMatch(/3.*team/i)
		await shot(page, '32-metrics-import-errors')
		expect(errors).toEqual([])
		await context.close()
	})
})
