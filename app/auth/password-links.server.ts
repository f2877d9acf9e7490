/** One-time links to set a password: the invitation of a new person, or a reset. */
import { and, eq, isNull } from 'drizzle-orm'
import { passwordTokens, users } from '~db/schema'
import { enqueueMail } from '~/mail/outbox.server'
import { db } from '~/utils/db.server'
import { fail, ok, type Result } from '~/utils/result'
import { hashPassword, MIN_PASSWORD_LENGTH } from './password.server'
import { invalidateUserSessions } from './sessions.server'
import { mintToken, parseToken, secretMatches } from './token.server'

const VALIDITY_MS = { invitation: 14 * 86_400_000, reset: 2 * 3_600_000 } as const

export async function mintPasswordLink(orgId: string, userId: string, purpose: 'invitation' | 'reset') {
	const { id, token, secretHash } = mintToken()
	const expiresAt = new Date(Date.now() + VALIDITY_MS[purpose])
	await db().insert(passwordTokens).values({ orgId, id, userId, secretHash, purpose, expiresAt })
	return { token, expiresAt }
}

/** The person a link is for, or null when the link is malformed, unknown, used or expired. */
export async function findPasswordLink(token: string | null | undefined, now = new Date()) {
	const parsed = parseToken(token)
	if (!parsed) return null
	const [row] = await db()
		.select({ link: passwordTokens, user: { id: users.id, orgId: users.orgId, name: users.name, email: users.email, active: users.active } })
		.from(passwordTokens)
		.innerJoin(users, and(eq(users.orgId, passwordTokens.orgId), eq(users.id, passwordTokens.userId)))
		.where(eq(passwordTokens.id, parsed.id))
	if (!row || !secretMatches(parsed.secret, row.link.secretHash)) return null
	if (row.link.usedAt || row.link.expiresAt <= now || !row.user.active) return null
	return row
}

export function passwordProblem(password: string, confirm: string): string | null {
	if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`
	if (password.length > 200) return 'Use at most 200 characters.'
	if (password !== confirm) return 'The two passwords are not the same.'
	return null
}

/** Sets the password and uses up the link; every other session of the person ends. */
export async function usePasswordLink(
	token: string,
	password: string,
	confirm: string,
): Promise<Result<{ orgId: string; userId: string }>> {
	const link = await findPasswordLink(token)
	if (!link) return fail({ _form: 'This link has expired or has already been used. Ask your admin for a new one.' })
	const problem = passwordProblem(password, confirm)
	if (problem) return fail({ password: problem })
	const passwordHash = await hashPassword(password)
	const used = await db().transaction(async (tx) => {
		// Only one request can use the link, even if two arrive together.
		const [claimed] = await tx
			.update(passwordTokens)
			.set({ usedAt: new Date() })
			.where(
				and(
					eq(passwordTokens.orgId, link.link.orgId),
					eq(passwordTokens.id, link.link.id),
					isNull(passwordTokens.usedAt),
				),
			)
			.returning({ id: passwordTokens.id })
		if (!claimed) return false
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

/** Queues a reset e-mail for every active account with this address; says nothing either way. */
export async function requestPasswordReset(email: string) {
	const normalized = email.trim().toLowerCase()
	const accounts = await db()
		.select({ orgId: users.orgId, id: users.id })
		.from(users)
		.where(and(eq(users.email, normalized), eq(users.active, true)))
		.limit(10)
	for (const a of accounts) {
		await enqueueMail(db(), a.orgId, [{ kind: 'password_reset', toEmail: normalized, userId: a.id, payload: {} }])
	}
}
