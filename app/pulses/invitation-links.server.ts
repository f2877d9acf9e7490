/**
 * Survey links: each e-mail (invitation, reminder) carries a fresh token of 160 random bits,
 * stored only as a hash and tied to one invitation — one person, one wave — until it closes.
 *
 * The token's id (the public half, `<id>.<secret>`) starts with a tag of its wave, so that a
 * submission can find the wave's fixed facts (items, organisation, k) in the process's memory
 * and be stored in a single statement that checks the secret itself (answering.server.ts). The
 * tag is derived from the wave id, is the same in every link of the wave and says nothing a link's
 * holder does not already know; the 80 random bits after it keep ids unique, and the 160-bit
 * secret is what makes a link work. Links minted before tags existed have a random prefix and
 * simply take the slower path.
 */
import { and, eq, sql } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { mintTokenWithIdPrefix, parseOrgToken, secretMatches, tokenTag, withOrg } from '~/utils/token.server'
import { answeredInvitations, invitations, invitationTokens, organizations, surveys, users, waves } from '~db/schema'

export const SURVEY_SECRET_LENGTH = 32

/**
 * Whether the invitation in the query (the table `invitations`, not aliased) was answered: a row of
 * `answered_invitations` (a submission never writes the invitation itself), found by its key. The
 * columns are written out: drizzle leaves a column in a `sql` template unqualified, which inside
 * the subquery would name the subquery's own column.
 */
export const INVITATION_ANSWERED = sql<boolean>`exists (select 1 from ${answeredInvitations} a where a.org_id = invitations.org_id and a.wave_id = invitations.wave_id and a.invitation_id = invitations.id)`

/** What a pulse page needs about an invitation, selected the same way by link and by person. */
export const PULSE_FACTS = {
	invitation: { id: invitations.id, orgId: invitations.orgId, answered: INVITATION_ANSWERED },
	wave: { id: waves.id, opensAt: waves.opensAt, closesAt: waves.closesAt, closedAt: waves.closedAt, anonymityK: waves.anonymityK },
	surveyName: surveys.name,
	org: { name: organizations.name, timeZone: organizations.timeZone, locale: organizations.locale },
	userLocale: users.locale,
}

/** The first characters of the id of every link of a wave. */
export const WAVE_TAG_LENGTH = 8

export function waveTag(waveId: string): string {
	return tokenTag(`wave:${waveId}`, WAVE_TAG_LENGTH)
}

/** A new link for an invitation (`waveId` is its wave: it names the wave's tag). */
export async function mintInvitationLink(orgId: string, invitationId: string, waveId: string) {
	const { id, token, secretHash } = mintTokenWithIdPrefix(waveTag(waveId), SURVEY_SECRET_LENGTH)
	await db().insert(invitationTokens).values({ orgId, id, invitationId, secretHash })
	return withOrg(orgId, token)
}

/** The invitation a link is for, with what its page shows, in one query; null for anything else. */
export async function resolveInvitationLink(token: string | null | undefined) {
	const parsed = parseOrgToken(token, SURVEY_SECRET_LENGTH)
	if (!parsed) return null
	const [row] = await db()
		.select({ secretHash: invitationTokens.secretHash, ...PULSE_FACTS })
		.from(invitationTokens)
		.innerJoin(invitations, and(eq(invitations.orgId, invitationTokens.orgId), eq(invitations.id, invitationTokens.invitationId)))
		.innerJoin(waves, and(eq(waves.orgId, invitations.orgId), eq(waves.id, invitations.waveId)))
		.innerJoin(surveys, and(eq(surveys.orgId, waves.orgId), eq(surveys.id, waves.surveyId)))
		.innerJoin(organizations, eq(organizations.id, invitations.orgId))
		.innerJoin(users, and(eq(users.orgId, invitations.orgId), eq(users.id, invitations.userId)))
		.where(and(parsed.orgId ? eq(invitationTokens.orgId, parsed.orgId) : undefined, eq(invitationTokens.id, parsed.id)))
	if (!row || !secretMatches(parsed.secret, row.secretHash)) return null
	const { secretHash: _, ...link } = row
	return link
}
