/** Anonymous replies: who may reply, the author's side with the key alone, moderation (docs/security.md). */
import { sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { mindsetReport } from '~/reports/mindset.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'
import { sessionCookieFor } from '../../support/fixtures'
import { releasedWeekWithKey } from '../../support/replies'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

const COMMENT = 'Approvals take a week; customers give up.'
const comments = () => import('~/routes/_reports+/comments')
const thread = () => import('~/routes/_reports+/replies.thread')

/** The author's side, as the browser sends it: the key in the body, no cookie at all. */
function authorRequest(form: Record<string, string>) {
	return new Request('http://localhost:3000/replies/thread', { method: 'POST', body: new URLSearchParams(form), headers: { Origin: 'http://localhost:3000' } })
}

async function refOf(cookie: string) {
	const page = await call((await comments()).loader, getRequest('/comments', cookie))
	expect(page.status).toBe(200)
	return page.data.threads.find((c: { text: string }) => c.text === COMMENT) as { ref: string; replyable: boolean; messages: { id: string; body: string }[] } | undefined
}

describe('who may reply', () => {
	test('an executive, an admin and the manager of the comment’s group reply; the manager of another team cannot reach it; an employee has no page', async () => {
		const o = await releasedWeekWithKey()
		const exec = await sessionCookieFor(o.executive)
		const comment = (await refOf(exec))!
		expect(comment).toMatchObject({ replyable: true })
		// Other comments are there too, without a key: no reply form.
		const page = await call((await comments()).loader, getRequest('/comments', exec))
		expect(page.data.threads.filter((c: { replyable: boolean }) => !c.replyable).length).toBeGreaterThan(0)

		for (const [who, body] of [
			[o.executive, 'Thank you: we are cutting the sign-offs to one.'],
			[o.admin, 'The admin team reads this too.'],
			[o.careManager, 'Your manager here: let us try it next week.'],
		] as const) {
			const r = await call((await comments()).action, postRequest('/comments', { intent: 'reply', ref: comment.ref, body }, await sessionCookieFor(who)))
			expect(r.status).toBe(200)
		}
		// The Sales manager's view does not hold the comment: their page does not list it, and a reply by reference is 404.
		const sales = await sessionCookieFor(o.salesManager)
		expect(await refOf(sales)).toBeUndefined()
		const refused = await call((await comments()).action, postRequest('/comments', { intent: 'reply', ref: comment.ref, body: 'Let me in' }, sales))
		expect(refused.status).toBe(404)
		const employee = await call((await comments()).loader, getRequest('/comments', await sessionCookieFor(o.employee)))
		expect(employee.status).toBe(403)
		// An unknown reference, or one of another organisation, is 404 too.
		const other = await releasedWeekWithKey()
		const theirs = (await refOf(await sessionCookieFor(other.executive)))!
		expect((await call((await comments()).action, postRequest('/comments', { intent: 'reply', ref: theirs.ref, body: 'hi' }, exec))).status).toBe(404)
		expect((await call((await comments()).action, postRequest('/comments', { intent: 'reply', ref: 'not-a-uuid', body: 'hi' }, exec))).status).toBe(404)

		const after = (await refOf(exec))!
		expect(after.messages.map((m) => m.body)).toEqual([
			'Thank you: we are cutting the sign-offs to one.',
			'The admin team reads this too.',
			'Your manager here: let us try it next week.',
		])
	}, 180_000) // Organisations with a released week each, on a busy machine.

	test('a reply to a comment without a key says nobody could read it; an empty reply says what is missing; nothing is stored', async () => {
		const o = await releasedWeekWithKey()
		const exec = await sessionCookieFor(o.executive)
		const page = await call((await comments()).loader, getRequest('/comments', exec))
		const plain = page.data.threads.find((c: { replyable: boolean }) => !c.replyable)
		const r = await call((await comments()).action, postRequest('/comments', { intent: 'reply', ref: plain.ref, body: 'Hello?' }, exec))
		expect(r.status).toBe(422)
		expect(r.data.errors._form).toContain('did not ask for replies')
		const empty = await call((await comments()).action, postRequest('/comments', { intent: 'reply', ref: (await refOf(exec))!.ref, body: '   ' }, exec))
		expect(empty.status).toBe(422)
		expect(empty.data.errors.body).toBe('Write a reply first.')
		expect(resultRows(await db().execute(sql`select 1 from comment_replies where org_id = ${o.orgId}`))).toHaveLength(0)
	}, 180_000)
})

describe('the author’s side, with the key alone', () => {
	test('reads the leader’s reply and answers it; the leader sees the answer as “the author”', async () => {
		const o = await releasedWeekWithKey()
		const exec = await sessionCookieFor(o.executive)
		const ref = (await refOf(exec))!.ref
		// Before any reply: the thread is there, and answering first is refused.
		const before = await call((await thread()).action, authorRequest({ intent: 'read', key: o.replyKey }))
		expect(before.status).toBe(200)
		expect(before.data.thread).toEqual({ comment: COMMENT, commentHidden: false, messages: [] })
		expect((await call((await thread()).action, authorRequest({ intent: 'answer', key: o.replyKey, body: 'Hello' }))).status).toBe(422)

		await call((await comments()).action, postRequest('/comments', { intent: 'reply', ref, body: 'Which approvals hurt most?' }, exec))
		const read = await call((await thread()).action, authorRequest({ intent: 'read', key: o.replyKey }))
		expect(read.data.thread.messages).toEqual([
			{ fromAuthor: false, leaderName: expect.stringMatching(/^Person /), body: 'Which approvals hurt most?', writtenOn: expect.any(String) },
		])
		const answered = await call((await thread()).action, authorRequest({ intent: 'answer', key: o.replyKey, body: 'Refunds over 50 euros.' }))
		expect(answered.status).toBe(200)
		expect(answered.data.thread.messages.map((m: { fromAuthor: boolean; body: string }) => [m.fromAuthor, m.body])).toEqual([
			[false, 'Which approvals hurt most?'],
			[true, 'Refunds over 50 euros.'],
		])
		const leaderView = (await refOf(exec))!
		expect(leaderView.messages.map((m) => m.body)).toEqual(['Which approvals hurt most?', 'Refunds over 50 euros.'])
		const page = await call((await comments()).loader, getRequest('/comments', exec))
		const { renderPage } = await import('../../support/render')
		const html = await renderPage((await comments()).default, '/comments', page.data)
		expect(html).toContain('The author')
		expect(html).toContain('Refunds over 50 euros.')
	}, 180_000)

	test('every answer is a Response (anything else makes Remix print a "future change" warning on every read)', async () => {
		const o = await releasedWeekWithKey()
		const { action } = await thread()
		const run = (form: Record<string, string>) => action({ request: authorRequest(form), params: {}, context: {} })
		const answers = [await run({ intent: 'read', key: o.replyKey }), await run({ intent: 'answer', key: o.replyKey, body: 'Hello' }), await run({ intent: 'read', key: 'r_short' })]
		expect(answers.map((a) => (a instanceof Response ? a.status : 'not a Response'))).toEqual([200, 422, 404])
	}, 180_000)

	test('a wrong, guessed or malformed key answers 404 and stores nothing', async () => {
		const o = await releasedWeekWithKey()
		const guessed = `r_${'a'.repeat(32)}`
		const flipped = o.replyKey.slice(0, -1) + (o.replyKey.endsWith('a') ? 'b' : 'a')
		for (const key of [guessed, flipped, 'r_short', '', o.replyKey.toUpperCase()]) {
			for (const intent of ['read', 'answer']) {
				const r = await call((await thread()).action, authorRequest({ intent, key, body: 'hi' }))
				expect(r.status, `${intent} ${key}`).toBe(404)
			}
		}
		// A leader's session does not stand in for a key.
		const withCookie = new Request('http://localhost:3000/replies/thread', {
			method: 'POST',
			body: new URLSearchParams({ intent: 'read' }),
			headers: { Origin: 'http://localhost:3000', Cookie: await sessionCookieFor(o.admin) },
		})
		expect((await call((await thread()).action, withCookie)).status).toBe(404)
		expect(resultRows(await db().execute(sql`select 1 from comment_replies where org_id = ${o.orgId}`))).toHaveLength(0)
	}, 180_000)
})

describe('bad input and guessing', () => {
	test('a request that is not a form with a known intent answers 400, not a thread and not a 200', async () => {
		const o = await releasedWeekWithKey()
		const { action } = await thread()
		for (const form of [{ key: o.replyKey }, { intent: 'delete', key: o.replyKey }] as Record<string, string>[]) {
			const r = await call(action, authorRequest(form))
			expect(r.status, JSON.stringify(form)).toBe(400)
			expect(r.data.thread).toBeUndefined()
		}
		const json = new Request('http://localhost:3000/replies/thread', {
			method: 'POST',
			body: JSON.stringify({ intent: 'read', key: o.replyKey }),
			headers: { Origin: 'http://localhost:3000', 'Content-Type': 'application/json' },
		})
		expect((await call(action, json)).status).toBe(400)
	}, 180_000)

	test('wrong keys are limited per address: 429 with Retry-After, other addresses unaffected, right keys never counted', async () => {
		const o = await releasedWeekWithKey()
		const { action } = await thread()
		const from = (clientAddress: string, key: string) => call(action, authorRequest({ intent: 'read', key }), {}, { clientAddress })
		// The author reads their thread far more often than the limit: found keys do not count.
		for (let i = 0; i < 60; i++) expect((await from('203.0.113.7', o.replyKey)).status).toBe(200)
		// A guesser: 50 wrong keys answer 404, the next is refused, and so is everything from there.
		const guess = (i: number) => `r_${String(i).padStart(32, 'a').replace(/[01]/g, 'b')}`
		for (let i = 0; i < 50; i++) expect((await from('::ffff:198.51.100.9', guess(i))).status).toBe(404)
		const refused = await from('198.51.100.9', guess(50))
		expect(refused.status).toBe(429)
		expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0)
		expect(refused.data.error).toMatch(/Too many wrong reply keys .* Try again in \d+ minutes?\./)
		expect((await from('198.51.100.9', o.replyKey)).status).toBe(429)
		// Another address is not slowed down by it.
		expect((await from('203.0.113.7', o.replyKey)).status).toBe(200)
	}, 180_000)
})

describe('moderation', () => {
	test('an admin hides a reply and a comment; both are in the audit log; others may not', async () => {
		const o = await releasedWeekWithKey()
		const admin = await sessionCookieFor(o.admin)
		const exec = await sessionCookieFor(o.executive)
		const ref = (await refOf(exec))!.ref
		await call((await comments()).action, postRequest('/comments', { intent: 'reply', ref, body: 'An unkind reply' }, exec))
		const replyId = (await refOf(admin))!.messages[0]!.id
		expect((await call((await comments()).action, postRequest('/comments', { intent: 'hide-reply', ref: replyId }, exec))).status).toBe(403)
		expect((await call((await comments()).action, postRequest('/comments', { intent: 'hide-reply', ref: replyId }, admin))).status).toBe(200)
		expect((await call((await thread()).action, authorRequest({ intent: 'read', key: o.replyKey }))).data.thread.messages).toEqual([])
		expect((await refOf(exec))!.messages).toEqual([])

		expect((await call((await comments()).action, postRequest('/comments', { intent: 'hide-comment', ref }, admin))).status).toBe(200)
		expect(await refOf(exec)).toBeUndefined()
		const report = await mindsetReport(o.orgId, { from: o.wave.opensAt.toISOString().slice(0, 10), to: o.wave.opensAt.toISOString().slice(0, 10), teamId: null, level: null }, null)
		expect(report!.comments.items!.length).toBeGreaterThan(0)
		expect(report!.comments.items).not.toContain(COMMENT)
		const author = await call((await thread()).action, authorRequest({ intent: 'read', key: o.replyKey }))
		expect(author.data.thread).toMatchObject({ comment: null, commentHidden: true })

		const audit = resultRows<{ action: string; actor: string; target: string }>(
			await db().execute(
				sql`select action, actor_user_id::text as actor, target from audit_events where org_id = ${o.orgId} and action in ('comment.replied', 'reply.hidden', 'comment.hidden') order by id`,
			),
		)
		expect(audit.map((a) => [a.action, a.actor, a.target]).sort()).toEqual(
			[
				['comment.replied', o.executive.id, ref],
				['reply.hidden', o.admin.id, replyId],
				['comment.hidden', o.admin.id, ref],
			].sort(),
		)
	}, 180_000)
})
