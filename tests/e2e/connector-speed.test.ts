/**
 * From a tool to the dashboard: an admin connects Zendesk, maps a Zendesk group to Operations ›
 * Logistics on the connector's page (a team with culture scores and, until now, no response
 * times), three tickets' first public replies arrive as signed webhook deliveries, and the
 * dashboard's culture-and-speed table shows that team's week with their median first reply.
 */
import { describe, expect, test } from 'vitest'

import { providerFor } from '~/connectors/registry'
import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm } from './support/browser'

const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!
const app = useServerAndBrowser()

const SECRET = 'zendesk-signing-secret-for-the-logistics-desk'
const GROUP = '424242'
const DAY = 86_400_000

/** Monday (UTC date) of the week two weeks before this one: released, with pulse answers, in every time zone. */
function weekTwoBack(now = Date.now()) {
	const today = new Date(now)
	const monday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - ((today.getUTCDay() + 6) % 7) * DAY - 14 * DAY
	return monday
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

describe('a connector feeds the dashboard’s speed figure', () => {
	test('map a Zendesk group to a team, deliveries arrive, the team’s median first reply shows on the dashboard', async () => {
		const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } })
		await signIn(page, app.server.url, admin.email, admin.password)

		// The week's dashboard before: Logistics has culture scores but no first replies, so no row.
		const monday = weekTwoBack()
		const dashboard = `${app.server.url}/dashboard?from=${isoDay(monday - 21 * DAY)}&to=${isoDay(monday + 6 * DAY)}`
		const logisticsRows = async () => {
			const culture = page.getByRole('region', { name: 'Culture and speed' })
			await culture.getByText(/The same as a table/).click()
			return culture.getByRole('row').filter({ hasText: 'Operations › Logistics' }).allTextContents()
		}
		await page.goto(dashboard)
		expect(await logisticsRows()).toEqual([])

		// Connect Zendesk (its signing secret pasted), then map its group on the connector's page.
		await page.goto(`${app.server.url}/admin/connectors`)
		await page.getByLabel('Tool').selectOption({ label: 'Zendesk' })
		await page.getByLabel('Name', { exact: true }).fill('Logistics desk')
		await page.getByLabel('Signing secret').fill(SECRET)
		await submitForm(page, page.getByRole('button', { name: 'Add connector' }))
		await expect.poll(() => page.getByRole('status').textContent()).toContain('Connector “Logistics desk” added.')
		const url = (await page.getByLabel('Webhook address').textContent())!.trim()
		await page.getByRole('link', { name: 'Set-up steps, team mapping and health' }).click()
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Logistics desk')
		await page.getByRole('textbox', { name: /group id/ }).fill(GROUP)
		await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Operations/Logistics' })
		await submitForm(page, page.getByRole('button', { name: 'Save mapping' }))
		await expect.poll(() => page.getByRole('status').textContent()).toContain('Mapped.')
		await expect
			.poll(() =>
				page
					.getByRole('listitem')
					.filter({ hasText: `“${GROUP}”` })
					.textContent(),
			)
			.toBe(`group id “${GROUP}” → Operations/Logistics`)

		// Zendesk's side: three tickets on the Wednesday of that week, first public replies after 12, 17 and 25 minutes.
		const zendesk = providerFor('zendesk')!
		for (const [i, minutes] of [12, 17, 25].entries()) {
			const created = monday + 2 * DAY + (10 + i) * 3_600_000
			const body = JSON.stringify({
				type: 'zen:event-type:ticket.comment_added',
				account_id: 21825834,
				id: `01JLOGISTICS${i}`,
				time: new Date(created + minutes * 60_000).toISOString(),
				zendesk_event_version: '2022-11-06',
				subject: `zen:ticket:${77_000 + i}`,
				detail: { id: String(77_000 + i), created_at: new Date(created).toISOString(), group_id: GROUP, status: 'OPEN', via: { channel: 'email' } },
				event: { comment: { author: { id: '8447388090501', is_staff: true, name: 'Agent' }, body: 'On its way', id: `c${i}`, is_public: true } },
			})
			const answer = await fetch(url.replace(/^https?:\/\/[^/]+/, app.server.url), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', ...zendesk.sign(body, SECRET, Date.now()) },
				body,
			})
			expect(answer.status).toBe(200)
			expect(await answer.json()).toMatchObject({ stored: 1 })
		}

		// The weekly figures are refreshed in the background within seconds; the dashboard then has the team's week.
		await expect
			.poll(
				async () => {
					await page.goto(dashboard)
					return (await logisticsRows()).join('\n')
				},
				{ timeout: 90_000, interval: 2000 },
			)
			.toMatch(/Operations › Logistics.*17 min/)
		await shot(page, 'connectors-03-dashboard-speed')
		await page.close()
	})
})
