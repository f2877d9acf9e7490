/**
 * Anonymous replies to comments (docs/security.md, "Anonymous replies to comments").
 *
 * Leaders reply in their own name to a comment their view holds; the comment's author reads and
 * answers with the reply key their browser kept, and nothing stored says who they are: the key's
 * hash sits in the comment's own (released, shuffled) row, an answer row has no person, session
 * or invitation and only the day, and `settleAuthorAnswers` rewrites answers in random order so
 * transaction ids and physical order forget the moment each was written.
 */
import { randomInt } from 'node:crypto'

import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { isWithin } from '~/auth/permissions.server'
import { isAdmin, reachesEveryTeam, reachesOwnSubtree } from '~/auth/roles'
import { teamLabel } from '~/org/team-path'
import { commentsInView } from '~/reports/comment-view.server'
import { ROOT } from '~/reports/gate.server'
import { db, resultRows, type Tx } from '~/utils/db.server'
import { fail, ok, type Result } from '~/utils/result'
import { textSchema } from '~/utils/text'
import { commentReplies, hiddenComments, organizations, responses, type Role, teams, users } from '~db/schema'

import { parseReplyKey } from './reply-key.server'

export const REPLY_MAX = 2000
const bodySchema = textSchema().trim().min(1, 'Write a reply first.').max(REPLY_MAX, `At most ${REPLY_MAX} characters.`)

export interface Leader {
	id: string
	role: Role
	teamId: string | null
}

/** The view whose comments a leader may answer: the whole organisation for executives and admins, their team's subtree for a manager. */
export function leaderScope(leader: Leader): string | null {
	if (reachesEveryTeam(leader.role)) return ROOT
	if (reachesOwnSubtree(leader.role)) return leader.teamId
	return null
}

export interface ThreadMessage {
	id: string
	fromAuthor: boolean
	leaderName: string | null
	body: string
	writtenOn: string
	hidden: boolean
}

/**
 * The teams a leader may narrow their comments to, with their labels: every team for executives
 * and admins, a manager's own team and its sub-teams. Each reads through the gate on its own.
 */
export async function teamsInLeaderView(orgId: string, leader: Leader): Promise<{ id: string; label: string }[]> {
	const scope = leaderScope(leader)
	if (!scope) return []
	const all = await db().select({ id: teams.id, path: teams.path }).from(teams).where(eq(teams.orgId, orgId)).orderBy(asc(teams.path))
	const own = scope === ROOT ? null : all.find((t) => t.id === scope)
	if (scope !== ROOT && !own) return []
	return all.filter((t) => !own || isWithin(t.path, own.path)).map((t) => ({ id: t.id, label: teamLabel(t.path) }))
}

/**
 * A leader's comments with their threads; hidden replies only for admins (marked), never for
 * others. `team`: one team of `teamsInLeaderView` instead of the leader's whole view (the gate
 * then keeps the whole comment groups inside that team, or none).
 */
export async function leaderThreads(orgId: string, leader: Leader, now = new Date(), team?: string) {
	const scope = leaderScope(leader)
	if (!scope) return []
	const comments = await commentsInView(orgId, team ?? scope, now)
	const threads = await messagesOf(
		orgId,
		comments.map((c) => c.ref),
		isAdmin(leader.role),
	)
	// Comments whose author can read a reply first (each group keeps the gate's order).
	const all = comments.map((c) => ({ ...c, messages: threads.get(c.ref) ?? [] }))
	return [...all.filter((c) => c.replyable), ...all.filter((c) => !c.replyable)]
}

async function messagesOf(orgId: string, refs: string[], withHidden: boolean): Promise<Map<string, ThreadMessage[]>> {
	const out = new Map<string, ThreadMessage[]>()
	if (!refs.length) return out
	const rows = await db()
		.select({ r: commentReplies, leaderName: users.name })
		.from(commentReplies)
		.leftJoin(users, and(eq(users.orgId, commentReplies.orgId), eq(users.id, commentReplies.leaderId)))
		.where(and(eq(commentReplies.orgId, orgId), inArray(commentReplies.responseId, refs), withHidden ? undefined : isNull(commentReplies.hiddenAt)))
		.orderBy(asc(commentReplies.seq))
	for (const { r, leaderName } of rows) {
		const list = out.get(r.responseId) ?? []
		list.push({
			id: r.id,
			fromAuthor: r.fromAuthor,
			// Null for the author, and for a leader no longer in the organisation (the page names them in its reader's language).
			leaderName: r.fromAuthor ? null : (leaderName ?? null),
			body: r.body,
			writtenOn: r.writtenOn,
			hidden: r.hiddenAt !== null,
		})
		out.set(r.responseId, list)
	}
	return out
}

/** The comment if it is in the leader's view now; null otherwise (the route answers 404, whatever the reason). */
async function commentInLeaderView(orgId: string, leader: Leader, ref: string, now: Date) {
	const scope = leaderScope(leader)
	if (!scope) return null
	return (await commentsInView(orgId, scope, now)).find((c) => c.ref === ref) ?? null
}

async function today(tx: Tx, orgId: string, now: Date) {
	const [org] = await tx.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId))
	return DateTime.fromJSDate(now, { zone: org?.timeZone ?? 'UTC' }).toISODate()!
}

/** Appends a message to a thread, numbered after the last one (one writer at a time per thread). */
async function append(tx: Tx, orgId: string, responseId: string, message: { fromAuthor: boolean; leaderId: string | null; body: string }, now: Date) {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${orgId}:${responseId}`}, 0))`)
	const [last] = resultRows<{ seq: number | null }>(
		await tx.execute(sql`select max(seq) as seq from comment_replies where org_id = ${orgId}::uuid and response_id = ${responseId}::uuid`),
	)
	await tx.insert(commentReplies).values({ orgId, responseId, ...message, writtenOn: await today(tx, orgId, now), seq: Number(last?.seq ?? 0) + 1 })
}

export type ReplyOutcome = Result<null> | { ok: false; notFound: true }

/** A leader's reply to a comment of their view whose author kept a reply key. */
export async function replyAsLeader(orgId: string, leader: Leader, ref: string, body: unknown, actor: AuditActor, now = new Date()): Promise<ReplyOutcome> {
	const comment = await commentInLeaderView(orgId, leader, ref, now)
	if (!comment) return { ok: false, notFound: true }
	if (!comment.replyable) return fail({ _form: 'Its author did not ask for replies, so nobody could read yours.' })
	const parsed = bodySchema.safeParse(body)
	if (!parsed.success) return fail({ body: parsed.error.issues[0]!.message })
	await db().transaction(async (tx) => {
		await append(tx, orgId, ref, { fromAuthor: false, leaderId: leader.id, body: parsed.data }, now)
		await recordAudit(tx, orgId, { actor, action: 'comment.replied', target: ref })
	})
	return ok(null)
}

/** The thread of a reply key, for its holder: the comment and the messages not hidden. Null for any key that is not one (404). */
export async function threadByKey(key: unknown) {
	const parsed = parseReplyKey(key)
	if (!parsed) return null
	const [row] = await db()
		.select({ orgId: responses.orgId, id: responses.id, comment: responses.comment, hidden: hiddenComments.responseId })
		.from(responses)
		.leftJoin(hiddenComments, and(eq(hiddenComments.orgId, responses.orgId), eq(hiddenComments.responseId, responses.id)))
		.where(and(parsed.orgId ? eq(responses.orgId, parsed.orgId) : undefined, eq(responses.replyKeyHash, parsed.hash)))
		.limit(1)
	if (!row || row.comment === null) return null
	const messages = (await messagesOf(row.orgId, [row.id], false)).get(row.id) ?? []
	return {
		orgId: row.orgId,
		responseId: row.id,
		comment: row.comment,
		commentHidden: row.hidden !== null,
		messages: messages.map((m) => ({ fromAuthor: m.fromAuthor, leaderName: m.leaderName, body: m.body, writtenOn: m.writtenOn })),
	}
}

/** The author's answer, through their key. No person, no session, no audit event; the day only. */
export async function answerAsAuthor(key: unknown, body: unknown, now = new Date()): Promise<ReplyOutcome> {
	const thread = await threadByKey(key)
	if (!thread) return { ok: false, notFound: true }
	if (!thread.messages.some((m) => !m.fromAuthor)) return fail({ _form: 'You can answer once a leader has replied.' })
	const parsed = bodySchema.safeParse(body)
	if (!parsed.success) return fail({ body: parsed.error.issues[0]!.message })
	await db().transaction((tx) => append(tx, thread.orgId, thread.responseId, { fromAuthor: true, leaderId: null, body: parsed.data }, now))
	return ok(null)
}

/** An admin hides a comment of their organisation (from every list and thread); recorded in the audit log. */
export async function hideComment(orgId: string, admin: Leader, ref: string, actor: AuditActor, now = new Date()): Promise<boolean> {
	if (!isAdmin(admin.role) || !(await commentInLeaderView(orgId, admin, ref, now))) return false
	await db().transaction(async (tx) => {
		await tx.insert(hiddenComments).values({ orgId, responseId: ref, hiddenBy: admin.id }).onConflictDoNothing()
		await recordAudit(tx, orgId, { actor, action: 'comment.hidden', target: ref })
	})
	return true
}

/** An admin hides one message of a thread; recorded in the audit log. */
export async function hideReply(orgId: string, admin: Leader, replyId: string, actor: AuditActor, now = new Date()): Promise<boolean> {
	if (!isAdmin(admin.role)) return false
	return db().transaction(async (tx) => {
		const [hidden] = await tx
			.update(commentReplies)
			.set({ hiddenAt: now, hiddenBy: admin.id })
			.where(and(eq(commentReplies.orgId, orgId), eq(commentReplies.id, replyId), isNull(commentReplies.hiddenAt)))
			.returning({ responseId: commentReplies.responseId })
		if (!hidden) return false
		await recordAudit(tx, orgId, { actor, action: 'reply.hidden', target: replyId, detail: { comment: hidden.responseId } })
		return true
	})
}

/**
 * Authors' answers written before today are written again, in random order and with new ids, in
 * one transaction, and marked settled; then the table is vacuumed. Afterwards neither their
 * transaction ids nor their physical order follow the moment each was written (which a reader of
 * the database could set beside a person's session activity). Idempotent; safe on every instance.
 */
export async function settleAuthorAnswers(now = new Date()): Promise<number> {
	const moved = await db().transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('settle-author-answers', 0))`)
		const rows = resultRows<{ org_id: string; response_id: string; body: string; written_on: string; seq: number; hidden_at: string | null; hidden_by: string | null }>(
			await tx.execute(sql`
				delete from comment_replies r using organizations o
				where o.id = r.org_id and r.from_author and not r.settled
					and r.written_on < (${now.toISOString()}::timestamptz at time zone o.time_zone)::date
				returning r.org_id::text as org_id, r.response_id::text as response_id, r.body, r.written_on, r.seq,
					r.hidden_at, r.hidden_by::text as hidden_by`),
		)
		if (!rows.length) return 0
		for (let i = rows.length - 1; i > 0; i--) {
			const j = randomInt(i + 1)
			;[rows[i], rows[j]] = [rows[j]!, rows[i]!]
		}
		await tx.insert(commentReplies).values(
			rows.map((r) => ({
				orgId: r.org_id,
				responseId: r.response_id,
				fromAuthor: true,
				leaderId: null,
				body: r.body,
				writtenOn: r.written_on,
				seq: Number(r.seq),
				settled: true,
				hiddenAt: r.hidden_at ? new Date(r.hidden_at) : null,
				hiddenBy: r.hidden_by,
			})),
		)
		return rows.length
	})
	if (moved) await db().execute(sql`vacuum comment_replies`)
	return moved
}
