/** One-time links to set a password: the invitation of a new person, or a reset. */
import { and, eq, isNull, ne } from 'drizzle-orm'

import { enqueueMail } from '~/mail/outbox.server'
import { db, type Tx } from '~/utils/db.server'
import { fail, ok, type Result } from '~/utils/result'
import { mintToken, parseOrgToken, secretMatches, withOrg } from '~/utils/token.server'
import { organizations, passwordTokens, users } from '~db/schema'

import { hashPassword, weakPasswordProblem } from './password.server'
import { invalidateUserSessions } from './sessions.server'
import { resetRequestKey, takeAttempt, type ThrottleRule } from './throttle.server'

const VALIDITY_MS = { invitation: 14 * 86_400_000, reset: 2 * 3_600_000 } as const

/** Reset e-mails one address can be sent: 3 requests an hour (ASVS 2.5.x: no mail flood). */
export const RESET_REQUESTS: ThrottleRule = { limit: 3, windowMs: 3_600_000, blockMs: 3_600_000, growth: 1, maxBlockMs: 3_600_000 }

/**
 * Deletes a person's open (unused) links, all purposes. Only the newest link works: an older
 * e-mail found later in a mailbox, a forwarded invitation or a link sent to a previous address
 * must not set the password.
 */
export async function voidOpenPasswordLinks(tx: Tx, orgId: string, userId: string, exceptId?: string) {
	await tx
		.delete(passwordTokens)
		.where(and(eq(passwordTokens.orgId, orgId), eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt), exceptId ? ne(passwordTokens.id, exceptId) : undefined))
}

/** A new link for the person; every other open link of theirs stops working. */
export async function mintPasswordLink(orgId: string, userId: string, purpose: 'invitation' | 'reset') {
	const { id, token, secretHash } = mintToken()
	const expiresAt = new Date(Date.now() + VALIDITY_MS[purpose])
	await db().transaction(async (tx) => {
		await voidOpenPasswordLinks(tx, orgId, userId)
		await tx.insert(passwordTokens).values({ orgId, id, userId, secretHash, purpose, expiresAt })
	})
	return { token: withOrg(orgId, token), expiresAt }
}

/** The person a link is for, or null when the link is malformed, unknown, used or expired. */
export async function findPasswordLink(token: string | null | undefined, now = new Date()) {
	const parsed = parseOrgToken(token)
	if (!parsed) return null
	const [row] = await db()
		.select({
			link: passwordTokens,
			user: { id: users.id, orgId: users.orgId, name: users.name, email: users.email, active: users.active, locale: users.locale },
			orgName: organizations.name,
			orgLocale: organizations.locale,
		})
		.from(passwordTokens)
		.innerJoin(users, and(eq(users.orgId, passwordTokens.orgId), eq(users.id, passwordTokens.userId)))
		.innerJoin(organizations, eq(organizations.id, passwordTokens.orgId))
		.where(and(parsed.orgId ? eq(passwordTokens.orgId, parsed.orgId) : undefined, eq(passwordTokens.id, parsed.id)))
	if (!row || !secretMatches(parsed.secret, row.link.secretHash)) return null
	if (row.link.usedAt || row.link.expiresAt <= now || !row.user.active) return null
	return row
}

export function passwordProblem(password: string, confirm: string, userInputs: string[] = []): string | null {
	const weak = weakPasswordProblem(password, userInputs)
	if (weak) return weak
	if (password !== confirm) return 'The two passwords are not the same.'
	return null
}

/** Sets the password and uses up the link; every other session of the person ends. */
export async function usePasswordLink(token: string, password: string, confirm: string): Promise<Result<{ orgId: string; userId: string }>> {
	const link = await findPasswordLink(token)
	if (!link) return fail({ _form: 'This link has expired or has already been used. Ask your admin for a new one.' })
	const problem = passwordProblem(password, confirm, [link.user.email, link.user.name, link.orgName])
	if (problem) return fail({ password: problem })
	const passwordHash = await hashPassword(password)
	const used = await db().transaction(async (tx) => {
		// Only one request can use the link, even if two arrive together.
		const [claimed] = await tx
			.update(passwordTokens)
			.set({ usedAt: new Date() })
			.where(and(eq(passwordTokens.orgId, link.link.orgId), eq(passwordTokens.id, link.link.id), isNull(passwordTokens.usedAt)))
			.returning({ id: passwordTokens.id })
		if (!claimed) return false
		// A new password voids every other open link (an older reset e-mail, an invitation).
		await voidOpenPasswordLinks(tx, link.link.orgId, link.user.id, link.link.id)
		await tx
			.update(users)
			.set({ passwordHash, updatedAt: new Date() })
			.where(and(eq(users.orgId, link.user.orgId), eq(users.id, link.user.id)))
		return true
	})
	if (!used) return fail({ _form: 'This link has already been used.' })
	await invalidateUserSessions(link.user.orgId, link.user.id)
	return ok({ orgId: link.user.orgId, userId: link.user.id })
}

/**
 * Queues a reset e-mail for every active account with this address; says nothing either way.
 * Past the per-address cap it quietly does nothing: the answer stays the same, so the cap tells
 * no one whether the address has an account.
 */
export async function requestPasswordReset(email: string, now = new Date()) {
	const normalized = email.trim().toLowerCase()
	if ((await takeAttempt(resetRequestKey(normalized), RESET_REQUESTS, now)) > 0) return
	const accounts = await db()
		.select({ orgId: users.orgId, id: users.id })
		.from(users)
		.where(and(eq(users.email, normalized), eq(users.active, true)))
		.limit(10)
	for (const a of accounts) {
		await enqueueMail(db(), a.orgId, [{ kind: 'password_reset', toEmail: normalized, userId: a.id, payload: {} }])
	}
}
