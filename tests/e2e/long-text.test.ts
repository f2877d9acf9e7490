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
import { shot, signIn } from './support/browser'

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!

/** Rewrites the demo's texts as long unbroken strings, straight in its stopped embedded database. */
async function makeTextsLong(dataDir: string) {
	const pg = new PGlite(path.join(dataDir, 'pgdata'))
	try {
		await pg.exec(`
			update responses set comment = left(regexp_replace(comment, '\\s', '', 'g') || repeat('Unbroken', 250), 2000) where comment is not null;
			-- The demo has no reply threads: three comments get a key, a leader's reply and the author's answer.
			update responses set reply_key_hash = md5(id::text) where id in (select id from responses where comment is not null order by id limit 3);
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
