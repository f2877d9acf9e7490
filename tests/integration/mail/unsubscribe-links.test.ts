/** One-click unsubscribe links work for 90 days, then say so and point to the settings; retention deletes them. */
import { sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { purgeExpired } from '~/audit/retention.server'
import { mintUnsubscribeToken, optedOutCategories, UNSUBSCRIBE_LINK_DAYS } from '~/mail/preferences.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser } from '../../support/fixtures'
import { renderPage } from '../../support/render'
import { call, getRequest } from '../../support/requests'

useTestDatabase()

const route = () => import('~/routes/_account+/unsubscribe.$token')
const DAY = 86_400_000

/** A link minted `days` days ago. */
async function linkMinted(orgId: string, userId: string, days: number) {
	const token = await mintUnsubscribeToken(orgId, userId, 'digests')
	const id = token.split('.').at(-2)!
	await db().execute(sql`update mail_unsubscribe_tokens set created_at = ${new Date(Date.now() - days * DAY).toISOString()}::timestamptz where id = ${id}`)
	return token
}

const oneClick = (token: string) => new Request(`http://localhost:3000/unsubscribe/${token}`, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) })

describe('unsubscribe links', () => {
	test(`a link older than ${UNSUBSCRIBE_LINK_DAYS} days answers 410, changes nothing, and says so with a way to the settings`, async () => {
		const org = await makeOrg()
		const person = await makeUser(org.id)
		const young = await linkMinted(org.id, person.id, UNSUBSCRIBE_LINK_DAYS - 1)
		const old = await linkMinted(org.id, person.id, UNSUBSCRIBE_LINK_DAYS + 1)
		const { loader, action, default: Page } = await route()

		const page = await call(loader, getRequest(`/unsubscribe/${old}`), { token: old })
		expect(page.status).toBe(410)
		const html = (await renderPage(Page, `/unsubscribe/${old}`, page.data)).replace(/<!-- -->/g, '')
		expect(html).toContain('This unsubscribe link has expired')
		expect(html).toContain(`work for ${UNSUBSCRIBE_LINK_DAYS} days`)
		expect(html).toMatch(/<a [^>]*href="\/settings\/mail"[^>]*>e-mail settings<\/a>/)
		const posted = await call(action, oneClick(old), { token: old })
		expect(posted.status).toBe(410)
		expect([...(await optedOutCategories(org.id, person.id))]).toEqual([])

		// A younger link still works.
		expect((await call(loader, getRequest(`/unsubscribe/${young}`), { token: young })).status).toBe(200)
		expect((await call(action, oneClick(young), { token: young })).data).toMatchObject({ done: 'digests' })
		expect([...(await optedOutCategories(org.id, person.id))]).toEqual(['digests'])
		// An unknown link is still 404, and its page offers the settings too.
		const unknown = await call(loader, getRequest('/unsubscribe/abc.def'), { token: 'abc.def' })
		expect(unknown.status).toBe(404)
		expect(await renderPage(Page, '/unsubscribe/abc.def', unknown.data)).toContain('href="/settings/mail"')
	})

	test('retention deletes the links that no longer work, and only those', async () => {
		const org = await makeOrg()
		const other = await makeOrg()
		const person = await makeUser(org.id)
		const theirs = await makeUser(other.id)
		for (const days of [0, 30, UNSUBSCRIBE_LINK_DAYS - 1, UNSUBSCRIBE_LINK_DAYS + 1, 400]) await linkMinted(org.id, person.id, days)
		await linkMinted(other.id, theirs.id, 400)
		const left = async (orgId: string) =>
			Number(resultRows<{ n: number }>(await db().execute(sql`select count(*)::int as n from mail_unsubscribe_tokens where org_id = ${orgId}::uuid`))[0]!.n)

		expect(await purgeExpired(org.id)).toMatchObject({ unsubscribeLinks: 2 })
		expect(await left(org.id)).toBe(3)
		expect(await left(other.id)).toBe(1) // another organisation's turn comes in its own run
		expect(await purgeExpired(org.id)).toMatchObject({ unsubscribeLinks: 0 })
	})
})
