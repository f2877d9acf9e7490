/**
 * Email + password sign-in with a throttle on failures (per e-mail and per client address)
 * and a fixed-cost answer whether or not the account exists.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { organizations, signInThrottle, users } from '~db/schema'
import { auditSignIn } from '~/audit/sign-in-audit.server'
import { db } from '~/utils/db.server'
import { verifyAgainstNothing, verifyPassword } from './password.server'
import { createSession } from './sessions.server'

export const THROTTLE = {
	/** Failures allowed within the window before the key is blocked. */
	maxFailures: 5,
	windowMs: 15 * 60 * 1000,
	blockMs: 15 * 60 * 1000,
}

export type SignInResult =
	| { ok: true; token: string; orgId: string; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number }
	| { ok: false; reason: 'choose-organization'; organizations: { slug: string; name: string }[] }

function throttleKeys(email: string, clientAddress: string | undefined) {
	return [`email:${email}`, ...(clientAddress ? [`ip:${clientAddress}`] : [])]
}

async function blockedFor(keys: string[], now: Date): Promise<number> {
	const rows = await db().select().from(signInThrottle).where(inArray(signInThrottle.key, keys))
	const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0))
	return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0
}

async function recordFailure(keys: string[], now: Date) {
	// Raw timestamps in sql`` go as ISO text with a cast: postgres-js cannot bind a Date there.
	const nowTs = sql`${now.toISOString()}::timestamptz`
	const windowStart = sql`${new Date(now.getTime() - THROTTLE.windowMs).toISOString()}::timestamptz`
	const blockUntil = sql`${new Date(now.getTime() + THROTTLE.blockMs).toISOString()}::timestamptz`
	for (const key of keys) {
		// A failure outside the window starts a new count; reaching the limit sets the block.
		await db()
			.insert(signInThrottle)
			.values({ key, failures: 1, windowStartedAt: now })
			.onConflictDoUpdate({
				target: signInThrottle.key,
				set: {
					failures: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart} then 1 else ${signInThrottle.failures} + 1 end`,
					windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart} then ${nowTs} else ${signInThrottle.windowStartedAt} end`,
					blockedUntil: sql`case when ${signInThrottle.windowStartedAt} >= ${windowStart} and ${signInThrottle.failures} + 1 >= ${THROTTLE.maxFailures} then ${blockUntil} else ${signInThrottle.blockedUntil} end`,
				},
			})
	}
}

export async function signIn(input: {
	email: string
	password: string
	organization?: string
	clientAddress?: string
	now?: Date
}): Promise<SignInResult> {
	const now = input.now ?? new Date()
	const email = input.email.trim().toLowerCase()
	const keys = throttleKeys(email, input.clientAddress)
	const wait = await blockedFor(keys, now)
	if (wait > 0) {
		await auditSignIn('throttled', { email, organization: input.organization, clientAddress: input.clientAddress })
		return { ok: false, reason: 'throttled', retryAfterSeconds: wait }
	}

	const candidates = await db()
		.select({ user: users, org: organizations })
		.from(users)
		.innerJoin(organizations, eq(organizations.id, users.orgId))
		.where(
			and(
				eq(users.email, email),
				eq(users.active, true),
				input.organization ? eq(organizations.slug, input.organization.trim().toLowerCase()) : undefined,
			),
		)
		.limit(10)

	const matched = []
	for (const c of candidates) {
		if (c.user.passwordHash && (await verifyPassword(c.user.passwordHash, input.password))) matched.push(c)
	}
	if (candidates.length === 0) await verifyAgainstNothing(input.password)

	if (matched.length === 0) {
		await recordFailure(keys, now)
		await auditSignIn('failure', { accounts: candidates.map((c) => ({ orgId: c.user.orgId, userId: c.user.id })), clientAddress: input.clientAddress })
		return { ok: false, reason: 'invalid' }
	}
	if (matched.length > 1) {
		return {
			ok: false,
			reason: 'choose-organization',
			organizations: matched.map((m) => ({ slug: m.org.slug, name: m.org.name })),
		}
	}
	const { user } = matched[0]!
	await db().delete(signInThrottle).where(eq(signInThrottle.key, `email:${email}`))
	const { token } = await createSession(user.orgId, user.id, now)
	await auditSignIn('success', { accounts: [{ orgId: user.orgId, userId: user.id }], clientAddress: input.clientAddress })
	return { ok: true, token, orgId: user.orgId, userId: user.id }
}
