/**
 * A week whose waves have all closed never changes again (no answer can arrive, invitations are
 * made when a wave opens), except through a rebuild of the rollups. The mindset report keeps
 * such weeks per process, keyed by everything they were read from (organisation, time zone,
 * settings version, team tree, wave ids); a rebuild in this process forgets them all, and a
 * rebuild after new weights changes the settings' version, which every process sees.
 */
import { sql } from 'drizzle-orm'

/**
 * A wave no answer can reach any more, on the database's clock: it stopped taking answers (at
 * its end, or when it was closed) more than five minutes ago. The margin covers a submission
 * that started before the end, by the server's clock, and commits later (a slow request, a
 * statement waiting on a lock, clocks a little apart).
 */
export const SETTLED_WAVE = sql`least(coalesce(closed_at, closes_at), closes_at) <= now() - interval '5 minutes'`

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
