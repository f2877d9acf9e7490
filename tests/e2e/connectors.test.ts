/**
 * An admin connects GitHub in the browser: picks the tool, maps a repository to a team, gets the
 * webhook address and the secret once; a reload shows the secret nowhere; a delivery signed with
 * it (as GitHub signs) is taken and appears on the connector's health page, and one signed with
 * anything else is refused; /healthz shows it to the admin and to nobody else.
 */
import { createHmac } from 'node:crypto'

import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm } from './support/browser'

const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!
const app = useServerAndBrowser()

describe('connectors in the browser', () => {
	test('add a GitHub connector: address and secret shown once, a signed delivery arrives', async () => {
		const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } })
		await signIn(page, app.server.url, admin.email, admin.password)
		await page.goto(`${app.server.url}/admin/connectors`)
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Connectors')
		await page.getByLabel('Tool').selectOption({ label: 'GitHub' })
		// GitHub's secret is ours to make: no field to paste one.
		await expect.poll(() => page.getByLabel('Signing secret').count()).toBe(0)
		await page.getByLabel('Name', { exact: true }).fill('Refund service reviews')
		await page.getByLabel(/First mapping/).fill('northwind/refunds')
		await page.getByLabel('…feeds the team').selectOption({ label: 'Customer Care/Social' })
		await submitForm(page, page.getByRole('button', { name: 'Add connector' }))
		await expect.poll(() => page.getByRole('status').textContent()).toContain('shown only this once')
		const secret = (await page.getByLabel('New connector secret').textContent())!.trim()
		const url = (await page.getByLabel('Webhook address').textContent())!.trim()
		expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{20,}$/)
		expect(url).toMatch(/\/api\/v1\/hooks\/demo\/[0-9a-f-]{36}$/)
		await shot(page, 'connectors-01-secret-once')

		// Shown once: neither the list nor the connector's page has it again.
		await page.goto(`${app.server.url}/admin/connectors`)
		expect(await page.content()).not.toContain(secret)
		await page.getByRole('link', { name: 'Refund service reviews' }).click()
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Refund service reviews')
		expect(await page.content()).not.toContain(secret)

		// GitHub's side: a review request, signed with the secret; then one signed with another.
		const body = JSON.stringify({
			action: 'review_requested',
			pull_request: {
				number: 7,
				created_at: '2026-11-30T08:00:00Z',
				updated_at: '2026-11-30T09:00:00Z',
				requested_reviewers: [{ login: 'hubot', type: 'User' }],
				requested_teams: [],
			},
			repository: { id: 99, full_name: 'northwind/refunds' },
		})
		const post = (key: string) =>
			fetch(url.replace(/^https?:\/\/[^/]+/, app.server.url), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'pull_request', 'X-Hub-Signature-256': `sha256=${createHmac('sha256', key).update(body).digest('hex')}` },
				body,
			})
		expect((await post('whsec_not-the-secret')).status).toBe(401)
		const taken = await post(secret)
		expect(taken.status).toBe(200)
		expect(await taken.json()).toMatchObject({ stored: 1 })
		await page.reload()
		await expect.poll(() => page.getByRole('region', { name: 'Last deliveries' }).textContent()).toContain('1 stored')
		await expect.poll(() => page.locator('body').textContent()).toContain('1 refused (bad signature)')
		await shot(page, 'connectors-02-health')

		// /healthz: the admin's connectors for the admin (same session), nothing more for a load balancer.
		const forAdmin = await (await page.request.get(`${app.server.url}/healthz`)).json()
		expect(forAdmin.connectors).toContainEqual(
			expect.objectContaining({ name: 'Refund service reviews', provider: 'github', state: 'ok', today: expect.objectContaining({ stored: 1, refused: 1 }) }),
		)
		const anonymous = await (await fetch(`${app.server.url}/healthz`)).json()
		expect(anonymous).toMatchObject({ status: 'ok' })
		expect(anonymous).not.toHaveProperty('connectors')
		await page.close()
	})
})
