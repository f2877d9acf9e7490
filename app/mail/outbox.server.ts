/**
 * The mail outbox: messages are queued in the caller's transaction and delivered by
 * `deliverDueMail`, which every app instance may run at once (rows are claimed with
 * SKIP LOCKED and leased, so each message goes out once). What anyone sees of a message is
 * its metadata (`listOutbox`): its link is for its recipient alone.
 */
import { and, count, desc, eq, ilike, inArray, ne, type SQL, sql } from 'drizzle-orm'

import { redactTokens } from '~/auth/token.server'
import { MailNoLongerNeeded } from '~/pulses/pulse-mail.server'
import { db } from '~/utils/db.server'
import { type Database, resultRows } from '~db/client'
import { mailOutbox, mailStatuses, organizations, users } from '~db/schema'

import { renderMail } from './render.server'
import { sendMail } from './transport.server'

export type QueuedMail = Pick<typeof mailOutbox.$inferInsert, 'kind' | 'toEmail' | 'userId' | 'payload'>

const MAX_ATTEMPTS = 5
const LEASE_SECONDS = 120

export async function enqueueMail(tx: Database, orgId: string, messages: QueuedMail[]) {
	for (let i = 0; i < messages.length; i += 1000) {
		await tx.insert(mailOutbox).values(messages.slice(i, i + 1000).map((m) => ({ ...m, orgId })))
	}
}

/** Sends what is due; returns how many were sent and failed. */
export async function deliverDueMail(limit = 200, now = new Date()): Promise<{ sent: number; failed: number }> {
	// Claim: push next_attempt_at forward (a lease) so no other worker takes the same rows.
	const claimed = await db().execute(sql`
		update ${mailOutbox} set attempts = attempts + 1,
			next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
		where (org_id, id) in (
			select org_id, id from ${mailOutbox}
			where status = 'queued' and next_attempt_at <= now()
			order by created_at limit ${limit}
			for update skip locked)
		returning org_id, id`)
	const keys = resultRows<{ org_id: string; id: string }>(claimed)
	let sent = 0
	let failed = 0
	for (const key of keys) {
		const [row] = await db()
			.select({ message: mailOutbox, orgName: organizations.name, userName: users.name })
			.from(mailOutbox)
			.innerJoin(organizations, eq(organizations.id, mailOutbox.orgId))
			.leftJoin(users, and(eq(users.orgId, mailOutbox.orgId), eq(users.id, mailOutbox.userId)))
			.where(and(eq(mailOutbox.orgId, key.org_id), eq(mailOutbox.id, key.id)))
		if (!row) continue
		try {
			const mail = await renderMail(row.message, { orgName: row.orgName, userName: row.userName, now })
			const { fileName } = await sendMail({ ...mail, to: row.message.toEmail, id: row.message.id })
			await db()
				.update(mailOutbox)
				.set({ status: 'sent', subject: mail.subject, sentAt: new Date(), fileName, lastError: null })
				.where(and(eq(mailOutbox.orgId, key.org_id), eq(mailOutbox.id, key.id)))
			sent++
		} catch (error) {
			if (error instanceof MailNoLongerNeeded) {
				await db()
					.update(mailOutbox)
					.set({ status: 'skipped', lastError: error.message })
					.where(and(eq(mailOutbox.orgId, key.org_id), eq(mailOutbox.id, key.id)))
				continue
			}
			const last = row.message.attempts >= MAX_ATTEMPTS
			await db()
				.update(mailOutbox)
				.set({
					status: last ? 'failed' : 'queued',
					// A mail server's answer may quote the message, link included.
					lastError: redactTokens(error instanceof Error ? error.message : String(error)).slice(0, 500),
					// Back off: 1, 4, 9, 16 minutes.
					nextAttemptAt: new Date(Date.now() + row.message.attempts ** 2 * 60_000),
				})
				.where(and(eq(mailOutbox.orgId, key.org_id), eq(mailOutbox.id, key.id)))
			failed++
		}
	}
	return { sent, failed }
}

export const OUTBOX_PAGE_SIZE = 50
export const mailKinds = ['invitation', 'password_reset', 'pulse_invitation', 'pulse_reminder'] as const

export interface OutboxFilter {
	/** Part of a recipient's address. Reminders never match: whom one went to would say who had not answered. */
	q?: string
	kind?: (typeof mailKinds)[number]
	status?: (typeof mailStatuses)[number]
	page?: number
}

/**
 * The Outbox page's list, newest first, a page at a time, with how many match: who each message
 * is for, what kind, its delivery state and times. Never its body, subject or link, and no way to
 * reach them (nor the file the file transport wrote): a pulse link answers in someone's name, a
 * password link takes over their account.
 */
export async function listOutbox(orgId: string, filter: OutboxFilter = {}) {
	const conditions: (SQL | undefined)[] = [eq(mailOutbox.orgId, orgId)]
	if (filter.q) {
		const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
		conditions.push(ilike(mailOutbox.toEmail, pattern), ne(mailOutbox.kind, 'pulse_reminder'))
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
			})
			.from(mailOutbox)
			.where(where)
			.orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
			.limit(OUTBOX_PAGE_SIZE)
			.offset((page - 1) * OUTBOX_PAGE_SIZE),
		db().select({ n: count() }).from(mailOutbox).where(where),
	])
	const messages = rows.map(({ fileName, lastError, toEmail, ...r }) => ({
		...r,
		// A reminder goes only to those who have not answered: its recipients would say who has.
		toEmail: r.kind === 'pulse_reminder' ? null : toEmail,
		writtenToFile: fileName !== null,
		// A skipped pulse e-mail's reason may be "Already answered": whether a person answered is
		// not for the Outbox to tell. Errors are redacted again, for those stored before that was done.
		lastError: lastError === null || r.status === 'skipped' ? null : redactTokens(lastError),
	}))
	return { messages, total: total!.n, page, pages: Math.max(1, Math.ceil(total!.n / OUTBOX_PAGE_SIZE)) }
}

export async function countQueued(orgId: string, ids?: string[]) {
	const rows = await db()
		.select({ id: mailOutbox.id })
		.from(mailOutbox)
		.where(and(eq(mailOutbox.orgId, orgId), eq(mailOutbox.status, 'queued'), ids ? inArray(mailOutbox.id, ids) : undefined))
	return rows.length
}
