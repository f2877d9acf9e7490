/**
 * Which released weeks teams may see on /results. Each survey says when its results are shared
 * with teams: on release, a number of days after release, or never. A week holds the waves of
 * one or more surveys and is released (and shown) as one unit, so the **strictest survey of the
 * week wins**: one survey set to "never" keeps the whole week off /results; otherwise the week
 * appears the longest delay of its surveys after its release. The survey settings are read as
 * they are now: changing a survey to "never" takes its past weeks off /results too.
 * Executives and admins see every released week on the dashboard whatever this says.
 */
import { sql } from 'drizzle-orm'

import { db, resultRows } from '~/utils/db.server'

export interface WeekSharing {
	week: string
	releasedAt: Date
	/** When teams may see it; null: never. */
	sharedFrom: Date | null
}

const DAY_MS = 86_400_000

export async function weekSharing(orgId: string): Promise<WeekSharing[]> {
	const rows = resultRows<{ week: string; released_at: string; never: boolean; delay: number }>(
		await db().execute(sql`
			select rw.week::text as week, rw.released_at::text as released_at,
				bool_or(s.share_mode = 'never') as never,
				coalesce(max(case when s.share_mode = 'delay' then s.share_delay_days else 0 end), 0)::int as delay
			from released_weeks rw
			cross join lateral jsonb_array_elements_text(rw.wave_ids) as wid(id)
			join waves w on w.org_id = rw.org_id and w.id = wid.id::uuid
			join surveys s on s.org_id = w.org_id and s.id = w.survey_id
			where rw.org_id = ${orgId}::uuid
			group by rw.week, rw.released_at
			order by rw.week`),
	)
	return rows.map((r) => {
		const releasedAt = new Date(r.released_at)
		return { week: r.week, releasedAt, sharedFrom: r.never ? null : new Date(releasedAt.getTime() + Number(r.delay) * DAY_MS) }
	})
}

/** The released weeks teams may see at `now`, oldest first. */
export async function sharedWeeks(orgId: string, now = new Date()): Promise<string[]> {
	return (await weekSharing(orgId)).filter((w) => w.sharedFrom !== null && w.sharedFrom <= now).map((w) => w.week)
}
