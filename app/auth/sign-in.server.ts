/**
 * Email + password sign-in with throttles counted before the password hash (per account, and a
 * much looser one per client address), and exactly one hash verification on every path that
 * reaches it, whether the account exists, has no password yet, or exists in several organisations.
 */
import { and, desc, eq } from 'drizzle-orm'

import { auditSignIn } from '~/audit/sign-in-audit.server'
import { db } from '~/utils/db.server'
import { organizations, users } from '~db/schema'

import { addressKey } from './client-address'
import { verifyAgainstNothing, verifyPassword } from './password.server'
import { createSession } from './sessions.server'
import { passwordSignInAllowed } from './sso-only.server'
import { clearAttempts, giveBackAttempt, signInEmailKey, takeAttempt, type ThrottleRule } from './throttle.server'

const MINUTE = 60_000

/** Per account (e-mail): 5 attempts in 15 minutes, then 15 minutes' wait (ASVS 2.2.1). */
export const THROTTLE: ThrottleRule & { maxFailures: number } = {
	limit: 5,
	maxFailures: 5,
	windowMs: 15 * MINUTE,
	blockMs: 15 * MINUTE,
	growth: 1,
	maxBlockMs: 15 * MINUTE,
}

/**
 * Per client address: far looser, since one address may be a whole office behind NAT or a proxy;
 * it stops one client spraying many accounts. Each block in a row lasts twice as long (5 min,
 * 10, 20, … up to a day).
 */
export const ADDRESS_THROTTLE: ThrottleRule = {
	limit: 20,
	windowMs: 15 * MINUTE,
	blockMs: 5 * MINUTE,
	growth: 2,
	maxBlockMs: 24 * 60 * MINUTE,
}

export type SignInResult =
	| { ok: true; token: string; orgId: string; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number }
	| { ok: false; reason: 'choose-organization'; organizations: { slug: string; name: string }[] }
	| { ok: false; reason: 'sso-only' }

export async function signIn(input: { email: string; password: string; organization?: string; clientAddress?: string; now?: Date }): Promise<SignInResult> {
	const now = input.now ?? new Date()
	const email = input.email.trim().toLowerCase()
	const emailKey = signInEmailKey(email)
	const address = addressKey(input.clientAddress)
	const addressThrottleKey = address ? `ip:${address}` : undefined

	// Counted before the hash, atomically: concurrent guesses cannot all slip past the limit.
	// The address first, so a blocked client does not use up the account's attempts.
	if (addressThrottleKey) {
		const wait = await takeAttempt(addressThrottleKey, ADDRESS_THROTTLE, now)
		if (wait > 0) {
			await auditSignIn('throttled', { email, organization: input.organization, clientAddress: input.clientAddress })
			return { ok: false, reason: 'throttled', retryAfterSeconds: wait }
		}
	}
	const wait = await takeAttempt(emailKey, THROTTLE, now)
	if (wait > 0) {
		await auditSignIn('throttled', { email, organization: input.organization, clientAddress: input.clientAddress })
		return { ok: false, reason: 'throttled', retryAfterSeconds: wait }
	}

	const candidates = await db()
		.select({ user: users, org: organizations })
		.from(users)
		.innerJoin(organizations, eq(organizations.id, users.orgId))
		.where(and(eq(users.email, email), eq(users.active, true), input.organization ? eq(organizations.slug, input.organization.trim().toLowerCase()) : undefined))
		// The account whose password changed last is the one checked when no organisation is named.
		.orderBy(desc(users.updatedAt), users.id)
		.limit(10)
	const withPassword = candidates.filter((c) => c.user.passwordHash)

	// Exactly one verification on every path: no account, an invited account without a password,
	// one account or several cost the same.
	const checked = withPassword[0]
	const matched = checked ? await verifyPassword(checked.user.passwordHash!, input.password) : await verifyAgainstNothing(input.password)
	if (!checked || !matched) {
		await auditSignIn('failure', { accounts: candidates.map((c) => ({ orgId: c.user.orgId, userId: c.user.id })), clientAddress: input.clientAddress })
		return { ok: false, reason: 'invalid' }
	}

	if (withPassword.length > 1) {
		// The password is proven for one of this address's accounts; the person picks which one,
		// and that organisation's own password is checked on the next attempt.
		if (addressThrottleKey) await giveBackAttempt(addressThrottleKey)
		return {
			ok: false,
			reason: 'choose-organization',
			organizations: withPassword.map((m) => ({ slug: m.org.slug, name: m.org.name })),
		}
	}
	await clearAttempts(emailKey)
	if (addressThrottleKey) await giveBackAttempt(addressThrottleKey)
	// Told only after the password proved right, so the answer reveals nothing to a guesser.
	// With passwords off, only the break-glass admin keeps theirs: a broken provider must not lock
	// the organisation out, and no other account's password is a way in.
	if (!(await passwordSignInAllowed(checked.user.orgId, checked.user))) {
		await auditSignIn('failure', { accounts: [{ orgId: checked.user.orgId, userId: checked.user.id }], clientAddress: input.clientAddress })
		return { ok: false, reason: 'sso-only' }
	}
	const { token } = await createSession(checked.user.orgId, checked.user.id, now)
	await auditSignIn('success', { accounts: [{ orgId: checked.user.orgId, userId: checked.user.id }], clientAddress: input.clientAddress })
	return { ok: true, token, orgId: checked.user.orgId, userId: checked.user.id }
}
