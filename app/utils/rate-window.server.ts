/**
 * A limit of calls per fixed minute for a credential (an API key, a SCIM token), shared by every
 * instance. One atomic statement on the credential's counter row counts the call: a call in a
 * newer window starts it over at 1, a call in the current one adds 1. Concurrent calls (from any
 * instance) queue on the row lock, so exactly `limit` calls of a window get through. A call from an
 * instance whose clock lags counts in the newer window (`greatest`), never restarts it.
 */
import { sql } from 'drizzle-orm'

import { apiKeyRateWindows, scimTokenRateWindows } from '~db/schema'

import { prepared } from './db.server'

export const RATE_WINDOW_MS = 60_000

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number }

/** Each kind of credential and its counter table (one row per organisation and credential). */
const COUNTERS = {
	apiKey: { table: apiKeyRateWindows, id: sql.raw('key_id') },
	scimToken: { table: scimTokenRateWindows, id: sql.raw('token_id') },
} as const

export type RateCounter = keyof typeof COUNTERS

export async function countCallInWindow(counter: RateCounter, orgId: string, credentialId: string, limit: number, now = new Date()): Promise<RateDecision> {
	const { table, id } = COUNTERS[counter]
	const windowStart = new Date(Math.floor(now.getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS)
	const [row] = await prepared<{ window_start: Date | string; calls: number }>(sql`
		insert into ${table} as w (org_id, ${id}, window_start, calls)
		values (${orgId}::uuid, ${credentialId}, ${windowStart.toISOString()}::timestamptz, 1)
		on conflict (org_id, ${id}) do update set
			window_start = greatest(w.window_start, excluded.window_start),
			calls = case when w.window_start >= excluded.window_start then w.calls + 1 else 1 end
		returning w.window_start, w.calls`)
	const calls = Number(row!.calls)
	if (calls <= limit) return { allowed: true, remaining: limit - calls }
	const windowEnd = new Date(row!.window_start).getTime() + RATE_WINDOW_MS
	return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)) }
}
