/**
 * Delivering the outbox: every app instance may run `deliverDueMail` at once (rows are claimed
 * with SKIP LOCKED and leased, so each message goes out once). Each message is rendered by its
 * kind's owner, at sending (links are minted then), skipped when its category is turned off or
 * its owner says it is no longer needed, and carried by a channel.
 */
import { and, eq, sql } from 'drizzle-orm'

import { db, resultRows } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { redactTokens } from '~/utils/token.server'
import { mailOutbox, organizations, users } from '~db/schema'

import { MAIL_CATEGORIES } from './categories'
import { type Channel, emailChannel } from './channel.server'
import type { Footer } from './layout.server'
import { isOptedOut, mintUnsubscribeToken } from './preferences.server'
import { mailKind, MailNoLongerNeeded, registeredMailKinds } from './registry.server'

const MAX_ATTEMPTS = 5
const LEASE_SECONDS = 120

/** Sends what is due; returns how many were sent and failed. */
export async function deliverDueMail(limit = 200, now = new Date(), channel: Channel = emailChannel): Promise<{ sent: number; failed: number }> {
	if (!registeredMailKinds().length) throw new Error('No mail kinds are registered: deliver through app/notifications/deliver.server.ts.')
	// Which organisations have mail due (a read that locks nothing), then a claim per organisation:
	// push next_attempt_at forward (a lease) so no other worker takes the same rows. Each claim
	// names its organisation, so on Citus it runs on one shard (a SKIP LOCKED across tenants
	// is refused there) and never waits on another organisation's rows.
	const due = resultRows<{ org_id: string }>(
		await db().execute(sql`
			select org_id from ${mailOutbox} where status = 'queued' and next_attempt_at <= now()
			group by org_id order by min(created_at) limit ${limit}`),
	)
	const keys: { org_id: string; id: string }[] = []
	for (const { org_id: orgId } of due) {
		if (keys.length >= limit) break
		const claimed = await db().execute(sql`
			update ${mailOutbox} set attempts = attempts + 1,
				next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
			where org_id = ${orgId}::uuid and id in (
				select id from ${mailOutbox}
				where org_id = ${orgId}::uuid and status = 'queued' and next_attempt_at <= now()
				order by created_at limit ${limit - keys.length}
				for update skip locked)
			returning org_id, id`)
		keys.push(...resultRows<{ org_id: string; id: string }>(claimed))
	}
	let sent = 0
	let failed = 0
	const appUrl = env().APP_URL
	for (const key of keys) {
		const where = and(eq(mailOutbox.orgId, key.org_id), eq(mailOutbox.id, key.id))
		const [row] = await db()
			.select({
				message: mailOutbox,
				orgName: organizations.name,
				userName: users.name,
				userLocale: users.locale,
				orgLocale: organizations.locale,
				timeZone: organizations.timeZone,
			})
			.from(mailOutbox)
			.innerJoin(organizations, eq(organizations.id, mailOutbox.orgId))
			.leftJoin(users, and(eq(users.orgId, mailOutbox.orgId), eq(users.id, mailOutbox.userId)))
			.where(where)
		if (!row) continue
		const skip = (reason: string) => db().update(mailOutbox).set({ status: 'skipped', lastError: reason }).where(where)
		const kind = mailKind(row.message.kind)
		if (!kind) {
			await db()
				.update(mailOutbox)
				.set({ status: 'failed', lastError: `Unknown kind of message: ${row.message.kind.slice(0, 60)}` })
				.where(where)
			failed++
			continue
		}
		const { userId } = row.message
		try {
			if (userId && (await isOptedOut(row.message.orgId, userId, kind.category))) {
				await skip('The person turned this kind of e-mail off.')
				continue
			}
			const locale = row.userLocale ?? row.orgLocale
			const content = { locale, ...(await kind.render(row.message, { orgName: row.orgName, userName: row.userName, now, appUrl, locale, timeZone: row.timeZone })) }
			const footer: Footer = {}
			if (userId && MAIL_CATEGORIES[kind.category].optional) {
				const token = await mintUnsubscribeToken(row.message.orgId, userId, kind.category)
				footer.unsubscribe = { href: `${appUrl}/unsubscribe/${token}`, category: MAIL_CATEGORIES[kind.category].label, key: kind.category }
				footer.settings = `${appUrl}/settings/mail`
			}
			const { fileName, subject, via } = await channel.send({
				id: row.message.id,
				orgId: row.message.orgId,
				userId,
				category: kind.category,
				to: row.message.toEmail,
				content,
				footer,
			})
			await db().update(mailOutbox).set({ status: 'sent', subject, sentAt: new Date(), fileName, channel: via, lastError: null }).where(where)
			sent++
		} catch (error) {
			if (error instanceof MailNoLongerNeeded && kind.skippable) {
				await skip(error.message)
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
				.where(where)
			failed++
		}
	}
	return { sent, failed }
}
