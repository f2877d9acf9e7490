/**
 * API keys for the REST API: `son_<id>.<secret>`, the token shape of sessions with a prefix
 * that tells a reader (and secret scanners) what it is. Shown once; the database keeps the id
 * and the SHA-256 of the secret. A key only ever reaches its own organisation, only does what
 * its scopes allow, stops at its expiry, and is held to a per-key rate limit counted in the
 * database (so every instance of the app shares it).
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { db } from '~/utils/db.server'
import { countCallInWindow, type RateDecision } from '~/utils/rate-window.server'
import { fail, ok, type Result } from '~/utils/result'
import { hasNul, NUL_MESSAGE } from '~/utils/text'
import { isTokenId, mintToken, parseOrgToken, secretMatches, withOrg } from '~/utils/token.server'
import { type ApiScope, apiScopes, SCOPE_LABELS } from '~db/enums'
import { apiKeys, organizations } from '~db/schema'

import { KEY_PREFIX, MAX_KEY_NAME } from './api-key-format'

export { type ApiScope, apiScopes, KEY_PREFIX, MAX_KEY_NAME, SCOPE_LABELS }

// Writing last_used_at on every call would turn each API request into two writes.
const LAST_USED_WRITE_INTERVAL_MS = 60_000

export type ApiKeyRow = typeof apiKeys.$inferSelect

/** The latest expiry date a key may be given: keys meant to last longer should be rotated. */
export const MAX_EXPIRY_YEARS = 5

export interface NewKeyOptions {
	/**
	 * What the key may do. The admin page and the command line always pass the admin's choice
	 * (none chosen is an error); code that makes keys for itself (benchmarks, tests) may leave it
	 * out and gets every scope, as keys had before scopes existed.
	 */
	scopes?: readonly string[]
	/** `YYYY-MM-DD`, the last day the key works, in the organisation's time zone; empty or absent: no expiry. */
	expiresOn?: string | null
	/** Who made it, for the audit log. */
	actor?: AuditActor
}

export interface CreatedKey {
	id: string
	name: string
	key: string
	scopes: ApiScope[]
	expiresAt: Date | null
}

export async function createApiKey(orgId: string, rawName: string, options: NewKeyOptions = {}, now = new Date()): Promise<Result<CreatedKey>> {
	const name = rawName.trim().replace(/\s+/g, ' ')
	if (!name) return fail({ name: 'Give the key a name, e.g. "Zendesk export".' })
	if (hasNul(name)) return fail({ name: NUL_MESSAGE })
	if (name.length > MAX_KEY_NAME) return fail({ name: `At most ${MAX_KEY_NAME} characters.` })
	const scopes = parseScopes(options.scopes ?? apiScopes)
	if (!scopes.ok) return scopes
	let expiresAt: Date | null = null
	const expiresOn = options.expiresOn?.trim()
	if (expiresOn) {
		const [org] = await db().select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId))
		if (!org) return fail({ _form: 'That organisation does not exist.' })
		const expiry = expiryFromDate(expiresOn, org.timeZone, now)
		if (!expiry.ok) return expiry
		expiresAt = expiry.value
	}
	const { id, token, secretHash } = mintToken()
	await db().transaction(async (tx) => {
		await tx.insert(apiKeys).values({ orgId, id, name, secretHash, scopes: scopes.value, expiresAt })
		await recordAudit(tx, orgId, {
			actor: options.actor ?? SYSTEM_ACTOR,
			action: 'api_key.created',
			target: id,
			detail: { name, scopes: scopes.value, expiresOn: expiresOn || null },
		})
	})
	return ok({ id, name, key: `${KEY_PREFIX}${withOrg(orgId, token)}`, scopes: scopes.value, expiresAt })
}

function parseScopes(raw: readonly string[]): Result<ApiScope[]> {
	const chosen = [
		...new Set(
			raw
				.flatMap((s) => s.split(','))
				.map((s) => s.trim())
				.filter(Boolean),
		),
	]
	const unknown = chosen.filter((s) => !(apiScopes as readonly string[]).includes(s))
	if (unknown.length) return fail({ scopes: `Unknown scope "${unknown[0]!.slice(0, 40)}": choose from ${apiScopes.join(', ')}.` })
	if (!chosen.length) return fail({ scopes: `Choose at least one scope (${apiScopes.join(', ')}): what this key may do.` })
	// Stored in a fixed order, so the list reads the same for every key.
	return ok(apiScopes.filter((s) => chosen.includes(s)))
}

/** The key works through the whole of its last day, in the organisation's time zone. */
function expiryFromDate(value: string, timeZone: string, now: Date): Result<Date> {
	const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone: timeZone }) : null
	if (!day?.isValid) return fail({ expiresOn: 'Give the last day the key works as a date, YYYY-MM-DD, or leave it empty for no expiry.' })
	const end = day.plus({ days: 1 }).startOf('day')
	const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day')
	if (end <= DateTime.fromJSDate(now)) return fail({ expiresOn: `That day is past: choose ${today.toISODate()} or later.` })
	if (day > today.plus({ years: MAX_EXPIRY_YEARS })) return fail({ expiresOn: `At most ${MAX_EXPIRY_YEARS} years ahead; make a new key when this one ends.` })
	return ok(end.toJSDate())
}

export async function listApiKeys(orgId: string) {
	return db()
		.select({
			id: apiKeys.id,
			name: apiKeys.name,
			scopes: apiKeys.scopes,
			expiresAt: apiKeys.expiresAt,
			createdAt: apiKeys.createdAt,
			lastUsedAt: apiKeys.lastUsedAt,
			revokedAt: apiKeys.revokedAt,
		})
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
		if (r) await recordAudit(tx, orgId, { actor, action: 'api_key.revoked', target: r.id, detail: { name: r.name } })
		return r
	})
	return row ? ok(null) : fail({ _form: 'That key does not exist or is already revoked.' })
}

export interface ApiCaller {
	orgId: string
	keyId: string
	timeZone: string
	scopes: ApiScope[]
}

export type KeyCheck = { status: 'ok'; caller: ApiCaller } | { status: 'invalid' } | { status: 'expired'; expiresAt: Date }

/**
 * The key behind `Authorization: Bearer son_…`: `invalid` for a missing, malformed, unknown or
 * revoked key or a wrong secret; `expired` only for the right secret of an expired key (telling
 * anyone else that a key id exists and has expired would tell them something).
 */
export async function checkApiKey(authorization: string | null, now = new Date()): Promise<KeyCheck> {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
	const presented = match?.[1]
	if (!presented?.startsWith(KEY_PREFIX)) return { status: 'invalid' }
	const parsed = parseOrgToken(presented.slice(KEY_PREFIX.length))
	if (!parsed) return { status: 'invalid' }
	const [row] = await db()
		.select({
			orgId: apiKeys.orgId,
			secretHash: apiKeys.secretHash,
			scopes: apiKeys.scopes,
			expiresAt: apiKeys.expiresAt,
			lastUsedAt: apiKeys.lastUsedAt,
			revokedAt: apiKeys.revokedAt,
			timeZone: organizations.timeZone,
		})
		.from(apiKeys)
		.innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
		.where(and(parsed.orgId ? eq(apiKeys.orgId, parsed.orgId) : undefined, eq(apiKeys.id, parsed.id)))
		.limit(1)
	if (!row || row.revokedAt || !secretMatches(parsed.secret, row.secretHash)) return { status: 'invalid' }
	if (row.expiresAt && row.expiresAt <= now) return { status: 'expired', expiresAt: row.expiresAt }
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
	return { status: 'ok', caller: { orgId: row.orgId, keyId: parsed.id, timeZone: row.timeZone, scopes: row.scopes } }
}

/** The organisation behind a key, or null for any key that does not work now (expired included). */
export async function authenticateApiKey(authorization: string | null, now = new Date()): Promise<ApiCaller | null> {
	const checked = await checkApiKey(authorization, now)
	return checked.status === 'ok' ? checked.caller : null
}

/** Counts one call of a key against its limit per fixed minute (`utils/rate-window.server.ts`). */
export function countApiCall(orgId: string, keyId: string, limit: number, now = new Date()): Promise<RateDecision> {
	return countCallInWindow('apiKey', orgId, keyId, limit, now)
}
