/**
 * The bearer token an organisation's identity provider provisions people with (SCIM). One at a
 * time: making a new one revokes the old (a rotation). Shaped like our other tokens
 * (`<id>.<secret>`, the id starting `scim`), only the secret's SHA-256 kept, shown once, and
 * every creation and revocation in the audit log.
 */
import { and, eq, isNull } from 'drizzle-orm'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { db } from '~/utils/db.server'
import { countCallInWindow, type RateDecision } from '~/utils/rate-window.server'
import { mintTokenWithIdPrefix, parseToken, secretMatches } from '~/utils/token.server'
import { scimTokens } from '~db/schema'

const ID_PREFIX = 'scim'
// `last_used_at` is written at most this often, so provisioning bursts do not each write a row.
const USE_WRITE_INTERVAL_MS = 60_000

export async function scimTokenStatus(orgId: string) {
	const [row] = await db()
		.select({ id: scimTokens.id, createdAt: scimTokens.createdAt, lastUsedAt: scimTokens.lastUsedAt })
		.from(scimTokens)
		.where(and(eq(scimTokens.orgId, orgId), isNull(scimTokens.revokedAt)))
		.limit(1)
	return row ?? null
}

/** A new token (the old one stops working at once); the whole token is returned this once only. */
export async function createScimToken(orgId: string, actor: AuditActor, now = new Date()) {
	const { id, token, secretHash } = mintTokenWithIdPrefix(ID_PREFIX, 32)
	await db().transaction(async (tx) => {
		const revoked = await tx
			.update(scimTokens)
			.set({ revokedAt: now })
			.where(and(eq(scimTokens.orgId, orgId), isNull(scimTokens.revokedAt)))
			.returning({ id: scimTokens.id })
		for (const r of revoked) await recordAudit(tx, orgId, { actor, action: 'scim.token_revoked', target: r.id, detail: { reason: 'replaced' } })
		await tx.insert(scimTokens).values({ orgId, id, secretHash, createdAt: now })
		await recordAudit(tx, orgId, { actor, action: 'scim.token_created', target: id })
	})
	return { id, token }
}

export async function revokeScimToken(orgId: string, actor: AuditActor, now = new Date()) {
	await db().transaction(async (tx) => {
		const revoked = await tx
			.update(scimTokens)
			.set({ revokedAt: now })
			.where(and(eq(scimTokens.orgId, orgId), isNull(scimTokens.revokedAt)))
			.returning({ id: scimTokens.id })
		for (const r of revoked) await recordAudit(tx, orgId, { actor, action: 'scim.token_revoked', target: r.id })
	})
}

/** The organisation a bearer token provisions, or null (malformed, unknown, wrong secret, revoked). */
export async function organisationForScimToken(authorization: string | null, now = new Date()): Promise<{ orgId: string; tokenId: string } | null> {
	const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')
	const parsed = parseToken(match?.[1], 32)
	if (!parsed || !parsed.id.startsWith(ID_PREFIX)) return null
	const [row] = await db().select().from(scimTokens).where(eq(scimTokens.id, parsed.id)).limit(1)
	if (!row || row.revokedAt || !secretMatches(parsed.secret, row.secretHash)) return null
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= USE_WRITE_INTERVAL_MS) {
		await db()
			.update(scimTokens)
			.set({ lastUsedAt: now })
			.where(and(eq(scimTokens.orgId, row.orgId), eq(scimTokens.id, row.id)))
	}
	return { orgId: row.orgId, tokenId: row.id }
}

/** Counts one call of a token against its limit per fixed minute, as the API keys' limit does (`utils/rate-window.server.ts`). */
export function countScimCall(orgId: string, tokenId: string, limit: number, now = new Date()): Promise<RateDecision> {
	return countCallInWindow('scimToken', orgId, tokenId, limit, now)
}
