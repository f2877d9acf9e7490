/**
 * The sign-in throttle's counters are keyed by e-mail and client address: the clean-up deletes
 * the ones that no longer change any answer, and only those. A key it deleted is answered exactly
 * as a key it kept would have been.
 */
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { ADDRESS_THROTTLE } from '~/auth/sign-in.server'
import { deleteStaleAttempts, LONGEST_BLOCK_MS, takeAttempt } from '~/auth/throttle.server'
import { db } from '~/utils/db.server'
import { signInThrottle } from '~db/schema'

import { useTestDatabase } from '../../support/db'

useTestDatabase()

const DAY = 86_400_000
const at = (base: Date, ms: number) => new Date(base.getTime() + ms)
const row = async (key: string) => (await db().select().from(signInThrottle).where(eq(signInThrottle.key, key)))[0] ?? null

/** Enough attempts to be blocked once by the per-address rule. */
async function blockOnce(key: string, start: Date) {
	let wait = 0
	for (let i = 0; i <= ADDRESS_THROTTLE.limit && wait === 0; i++) wait = await takeAttempt(key, ADDRESS_THROTTLE, at(start, i))
	return wait
}

describe('sign-in throttle clean-up', () => {
	test('deletes quiet, unblocked keys after a day plus the longest block; keeps recent and blocked ones', async () => {
		const start = new Date('2026-03-02T09:00:00Z')
		await takeAttempt('address:10.0.0.1', ADDRESS_THROTTLE, start)
		await takeAttempt('email:recent@example.com', ADDRESS_THROTTLE, at(start, DAY))
		expect(await blockOnce('address:10.0.0.2', start)).toBeGreaterThan(0)
		// A key blocked for longer than the quiet spell (set by hand: no rule blocks that long).
		await db()
			.insert(signInThrottle)
			.values({ key: 'address:10.0.0.3', failures: 99, windowStartedAt: start, blockedUntil: at(start, 10 * DAY), lockouts: 9 })

		const later = at(start, DAY + LONGEST_BLOCK_MS + 1)
		expect(await deleteStaleAttempts(later)).toBe(2)
		expect(await row('address:10.0.0.1')).toBeNull()
		expect(await row('address:10.0.0.2')).toBeNull()
		expect(await row('email:recent@example.com')).not.toBeNull()
		expect(await row('address:10.0.0.3')).not.toBeNull()
		// Nothing more on a second run.
		expect(await deleteStaleAttempts(later)).toBe(0)
	})

	test('a deleted key is answered as the kept one: the same waits, block after block', async () => {
		const start = new Date('2026-03-02T09:00:00Z')
		expect(await blockOnce('address:kept', start)).toBeGreaterThan(0)
		expect(await blockOnce('address:forgotten', start)).toBeGreaterThan(0)
		const later = at(start, DAY + LONGEST_BLOCK_MS + 1)
		// Both are stale: the clean-up deletes both, and "kept" is put back as it was.
		const keptBefore = (await row('address:kept'))!
		expect(await deleteStaleAttempts(later)).toBe(2)
		await db().insert(signInThrottle).values(keptBefore)
		expect(await row('address:forgotten')).toBeNull()
		expect((await row('address:kept'))!.lockouts).toBe(1)
		const waits = async (key: string) => {
			const seen: number[] = []
			for (let i = 0; i < 3 * (ADDRESS_THROTTLE.limit + 1); i++) seen.push(await takeAttempt(key, ADDRESS_THROTTLE, at(later, i * 1000)))
			return seen
		}
		const kept = await waits('address:kept')
		expect(kept.some((w) => w > 0)).toBe(true)
		expect(await waits('address:forgotten')).toEqual(kept)
		const { key: _a, ...keptRow } = (await row('address:kept'))!
		const { key: _b, ...forgottenRow } = (await row('address:forgotten'))!
		expect(forgottenRow).toEqual(keptRow)
	})

	test('a rule that would block longer than the clean-up forgets is refused', async () => {
		await expect(takeAttempt('address:x', { ...ADDRESS_THROTTLE, maxBlockMs: LONGEST_BLOCK_MS + 1 })).rejects.toThrow(/at most/)
		expect(await row('address:x')).toBeNull()
	})
})
