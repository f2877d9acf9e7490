/**
 * axe in every language: the main pages of each role — sign-in, the employee's home, pulse and
 * results, the manager's home, dashboard and results, an admin page — in German, French, Spanish,
 * Japanese and the pseudo-locale (whose longer, accented words find what only breaks in another
 * language), with zero violations and `<html lang>` naming the language the page is in.
 *
 * Signed out, the browser's language decides (Accept-Language); signed in, the person's. The
 * pseudo-locale is set in the database before the server starts (no screen offers it); each
 * real language is chosen by each person on their own settings page, as they would.
 */
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'
import { type Locale, LOCALE_NAMES, PSEUDO_LOCALE } from '~/i18n/locales'

import { useServerAndBrowser } from './support/app'
import { axeViolations } from './support/axe'
import { shot, signIn, submitForm } from './support/browser'
import { setPseudoLocale } from './support/pseudo-locale'
import { openPulseNow } from './support/pulse'

const account = (role: (typeof DEMO_ACCOUNTS)[number]['role']) => DEMO_ACCOUNTS.find((a) => a.role === role)!
const admin = account('admin')
const manager = account('manager')
const employee = account('employee')

const app = useServerAndBrowser({ SCHEDULER_INTERVAL_SECONDS: '1' }, { prepare: (dir) => setPseudoLocale(dir, [admin.email, manager.email, employee.email]) })

const DESKTOP = { viewport: { width: 1366, height: 900 } }
// Each language: eight page states analysed by axe, on a busy machine (not a speed budget).
const LANGUAGE_TIMEOUT = 600_000

type Step = { state: string; go: (page: Page) => Promise<unknown> }
const open = (path: string): Step => ({ state: path, go: (page) => page.goto(`${app.server.url}${path}`) })
const toPulse: Step = {
	state: 'pulse',
	go: async (page) => {
		await page.goto(`${app.server.url}/home`)
		await page.locator('main a[href^="/pulses/"]').first().click()
		await page.waitForURL((u) => u.pathname.startsWith('/pulses/'))
		// The address changes before React renders the page: axe waits for the pulse's form.
		await page.locator('button.pulse-submit').waitFor()
	},
}

/** Every violation and every wrong `lang` on the steps, as one list (so one run names them all). */
async function check(page: Page, lang: string, who: string, steps: Step[]): Promise<string[]> {
	const found: string[] = []
	for (const step of steps) {
		await step.go(page)
		await page.waitForLoadState('networkidle')
		const htmlLang = await page.locator('html').getAttribute('lang')
		if (htmlLang !== lang) found.push(`${lang} ${who} ${step.state}: <html lang="${htmlLang}">`)
		found.push(...(await axeViolations(page, `${lang} ${who} ${step.state}`)))
	}
	return found
}

/** A person chooses their language on their own settings page (the languages are named in their own words). */
async function choose(page: Page, locale: Locale) {
	await page.goto(`${app.server.url}/settings`)
	await page.waitForLoadState('networkidle')
	await page.getByRole('radio', { name: LOCALE_NAMES[locale], exact: true }).check()
	await submitForm(page, page.locator('main form button[type=submit]'))
	await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
}

async function signedIn(who: { email: string; password: string }) {
	// The browser speaks English: the pages follow the person, not the browser.
	const page = await app.browser.newPage({ ...DESKTOP, locale: 'en-GB' })
	await signIn(page, app.server.url, who.email, who.password)
	return page
}

const signedOut = async (lang: string) => {
	const page = await app.browser.newPage({ ...DESKTOP, locale: lang })
	const found = await check(page, lang, 'signed out', [open('/login')])
	await page.close()
	return found
}

describe('axe in every language', () => {
	test(
		`${PSEUDO_LOCALE}: every role's main pages`,
		async () => {
			const found = await signedOut(PSEUDO_LOCALE)
			const hr = await signedIn(admin)
			found.push(...(await check(hr, PSEUDO_LOCALE, 'admin', [open('/admin/people')])))
			// The admin then reads English to open a pulse for the employee's team (the other languages' sweeps use it too).
			await choose(hr, 'en')
			await openPulseNow(hr, app.server.url, { name: 'Pulse in every language', team: 'Customer Care' })
			await hr.close()
			const sam = await signedIn(employee)
			found.push(...(await check(sam, PSEUDO_LOCALE, 'employee', [open('/home'), toPulse, open('/results')])))
			await sam.close()
			const lead = await signedIn(manager)
			found.push(...(await check(lead, PSEUDO_LOCALE, 'manager', [open('/home'), open('/dashboard'), open('/results')])))
			await lead.close()
			expect(found).toEqual([])
		},
		LANGUAGE_TIMEOUT,
	)

	for (const locale of ['de', 'fr', 'es', 'ja'] as const) {
		test(
			`${locale}: every role's main pages`,
			async () => {
				const found = await signedOut(locale)
				for (const [who, person, steps] of [
					['admin', admin, [open('/admin/people')]],
					['employee', employee, [open('/home'), toPulse, open('/results')]],
					['manager', manager, [open('/home'), open('/dashboard'), open('/results')]],
				] as const) {
					const page = await signedIn(person)
					await choose(page, locale)
					found.push(...(await check(page, locale, who, [...steps])))
					if (locale === 'ja' || locale === 'de') await shot(page, `i18n-axe-${who}-${locale}`)
					await page.close()
				}
				expect(found).toEqual([])
			},
			LANGUAGE_TIMEOUT,
		)
	}
})
