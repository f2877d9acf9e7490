/**
 * The mail outbox: messages are queued in the caller's transaction (`enqueueMail`) and sent by
 * `deliverDueMail` (deliver.server.ts). A queued message is its recipient, its kind and a few
 * ids — never a body or a link: those are made at sending. What anyone sees of a message is its
 * metadata (`listOutbox`): its link is for its recipient alone.
 */
import { and, count, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm'

import { db, type Tx } from '~/utils/db.server'
import { redactTokens } from '~/utils/token.server'
import { mailOutbox, mailStatuses } from '~db/schema'

import { mailKind, registeredMailKinds } from './registry.server'

export type QueuedMail = Pick<typeof mailOutbox.$inferInsert, 'kind' | 'toEmail' | 'userId' | 'payload'>

export async function enqueueMail(tx: Tx, orgId: string, messages: QueuedMail[]) {
	for (let i = 0; i < messages.length; i += 1000) {
		await tx.insert(mailOutbox).values(messages.slice(i, i + 1000).map((m) => ({ ...m, orgId })))
	}
}

export const OUTBOX_PAGE_SIZE = 50

export interface OutboxFilter {
	/** Part of a recipient's address. Only kinds whose recipients may be shown match: whom a reminder went to would say who had not answered. */
	q?: string
	/** A registered kind (`registeredMailKinds()`). */
	kind?: string
	status?: (typeof mailStatuses)[number]
	page?: number
}

/**
 * The Outbox page's list, newest first, a page at a time, with how many match: who each message
 * is for, what kind, its delivery state, the channel it went by, and times. Never its body, subject or link, and no way to
 * reach them (nor the file the file transport wrote): a pulse link answers in someone's name, a
 * password link takes over their account.
 */
export async function listOutbox(orgId: string, filter: OutboxFilter = {}) {
	const conditions: (SQL | undefined)[] = [eq(mailOutbox.orgId, orgId)]
	if (filter.q) {
		const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
		// A search by recipient reaches only kinds whose recipients the page shows (closed by default).
		const shown = registeredMailKinds().filter((k) => mailKind(k)?.privateRecipient === false)
		conditions.push(ilike(mailOutbox.toEmail, pattern), inArray(mailOutbox.kind, shown.length ? shown : ['']))
	}
	if (filter.kind) conditions.push(eq(mailOutbox.kind, filter.kind))
	if (filter.status) conditions.push(eq(mailOutbox.status, filter.status))
	const where = and(...conditions)
	const page = Math.max(1, filter.page ?? 1)
	const [rows, [total]] = await Promise.all([
		db()
			.select({
				id: mailOutbox.id,
				kind: mailOutbox.kind,
				toEmail: mailOutbox.toEmail,
				status: mailOutbox.status,
				attempts: mailOutbox.attempts,
				lastError: mailOutbox.lastError,
				createdAt: mailOutbox.createdAt,
				sentAt: mailOutbox.sentAt,
				fileName: mailOutbox.fileName,
				channel: mailOutbox.channel,
			})
			.from(mailOutbox)
			.where(where)
			.orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
			.limit(OUTBOX_PAGE_SIZE)
			.offset((page - 1) * OUTBOX_PAGE_SIZE),
		db().select({ n: count() }).from(mailOutbox).where(where),
	])
	const messages = rows.map(({ fileName, lastError, toEmail, ...r }) => {
		// A reminder goes only to those who have not answered: its recipients would say who has.
		// A kind this process does not know is treated the same way (closed by default).
		const kind = mailKind(r.kind)
		const privateRecipient = kind?.privateRecipient ?? true
		return {
			...r,
			kindLabel: kind?.label ?? r.kind,
			toEmail: privateRecipient ? null : toEmail,
			// The channel too: if one person gets e-mail and the rest Slack, "a reminder went by e-mail" names them.
			channel: privateRecipient ? null : r.channel,
			writtenToFile: fileName !== null,
			// A skipped pulse e-mail's reason may be "Already answered": whether a person answered is
			// not for the Outbox to tell. Errors are redacted again, for those stored before that was done.
			lastError: lastError === null || r.status === 'skipped' ? null : redactTokens(lastError),
		}
	})
	return { messages, total: total!.n, page, pages: Math.max(1, Math.ceil(total!.n / OUTBOX_PAGE_SIZE)) }
}

export async function countQueued(orgId: string, ids?: string[]) {
	const rows = await db()
		.select({ id: mailOutbox.id })
		.from(mailOutbox)
		.where(and(eq(mailOutbox.orgId, orgId), eq(mailOutbox.status, 'queued'), ids ? inArray(mailOutbox.id, ids) : undefined))
	return rows.length
}
