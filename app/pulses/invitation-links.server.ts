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
import { and, eq } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { mintTokenWithIdPrefix, parseToken, secretMatches, tokenTag } from '~/utils/token.server'
import { invitations, invitationTokens, organizations, surveys, waves } from '~db/schema'

export const SURVEY_SECRET_LENGTH = 32

/** What a pulse page needs about an invitation, selected the same way by link and by person. */
export const PULSE_FACTS = {
	invitation: { id: invitations.id, orgId: invitations.orgId, answered: invitations.answered },
	wave: { id: waves.id, opensAt: waves.opensAt, closesAt: waves.closesAt, closedAt: waves.closedAt, anonymityK: waves.anonymityK },
	surveyName: surveys.name,
	org: { name: organizations.name, timeZone: organizations.timeZone },
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
	return token
}

/** The invitation a link is for, with what its page shows, in one query; null for anything else. */
export async function resolveInvitationLink(token: string | null | undefined) {
	const parsed = parseToken(token, SURVEY_SECRET_LENGTH)
	if (!parsed) return null
	const [row] = await db()
		.select({ secretHash: invitationTokens.secretHash, ...PULSE_FACTS })
		.from(invitationTokens)
		.innerJoin(invitations, and(eq(invitations.orgId, invitationTokens.orgId), eq(invitations.id, invitationTokens.invitationId)))
		.innerJoin(waves, and(eq(waves.orgId, invitations.orgId), eq(waves.id, invitations.waveId)))
		.innerJoin(surveys, and(eq(surveys.orgId, waves.orgId), eq(surveys.id, waves.surveyId)))
		.innerJoin(organizations, eq(organizations.id, invitations.orgId))
		.where(eq(invitationTokens.id, parsed.id))
	if (!row || !secretMatches(parsed.secret, row.secretHash)) return null
	const { secretHash: _, ...link } = row
	return link
}
