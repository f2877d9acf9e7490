/**
 * Survey links: each e-mail (invitation, reminder) carries a fresh token of 160 random bits,
 * stored only as a hash and tied to one invitation — one person, one wave — until it closes.
 */
import { and, eq } from 'drizzle-orm'
import { invitations, invitationTokens, organizations, waves } from '~db/schema'
import { mintToken, parseToken, secretMatches } from '~/auth/token.server'
import { db } from '~/utils/db.server'

export const SURVEY_SECRET_LENGTH = 32

export async function mintInvitationLink(orgId: string, invitationId: string) {
	const { id, token, secretHash } = mintToken(SURVEY_SECRET_LENGTH)
	await db().insert(invitationTokens).values({ orgId, id, invitationId, secretHash })
	return token
}

/** The invitation a link is for, with its wave and organisation; null for anything else. */
export async function resolveInvitationLink(token: string | null | undefined) {
	const parsed = parseToken(token, SURVEY_SECRET_LENGTH)
	if (!parsed) return null
	const [row] = await db()
		.select({ secretHash: invitationTokens.secretHash, invitation: invitations, wave: waves, org: organizations })
		.from(invitationTokens)
		.innerJoin(invitations, and(eq(invitations.orgId, invitationTokens.orgId), eq(invitations.id, invitationTokens.invitationId)))
		.innerJoin(waves, and(eq(waves.orgId, invitations.orgId), eq(waves.id, invitations.waveId)))
		.innerJoin(organizations, eq(organizations.id, invitations.orgId))
		.where(eq(invitationTokens.id, parsed.id))
	if (!row || !secretMatches(parsed.secret, row.secretHash)) return null
	return { invitation: row.invitation, wave: row.wave, org: row.org }
}
