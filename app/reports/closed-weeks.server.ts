/**
 * A released week never changes again, except through a rebuild of the rollups. The gate keeps
 * such weeks per process, keyed by everything they were read from (organisation, settings
 * version, week, time of release); a rebuild in this process forgets them all, and a rebuild
 * after new weights changes the settings' version, which every process sees. Also: when a wave
 * counts as settled, which both the release and the culture recompute need.
 */
import { sql } from 'drizzle-orm'

import { env } from '~/utils/env.server'
import type { Database } from '~db/client'

/** Opening a wave, releasing a week and swapping in recomputed culture rollups of one organisation take turns (within the caller's transaction). */
export const lockReleases = (tx: Database, orgId: string) => tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`release:${orgId}`}, 0))`)

/** Waves whose week is released: their responses are final (until a rebuild). */
export const releasedWave = sql`exists (select 1 from released_weeks rw where rw.org_id = waves.org_id and rw.week = waves.week)`

/**
 * A wave no answer can reach any more at `now`: it stopped taking answers (at its end, or when
 * closed early) at least the settle time ago (RELEASE_SETTLE_SECONDS, five minutes by default:
 * a slow submission that started before the end commits meanwhile).
 */
export const settledAt = (now: Date) =>
	sql`least(coalesce(closed_at, closes_at), closes_at) <= ${now.toISOString()}::timestamptz - make_interval(secs => ${env().RELEASE_SETTLE_SECONDS}::float8)`

const kept = new Map<string, unknown>()
// A kept week of a 20,000-person organisation in 200 teams holds under a megabyte.
const SIZE = 160

export function keptWeek<T>(key: string): T | undefined {
	const hit = kept.get(key)
	if (hit === undefined) return undefined
	// Most recently used last, so the oldest is dropped first.
	kept.delete(key)
	kept.set(key, hit)
	return hit as T
}

export function keepWeek(key: string, value: unknown) {
	if (kept.size >= SIZE) kept.delete(kept.keys().next().value!)
	kept.set(key, value)
}

export function forgetClosedWeeks() {
	kept.clear()
}
