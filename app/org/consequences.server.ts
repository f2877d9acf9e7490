/**
 * What a change to the organisation or its people means for the rows other capabilities keep,
 * written here so org/ stays below pulses/ and metrics/ in the folder order (README layout):
 * org/ updates those tables directly, in its own transaction, instead of calling up into them.
 */
import { sql } from 'drizzle-orm'

import { resultRows, type Tx } from '~/utils/db.server'
import { answeredInvitations, invitations, NO_TEAM, participationRollups, waves } from '~db/schema'

/**
 * A person who leaves (is deactivated) leaves the waves still open: their unanswered invitations
 * are deleted — with them the link tokens of their e-mails (foreign key cascade), so a link opens
 * nothing and stores nothing, and a queued e-mail for it is skipped — and the wave's invited
 * counts drop by as many. An answered invitation stays: that answer was given while they were
 * here, and it is counted. Closed waves are history and keep them. One statement, run inside the
 * deactivation's transaction. A submission never writes the invitation (it records the answer in
 * `answered_invitations`), so one racing this statement is not serialised with it: one that
 * committed first keeps its invitation; one in flight may still store its answer, given while
 * the person was here, and the invitation's row in `answered_invitations` then names nobody.
 */
export async function withdrawFromOpenWaves(tx: Tx, orgId: string, userId: string): Promise<number> {
	const rows = resultRows<{ withdrawn: number }>(
		await tx.execute(sql`
			with withdrawn as (
				delete from ${invitations} i
				using ${waves} w
				where i.org_id = ${orgId} and i.user_id = ${userId}
					and not exists (select 1 from ${answeredInvitations} a where a.org_id = i.org_id and a.wave_id = i.wave_id and a.invitation_id = i.id)
					and w.org_id = i.org_id and w.id = i.wave_id and w.closed_at is null
				returning i.wave_id, coalesce(i.team_id, ${NO_TEAM}::uuid) as team_id, i.level
			), per_cell as (
				select wave_id, team_id, level, count(*)::int as n from withdrawn group by 1, 2, 3
			), counted as (
				update ${participationRollups} r set invited = greatest(r.invited - c.n, 0)
				from per_cell c
				where r.org_id = ${orgId} and r.wave_id = c.wave_id and r.team_id = c.team_id and r.level = c.level
				returning 1
			)
			select (select count(*)::int from withdrawn) as withdrawn, (select count(*) from counted) as cells`),
	)
	return Number(rows[0]?.withdrawn ?? 0)
}

/** Marks every week of an organisation stale (after its time zone changed). */
export async function markAllWeeksStale(tx: Tx, orgId: string) {
	await tx.execute(sql`delete from metric_weekly where org_id = ${orgId}::uuid`)
	await tx.execute(sql`delete from metric_weekly_scopes where org_id = ${orgId}::uuid`)
	await tx.execute(sql`
		insert into metric_dirty_ranges (org_id, from_ts, to_ts)
		select ${orgId}::uuid, min(started_at), max(started_at) from metric_events where org_id = ${orgId}::uuid having count(*) > 0`)
}
