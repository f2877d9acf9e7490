/**
 * /comments filters (team, theme, "asked for a reply", "not answered yet") and paging, tried by
 * an attacker first: no filter may narrow the comments to a group under the comment threshold.
 * The team filter reads through the gate like the dashboard does (whole comment groups inside the
 * team, or nothing); the others read the comments' own words and threads, never who wrote them.
 * Set-up: Care/Big (12 people), Care/Small (3, under k = 5) and Sales (10), every one commenting.
 */
import { describe, expect, test } from 'vitest'

import * as commentsPage from '~/routes/_reports+/comments'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, sessionCookieFor } from '../../support/fixtures'
import { releasedWeekWithKey } from '../../support/replies'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

type Thread = { ref: string; text: string; replyable: boolean; messages: { fromAuthor: boolean }[] }
type Page = { threads: Thread[]; total: number; page: number; pages: number; teams: { id: string; label: string }[]; notice: string | null }

async function setUp() {
	const o = await releasedWeekWithKey()
	const cookies = {
		executive: await sessionCookieFor(o.executive),
		admin: await sessionCookieFor(o.admin),
		careManager: await sessionCookieFor(o.careManager),
		salesManager: await sessionCookieFor(o.salesManager),
	}
	const view = async (who: keyof typeof cookies, query = '') => {
		const r = await call<Page>(commentsPage.loader, getRequest(`/comments${query}`, cookies[who]))
		return r
	}
	/** Every comment a leader can reach with these filters, through every page. */
	const all = async (who: keyof typeof cookies, query = '') => {
		const first = await view(who, query)
		expect(first.status).toBe(200)
		const texts = first.data.threads.map((t) => t.text)
		for (let p = 2; p <= first.data.pages; p++) texts.push(...(await view(who, `${query}${query ? '&' : '?'}page=${p}`)).data.threads.map((t) => t.text))
		return texts
	}
	return { o, cookies, view, all }
}

describe('/comments filters: the anonymity gate stays whole', () => {
	test('a team under k shows none of its comments alone, and no two team views differ by a group under k', async () => {
		const { o, all } = await setUp()
		const k = 5
		const everything = await all('executive')
		const smallOnly = await all('executive', `?team=${o.teamIds['Care/Small']}`)
		expect(smallOnly.filter((t) => t.includes('Care/Small'))).toEqual([])
		expect(smallOnly).toEqual([])
		// Differences of views are unions of whole groups: empty, or at least k comments (one each).
		const views = await Promise.all(['Care', 'Care/Big', 'Care/Small', 'Sales'].map((t) => all('executive', `?team=${o.teamIds[t]}`)))
		for (const a of [everything, ...views])
			for (const b of [everything, ...views]) {
				const difference = a.filter((t) => !b.includes(t))
				if (b.every((t) => a.includes(t))) expect(difference.length === 0 || difference.length >= k, `${difference.length} comments apart`).toBe(true)
			}
	})

	test('filters on the words and threads never change which comments the gate allows', async () => {
		const { o, all } = await setUp()
		const everything = new Set(await all('admin'))
		for (const q of ['?asked=1', '?unanswered=1', '?theme=approval', '?theme=other', `?team=${o.teamIds['Care/Small']}&asked=1`, '?level=frontline', '?team=&theme='])
			for (const t of await all('admin', q)) expect(everything.has(t), `${q} showed a comment the whole view does not`).toBe(true)
	})

	test('a team outside the leader’s view, of another organisation, or not a team at all answers 404', async () => {
		const { o, view } = await setUp()
		const other = await makeOrg()
		const foreign = await makeTeam(other.id, 'Care')
		expect((await view('salesManager', `?team=${o.teamIds['Care/Big']}`)).status).toBe(404)
		expect((await view('careManager', `?team=${o.teamIds.Sales}`)).status).toBe(404)
		expect((await view('executive', `?team=${foreign}`)).status).toBe(404)
		expect((await view('executive', '?team=not-a-team')).status).toBe(404)
		expect((await view('careManager', `?team=${o.teamIds['Care/Big']}`)).status).toBe(200)
	})

	test('a manager’s team picker lists only the teams of their own subtree', async () => {
		const { view } = await setUp()
		const r = await view('careManager')
		expect(r.data.teams.map((t) => t.label)).toEqual(['Care', 'Care › Big', 'Care › Small'])
	})
})

describe('/comments filters: a way through many cards', () => {
	test('"asked for a reply" shows only comments whose author kept a key; "not answered yet" drops them once a leader replies', async () => {
		const { o, cookies, view } = await setUp()
		const asked = await view('executive', '?asked=1')
		expect(asked.data.threads.map((t) => t.text)).toEqual(['Approvals take a week; customers give up.'])
		expect((await view('executive', '?unanswered=1')).data.threads.map((t) => t.ref)).toEqual([asked.data.threads[0]!.ref])
		const reply = await call(
			commentsPage.action,
			postRequest('/comments?unanswered=1', { intent: 'reply', ref: asked.data.threads[0]!.ref, body: 'We will look at it.' }, cookies.executive),
		)
		expect(reply.status).toBe(200)
		expect((await view('executive', '?unanswered=1')).data.threads).toEqual([])
		expect((await view('executive', '?theme=approval&asked=1')).data.threads).toHaveLength(1)
		expect((await view('executive', '?theme=speed&asked=1')).data.threads).toHaveLength(0)
		void o
	})

	test('pages of 20 that together hold every comment once; a page past the end or not a number shows the nearest page', async () => {
		const { view, all } = await setUp()
		const first = await view('executive')
		expect(first.data.total).toBeGreaterThan(20)
		expect(first.data.threads).toHaveLength(20)
		expect(first.data.pages).toBe(Math.ceil(first.data.total / 20))
		const texts = await all('executive')
		expect(new Set(texts).size).toBe(first.data.total)
		expect((await view('executive', '?page=999')).data.page).toBe(first.data.pages)
		expect((await view('executive', '?page=abc')).data.page).toBe(1)
		expect((await view('executive', '?page=0')).data.page).toBe(1)
	})
})
