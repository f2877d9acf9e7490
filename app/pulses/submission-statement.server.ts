import { sql } from 'drizzle-orm'

import { answeredInvitations, heldResponses, invitations, invitationTokens, NO_TEAM, participationRollups, releasedWeeks, waves } from '~db/schema'

/**
 * Every write of one submission as a single statement: claim the invitation (only if it is
 * unanswered, of this wave, the wave open and its week not released) by inserting its row in
 * `answered_invitations` (whose key makes the claim once only: a second submission waits for the
 * first and then inserts nothing), then park the answers in `held_responses` and count the answer
 * in participation — atomic on its own, one round trip. The invitation row itself is only read,
 * never written or locked, so it keeps no trace of when its person answered.
 *
 * The invitation is named by its id (a signed-in person's, already checked), or by a link: the
 * token's id and the SHA-256 of its secret, which must equal the stored hash. Comparing the
 * digests in SQL is not constant-time, but all it could leak is how much of a SHA-256 digest
 * a guess matches, and knowing digest prefixes gives no way to a secret with that digest (the
 * preimage resistance of SHA-256; Lucia's earlier session guide looked sessions up by hash). The
 * secret itself never leaves the process.
 * Exported so the benchmark can issue exactly these writes through the driver.
 */
export function submissionStatement(s: {
	orgId: string
	waveId: string
	claim: { invitationId: string } | { tokenId: string; secretHash: string }
	now: Date
	comment: string | null
	/** The language of the page the comment was written on (held; kept at release only where k comments share it). */
	commentLocale?: string | null
	/** The SHA-256 of the comment's reply key, stored in the same row as the comment (no row of its own). */
	replyKeyHash?: string | null
	answers: { position: number; value: number | null; text: string | null }[]
}) {
	const { orgId, waveId } = s
	const now = s.now.toISOString()
	const invitation =
		'invitationId' in s.claim
			? sql`i.id = ${s.claim.invitationId}`
			: // A scalar subquery, so the invitation is always found by its primary key.
				sql`i.id = (select t.invitation_id from ${invitationTokens} t where t.org_id = ${orgId} and t.id = ${s.claim.tokenId} and t.secret_hash = ${s.claim.secretHash})`
	return sql`
		with open_wave as materialized (
			-- The wave's row is held until this commits: its week's release waits for that, and
			-- marks the wave closed; a submission that waited for a release reads the row again
			-- (FOR SHARE re-checks the newest version) and finds it closed, storing nothing.
			select w.id from ${waves} w
			where w.org_id = ${orgId} and w.id = ${waveId} and w.closed_at is null and w.opens_at <= ${now}::timestamptz and w.closes_at > ${now}::timestamptz
				and not exists (select 1 from ${releasedWeeks} rw where rw.org_id = w.org_id and rw.week = w.week)
			for share of w
		), invited as (
			select i.id, i.team_id, i.level from ${invitations} i, open_wave w
			where i.org_id = ${orgId} and ${invitation}
				-- The invitation is of this wave. ("is not distinct from" is "=" here, neither side
				-- being null, but it lets the planner find the invitation by its key alone: with "=",
				-- before the table had statistics, it read every invitation of the wave instead.)
				and i.wave_id is not distinct from w.id
		), answered as (
			insert into ${answeredInvitations} (org_id, wave_id, invitation_id)
			select ${orgId}, ${waveId}, id from invited
			on conflict do nothing
			returning 1
		), claimed as (
			select team_id, level from invited where exists (select 1 from answered)
		), held as (
			insert into ${heldResponses} (org_id, wave_id, team_id, level, comment, comment_locale, reply_key_hash, answers)
			select ${orgId}, ${waveId}, team_id, level, ${s.comment}::text, ${s.commentLocale ?? null}::text, ${s.replyKeyHash ?? null}::text, ${JSON.stringify(s.answers)}::jsonb from claimed
			returning 1
		), counted as (
			-- An upsert, not an update: a rebuild of the rollups running meanwhile may have deleted
			-- the row (its count cannot include this uncommitted answer); the insert then waits for
			-- it and adds to the row it wrote.
			insert into ${participationRollups} (org_id, wave_id, team_id, level, invited, answered)
			select ${orgId}::uuid, ${waveId}::uuid, coalesce(c.team_id, ${NO_TEAM}::uuid), c.level, 0, 1 from claimed c
			on conflict (org_id, wave_id, team_id, level) do update set answered = participation_rollups.answered + 1
			returning 1
		)
		select count(*)::int as stored from held`
}
