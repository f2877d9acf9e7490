/**
 * Attempt counters in `sign_in_throttle`, counted BEFORE the work they guard (a password hash, a
 * reset e-mail): one conditional upsert increments the key's count and says whether this attempt
 * may go ahead, so concurrent requests cannot all pass a check made before any of them counted.
 */
import { and, eq, isNull, lt, lte, or, sql } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { signInThrottle } from '~db/schema'

export interface ThrottleRule {
	/** Attempts allowed within one window; the next one starts a block. */
	limit: number
	windowMs: number
	/** The first block's length; each further block in a row is `growth` times longer, up to maxBlockMs. */
	blockMs: number
	growth: number
	maxBlockMs: number
}

const DAY = 86_400_000
/**
 * The longest block any rule may set. A key untouched for a day plus this long, and not blocked,
 * holds nothing a new attempt would not start from (its failures restart and its lockouts are
 * forgotten: `fresh` and `quiet` below), so `deleteStaleAttempts` may remove it.
 */
export const LONGEST_BLOCK_MS = DAY
// Raw timestamps in sql`` go as ISO text with a cast: postgres-js cannot bind a Date there.
const ts = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`

/**
 * Counts one attempt for `key` and answers 0 when it may proceed, otherwise the seconds until it
 * may (for Retry-After). Attempts refused during a block are not counted, so they do not extend it.
 */
export async function takeAttempt(key: string, rule: ThrottleRule, now = new Date()): Promise<number> {
	if (rule.maxBlockMs > LONGEST_BLOCK_MS) throw new Error(`A throttle block is at most ${LONGEST_BLOCK_MS} ms: the clean-up forgets keys after a day plus that.`)
	const t = signInThrottle
	const nowMs = now.getTime()
	const nowTs = ts(nowMs)
	const blocked = sql`(${t.blockedUntil} is not null and ${t.blockedUntil} > ${nowTs})`
	// A new window once the old one has passed, or once a block has ended.
	const fresh = sql`(${t.windowStartedAt} < ${ts(nowMs - rule.windowMs)} or ${t.blockedUntil} is not null)`
	const over = sql`(${t.failures} + 1 > ${rule.limit})`
	// A day without a block forgets earlier ones.
	const quiet = sql`(${t.windowStartedAt} < ${ts(nowMs - DAY - rule.maxBlockMs)})`
	const lockouts = sql`case when ${quiet} then 0 else ${t.lockouts} end`
	const blockFor = sql`least(${rule.blockMs}::float8 * power(${rule.growth}::float8, least(${lockouts}, 30)), ${rule.maxBlockMs}::float8)`
	const [row] = await db()
		.insert(t)
		.values({ key, failures: 1, windowStartedAt: now, blockedUntil: rule.limit < 1 ? now : null })
		.onConflictDoUpdate({
			target: t.key,
			set: {
				failures: sql`case when ${blocked} then ${t.failures} when ${fresh} then 1 else ${t.failures} + 1 end`,
				windowStartedAt: sql`case when ${blocked} then ${t.windowStartedAt} when ${fresh} then ${nowTs} else ${t.windowStartedAt} end`,
				blockedUntil: sql`case when ${blocked} then ${t.blockedUntil} when ${fresh} then null when ${over} then ${nowTs} + ${blockFor} * interval '1 millisecond' else null end`,
				lockouts: sql`case when ${blocked} then ${t.lockouts} when ${fresh} then ${lockouts} when ${over} then ${lockouts} + 1 else ${t.lockouts} end`,
			},
		})
		.returning({ blockedUntil: t.blockedUntil })
	const until = row?.blockedUntil?.getTime() ?? 0
	return until > nowMs ? Math.max(1, Math.ceil((until - nowMs) / 1000)) : 0
}

/** Gives an attempt back (it turned out to be a success): the key's count goes down by one. */
export async function giveBackAttempt(key: string) {
	await db()
		.update(signInThrottle)
		.set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
		.where(eq(signInThrottle.key, key))
}

/**
 * Deletes the counters that no longer change what an attempt is answered: not blocked, and their
 * window started more than a day plus the longest block ago. The keys hold e-mail and client
 * addresses, so they are not kept longer than they protect anything. Returns how many went.
 */
export async function deleteStaleAttempts(now = new Date()): Promise<number> {
	const t = signInThrottle
	const gone = await db()
		.delete(t)
		.where(and(lt(t.windowStartedAt, new Date(now.getTime() - DAY - LONGEST_BLOCK_MS)), or(isNull(t.blockedUntil), lte(t.blockedUntil, now))))
		.returning({ key: t.key })
	return gone.length
}

export async function clearAttempts(key: string) {
	await db().delete(signInThrottle).where(eq(signInThrottle.key, key))
}

const normalizeEmail = (email: string) => email.trim().toLowerCase()
/** The key of sign-in attempts on one account (e-mail address). */
export const signInEmailKey = (email: string) => `email:${normalizeEmail(email)}`
/** The key of password-reset requests for one address. */
export const resetRequestKey = (email: string) => `reset:${normalizeEmail(email)}`

/**
 * Every throttle key that holds this e-mail address (sign-in per account, reset requests): the
 * key itself is the person's address, so an erasure removes them.
 */
export function emailThrottleKeys(email: string): string[] {
	return [signInEmailKey(email), resetRequestKey(email)]
}
