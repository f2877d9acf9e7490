/**
 * API keys for the REST API: `son_<id>.<secret>`, the token shape of sessions with a prefix
 * that tells a reader (and secret scanners) what it is. Shown once; the database keeps the id
 * and the SHA-256 of the secret. A key only ever reaches its own organisation.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { apiKeys, organizations } from '~db/schema'
import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { isTokenId, mintToken, parseToken, secretMatches } from '~/auth/token.server'
import { db } from '~/utils/db.server'
import { fail, ok, type Result } from '~/utils/result'
import { hasNul, NUL_MESSAGE } from '~/utils/text'

export const KEY_PREFIX = 'son_'
export const MAX_KEY_NAME = 80
// Writing last_used_at on every call would turn each API request into two writes.
const LAST_USED_WRITE_INTERVAL_MS = 60_000

export type ApiKeyRow = typeof apiKeys.$inferSelect

export async function createApiKey(orgId: string, rawName: string, actor: AuditActor = SYSTEM_ACTOR): Promise<Result<{ id: string; name: string; key: string }>> {
	const name = rawName.trim().replace(/\s+/g, ' ')
	if (!name) return fail({ name: 'Give the key a name, e.g. "Zendesk export".' })
	if (hasNul(name)) return fail({ name: NUL_MESSAGE })
	if (name.length > MAX_KEY_NAME) return fail({ name: `At most ${MAX_KEY_NAME} characters.` })
	const { id, token, secretHash } = mintToken()
	await db().transaction(async (tx) => {
		await tx.insert(apiKeys).values({ orgId, id, name, secretHash })
		await recordAudit(tx, orgId, { actor, action: 'api_key.created', target: `${id} (${name})` })
	})
	return ok({ id, name, key: `${KEY_PREFIX}${token}` })
}

export async function listApiKeys(orgId: string) {
	return db()
		.select({ id: apiKeys.id, name: apiKeys.name, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
		.from(apiKeys)
		.where(eq(apiKeys.orgId, orgId))
		.orderBy(desc(apiKeys.createdAt))
}

/** Revoking is final and keeps the row, so the list still shows what the key was and when it was last used. */
export async function revokeApiKey(orgId: string, keyId: string, actor: AuditActor = SYSTEM_ACTOR): Promise<Result<null>> {
	// Anything not shaped like a key id (a NUL character would even fail the query) is no key of ours.
	if (!isTokenId(keyId)) return fail({ _form: 'That key does not exist or is already revoked.' })
	const row = await db().transaction(async (tx) => {
		const [r] = await tx
			.update(apiKeys)
			.set({ revokedAt: new Date() })
			.where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
			.returning({ id: apiKeys.id, name: apiKeys.name })
		if (r) await recordAudit(tx, orgId, { actor, action: 'api_key.revoked', target: `${r.id} (${r.name})` })
		return r
	})
	return row ? ok(null) : fail({ _form: 'That key does not exist or is already revoked.' })
}

export interface ApiCaller {
	orgId: string
	keyId: string
	timeZone: string
}

/** The organisation behind `Authorization: Bearer son_…`, or null for a missing, malformed, unknown or revoked key. */
export async function authenticateApiKey(authorization: string | null, now = new Date()): Promise<ApiCaller | null> {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
	const presented = match?.[1]
	if (!presented?.startsWith(KEY_PREFIX)) return null
	const parsed = parseToken(presented.slice(KEY_PREFIX.length))
	if (!parsed) return null
	const [row] = await db()
		.select({ orgId: apiKeys.orgId, secretHash: apiKeys.secretHash, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt, timeZone: organizations.timeZone })
		.from(apiKeys)
		.innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
		.where(eq(apiKeys.id, parsed.id))
		.limit(1)
	if (!row || row.revokedAt || !secretMatches(parsed.secret, row.secretHash)) return null
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_WRITE_INTERVAL_MS) {
		// The condition in SQL too: concurrent requests with one key write once, not once each.
		await db()
			.update(apiKeys)
			.set({ lastUsedAt: now })
			.where(
				and(
					eq(apiKeys.orgId, row.orgId),
					eq(apiKeys.id, parsed.id),
					sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} <= ${new Date(now.getTime() - LAST_USED_WRITE_INTERVAL_MS).toISOString()}::timestamptz)`,
				),
			)
	}
	return { orgId: row.orgId, keyId: parsed.id, timeZone: row.timeZone }
}
