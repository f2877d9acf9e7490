/**
 * Long unbroken user text never makes a page wider than the screen (issue 18): one released
 * comment of 2,000 characters without a space once made /comments about 19,000 px wide, and on a
 * phone every other comment and its reply box was cut off. Comments, replies, action titles and
 * notes, a person's name and a team's name are made long and unbroken in the seeded demo (no
 * screen writes a released comment quickly, and none depends on the weekday), then each page that
 * shows them is opened at 1366 px and at 390 px: the document must be no wider than the viewport.
 */
import path from 'node:path'

import { PGlite } from '@electric-sql/pglite'
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm } from './support/browser'

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!

/** Rewrites the demo's texts as long unbroken strings, straight in its stopped embedded database. */
async function makeTextsLong(dataDir: string) {
	const pg = new PGlite(path.join(dataDir, 'pgdata'))
	try {
		await pg.exec(`
			update responses set comment = left(regexp_replace(comment, '\\s', '', 'g') || repeat('Unbroken', 250), 2000) where comment is not null;
			-- The demo has no reply threads: three comments get a key, a leader's reply and the author's answer.
			-- The newest three: a response's id starts with its week (decision 0027), and the page shows the latest weeks.
			update responses set reply_key_hash = md5(id::text) where id in (select id from responses where comment is not null order by id desc limit 3);
			insert into comment_replies (org_id, response_id, from_author, leader_id, body, written_on, seq)
				select r.org_id, r.id, m.from_author, case when m.from_author then null else u.id end, left(repeat('ReplyWithoutSpaces', 120), 2000), current_date, m.seq
				from responses r join users u on u.org_id = r.org_id and u.email = '${account('manager').email}'
				cross join (values (false, 1), (true, 2)) as m(from_author, seq)
				where r.reply_key_hash is not null;
			update actions set title = left(repeat('ActionTitleWithoutSpaces', 20), 200);
			update action_updates set note = left(repeat('NoteWithoutSpaces', 60), 1000);
			update users set name = left(repeat('Okafor', 20), 120) where email = '${account('manager').email}';
			update teams set name = left('Social' || repeat('Team', 20), 80), path = 'Customer Care/' || left('Social' || repeat('Team', 20), 80)
				where path = 'Customer Care/Social';
		`)
	} finally {
		await pg.close()
	}
}

const app = useServerAndBrowser({}, { prepare: makeTextsLong })

const VIEWPORTS = [
	{ name: 'laptop', width: 1366, height: 900 },
	{ name: 'phone', width: 390, height: 844 },
] as const

/** The pages of `paths` (and the first action's own page) wider than the viewport, with their widths. */
async function tooWide(who: string, page: Page, paths: string[]): Promise<string[]> {
	const wide: string[] = []
	for (const p of paths) {
		await page.goto(`${app.server.url}${p}`)
		const { scroll, viewport } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }))
		if (scroll > viewport) wide.push(`${who} ${p}: ${scroll} px in ${viewport} px`)
	}
	return wide
}

describe('long unbroken text wraps on every page that shows it', () => {
	for (const viewport of VIEWPORTS) {
		test(`at ${viewport.width} px: comments, replies, actions, names and teams stay within the screen`, async () => {
			const admin = await app.browser.newPage({ viewport })
			await signIn(admin, app.server.url, account('admin').email, account('admin').password)
			await admin.goto(`${app.server.url}/comments`)
			// The long texts are on the page: a test that found nothing long would prove nothing.
			await expect.poll(() => admin.getByText('Unbroken'.repeat(20), { exact: false }).count()).toBeGreaterThan(0)
			await expect.poll(() => admin.getByText('ReplyWithoutSpaces'.repeat(5), { exact: false }).count()).toBeGreaterThan(0)
			await admin.goto(`${app.server.url}/actions`)
			const actionLinks = await admin.locator('a[href^="/actions/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
			const firstAction = actionLinks.find((href) => /^\/actions\/[0-9a-f-]{36}$/.test(href))
			expect(firstAction, 'an action of the demo').toBeDefined()
			const adminPages = ['/comments', '/actions', firstAction!, '/admin/people', '/admin/teams', '/dashboard', '/results', '/home', '/admin/audit']
			const wide = await tooWide('admin', admin, adminPages)
			if (wide.length) await shot(admin, `long-text-${viewport.name}`)

			const manager = await app.browser.newPage({ viewport })
			await signIn(manager, app.server.url, account('manager').email, account('manager').password)
			wide.push(...(await tooWide('manager', manager, ['/comments', '/dashboard', '/actions', '/home'])))
			const employee = await app.browser.newPage({ viewport })
			await signIn(employee, app.server.url, account('employee').email, account('employee').password)
			wide.push(...(await tooWide('employee', employee, ['/home', '/results'])))
			expect(wide).toEqual([])
			for (const p of [admin, manager, employee]) await p.close()
		}, 300_000)
	}
})

/**
 * The filters and pages of /comments in a browser, on both viewports: without JavaScript (a plain
 * GET form and links, the filters in the address) and with it (a reply keeps the filtered view).
 */
describe('/comments: filters and pages', () => {
	for (const viewport of VIEWPORTS) {
		test(`at ${viewport.width} px, without JavaScript: "asked for a reply", a theme, a team and the next page, each a shareable address`, async () => {
			const page = await app.browser.newPage({ viewport, javaScriptEnabled: false })
			await signIn(page, app.server.url, account('admin').email, account('admin').password)
			await page.goto(`${app.server.url}/comments`)
			const cards = page.getByTestId('comment-thread')
			expect(await cards.count()).toBe(20)
			const total = Number((await page.getByRole('status').first().textContent())!.match(/of (\d+)/)![1])
			expect(total).toBeGreaterThan(20)

			await page.getByRole('link', { name: 'Next' }).click()
			await page.waitForURL(/[?&]page=2/)
			expect(await page.getByRole('status').first().textContent()).toContain(`Comments 21–${Math.min(40, total)} of ${total}`)

			await page.goto(`${app.server.url}/comments`)
			await page.getByLabel('Asked for a reply').check()
			await page.getByRole('button', { name: 'Show' }).click()
			await page.waitForURL(/[?&]asked=1/)
			const asked = await cards.count()
			expect(asked).toBeGreaterThan(0)
			expect(asked).toBeLessThanOrEqual(3)
			expect(await page.getByText('Its author did not ask for replies.').count()).toBe(0)
			expect(await page.getByLabel('Your reply (signed with your name)').count()).toBe(asked)
			expect(await tooWide('admin', page, [new URL(page.url()).pathname + new URL(page.url()).search])).toEqual([])

			// The address is the view: opened again (a shared link), it shows the same filter checked.
			await page.goto(page.url())
			expect(await page.getByLabel('Asked for a reply').isChecked()).toBe(true)
			expect(await cards.count()).toBe(asked)

			await page.goto(`${app.server.url}/comments`)
			await page.getByLabel('Team').selectOption({ label: 'Customer Care' })
			await page.getByLabel('Theme').selectOption({ label: 'Other' })
			await page.getByRole('button', { name: 'Show' }).click()
			await page.waitForURL(/[?&]theme=other/)
			expect(new URL(page.url()).searchParams.get('team')).toMatch(/^[0-9a-f-]{36}$/)
			expect(await page.getByRole('status').first().textContent()).toMatch(/match these filters/)
			await page.getByRole('link', { name: 'Clear the filters' }).click()
			await page.waitForURL((u) => u.search === '' || u.search === '?')
			expect(await cards.count()).toBe(20)
			await page.close()
		}, 300_000)
	}

	test('with JavaScript, a reply sent from a filtered view keeps the filters', async () => {
		const page = await app.browser.newPage({ viewport: VIEWPORTS[1] })
		await signIn(page, app.server.url, account('admin').email, account('admin').password)
		await page.goto(`${app.server.url}/comments?asked=1`)
		await page.waitForLoadState('networkidle')
		const card = page.getByTestId('comment-thread').first()
		await card.getByLabel('Your reply (signed with your name)').fill('Thank you, we are on it.')
		await submitForm(page, card.getByRole('button', { name: 'Reply', exact: true }))
		await expect.poll(() => card.getByText('Thank you, we are on it.').count(), { timeout: 30_000 }).toBe(1)
		expect(new URL(page.url()).searchParams.get('asked')).toBe('1')
		expect(await page.getByLabel('Asked for a reply').isChecked()).toBe(true)
		await page.close()
	}, 300_000)
})
