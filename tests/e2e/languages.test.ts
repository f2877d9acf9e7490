/**
 * Languages in the browser, on the demo organisation.
 *
 * 1. A German-speaking employee: the admin adds her with the language Deutsch; her invitation
 *    mail is German; on a phone whose browser speaks English, her set-password page, home page
 *    and the pulse she is mailed are German (the page follows her, not the browser), errors
 *    included; she answers and is thanked in German. No hydration warning anywhere (the layout
 *    fails the test on one), though the browser's language differs from the page's. Five
 *    colleagues answer, the week is released, and her manager reads the team's results in
 *    English, her German answers among them.
 * 2. A pseudo-locale crawl: every page of the employee's path, signed out (Accept-Language
 *    en-XA) and signed in (a person set to en-XA), in its states (errors, sent, unknown link,
 *    not found), on a phone and a desktop. Every visible text, every accessible name and the
 *    title must come from the catalogue (⟦…⟧) or be data (names, the organisation, teams, the
 *    survey, e-mail addresses, languages by their own names): any other letter fails the test.
 */
import path from 'node:path'

import { PGlite } from '@electric-sql/pglite'
import type { BrowserContextOptions } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm, waitForHydration } from './support/browser'
import { allMails, mailsTo } from './support/mail'
import { untranslated } from './support/pseudo-locale'
import { openPulseNow, sendAnswers } from './support/pulse'

const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!
const sam = DEMO_ACCOUNTS.find((a) => a.email.startsWith('sam@'))!
const careLead = DEMO_ACCOUNTS.find((a) => a.email.startsWith('care.lead@'))!

/** Sam reads everything in the pseudo-locale (no screen offers it: it is for tests). */
async function samInPseudoLocale(dataDir: string) {
	const pg = new PGlite(path.join(dataDir, 'pgdata'))
	try {
		await pg.exec(`update users set locale = 'en-XA' where email = '${sam.email}'`)
	} finally {
		await pg.close()
	}
}

// A closed week is released a second after its last wave closes (not five minutes), so the manager reads it at once.
const app = useServerAndBrowser({ SCHEDULER_INTERVAL_SECONDS: '1', RELEASE_SETTLE_SECONDS: '1' }, { prepare: samInPseudoLocale })

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

describe('a German-speaking employee', () => {
	test('is invited in German, sets her password and answers the pulse in German on an English phone', async () => {
		const adminPage = await app.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
		await signIn(adminPage, app.server.url, admin.email, admin.password)
		await adminPage.goto(`${app.server.url}/admin/people/new`)
		await adminPage.locator('main input[name=name]').fill('Jana Weber')
		await adminPage.locator('main input[name=email]').fill('jana.weber@example.com')
		await adminPage.getByLabel('Team').selectOption({ label: 'Customer Care › Social' })
		await adminPage.getByLabel(/^Language/).selectOption({ label: 'Deutsch' })
		await submitForm(adminPage, adminPage.getByRole('button', { name: 'Add and invite' }))
		await adminPage.waitForURL((u) => !u.pathname.endsWith('/new'))

		// The invitation, written by the server's mail job, is German in subject and body.
		let invitation = { subject: '', text: '' }
		await expect
			.poll(async () => ((invitation = (await mailsTo(app.server.dataDir, 'jana.weber@example.com'))[0] ?? invitation), invitation.subject), { timeout: 60_000 })
			.toBe('Einladung zu State of Now bei Northwind Retail (demo)')
		expect(invitation.text).toContain('Hallo Jana Weber,')
		expect(invitation.text).toContain('Legen Sie ein Passwort fest, um sich anzumelden.')
		const setPassword = invitation.text.match(/Passwort festlegen: (http\S+)/)![1]!

		// Her phone's browser speaks English; the pages speak hers.
		const phone = await app.browser.newPage({ ...PHONE, locale: 'en-US' })
		await phone.goto(setPassword)
		await phone.waitForLoadState('networkidle')
		expect(await phone.locator('html').getAttribute('lang')).toBe('de')
		await expect.poll(() => phone.getByRole('heading', { level: 1 }).textContent()).toBe('Willkommen, Jana Weber')
		await phone.getByLabel('Neues Passwort').fill('kiefer wolke laterne fluss')
		await phone.getByLabel('Passwort wiederholen').fill('kiefer wolke laterne fluss')
		await submitForm(phone, phone.getByRole('button', { name: 'Passwort speichern und anmelden' }))
		await phone.waitForURL((u) => u.pathname === '/home')
		await expect.poll(() => phone.getByRole('heading', { level: 1 }).textContent()).toBe('Hallo Jana')
		expect(await phone.getByRole('heading', { name: 'Ihre Pulsbefragungen' }).count()).toBe(1)
		await shot(phone, 'i18n-01-home-de-phone')

		// A pulse opens for her team; its mail is German too.
		await openPulseNow(adminPage, app.server.url, { name: 'Puls Kundenservice', team: 'Customer Care' })
		let pulseMail = { subject: '', text: '' }
		await expect
			.poll(
				async () => (
					(pulseMail = (await mailsTo(app.server.dataDir, 'jana.weber@example.com')).find((m) => m.subject.startsWith('Puls Kundenservice')) ?? pulseMail),
					pulseMail.subject
				),
				{ timeout: 60_000 },
			)
			.toBe('Puls Kundenservice: eine Ein-Minuten-Befragung von Northwind Retail (demo)')
		expect(pulseMail.text).toContain('Ihre Antworten sind anonym')
		const link = pulseMail.text.match(/Befragung beantworten: (http\S+)/)![1]!

		await phone.goto(link)
		await phone.waitForLoadState('networkidle')
		expect(await phone.locator('html').getAttribute('lang')).toBe('de')
		await expect.poll(() => phone.getByRole('button', { name: 'Antworten absenden' }).count()).toBe(1)
		expect(await phone.getByText('Stimme voll und ganz zu').count()).toBeGreaterThan(0)
		expect(await phone.getByText('Wenn eine Kundin oder ein Kunde ein Problem hat, kann ich es selbst lösen, ohne vorher jemanden zu fragen.').count()).toBe(1)
		// Sent empty: the errors are German.
		await submitForm(phone, phone.getByRole('button', { name: 'Antworten absenden' }))
		await expect.poll(() => phone.getByRole('alert').first().textContent()).toBe('Einige Antworten fehlen oder sind ungültig: Siehe die markierten Fragen.')
		expect(await phone.getByText('Bitte wählen Sie eine Antwort.').count()).toBeGreaterThan(0)
		await shot(phone, 'i18n-02-pulse-errors-de-phone')
		for (const group of await phone.getByRole('group').all()) {
			const options = await group.getByRole('radio').count()
			await group
				.getByRole('radio')
				.nth(options === 5 ? 3 : 8)
				.check()
		}
		const comment = phone.getByRole('textbox')
		if (await comment.count()) await comment.fill('Die Freigaben dauern zu lange.')
		await submitForm(phone, phone.getByRole('button', { name: 'Antworten absenden' }))
		await expect.poll(() => phone.getByRole('heading', { level: 1 }).textContent()).toBe('Vielen Dank – Ihre Antworten sind eingegangen')
		expect(await phone.locator('html').getAttribute('lang')).toBe('de')
		await shot(phone, 'i18n-03-thanks-de-phone')
		await phone.close()

		// Five colleagues of Customer Care answer too (whatever language each reads: the form is
		// filled by its roles and sent with its own page's words), so the team is over k = 5.
		const links = async () =>
			(await allMails(app.server.dataDir)).filter((m) => m.subject.startsWith('Puls Kundenservice') && m.to !== 'jana.weber@example.com' && m.link).map((m) => m.link!)
		await expect.poll(async () => (await links()).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(5)
		const colleague = await app.browser.newPage({ ...PHONE, locale: 'en-GB' })
		for (const [i, link] of (await links()).slice(0, 5).entries()) {
			await colleague.goto(link)
			// Hydrated first: a choice made before React takes over the form can be lost.
			await waitForHydration(colleague)
			for (const group of await colleague.getByRole('group').all()) {
				const options = await group.getByRole('radio').count()
				await group
					.getByRole('radio')
					.nth(options === 5 ? 1 + (i % 4) : 4 + i)
					.check()
			}
			await sendAnswers(colleague)
			await colleague.waitForURL(/\/thanks/)
		}
		await colleague.close()

		// The week is released once all of its pulses have closed: this one, and the demo's own
		// weekly pulse when it is open this week (it runs Monday to Thursday).
		for (const survey of ['Puls Kundenservice', 'Weekly pulse']) {
			await adminPage.goto(`${app.server.url}/admin/surveys`)
			await adminPage.getByRole('link', { name: survey, exact: true }).click()
			await expect.poll(() => adminPage.getByRole('heading', { level: 1 }).textContent()).toBe(survey)
			if (!(await adminPage.getByRole('table').getByRole('link').count())) continue
			await adminPage.getByRole('table').getByRole('link').first().click()
			await expect.poll(() => adminPage.getByRole('heading', { level: 1 }).textContent()).toContain('Wave of')
			if (await adminPage.getByRole('button', { name: 'Close now…' }).count()) {
				await submitForm(adminPage, adminPage.getByRole('button', { name: 'Close now…' }))
				await submitForm(adminPage, adminPage.getByRole('button', { name: 'Yes, close it now' }))
				await expect.poll(() => adminPage.getByRole('status').textContent()).toContain('The wave is closed')
			}
		}
		await adminPage.close()

		// Her manager reads the team's results in English: Jana's German answers are in the same figures.
		const lead = await app.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
		await signIn(lead, app.server.url, careLead.email, careLead.password)
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())
		const thisWeek = () => lead.getByRole('region', { name: 'Week by week' }).getByRole('row').nth(1)
		await expect
			.poll(
				async () => {
					await lead.goto(`${app.server.url}/dashboard?from=${today}&to=${today}&team=Customer%20Care`)
					await lead.getByText('The same as a table').first().click()
					return thisWeek().getByRole('cell').first().textContent()
				},
				{ timeout: 60_000, interval: 1000 },
			)
			.toMatch(/^\d+$/)
		expect(await lead.locator('html').getAttribute('lang')).toBe('en')
		expect(await thisWeek().textContent()).not.toContain('results after')
		// Six answered in Customer Care: Jana (in German) and five colleagues.
		const heat = lead.getByRole('region', { name: 'Teams by dimension', exact: true })
		expect(await heat.getByRole('row').filter({ hasText: 'Customer Care' }).first().textContent()).toMatch(/\d/)
		await shot(lead, 'i18n-04-manager-results-en')
		await lead.close()
	}, 600_000) // An invitation, a pulse answered six times, two waves closed and a week released, on a busy machine.
})

describe('the pseudo-locale crawl of the employee’s path', () => {
	// Data, not wording: names, the organisation, teams, the survey, languages by their own names.
	const DATA = ['Sam Lindqvist', 'Sam', 'Northwind Retail (demo)', 'Customer Care', 'Social', 'Pulse for Sam', 'Puls Kundenservice', 'English', 'Deutsch', 'Français', 'Español']

	for (const [device, options] of [
		['desktop', { viewport: { width: 1280, height: 900 } }],
		['phone', PHONE],
	] as const) {
		test(`signed out, ${device}: sign-in (and its error), password pages, a link that does not work, thanks, replies, not found`, async () => {
			const page = await app.browser.newPage({ ...options, locale: 'en-XA' })
			const visit = async (url: string) => {
				await page.goto(`${app.server.url}${url}`)
				await page.waitForLoadState('networkidle')
				expect(await page.locator('html').getAttribute('lang'), url).toBe('en-XA')
				expect(await untranslated(page, DATA), url).toEqual([])
			}
			await visit('/login')
			await page.locator('input[name=email]').fill('nobody@example.com')
			await page.locator('input[name=password]').fill('wrong password')
			await submitForm(page, page.locator('button[type=submit]'))
			await expect.poll(() => page.getByRole('alert').count()).toBe(1)
			expect(await untranslated(page, DATA), 'failed sign-in').toEqual([])
			await visit('/forgot-password')
			await page.locator('input[name=email]').fill('not an address')
			await submitForm(page, page.locator('button[type=submit]'))
			await expect.poll(() => page.locator('.field-error').count()).toBe(1)
			expect(await untranslated(page, DATA), 'forgot-password error').toEqual([])
			await page.locator('input[name=email]').fill('nobody@example.com')
			await submitForm(page, page.locator('button[type=submit]'))
			await expect.poll(() => page.getByRole('status').count()).toBe(1)
			// The error of the address before is gone with the answer: the check reads the page sent, not the one with the error.
			expect(await page.locator('.field-error').count()).toBe(0)
			expect(await untranslated(page, DATA), 'forgot-password sent').toEqual([])
			await visit('/set-password?token=not-a-token')
			await visit('/p/not-a-link')
			await visit('/thanks?k=5')
			await visit('/replies')
			await visit('/no-such-page')
			await page.close()
		})
	}

	test('signed in as a person set to the pseudo-locale: home, a pulse with its errors and its thanks, settings, e-mail settings, not found', async () => {
		// The pulse is built by an admin in English; Sam's pages are in the pseudo-locale whatever the browser says.
		const adminPage = await app.browser.newPage({ viewport: { width: 1280, height: 900 } })
		await signIn(adminPage, app.server.url, admin.email, admin.password)
		await openPulseNow(adminPage, app.server.url, { name: 'Pulse for Sam', team: 'Customer Care' })
		await adminPage.close()

		for (const options of [{ viewport: { width: 1280, height: 900 } }, PHONE]) {
			const page = await app.browser.newPage({ ...options, locale: 'en-GB' })
			await signIn(page, app.server.url, sam.email, sam.password)
			const check = async (what: string) => {
				await page.waitForLoadState('networkidle')
				expect(await page.locator('html').getAttribute('lang'), what).toBe('en-XA')
				expect(await untranslated(page, DATA), what).toEqual([])
			}
			await page.goto(`${app.server.url}/home`)
			await check('home')
			await page.locator('a[href^="/pulses/"]').first().click()
			await page.waitForURL((u) => u.pathname.startsWith('/pulses/'))
			// The address changes before React renders the page: the check waits for the pulse's form.
			await page.locator('button.pulse-submit').waitFor()
			await check('pulse')
			await submitForm(page, page.locator('button.pulse-submit'))
			await expect.poll(() => page.locator('.pulse-item.has-error').count()).toBeGreaterThan(0)
			await check('pulse with errors')
			if ((await page.locator('.menu-button').count()) && (await page.locator('.menu-button').isVisible())) {
				await page.locator('.menu-button').click()
				await check('menu open')
			}
			await page.goto(`${app.server.url}/settings`)
			await check('settings')
			await page.goto(`${app.server.url}/settings/mail`)
			await check('e-mail settings')
			await submitForm(page, page.locator('button[type=submit]').last())
			await expect.poll(() => page.getByRole('status').count()).toBe(1)
			await check('e-mail settings saved')
			await page.goto(`${app.server.url}/admin/people`)
			await check('forbidden')
			await page.goto(`${app.server.url}/no-such-page`)
			await check('not found')
			await page.close()
		}
		// Last, once: the pulse answered and thanked.
		const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } })
		await signIn(page, app.server.url, sam.email, sam.password)
		await page.goto(`${app.server.url}/home`)
		await page.locator('a[href^="/pulses/"]').first().click()
		await page.waitForURL((u) => u.pathname.startsWith('/pulses/'))
		await waitForHydration(page)
		await page.locator('button.pulse-submit').waitFor()
		for (const group of await page.getByRole('group').all()) await group.getByRole('radio').first().check()
		await submitForm(page, page.locator('button.pulse-submit'))
		await page.waitForURL((u) => u.pathname === '/thanks')
		// The address changes before React shows the page: the check waits for the form to be gone.
		await expect.poll(() => page.locator('button.pulse-submit').count()).toBe(0)
		expect(await page.locator('html').getAttribute('lang')).toBe('en-XA')
		expect(await untranslated(page, DATA), 'thanks').toEqual([])
		await page.close()
	})
})
