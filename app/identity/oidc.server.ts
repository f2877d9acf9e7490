/**
 * Sign-in through an organisation's OpenID Connect provider (openid-client): authorization code
 * with PKCE (S256), `state` and `nonce`. What openid-client checks on the ID token: its algorithm
 * (RS256 only, the one every supported provider signs with, whatever the provider's metadata
 * advertises: `none`, HS256 keyed by the client secret and every other algorithm are refused), its
 * signature against the provider's published keys (asked for below: by default the library trusts
 * a token from the token endpoint without it), issuer, audience (our client id), expiry and
 * issued-at, and the nonce. What we check after: the state
 * matches the one this browser was given (a cookie), the sign-in is used once and within ten
 * minutes, the e-mail is verified, and the person exists and is active in that organisation.
 * Sign-ins in flight live in the database, so any instance can finish one another started.
 */
import { eq, lt } from 'drizzle-orm'
import * as client from 'openid-client'

import { recordAudit } from '~/audit/audit.server'
import { addressKey } from '~/auth/client-address'
import { ADDRESS_THROTTLE } from '~/auth/sign-in.server'
import { takeAttempt } from '~/auth/throttle.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { hashSecret } from '~/utils/token.server'
import { ssoLogins } from '~db/schema'

import { enabledProvider, isLoopbackUrl, type Provider } from './sso-config.server'
import { matchPerson } from './sso-match.server'
import { startSsoSession } from './sso-session.server'

const LOGIN_TTL_MS = 10 * 60_000
const ALLOWED_ALG = 'RS256'

export const callbackUrl = () => `${env().APP_URL}/sso/callback`

type OidcProvider = Extract<Provider, { protocol: 'oidc' }>

/** The provider's metadata by discovery; a loopback issuer may be plain http outside production. */
export async function configuration(provider: OidcProvider) {
	const issuer = new URL(provider.issuer)
	const config = await client.discovery(
		issuer,
		provider.clientId,
		{ client_secret: provider.clientSecret, id_token_signed_response_alg: ALLOWED_ALG },
		client.ClientSecretBasic(provider.clientSecret),
		{ execute: isLoopbackUrl(issuer) && env().NODE_ENV !== 'production' ? [client.allowInsecureRequests] : [], timeout: 10 },
	)
	// openid-client takes an ID token from the token endpoint on the strength of TLS alone (OIDC
	// Core 3.1.3.7 allows it) and never verifies its signature: a token signed by any RSA key was
	// accepted. Verified against the provider's JWKS, a token is the provider's, whoever answered
	// at its token endpoint (a proxy, a hijacked route, a plain-http issuer).
	client.enableNonRepudiationChecks(config)
	return config
}

export type StartResult = { ok: true; url: string; state: string } | { ok: false; reason: 'off' | 'provider' }

/** A new sign-in for the organisation: where to send the browser, and the state it must bring back. */
export async function startSsoSignIn(orgId: string, redirectTo: string, now = new Date()): Promise<StartResult> {
	const provider = await enabledProvider(orgId)
	if (provider?.protocol !== 'oidc') return { ok: false, reason: 'off' }
	let config: client.Configuration
	try {
		config = await configuration(provider)
	} catch {
		return { ok: false, reason: 'provider' }
	}
	const codeVerifier = client.randomPKCECodeVerifier()
	const state = client.randomState()
	const nonce = client.randomNonce()
	await db().delete(ssoLogins).where(lt(ssoLogins.expiresAt, now))
	await db()
		.insert(ssoLogins)
		.values({ orgId, stateHash: hashSecret(state), nonce, codeVerifier, redirectTo, expiresAt: new Date(now.getTime() + LOGIN_TTL_MS) })
	const url = client.buildAuthorizationUrl(config, {
		redirect_uri: callbackUrl(),
		scope: 'openid email profile',
		code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
		code_challenge_method: 'S256',
		state,
		nonce,
	})
	return { ok: true, url: url.href, state }
}

export type FinishFailure = 'state' | 'expired' | 'off' | 'provider' | 'unverified' | 'unknown' | 'throttled'
export type FinishResult = { ok: true; token: string; orgId: string; userId: string; redirectTo: string } | { ok: false; reason: FinishFailure }

/**
 * Completes a sign-in from the provider's redirect. `query` is the callback's query string;
 * `stateCookie` the state this browser was given when it started.
 */
export async function finishSsoSignIn(input: { query: URLSearchParams; stateCookie: string | null; clientAddress?: string; now?: Date }): Promise<FinishResult> {
	const now = input.now ?? new Date()
	const address = addressKey(input.clientAddress)
	const throttleKey = address ? `ip:${address}` : undefined
	// Counted as a password attempt is: a client replaying callbacks is slowed the same way.
	if (throttleKey && (await takeAttempt(throttleKey, ADDRESS_THROTTLE, now)) > 0) return { ok: false, reason: 'throttled' }

	const refuseIn = async (orgId: string, reason: FinishFailure, detail: Record<string, unknown> = {}): Promise<FinishResult> => {
		await recordAudit(db(), orgId, {
			actor: { userId: null, label: 'anonymous', ip: input.clientAddress ?? null },
			action: 'sign_in.sso_refused',
			detail: { method: 'oidc', reason, ...detail },
		})
		return { ok: false, reason }
	}
	const state = input.query.get('state')
	if (!state) return { ok: false, reason: 'state' }
	const stateHash = hashSecret(state)
	// A state this browser was not given is someone else's sign-in (login CSRF): refused without
	// using it up, and recorded where it belongs when it is a real one.
	if (!input.stateCookie || state !== input.stateCookie) {
		const [pending] = await db().select({ orgId: ssoLogins.orgId }).from(ssoLogins).where(eq(ssoLogins.stateHash, stateHash)).limit(1)
		return pending ? refuseIn(pending.orgId, 'state') : { ok: false, reason: 'state' }
	}
	// Taken, not read: a sign-in completes once, whichever instance gets there first.
	const [login] = await db().delete(ssoLogins).where(eq(ssoLogins.stateHash, stateHash)).returning()
	if (!login) return { ok: false, reason: 'state' }
	const orgId = login.orgId
	const refuse = (reason: FinishFailure, detail: Record<string, unknown> = {}) => refuseIn(orgId, reason, detail)
	if (login.expiresAt <= now) return refuse('expired')
	const provider = await enabledProvider(orgId)
	if (provider?.protocol !== 'oidc') return refuse('off')

	let claims: { sub: string; email?: unknown; email_verified?: unknown; xms_edov?: unknown }
	try {
		const config = await configuration(provider)
		const current = new URL(callbackUrl())
		for (const [k, v] of input.query) current.searchParams.append(k, v)
		const tokens = await client.authorizationCodeGrant(config, current, {
			pkceCodeVerifier: login.codeVerifier,
			expectedState: state,
			expectedNonce: login.nonce,
			idTokenExpected: true,
		})
		const idClaims = tokens.claims()
		if (!idClaims) return refuse('provider', { error: 'no ID token' })
		claims = idClaims
		// Providers that keep the ID token small (or conform strictly) give the e-mail at userinfo,
		// for the same subject only.
		if (typeof claims.email !== 'string') {
			const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)
			claims = { sub: idClaims.sub, email: info.email, email_verified: info.email_verified, xms_edov: info.xms_edov }
		}
	} catch (error) {
		return refuse('provider', { error: describe(error) })
	}

	// Some providers send "true" as a string. Entra ID sends no email_verified; its optional claim
	// `xms_edov` (the e-mail's domain is verified by the tenant) says the same.
	const isTrue = (v: unknown) => v === true || v === 'true' || v === '1'
	const verified = isTrue(claims.email_verified) || isTrue(claims.xms_edov)
	if (typeof claims.email !== 'string' || !verified) return refuse('unverified')
	const person = await matchPerson(orgId, provider.issuer, claims.sub, claims.email)
	if (!person) return refuse('unknown')

	const token = await startSsoSession(orgId, person, {
		method: 'oidc',
		linkedBy: 'linkedByVerifiedEmail',
		matchedBy: 'bySubject',
		throttleKey,
		clientAddress: input.clientAddress ?? null,
		now,
	})
	return { ok: true, token, orgId, userId: person.id, redirectTo: login.redirectTo }
}

// The library's error code and messages name the failed check (nonce, audience, signature…);
// they never contain the tokens themselves. openid-client's own message is generic ("invalid
// response encountered"): the one that says which check failed is its cause's.
function describe(error: unknown): string {
	if (error instanceof Error) {
		const code = (error as { code?: unknown }).code
		const cause = error.cause instanceof Error && error.cause.message !== error.message ? ` — ${error.cause.message}` : ''
		const claim = claimOf(error)
		return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}${cause}${typeof claim === 'string' ? ` (${claim})` : ''}`.slice(0, 300)
	}
	return 'unknown error'
}

/** The ID token claim a failed comparison names (nonce, aud, iss…), wherever in the cause chain it is. */
function claimOf(error: unknown): string | undefined {
	for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
		const claim = (e as { claim?: unknown }).claim
		if (typeof claim === 'string') return claim
	}
	return undefined
}

/** Drops sign-ins that were never completed (the background worker's housekeeping). */
export async function deleteStaleSsoLogins(now = new Date()) {
	await db().delete(ssoLogins).where(lt(ssoLogins.expiresAt, now))
}
