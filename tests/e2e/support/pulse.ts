/**
 * Opens a pulse now, whatever the weekday: the demo's own weekly pulse runs Monday to Thursday,
 * so a test that needs an open pulse on a Friday or a Sunday builds one as an HR lead would — a
 * survey for one team, scheduled on today's weekday a minute ago (London time, the demo's zone) —
 * and waits for the in-server scheduler to open its wave. The server must run its scheduler often
 * (SCHEDULER_INTERVAL_SECONDS=1).
 */
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

import { CATALOGUES } from '~/i18n/resources.server'

import { submitForm } from './browser'

export async function openPulseNow(page: Page, baseUrl: string, options: { name: string; team: string }) {
	await page.goto(`${baseUrl}/admin/surveys/new`)
	await page.getByRole('textbox', { name: /^Name/ }).fill(options.name)
	await page.getByLabel('Chosen teams (with their sub-teams)').check()
	await page.getByRole('checkbox', { name: options.team, exact: true }).check()
	const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
	const parts = Object.fromEntries(london.formatToParts(new Date(Date.now() - 60_000)).map((p) => [p.type, p.value]))
	await page.getByLabel('Day', { exact: true }).selectOption({ label: parts.weekday! })
	await page.locator('input[name=sendTime]').fill(`${parts.hour}:${parts.minute}`)
	await submitForm(page, page.getByRole('button', { name: 'Save draft' }))
	await expect.poll(() => page.getByRole('status').textContent()).toContain('Draft saved')
	await submitForm(page, page.getByRole('button', { name: 'Activate' }))
	await expect.poll(() => page.getByRole('status').textContent()).toContain('Active')
	// The wave's link reads "<weekday> <date>, HH:mm" once the scheduler has opened it.
	await expect
		.poll(
			async () => {
				await page.reload()
				return page.getByRole('link', { name: /, \d\d:\d\d$/ }).count()
			},
			{ timeout: 60_000, interval: 1000 },
		)
		.toBe(1)
}

/**
 * Sends a pulse form (and waits for its answer) in the language its page is in (the demo has people who read German, French
 * and Spanish): the button's name comes from that language's catalogue, as the person sees it.
 */
export async function sendAnswers(page: Page) {
	const lang = (await page.locator('html').getAttribute('lang')) ?? 'en'
	const catalogue = CATALOGUES[(lang in CATALOGUES ? lang : 'en') as keyof typeof CATALOGUES]
	await submitForm(page, page.getByRole('button', { name: (catalogue.app.pulse as Record<string, string>).send! }))
}
