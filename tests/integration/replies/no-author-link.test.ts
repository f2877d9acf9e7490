/**
 * The attack: a database reader after a whole reply thread (comment with a key, leader's reply,
 * author's answer, settling) dumps every table and looks for any row that ties the author —
 * their user id, e-mail, name, invitation, link token or session — to the comment or the thread
 * (the released response, the key's hash, the reply rows), by value, by time or by transaction id.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { answerAsAuthor, replyAsLeader, settleAuthorAnswers } from '~/replies/threads.server'
import { db } from '~/utils/db.server'
import { hashSecret } from '~/utils/token.server'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'
import { sessionCookieFor } from '../../support/fixtures'
import { releasedWeekWithKey } from '../../support/replies'

useTestDatabase()

const COMMENT = 'Approvals take a week; customers give up.'
const ANSWER = 'Refunds over 50 euros, every single time.'

async function dumpEveryTable() {
	const tables = resultRows<{ name: string }>(
		await db().execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`),
	)
	const out: { table: string; xmin: string; row: Record<string, unknown>; text: string }[] = []
	for (const { name } of tables) {
		for (const row of resultRows<Record<string, unknown>>(await db().execute(sql`select xmin::text as "__xmin", t.* from ${sql.identifier(name)} t`))) {
			const { __xmin, ...rest } = row
			out.push({ table: name, xmin: String(__xmin), row: rest, text: JSON.stringify(rest) })
		}
	}
	return out
}

describe('no stored row links the author to the comment or the thread', () => {
	test('every table, after a full thread', async () => {
		const o = await releasedWeekWithKey()
		// The author also has a session (they read replies on their home page) and was sent e-mails.
		await sessionCookieFor({ orgId: o.orgId, id: o.author.id })
		const [response] = resultRows<{ id: string }>(await db().execute(sql`select id::text as id from responses where org_id = ${o.orgId} and comment = ${COMMENT}`))
		const leader = { id: o.executive.id, role: 'executive' as const, teamId: null }
		const actor = { userId: o.executive.id, label: 'executive', ip: null }
		expect(await replyAsLeader(o.orgId, leader, response!.id, 'Which approvals hurt most?', actor, new Date())).toMatchObject({ ok: true })
		expect(await answerAsAuthor(o.replyKey, ANSWER, new Date())).toMatchObject({ ok: true })
		// Settled the next day: the answer is written again with the other answers, in random order.
		expect(await settleAuthorAnswers(new Date(Date.now() + 2 * 86_400_000))).toBe(1)

		const rows = await dumpEveryTable()
		const [person] = resultRows<{ email: string; name: string }>(await db().execute(sql`select email, name from users where id = ${o.author.id}`))
		const invitationIds = resultRows<{ id: string }>(await db().execute(sql`select id::text as id from invitations where user_id = ${o.author.id}`)).map((r) => r.id)
		const sessionIds = resultRows<{ id: string }>(await db().execute(sql`select id from sessions where user_id = ${o.author.id}`)).map((r) => r.id)
		const tokenIds = resultRows<{ id: string }>(
			await db().execute(sql`select id from invitation_tokens where invitation_id = any(${sql.param(invitationIds)}::text[]::uuid[])`),
		).map((r) => r.id)
		const authorIds = [o.author.id, person!.email, person!.name, ...invitationIds, ...sessionIds, ...tokenIds]
		const replyIds = resultRows<{ id: string }>(await db().execute(sql`select id::text as id from comment_replies where org_id = ${o.orgId}`)).map((r) => r.id)
		const threadIds = [response!.id, hashSecret(o.replyKey), o.replyKey, ...replyIds, COMMENT, ANSWER]
		expect(authorIds.length).toBeGreaterThanOrEqual(5)
		expect(threadIds.length).toBe(7)

		// 1. By value: no row holds both something of the author and something of the thread.
		const authorRows = rows.filter((r) => authorIds.some((id) => r.text.includes(id)))
		const threadRows = rows.filter((r) => threadIds.some((id) => r.text.includes(id)))
		expect(authorRows.length).toBeGreaterThan(3)
		// The comment's own answers (same anonymous response), the leader's audit event, the two messages, the response.
		expect(threadRows.map((r) => r.table).sort()).toEqual(['answers', 'answers', 'answers', 'audit_events', 'comment_replies', 'comment_replies', 'responses'])
		expect(authorRows.filter((r) => threadRows.includes(r))).toEqual([])
		// The audit row is the leader's reply: it names the leader and the comment, never the author.
		expect(threadRows.find((r) => r.table === 'audit_events')!.row).toMatchObject({ action: 'comment.replied', actor_user_id: o.executive.id })

		// 2. By time: the author's answer keeps the day, nothing finer; the released comment no time at all.
		const answerRow = threadRows.find((r) => r.table === 'comment_replies' && r.row.from_author === true)!
		expect(answerRow.row).toMatchObject({ leader_id: null, settled: true, hidden_at: null, hidden_by: null })
		expect(Object.keys(answerRow.row).sort()).toEqual(['body', 'from_author', 'hidden_at', 'hidden_by', 'id', 'leader_id', 'org_id', 'response_id', 'seq', 'settled', 'written_on'])
		expect(String(answerRow.row.written_on)).toMatch(/^\d{4}-\d{2}-\d{2}$/)
		const responseRow = threadRows.find((r) => r.table === 'responses')!
		expect(Object.keys(responseRow.row).sort()).toEqual(['comment', 'comment_locale', 'id', 'level', 'org_id', 'reply_key_hash', 'team_id', 'wave_id'])
		// 3. No held row survives the release (the hash moved with the comment, shuffled).
		expect(rows.filter((r) => r.table === 'held_responses')).toEqual([])

		// 4. By transaction id: the comment shares its xmin with the whole week's responses (one
		// release), the author's answer was written again by the settling, and neither xmin is that
		// of any row of the author (session, invitation, user, e-mails).
		const weekXmins = new Set(rows.filter((r) => r.table === 'responses' && r.row.org_id === o.orgId).map((r) => r.xmin))
		expect(weekXmins.size).toBe(1)
		// The release rewrote the week's answered rows (answered_invitations) in the same transaction:
		// that xmin pairs every answered invitation with every response of the week, so it tells
		// nothing about who wrote what. The invitations themselves are never rewritten (0032): they
		// keep the one transaction that opened the wave.
		const sameAsComment = authorRows.filter((r) => r.xmin === responseRow.xmin)
		expect(sameAsComment.length).toBeGreaterThan(0)
		expect(sameAsComment.filter((r) => r.table !== 'answered_invitations')).toEqual([])
		const weekAnswered = rows.filter((r) => r.table === 'answered_invitations' && r.row.org_id === o.orgId)
		expect(weekAnswered.length).toBeGreaterThan(0)
		expect(new Set(weekAnswered.map((r) => r.xmin))).toEqual(new Set([responseRow.xmin]))
		const weekInvitations = rows.filter((r) => r.table === 'invitations' && r.row.org_id === o.orgId)
		expect(weekInvitations.length).toBe(o.people.length)
		expect(new Set(weekInvitations.map((r) => r.xmin)).size).toBe(1)
		expect(weekInvitations[0]!.xmin).not.toBe(responseRow.xmin)
		// No row of the author shares the answer's transaction: it was written again by the settling, alone.
		expect(authorRows.filter((r) => r.xmin === answerRow.xmin)).toEqual([])
		expect(rows.filter((r) => r.xmin === answerRow.xmin).map((r) => r.table)).toEqual(['comment_replies'])
	}, 180_000)

	test('while the week is open, the only trace of the key is its hash in the held row (the documented window); nothing is created beside it', async () => {
		const { pulseForUser } = await import('~/pulses/pulse-view.server')
		const { submitPulse } = await import('~/pulses/answering.server')
		const { makePulseOrg, openTestWave } = await import('../../support/pulses')
		const o = await makePulseOrg({ teams: { T: [['frontline', 5]] } })
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		const before = await dumpEveryTable()
		const pulse = (await pulseForUser(o.orgId, o.people[0]!.id, w.waveId, w.during))!
		const outcome = await submitPulse(pulse, { 'item-0': '2', 'item-1': '3', 'item-2': '6', 'item-3': COMMENT, replies: 'on' }, w.during)
		expect(outcome).toMatchObject({ status: 'submitted', replyKey: expect.stringMatching(/^r_[0-9a-f-]{36}\.[a-z2-9]{32}$/) })
		const after = await dumpEveryTable()
		const key = (outcome as { replyKey: string }).replyKey
		const withHash = after.filter((r) => r.text.includes(hashSecret(key)))
		expect(withHash.map((r) => r.table)).toEqual(['held_responses'])
		expect(after.some((r) => r.text.includes(key))).toBe(false)
		// The same tables grew as for a submission without a key: no capability row of its own.
		const count = (d: typeof before) => Object.fromEntries([...new Set(d.map((r) => r.table))].map((t) => [t, d.filter((r) => r.table === t).length]))
		const grown = Object.entries(count(after))
			.map(([t, n]) => [t, n - (count(before)[t] ?? 0)] as const)
			.filter(([, n]) => n !== 0)
		// The answer held, and the invitation marked answered (a row of its own that holds no key, no answer and no time).
		expect(grown).toEqual([
			['answered_invitations', 1],
			['held_responses', 1],
		])
	}, 180_000)
})
