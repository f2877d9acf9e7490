/**
 * A released week never changes again, except through a rebuild of the rollups. The gate keeps
 * such weeks per process, per organisation, keyed by everything they were read from (settings
 * version, week, time of release); a release or rebuild in this process forgets that
 * organisation's weeks (no other's), and a rebuild after new weights changes the settings'
 * version, which every process sees. Also: when a wave counts as settled, which both the release
 * and the culture recompute need.
 */
import { sql } from 'drizzle-orm'

import { tenantCache } from '~/utils/cache.server'
import { env } from '~/utils/env.server'

/** Waves whose week is released: their responses are final (until a rebuild). */
export const releasedWave = sql`exists (select 1 from released_weeks rw where rw.org_id = waves.org_id and rw.week = waves.week)`

/**
 * A wave no answer can reach any more at `now`: it stopped taking answers (at its end, or when
 * closed early) at least the settle time ago (RELEASE_SETTLE_SECONDS, five minutes by default:
 * a slow submission that started before the end commits meanwhile).
 */
export const settledAt = (now: Date) =>
	sql`least(coalesce(closed_at, closes_at), closes_at) <= ${now.toISOString()}::timestamptz - make_interval(secs => ${env().RELEASE_SETTLE_SECONDS}::float8)`

// A kept week of a 20,000-person organisation in 200 teams holds under a megabyte: at most 160
// across organisations, and 80 of one (a year and a half of weekly views).
export const KEPT_WEEKS_PER_ORGANISATION = 80
const kept = tenantCache<object>({ name: 'released weeks read by the gate', perTenant: KEPT_WEEKS_PER_ORGANISATION, max: 160 })

export function keptWeek<T extends object>(orgId: string, key: string): T | undefined {
	return kept.get(orgId, key) as T | undefined
}

export function keepWeek(orgId: string, key: string, value: object) {
	kept.set(orgId, key, value)
}

/** How many released weeks of an organisation this process keeps. */
export function keptWeekCount(orgId: string): number {
	return kept.size(orgId)
}

/** After a release or a rebuild of one organisation: its kept weeks only. */
export function forgetClosedWeeks(orgId: string) {
	kept.forget(orgId)
}
