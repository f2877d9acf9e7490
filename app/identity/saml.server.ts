/**
 * Sign-in through an organisation's SAML 2.0 identity provider (@node-saml/node-saml), SP-initiated
 * only: we send an AuthnRequest by HTTP-Redirect and take the provider's Response by HTTP-POST at
 * the organisation's own assertion consumer address.
 *
 * What node-saml checks: the XML signature over the Response or over the Assertion (either one is
 * required; only the signed XML, as xml-crypto canonicalised it, is read afterwards, so wrapped
 * or duplicated assertions and comments are not seen), a single assertion, the audience (our
 * per-organisation entity id), NotBefore / NotOnOrAfter within two minutes of clock skew, and that
 * the Response's InResponseTo names a request we issued. What we check after, on the signed
 * assertion: its issuer is the configured provider; a bearer SubjectConfirmationData names our
 * address as Recipient, our request in InResponseTo and a NotOnOrAfter; the request was started by
 * this browser (a cookie), is taken once (any instance: it is a row) and within ten minutes; the
 * assertion's id was never used before (kept in the database until it expires).
 */
import { type CacheProvider, generateServiceProviderMetadata, type Profile, SAML, ValidateInResponseTo } from '@node-saml/node-saml'
import { and, eq, lt } from 'drizzle-orm'

import { recordAudit } from '~/audit/audit.server'
import { addressKey } from '~/auth/client-address'
import { ADDRESS_THROTTLE } from '~/auth/sign-in.server'
import { takeAttempt } from '~/auth/throttle.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { hashSecret, randomTokenPart } from '~/utils/token.server'
import { samlAssertionsUsed, samlRequests } from '~db/schema'

import { configuredProvider, enabledProvider, type Provider } from './sso-config.server'
import { matchPerson } from './sso-match.server'
import { startSsoSession } from './sso-session.server'

type SamlProvider = Extract<Provider, { protocol: 'saml' }>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const REQUEST_TTL_MS = 10 * 60_000
export const CLOCK_SKEW_MS = 2 * 60_000
// Assertions without a NotOnOrAfter are refused; one valid longer than this is remembered this long.
const MAX_REMEMBER_MS = 24 * 60 * 60_000

/** Our entity id for an organisation: also where our metadata is, so it stays the same. */
export const spEntityId = (orgId: string) => `${env().APP_URL}/sso/saml/${orgId}/metadata`
/** Where the provider posts its Response for an organisation (assertion consumer service). */
export const acsUrl = (orgId: string) => `${env().APP_URL}/sso/saml/${orgId}/acs`

const EMAIL_NAMEID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer'
// Where Okta, Entra ID, Google Workspace and Keycloak put the e-mail when it is not the NameID.
const EMAIL_ATTRIBUTES = ['email', 'mail', 'Email', 'emailaddress', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'urn:oid:0.9.2342.19200300.100.1.3']

function samlFor(provider: SamlProvider, options: { requestId?: string; now?: Date } = {}) {
	const orgId = provider.orgId
	// Requests in flight are rows (any instance finishes what another started). node-saml only
	// reads them here; they are taken once, atomically, after every check has passed.
	const cacheProvider: CacheProvider = {
		saveAsync: async () => null,
		removeAsync: async () => null,
		getAsync: async (key: string) => {
			const [row] = await db()
				.select({ createdAt: samlRequests.createdAt, expiresAt: samlRequests.expiresAt })
				.from(samlRequests)
				.where(and(eq(samlRequests.orgId, orgId), eq(samlRequests.requestId, key)))
				.limit(1)
			return row && row.expiresAt > (options.now ?? new Date()) ? row.createdAt.toISOString() : null
		},
	}
	return new SAML({
		issuer: spEntityId(orgId),
		callbackUrl: acsUrl(orgId),
		entryPoint: provider.ssoUrl,
		idpCert: provider.certs,
		audience: spEntityId(orgId),
		// Either signature will do; none will not (node-saml then requires the assertion's own).
		wantAuthnResponseSigned: false,
		wantAssertionsSigned: false,
		acceptedClockSkewMs: CLOCK_SKEW_MS,
		validateInResponseTo: ValidateInResponseTo.always,
		requestIdExpirationPeriodMs: REQUEST_TTL_MS,
		cacheProvider,
		identifierFormat: EMAIL_NAMEID,
		// Providers that signed the person in without a password (passkeys, MFA apps) answer "no
		// match" to the default PasswordProtectedTransport context.
		disableRequestedAuthnContext: true,
		signatureAlgorithm: 'sha256',
		generateUniqueId: () => options.requestId ?? `_${randomTokenPart(32)}`,
	})
}

/** Our service provider metadata for an organisation, for its admin to give their provider. */
export function serviceProviderMetadata(orgId: string): string {
	return generateServiceProviderMetadata({
		issuer: spEntityId(orgId),
		callbackUrl: acsUrl(orgId),
		identifierFormat: EMAIL_NAMEID,
		wantAssertionsSigned: true,
	})
}

export type SamlStart = { ok: true; url: string; browserValue: string } | { ok: false; reason: 'off' | 'provider' }

/** A new SAML sign-in: where to send the browser, and the value it must hold when it comes back. */
export async function startSamlSignIn(orgId: string, redirectTo: string, now = new Date()): Promise<SamlStart> {
	const provider = await enabledProvider(orgId)
	if (provider?.protocol !== 'saml') return { ok: false, reason: 'off' }
	const requestId = `_${randomTokenPart(32)}`
	const browserValue = randomTokenPart(32)
	let url: string
	try {
		url = await samlFor(provider, { requestId, now }).getAuthorizeUrlAsync('', undefined, {})
	} catch {
		return { ok: false, reason: 'provider' }
	}
	await db().delete(samlRequests).where(lt(samlRequests.expiresAt, now))
	await db()
		.insert(samlRequests)
		.values({ orgId, requestId, browserHash: hashSecret(browserValue), redirectTo, createdAt: now, expiresAt: new Date(now.getTime() + REQUEST_TTL_MS) })
	return { ok: true, url, browserValue }
}

export type SamlFailure = 'browser' | 'expired' | 'off' | 'signature' | 'replayed' | 'no-email' | 'unknown' | 'throttled'
export type SamlFinish = { ok: true; token: string; orgId: string; userId: string; redirectTo: string } | { ok: false; reason: SamlFailure }

/**
 * Completes a sign-in from the provider's POST to an organisation's assertion consumer address.
 * `browserValue` is the cookie the browser was given when it started.
 */
export async function finishSamlSignIn(input: {
	orgId: string
	samlResponse: string | null
	browserValue: string | null
	clientAddress?: string
	now?: Date
}): Promise<SamlFinish> {
	const now = input.now ?? new Date()
	const { orgId } = input
	const address = addressKey(input.clientAddress)
	const throttleKey = address ? `ip:${address}` : undefined
	if (throttleKey && (await takeAttempt(throttleKey, ADDRESS_THROTTLE, now)) > 0) return { ok: false, reason: 'throttled' }
	const refuse = async (reason: SamlFailure, detail: Record<string, unknown> = {}): Promise<SamlFinish> => {
		await recordAudit(db(), orgId, {
			actor: { userId: null, label: 'anonymous', ip: input.clientAddress ?? null },
			action: 'sign_in.sso_refused',
			detail: { method: 'saml', reason, ...detail },
		})
		return { ok: false, reason }
	}

	const provider = UUID.test(orgId) ? await enabledProvider(orgId) : null
	// An organisation without SAML says nothing more than one that does not exist.
	if (provider?.protocol !== 'saml') return { ok: false, reason: 'off' }
	if (!input.samlResponse || input.samlResponse.length > 1_000_000) return refuse('signature', { error: 'no SAMLResponse' })

	let profile: Profile
	try {
		const result = await samlFor(provider, { now }).validatePostResponseAsync({ SAMLResponse: input.samlResponse })
		if (!result.profile) return refuse('signature', { error: 'no assertion' })
		profile = result.profile
	} catch (error) {
		return refuse('signature', { error: error instanceof Error ? error.message.slice(0, 300) : 'unknown error' })
	}

	// Everything below is read from the signed assertion only.
	const checked = checkAssertion(profile, provider, now)
	if (!checked.ok) return refuse('signature', { error: checked.error })
	const { requestId, assertionId, rememberUntil } = checked

	const [pending] = await db()
		.select()
		.from(samlRequests)
		.where(and(eq(samlRequests.orgId, orgId), eq(samlRequests.requestId, requestId)))
		.limit(1)
	// Someone else's sign-in posted from this browser (login CSRF) is refused without using it up.
	if (!pending || !input.browserValue || hashSecret(input.browserValue) !== pending.browserHash) return refuse('browser')
	// Taken, not read: a request is answered once, whichever instance gets there first.
	const [taken] = await db()
		.delete(samlRequests)
		.where(and(eq(samlRequests.orgId, orgId), eq(samlRequests.requestId, requestId)))
		.returning()
	if (!taken) return refuse('replayed')
	if (taken.expiresAt <= now) return refuse('expired')
	await db().delete(samlAssertionsUsed).where(lt(samlAssertionsUsed.expiresAt, now))
	const fresh = await db().insert(samlAssertionsUsed).values({ orgId, assertionId, expiresAt: rememberUntil }).onConflictDoNothing().returning()
	if (!fresh.length) return refuse('replayed')

	const email = emailOf(profile)
	if (!email) return refuse('no-email')
	const person = await matchPerson(orgId, provider.entityId, profile.nameID, email)
	if (!person) return refuse('unknown')

	const token = await startSsoSession(orgId, person, {
		method: 'saml',
		linkedBy: 'linkedByEmail',
		matchedBy: 'byNameId',
		throttleKey,
		clientAddress: input.clientAddress ?? null,
		now,
	})
	return { ok: true, token, orgId, userId: person.id, redirectTo: taken.redirectTo }
}

type XmlJs = { $?: Record<string, string>; _?: string; [child: string]: unknown }
const children = (node: XmlJs | undefined, name: string): XmlJs[] => (Array.isArray(node?.[name]) ? (node[name] as XmlJs[]) : [])

type AssertionCheck = { ok: true; requestId: string; assertionId: string; rememberUntil: Date } | { ok: false; error: string }

/** The checks node-saml leaves to us, on the signed assertion it verified. */
function checkAssertion(profile: Profile, provider: SamlProvider, now: Date): AssertionCheck {
	const assertion = (profile.getAssertion?.() as { Assertion?: XmlJs } | undefined)?.Assertion
	if (!assertion) return { ok: false, error: 'no signed assertion' }
	const issuer = children(assertion, 'Issuer')[0]?._?.trim()
	if (issuer !== provider.entityId) return { ok: false, error: `issuer ${issuer ?? '(none)'} is not the configured provider` }
	const assertionId = assertion.$?.ID
	if (!assertionId) return { ok: false, error: 'assertion without an ID' }
	if (!profile.nameID) return { ok: false, error: 'no NameID' }

	const acs = acsUrl(provider.orgId)
	const confirmations = children(children(assertion, 'Subject')[0], 'SubjectConfirmation').filter((c) => c.$?.Method === BEARER)
	const datas = confirmations.flatMap((c) => children(c, 'SubjectConfirmationData'))
	const good = datas.find((d) => {
		const notOnOrAfter = Date.parse(d.$?.NotOnOrAfter ?? '')
		return d.$?.Recipient === acs && Number.isFinite(notOnOrAfter) && now.getTime() - CLOCK_SKEW_MS < notOnOrAfter && d.$?.InResponseTo
	})
	if (!good) {
		const recipients = datas.map((d) => d.$?.Recipient ?? '(none)').join(', ')
		return { ok: false, error: `no bearer confirmation for this address with a NotOnOrAfter and InResponseTo (recipients: ${recipients || 'none'})` }
	}
	const requestId = good.$!.InResponseTo!
	// The Response's InResponseTo (checked by node-saml against our requests) must be the same one.
	if (profile.inResponseTo !== requestId) return { ok: false, error: 'InResponseTo of the response and of the assertion differ' }
	const expiry = Date.parse(good.$!.NotOnOrAfter!) + CLOCK_SKEW_MS
	return { ok: true, requestId, assertionId, rememberUntil: new Date(Math.min(expiry, now.getTime() + MAX_REMEMBER_MS)) }
}

function emailOf(profile: Profile): string | null {
	const candidates: unknown[] = EMAIL_ATTRIBUTES.map((name) => (profile.attributes as Record<string, unknown> | undefined)?.[name])
	if (profile.nameIDFormat === EMAIL_NAMEID) candidates.push(profile.nameID)
	for (const c of candidates) {
		const value = Array.isArray(c) ? c[0] : c
		if (typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())) return value.trim().toLowerCase()
	}
	return null
}

/** Drops requests never answered and assertion ids past their expiry (the worker's housekeeping). */
export async function deleteStaleSamlState(now = new Date()) {
	await db().delete(samlRequests).where(lt(samlRequests.expiresAt, now))
	await db().delete(samlAssertionsUsed).where(lt(samlAssertionsUsed.expiresAt, now))
}

/** Our metadata for an organisation whose provider speaks SAML (on or off); null otherwise. */
export async function samlMetadataFor(orgId: string): Promise<string | null> {
	if (!UUID.test(orgId)) return null
	const provider = await configuredProvider(orgId)
	return provider?.protocol === 'saml' ? serviceProviderMetadata(orgId) : null
}
