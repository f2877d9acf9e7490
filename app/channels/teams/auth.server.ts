/**
 * Verifying what Teams sends (Bot Framework, "Authenticate requests from the Bot Connector
 * service to your bot"): every activity carries `Authorization: Bearer <JWT>`, signed with a key
 * the Bot Framework publishes (its OpenID metadata document names the JWKS). The token must
 * - be signed by one of those keys, with RS256, RS384 or RS512 (never `none`, never an HMAC);
 * - be issued by `https://api.botframework.com`;
 * - be for this organisation's bot (audience = its Microsoft app id);
 * - be within its validity, give or take five minutes of clock skew;
 * - name, in its `serviceurl` claim, the service URL the activity says it came from, and (when
 *   the key carries endorsements) be endorsed for the activity's channel.
 * The first four are checked on the header alone, before the body is parsed; the last two right
 * after parsing, before anything is read from the activity.
 */
import { decodeJwt, decodeProtectedHeader, importJWK, type JWK, type JWTPayload, jwtVerify } from 'jose'

import { env } from '~/utils/env.server'

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com'
export const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512']
export const MAX_SKEW_SECONDS = 300
// Keys are fetched again after a day, or sooner for an unknown key id (at most once a minute).
const KEYS_TTL_MS = 24 * 3_600_000
const REFETCH_UNKNOWN_MS = 60_000

type BotKey = JWK & { kid?: string; endorsements?: string[] }
let keyCache: { metadataUrl: string; keys: BotKey[]; fetchedAt: number } | null = null

/** Forgets the cached keys (tests; a rotated key is also picked up by its unknown id). */
export function resetBotFrameworkKeys() {
	keyCache = null
}

async function fetchJson(url: string): Promise<unknown> {
	const response = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(10_000) })
	if (!response.ok) throw new Error(`${url} answered ${response.status}`)
	return response.json()
}

async function botFrameworkKeys(force: boolean): Promise<BotKey[]> {
	const metadataUrl = env().TEAMS_OPENID_METADATA_URL
	const now = Date.now()
	const fresh = keyCache && keyCache.metadataUrl === metadataUrl && now - keyCache.fetchedAt < KEYS_TTL_MS
	if (fresh && !(force && now - keyCache!.fetchedAt > REFETCH_UNKNOWN_MS)) return keyCache!.keys
	const metadata = (await fetchJson(metadataUrl)) as { jwks_uri?: unknown }
	if (typeof metadata.jwks_uri !== 'string') throw new Error('The OpenID metadata names no jwks_uri.')
	const set = (await fetchJson(metadata.jwks_uri)) as { keys?: unknown }
	const keys = Array.isArray(set.keys) ? (set.keys as BotKey[]).filter((k) => k && typeof k === 'object' && k.kty === 'RSA') : []
	keyCache = { metadataUrl, keys, fetchedAt: now }
	return keys
}

export type TeamsClaims = { appId: string; serviceUrl: string; endorsements: string[] | null }
export type TeamsVerdict = { ok: true; claims: TeamsClaims } | { ok: false; reason: string }

/**
 * Verifies the bearer token. `isOurBot(aud)` says whether the audience is a bot connected here;
 * it is asked before the signature is checked only to choose which audience to require.
 */
export async function verifyBotFrameworkToken(authorization: string | null, isOurBot: (appId: string) => Promise<boolean>, now = new Date()): Promise<TeamsVerdict> {
	const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(authorization ?? '')
	if (!match) return { ok: false, reason: 'No bearer token.' }
	const token = match[1]!
	let audience: string
	try {
		const header = decodeProtectedHeader(token)
		if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.includes(header.alg)) return { ok: false, reason: 'The token is not signed with an allowed algorithm.' }
		const aud = decodeJwt(token).aud
		if (typeof aud !== 'string') return { ok: false, reason: 'The token names no single audience.' }
		audience = aud
	} catch {
		return { ok: false, reason: 'The token cannot be read.' }
	}
	if (!(await isOurBot(audience))) return { ok: false, reason: 'The token is not for a bot connected here.' }
	let endorsements: string[] | null = null
	let payload: JWTPayload
	try {
		const verified = await jwtVerify(
			token,
			async (header) => {
				let key = (await botFrameworkKeys(false)).find((k) => k.kid === header.kid)
				if (!key) key = (await botFrameworkKeys(true)).find((k) => k.kid === header.kid)
				if (!key) throw new Error('Unknown signing key.')
				endorsements = Array.isArray(key.endorsements) ? key.endorsements.filter((e): e is string => typeof e === 'string') : null
				const { endorsements: _e, ...jwk } = key
				return importJWK(jwk, header.alg)
			},
			{ issuer: BOT_FRAMEWORK_ISSUER, audience, algorithms: ALLOWED_ALGORITHMS, clockTolerance: MAX_SKEW_SECONDS, currentDate: now, requiredClaims: ['exp'] },
		)
		payload = verified.payload
	} catch (error) {
		const code = (error as { code?: string }).code
		return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'The token has expired.' : 'The token does not verify.' }
	}
	const serviceUrl = payload.serviceurl ?? payload.serviceUrl
	if (typeof serviceUrl !== 'string') return { ok: false, reason: 'The token names no service URL.' }
	return { ok: true, claims: { appId: audience, serviceUrl, endorsements } }
}

/** After parsing: the activity came from where its token says, for a channel its key may speak for. */
export function activityMatchesClaims(claims: TeamsClaims, activity: { serviceUrl?: unknown; channelId?: unknown }): boolean {
	if (typeof activity.serviceUrl !== 'string' || sameServiceUrl(activity.serviceUrl, claims.serviceUrl) === false) return false
	if (claims.endorsements && typeof activity.channelId === 'string' && activity.channelId && !claims.endorsements.includes(activity.channelId)) return false
	return true
}

/** Service URLs compare without a trailing slash (Teams sends `…/emea/`; tokens have been seen without). */
const sameServiceUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '')
