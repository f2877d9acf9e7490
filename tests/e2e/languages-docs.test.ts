/**
 * The method and API pages in the reader's language (decision 0031): the page's own words and a
 * summary in that language, then the full reference in English inside `lang="en"`.
 *
 * A pseudo-locale crawl (`en-XA`), signed out (the browser asks for it) and signed in (the
 * executive, an employee and the admin of the demo read in it), on a desktop and a 390-px phone:
 * `<html lang>` stays the reader's, the only English on purpose is the reference and its table of
 * contents (the two `lang="en"` elements, whose text is data), and every other visible text,
 * accessible name and the title comes from a catalogue or the pseudo summary — a word planted
 * outside the reference is found. Then German and Japanese readers (signed out, by their browser):
 * the page in their language, axe on both pages, the method's screenshots (desktop and phone) kept.
 */
import path from 'node:path'

import { PGlite } from '@electric-sql/pglite'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { axeViolations } from './support/axe'
import { shot, signIn } from './support/browser'
import { untranslated } from './support/pseudo-locale'

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!
const readers = [account('executive'), account('employee'), account('admin')]

/** Data, not wording: the names the header shows, read while the readers are set to the pseudo-locale. */
const DATA: string[] = ['English', 'Deutsch', 'Français', 'Español', '日本語']

async function prepare(dataDir: string) {
	const pg = new PGlite(path.join(dataDir, 'pgdata'))
	try {
		for (const a of readers) await pg.query(`update users set locale = 'en-XA' where email = $1`, [a.email])
		DATA.push(...(await pg.query<{ t: string }>('select name as t from organizations union all select name from users')).rows.map((r) => r.t))
	} finally {
		await pg.close()
	}
}

const app = useServerAndBrowser({ BACKGROUND_JOBS: '0' }, { prepare })

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } }
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
const ENGLISH = '[lang="en"]'

/** One doc page in the pseudo-locale: the reader's lang, English only where it says so, nothing else untranslated. */
async function check(page: Page, url: string, what: string) {
	await page.goto(`${app.server.url}${url}`)
	await page.waitForLoadState('networkidle')
	expect(await page.locator('html').getAttribute('lang'), what).toBe('en-XA')
	// English on purpose: the table of contents' entries and the reference, and nothing else.
	expect(await page.locator(ENGLISH).evaluateAll((els) => els.map((el) => `${el.tagName.toLowerCase()}${el.closest('nav') ? ' in nav' : ''}`)), what).toEqual(['ul in nav', 'div'])
	expect(await page.locator(`div${ENGLISH} h3`).count(), what).toBeGreaterThan(3)
	// The summary comes first, in sections of its own; the note says the reference is English.
	expect(await page.locator('.doc-summary h2').count(), what).toBeGreaterThanOrEqual(2)
	expect(await page.locator('.doc-reference .alert-info').isVisible(), what).toBe(true)
	expect(await untranslated(page, DATA, { english: ENGLISH }), what).toEqual([])
}

describe('the docs pages in the pseudo-locale', () => {
	for (const [device, options] of [
		['desktop', DESKTOP],
		['phone', PHONE],
	] as const) {
		test(`signed out, ${device}: the method and the API`, async () => {
			const page = await app.browser.newPage({ ...options, locale: 'en-XA' })
			await check(page, '/docs/method', `/docs/method, signed out, ${device}`)
			// A section of the table of contents lands on its heading in the reference.
			await page.locator('nav.doc-contents a[href="#7-anonymity-rules"]').click()
			await page.waitForURL(/#7-anonymity-rules$/)
			expect(await page.locator('[id="7-anonymity-rules"]').isVisible()).toBe(true)
			// The check sees English outside the reference: a planted sentence in the summary is found.
			await page.locator('.doc-summary').evaluate((el) => el.insertAdjacentHTML('beforeend', '<p>Planted words</p>'))
			expect(await untranslated(page, DATA, { english: ENGLISH })).toEqual([expect.stringContaining('Planted words')])
			await check(page, '/docs/api', `/docs/api, signed out, ${device}`)
			if (device === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
			await page.close()
		})
	}

	test('signed in: back to the dashboard for the executive, to their results for an employee, to the API keys for the admin', async () => {
		for (const [reader, url, back] of [
			[account('executive'), '/docs/method', '/dashboard'],
			[account('employee'), '/docs/method', '/results'],
			[account('admin'), '/docs/api', '/admin/api-keys'],
			[account('employee'), '/docs/api', null],
		] as const) {
			const page = await app.browser.newPage({ ...DESKTOP, locale: 'en-GB' })
			await signIn(page, app.server.url, reader.email, reader.password)
			await check(page, url, `${url}, ${reader.role}`)
			expect(await page.locator('article.doc > p.small > a[href^="/"]').evaluateAll((els) => els.map((a) => a.getAttribute('href')))).toEqual(back ? [back] : [])
			await page.close()
		}
	})

	test('an employee reaches the method from their results, and comes back', async () => {
		const page = await app.browser.newPage({ ...DESKTOP, locale: 'en-GB' })
		await signIn(page, app.server.url, account('employee').email, account('employee').password)
		await page.goto(`${app.server.url}/results`)
		await page.locator('main a[href="/docs/method"]').click()
		await page.waitForURL((u) => u.pathname === '/docs/method')
		await page.locator('article.doc > p.small > a[href="/results"]').click()
		await page.waitForURL((u) => u.pathname === '/results')
		await page.close()
	})
})

describe('in German and in Japanese', () => {
	test('the method page in the browser’s language, the reference in English (screenshots kept)', async () => {
		for (const [locale, browser, title, pageTitle] of [
			['de', 'de-DE', 'Methode: wie jede Kennzahl berechnet wird', 'Methode · State of Now'],
			['ja', 'ja-JP', '算出方法：各数値の計算のしかた', '算出方法 · State of Now'],
		] as const) {
			for (const [device, options] of [
				['desktop', DESKTOP],
				['phone', PHONE],
			] as const) {
				const page = await app.browser.newPage({ ...options, locale: browser })
				await page.goto(`${app.server.url}/docs/method`)
				await page.waitForLoadState('networkidle')
				expect(await page.locator('html').getAttribute('lang')).toBe(locale)
				expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title)
				expect(await page.title()).toBe(pageTitle)
				expect(await page.locator(`div${ENGLISH} h3#worked-example`).count()).toBe(1)
				// The page's top: its words, the summary, the note and the contents (the English reference below is data).
				await shot(page, `i18n-docs-method-${locale}-${device}`, { until: 'nav.doc-contents' })
				if (device === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
				// axe on both pages in this language: headings in order, every lang valid, contrast, names.
				if (device === 'desktop') {
					expect(await axeViolations(page, `/docs/method ${locale}`)).toEqual([])
					await page.goto(`${app.server.url}/docs/api`)
					await page.waitForLoadState('networkidle')
					expect(await axeViolations(page, `/docs/api ${locale}`)).toEqual([])
				}
				await page.close()
			}
		}
	})
})
