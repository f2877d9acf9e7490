/**
 * Database sessions (Lucia's session guide): a new session at each sign-in, an inactivity
 * timeout that slides with use, and an absolute lifetime. Deactivating a person or changing
 * their password ends every session they have.
 */
import { and, eq, lt, or } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { mintToken, parseOrgToken, secretMatches, withOrg } from '~/utils/token.server'
import { organizations, sessions, users } from '~db/schema'

const DAY = 86_400_000
// Writing last_active_at on every request would turn each page view into a write.
const ACTIVITY_WRITE_INTERVAL = 60 * 60 * 1000

export function sessionLimits() {
	const e = env()
	return { idleMs: e.SESSION_IDLE_DAYS * DAY, maxMs: e.SESSION_MAX_DAYS * DAY }
}

export async function createSession(orgId: string, userId: string, now = new Date()) {
	const { id, token, secretHash } = mintToken()
	const expiresAt = new Date(now.getTime() + sessionLimits().maxMs)
	await db().insert(sessions).values({ orgId, id, userId, secretHash, createdAt: now, lastActiveAt: now, expiresAt })
	return { token: withOrg(orgId, token), expiresAt }
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof validateSessionToken>>>

/** The signed-in person for a token, or null when it is malformed, unknown, expired or idle. */
export async function validateSessionToken(token: string | null | undefined, now = new Date()) {
	const parsed = parseOrgToken(token)
	if (!parsed) return null
	const [row] = await db()
		.select({ session: sessions, user: users, org: organizations })
		.from(sessions)
		.innerJoin(users, and(eq(users.orgId, sessions.orgId), eq(users.id, sessions.userId)))
		.innerJoin(organizations, eq(organizations.id, sessions.orgId))
		.where(and(parsed.orgId ? eq(sessions.orgId, parsed.orgId) : undefined, eq(sessions.id, parsed.id)))
		.limit(1)
	if (!row || !secretMatches(parsed.secret, row.session.secretHash)) return null
	const { session, user, org } = row
	const { idleMs } = sessionLimits()
	const expired = now >= session.expiresAt || now.getTime() - session.lastActiveAt.getTime() >= idleMs || !user.active
	if (expired) {
		await invalidateSession(session.orgId, session.id)
		return null
	}
	if (now.getTime() - session.lastActiveAt.getTime() >= ACTIVITY_WRITE_INTERVAL) {
		await db()
			.update(sessions)
			.set({ lastActiveAt: now })
			.where(and(eq(sessions.orgId, session.orgId), eq(sessions.id, session.id)))
	}
	return {
		sessionId: session.id,
		user: {
			id: user.id,
			orgId: user.orgId,
			email: user.email,
			name: user.name,
			role: user.role,
			level: user.level,
			teamId: user.teamId,
			locale: user.locale,
		},
		org: { id: org.id, slug: org.slug, name: org.name, timeZone: org.timeZone, anonymityK: org.anonymityK, locale: org.locale },
	}
}

export async function invalidateSession(orgId: string, sessionId: string) {
	await db()
		.delete(sessions)
		.where(and(eq(sessions.orgId, orgId), eq(sessions.id, sessionId)))
}

export async function invalidateUserSessions(orgId: string, userId: string) {
	await db()
		.delete(sessions)
		.where(and(eq(sessions.orgId, orgId), eq(sessions.userId, userId)))
}

/** Housekeeping for the background worker: drops sessions that can no longer be used. */
export async function deleteStaleSessions(now = new Date()) {
	const { idleMs } = sessionLimits()
	await db()
		.delete(sessions)
		.where(or(lt(sessions.expiresAt, now), lt(sessions.lastActiveAt, new Date(now.getTime() - idleMs))))
}
