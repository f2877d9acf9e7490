/**
 * The reading pages in the reader's language, on the demo organisation (26 weeks of history).
 *
 * A pseudo-locale crawl: the executive, the manager and an employee of the demo read in `en-XA`
 * (every catalogue text accented and in ⟦ ⟧), on a desktop and a 390-px phone whose browser
 * speaks English. The dashboard (first view, with filters, with filters it cannot read, the
 * comment search, every table and "How this was computed" opened), team results (also of a team
 * too small to be shown, which falls back to a larger group), comments (filtered, paged), the
 * actions list (and its form sent empty) and one action (its update form sent empty): every
 * visible text, accessible name and title must come from a catalogue or be data — names, teams,
 * the organisation, action titles and notes, comments, replies — any other letter fails.
 *
 * Then the executive switches to German and to Japanese on their settings page: the dashboard is
 * in that language, and its screenshots (desktop and phone) are kept to look at.
 */
import path from 'node:path'

import { PGlite } from '@electric-sql/pglite'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm } from './support/browser'
import { untranslated } from './support/pseudo-locale'

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!
const exec = account('executive')
const manager = account('manager')
const employee = account('employee')

/** Data, not wording: read from the demo's database while the three readers are set to the pseudo-locale. */
const DATA: string[] = ['English', 'Deutsch', 'Français', 'Español', '日本語']
const ids: { smallTeam: string; action: string } = { smallTeam: '', action: '' }

async function prepare(dataDir: string) {
	const pg = new PGlite(path.join(dataDir, 'pgdata'))
	try {
		for (const a of [exec, manager, employee]) await pg.query(`update users set locale = 'en-XA' where email = $1`, [a.email])
		const texts = async (sql: string) => (await pg.query<{ t: string | null }>(sql)).rows.flatMap((r) => (r.t ? [r.t] : []))
		DATA.push(
			...(await texts('select name as t from organizations')),
			...(await texts('select name as t from teams')),
			...(await texts('select name as t from users')),
			...(await texts('select name as t from surveys')),
			...(await texts('select title as t from actions')),
			...(await texts('select theme as t from actions')),
			...(await texts('select note as t from action_updates')),
			...(await texts('select comment as t from responses')),
			...(await texts('select body as t from comment_replies')),
		)
		// People, a team of four: hidden on its own (k = 5).
		ids.smallTeam = (await pg.query<{ id: string }>(`select id from teams where path = 'People'`)).rows[0]!.id
		ids.action = (await pg.query<{ id: string }>(`select id from actions order by created_at limit 1`)).rows[0]!.id
	} finally {
		await pg.close()
	}
}

const app = useServerAndBrowser({ BACKGROUND_JOBS: '0' }, { prepare })

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } }
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

/** Each page of a crawl: in the pseudo-locale, with nothing but catalogue words and data. */
async function check(page: Page, what: string) {
	await page.waitForLoadState('networkidle')
	expect(await page.locator('html').getAttribute('lang'), what).toBe('en-XA')
	expect(await untranslated(page, DATA), what).toEqual([])
}

async function visit(page: Page, url: string, what = url) {
	await page.goto(`${app.server.url}${url}`)
	await check(page, what)
}

/** Every disclosure open (tables, "How this was computed", the drivers), their rows drawn. */
async function openAll(page: Page) {
	await page.evaluate(() => {
		for (const d of Array.from(document.querySelectorAll('details'))) d.open = true
	})
}

async function signedIn(email: string, password: string, options: BrowserContextOptions) {
	// The browser speaks English; the pages follow the person.
	const page = await app.browser.newPage({ ...options, locale: 'en-GB' })
	await signIn(page, app.server.url, email, password)
	return page
}

describe('the reading pages in the pseudo-locale', () => {
	for (const [device, options] of [
		['desktop', DESKTOP],
		['phone', PHONE],
	] as const) {
		test(`the executive, ${device}: dashboard (filters, unreadable filters, search, tables), results, comments, actions`, async () => {
			const page = await signedIn(exec.email, exec.password, options)
			await visit(page, '/dashboard')
			await page.locator('.dashboard canvas').first().waitFor()
			await openAll(page)
			await expect.poll(() => page.locator('details.table-details table tbody tr').count()).toBeGreaterThan(0)
			await check(page, 'dashboard, every table open')
			await page.locator('input[type=search]').fill('refund')
			await check(page, 'dashboard, comments searched')
			await visit(page, '/dashboard?team=' + ids.smallTeam, 'dashboard of a team too small to show')
			await visit(page, '/dashboard?level=frontline', 'dashboard, one level')
			await visit(page, '/dashboard?from=2026-13-01&to=2026-01-01&level=intern', 'dashboard, filters it cannot read')
			expect(await page.locator('.field-error').count()).toBeGreaterThan(0)
			await visit(page, '/results')
			await visit(page, '/results?team=' + ids.smallTeam, 'results of a team too small to show')
			await visit(page, '/comments')
			await visit(page, '/comments?asked=1&theme=speed', 'comments, filtered')
			await visit(page, '/comments?page=2', 'comments, page 2')
			await visit(page, '/actions')
			await submitForm(page, page.locator('section[aria-labelledby=new-action] button[type=submit]'))
			await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0)
			await check(page, 'actions, the form sent empty')
			await visit(page, `/actions/${ids.action}`, 'one action')
			await page.locator('input[name=note]').fill('')
			await submitForm(page, page.locator('button[name=intent][value=update]'))
			await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0)
			await check(page, 'one action, an update sent empty')
			await page.close()
		})

		test(`the manager, ${device}: their dashboard with what to talk about, results, comments, actions`, async () => {
			const page = await signedIn(manager.email, manager.password, options)
			await visit(page, '/dashboard')
			await openAll(page)
			await check(page, 'manager dashboard, every table open')
			await visit(page, '/results')
			await visit(page, '/comments')
			await visit(page, '/actions')
			await page.close()
		})

		test(`an employee, ${device}: their team's results`, async () => {
			const page = await signedIn(employee.email, employee.password, options)
			await visit(page, '/results')
			await page.close()
		})
	}
})

describe('in German and in Japanese', () => {
	test('the executive chooses a language on their settings page; the dashboard speaks it (screenshots kept)', async () => {
		for (const [locale, heading] of [
			['de', 'Mindset in Echtzeit'],
			['ja', 'リアルタイム・マインドセット'],
		] as const) {
			const page = await signedIn(exec.email, exec.password, DESKTOP)
			await page.goto(`${app.server.url}/settings`)
			await page.waitForLoadState('networkidle')
			await page.locator(`input[name=locale][value=${locale}]`).check()
			await submitForm(page, page.locator('main button[type=submit]'))
			await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
			for (const [device, options] of [
				['desktop', DESKTOP],
				['phone', PHONE],
			] as const) {
				const view = device === 'desktop' ? page : await signedIn(exec.email, exec.password, options)
				await view.goto(`${app.server.url}/dashboard`)
				await view.waitForLoadState('networkidle')
				expect(await view.locator('html').getAttribute('lang')).toBe(locale)
				expect(await view.getByRole('heading', { level: 1 }).textContent()).toBe(heading)
				await view.locator('.dashboard canvas').first().waitFor()
				await shot(view, `i18n-reports-dashboard-${locale}-${device}`)
				// Nothing wider than the phone outside its scroll boxes, in the longer words too.
				if (device === 'phone') expect(await view.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
				if (view !== page) await view.close()
			}
			await page.close()
		}
	})
})
