/**
 * The admin's organisation and survey pages in the admin's language: a pseudo-locale crawl.
 *
 * The demo's admin (hr@) reads the pseudo-locale `en-XA`; on a desktop and on a 390-px phone she
 * opens every page of her area in its states — the people list (and a filter nothing matches), a
 * person, a new person sent empty (its errors), a CSV import of a bad file (its problems, each
 * from a module, in her language) and of a file that names a new team (the confirmation), teams
 * (and an empty team name), the survey list, a new survey sent empty, a survey's page (its
 * builder sent with errors), a wave, the question bank (an item too short), the organisation's
 * settings (an empty name), the report settings (a backwards baseline), the outbox and the audit
 * log. Every visible text, accessible name and the title must come from a catalogue (⟦…⟧) or be
 * data: names of people, teams, surveys and the organisation, the admin's own items, e-mail
 * addresses, the CSV's column names and example file, time zones and languages by their own
 * names. Nothing sent here is stored (every form is refused), so the crawl leaves the demo as it was.
 *
 * Then one page in German and in Japanese, desktop and phone, as screenshots to look at.
 */
import path from 'node:path'

import { PGlite } from '@electric-sql/pglite'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { auditActions } from '~/audit/actions'
import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm } from './support/browser'
import { setPseudoLocale, untranslated } from './support/pseudo-locale'

const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!

/** Data, read from the demo's database before the server starts: whatever is shown of it is not wording. */
const DATA: string[] = []

async function prepare(dataDir: string) {
	await setPseudoLocale(dataDir, [admin.email])
	const pg = new PGlite(path.join(dataDir, 'pgdata'))
	try {
		for (const sql of [
			'select name from users',
			'select name from teams',
			'select name from surveys',
			'select name from organizations',
			'select slug as name from organizations',
			// Whole addresses first (the longest data is taken out first): the address "demo" also stands inside every demo e-mail address.
			'select email as name from users',
			'select text as name from items where key is null',
		]) {
			DATA.push(...(await pg.query<{ name: string }>(sql)).rows.map((r) => r.name))
		}
	} finally {
		await pg.close()
	}
}

const app = useServerAndBrowser({}, { prepare })

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } }

// The CSV's own vocabulary (column names, the example file) is the file's format, not wording; time
// zones are identifiers; languages are listed by their own names.
const FILE_FORMAT = [
	'email',
	'name',
	'team',
	'role',
	'level',
	'manager_email',
	'locale',
	'admin',
	'executive',
	'manager',
	'employee',
	'front line',
	'leader',
	'frontline',
	'Ana Silva',
	'Ben Okoro',
	'Cleo Park',
	'Marketing',
	'Social',
	'Customer Care',
	'Phone',
	'CSV UTF-8',
	'UTF-8',
	'SMTP_URL',
	'SCIM',
]
const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').map((z) => z.replace(/_/g, ' '))]
const LANGUAGES = ['English', 'Deutsch', 'Français', 'Español']
// The audit log shows each event's stored code beside its name (what the filter and the export use).
const CODES = [...auditActions]

/** A CSV with a problem on every line: a bad address, no name, an address twice, a manager nobody has. */
const BAD_CSV = [
	'email,name,team,role,level,manager_email',
	'not-an-address,Ida Bad,,employee,frontline,',
	'ida@example.com,,,employee,frontline,',
	'ida@example.com,Ida Twice,,employee,frontline,nobody@example.com',
].join('\n')
const NEW_TEAM_CSV = ['email,name,team,role,level,manager_email', 'new.person@example.com,Nova Person,Brand New Team,employee,frontline,'].join('\n')

describe('the admin’s pages in the pseudo-locale', () => {
	for (const [device, options] of [
		['desktop', DESKTOP],
		['phone', PHONE],
	] as const) {
		test(`${device}: people, import, teams, surveys, a wave, the question bank, settings, outbox and audit log, with their errors`, async () => {
			const page = await app.browser.newPage({ ...options, locale: 'en-GB' })
			await signIn(page, app.server.url, admin.email, admin.password)
			const data = [...DATA, ...FILE_FORMAT, ...ZONES, ...LANGUAGES, ...CODES, 'Nova Person', 'Brand New Team']
			const check = async (what: string) => {
				await page.waitForLoadState('networkidle')
				expect(await page.locator('html').getAttribute('lang'), what).toBe('en-XA')
				expect(await untranslated(page, data), what).toEqual([])
			}
			const visit = async (url: string) => {
				await page.goto(`${app.server.url}${url}`)
				await check(url)
			}
			const submit = async (form: string, what: string) => {
				await submitForm(page, page.locator(`${form} button[type=submit]`).last())
				await expect.poll(() => page.locator('.field-error, .alert-error').count(), { message: what }).toBeGreaterThan(0)
				await check(what)
			}

			await visit('/admin/people')
			await visit('/admin/people?q=nobody-matches-this')
			await page.goto(`${app.server.url}/admin/people?q=${encodeURIComponent('Sam Lindqvist')}`)
			await page.getByRole('link', { name: 'Sam Lindqvist' }).click()
			await page.waitForURL((u) => /\/admin\/people\/[0-9a-f-]{36}$/.test(u.pathname))
			await check('a person')

			await visit('/admin/people/new')
			await submit('main form', 'new person with errors')

			await visit('/admin/people/import')
			await page.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) })
			await submitForm(page, page.locator('main form button[type=submit]'))
			await expect.poll(() => page.locator('.alert-error tbody tr').count()).toBeGreaterThan(2)
			await check('import with problems')
			await page.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(NEW_TEAM_CSV) })
			await submitForm(page, page.locator('main form button[type=submit]').last())
			await expect.poll(() => page.locator('.alert-info').count()).toBe(1)
			// The problems of the file before are gone with this answer: the check reads the page asking to confirm.
			expect(await page.locator('.alert-error').count()).toBe(0)
			await check('import asking to confirm a new team')

			await visit('/admin/teams')
			await submit('main form:has(input[value=create])', 'team without a name')

			await visit('/admin/surveys')
			await visit('/admin/surveys/new')
			await submit('main form.builder', 'new survey with errors')

			await page.goto(`${app.server.url}/admin/surveys`)
			await page.locator('main table a[href^="/admin/surveys/"]').first().click()
			await page.waitForURL((u) => /\/admin\/surveys\/[0-9a-f-]{36}$/.test(u.pathname))
			await check('a survey')
			const waves = page.locator('main a[href*="/waves/"]')
			if (await waves.count()) {
				const survey = page.url()
				await waves.first().click()
				await page.waitForURL((u) => u.pathname.includes('/waves/'))
				await check('a wave')
				await page.goto(survey)
			}
			await page.locator('main form.builder input[name=name]').fill('')
			await page.locator('main form.builder input[name=openDays]').fill('30')
			await submit('main form.builder', 'survey builder with errors')

			await visit('/admin/items')
			await page.locator('main input[name=text]').fill('Too short')
			await submit('main form:has(input[name=text])', 'own item too short')

			await visit('/admin/settings')
			await page.locator('main input[name=name]').fill(' ')
			await submit('main form', 'settings with an error')

			await visit('/admin/report-settings')
			await page.locator('main input[name=baselineFrom]').fill('2026-05-01')
			await page.locator('main input[name=baselineTo]').fill('2026-04-01')
			await submit('main form', 'report settings with an error')

			await visit('/admin/outbox')
			await visit('/admin/outbox?q=nobody-matches-this')
			// The whole log (sign-ins here; the integration crawl checks events with details and subjects),
			// then sign-ins alone: the events' names, people, times and the page around them.
			await visit('/admin/audit')
			await visit('/admin/audit?action=sign_in.success')
			await visit('/admin/audit?person=nobody-matches-this')
			await page.close()
		})
	}
})

describe('German and Japanese, for the eye', () => {
	test('the people list, a survey builder and the CSV help in German and Japanese, desktop and phone, keep their layout', async () => {
		const page = await app.browser.newPage({ ...DESKTOP, locale: 'en-GB' })
		await signIn(page, app.server.url, admin.email, admin.password)
		const setLocale = async (locale: string) => {
			// The admin's own language, as she would set it on her settings page.
			await page.goto(`${app.server.url}/settings`)
			await page.waitForLoadState('networkidle')
			await page.locator(`input[name=locale][value=${locale}]`).check()
			await submitForm(page, page.locator('main button[type=submit]'))
			await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
		}
		const look = async (p: Page, url: string, name: string, heading: string) => {
			await p.goto(`${app.server.url}${url}`)
			await p.waitForLoadState('networkidle')
			expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe(heading)
			// Nothing sticks out sideways on a phone: the longest German words wrap.
			expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), name).toBe(true)
			await shot(p, name)
		}
		for (const [locale, people, surveys, csv] of [
			['de', 'Personen', 'Neue Pulsbefragung', 'Personen aus CSV importieren'],
			['ja', 'メンバー', '新しいパルスサーベイ', 'CSV からメンバーをインポート'],
		] as const) {
			await setLocale(locale)
			const phone = await app.browser.newPage({ ...PHONE, locale: 'en-GB' })
			await signIn(phone, app.server.url, admin.email, admin.password)
			for (const p of [page, phone]) {
				const device = p === page ? 'desktop' : 'phone'
				await look(p, '/admin/people', `i18n-admin-people-${locale}-${device}`, people)
				await look(p, '/admin/surveys/new', `i18n-admin-survey-new-${locale}-${device}`, surveys)
				await look(p, '/admin/people/import', `i18n-admin-import-${locale}-${device}`, csv)
			}
			await phone.close()
		}
		await page.close()
	})
})
