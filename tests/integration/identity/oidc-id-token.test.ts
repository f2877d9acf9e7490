/**
 * The ID token checks of OIDC sign-in, as an attacker would try them: a provider (or whoever
 * answers in its place) sends a token for another application, an expired one, one naming another
 * issuer, one signed with `alg: none`, with HS256 keyed by the client secret, with an algorithm we
 * do not allow, or with a signature the provider's keys did not make. Each is refused with the
 * same words to the person, starts no session, links no subject, is audited with the check that
 * failed and stays counted against the client's address. The provider is a loopback stub
 * (tests/support/oidc-stub.ts) that is honest in everything but the token it is told to spoil; a
 * clean sign-in through it first shows that the refusals are the token's doing.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { addressKey } from '~/auth/client-address'
import { saveSsoConfig } from '~/identity/sso-config.server'
import * as ssoPage from '~/routes/_auth+/sso._index'
import * as callback from '~/routes/_auth+/sso.callback'
import { db } from '~/utils/db.server'
import { localizedMessage } from '~/utils/errors'
import { auditEvents, sessions, signInThrottle, ssoIdentities } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser } from '../../support/fixtures'
import { walkToCallback } from '../../support/oidc-idp'
import { type IdTokenDefect, startStubIdp, type StubIdp } from '../../support/oidc-stub'
import { call, postRequest } from '../../support/requests'
import { proveDomains } from '../../support/sso'

useTestDatabase()

const SECRET = 'initrode-client-secret-0123456789abcdef'
const REFUSED = 'Single sign-on did not complete. Start again from the sign-in page, or ask your admin.'

let idp: StubIdp
let org: { id: string }
let bob: { id: string }

beforeAll(async () => {
	idp = await startStubIdp({ clientId: 'initrode-app', clientSecret: SECRET })
	idp.account = { sub: 'stub-bob', email: 'bob@initrode.test', email_verified: true }
	org = await makeOrg({ name: 'Initrode' })
	bob = await makeUser(org.id, { email: 'bob@initrode.test' })
	const saved = await saveSsoConfig(
		org.id,
		{ protocol: 'oidc', issuer: idp.issuer, clientId: 'initrode-app', clientSecret: SECRET, domains: 'initrode.test', enabled: true, ssoOnly: false },
		{ userId: null, label: 'admin', ip: null },
	)
	expect(saved.ok).toBe(true)
	await proveDomains(org.id, 'initrode.test')
}, 60_000)

afterAll(async () => {
	await idp?.close()
})

/** Bob starts single sign-on from the sign-in page and comes back from the provider, from `address`. */
async function signInThroughProvider(address: string) {
	const started = await call(ssoPage.action, postRequest('/sso', { email: 'bob@initrode.test' }))
	expect(started.status).toBe(200)
	const continueTo = (started.data as { continueTo: string }).continueTo
	const cookie = started.headers.get('Set-Cookie')!.split(';')[0]!
	const back = await walkToCallback(continueTo)
	return call(callback.loader, new Request(back, { headers: { Cookie: cookie } }), {}, { clientAddress: address })
}

const bobsSessions = () => db().select().from(sessions).where(eq(sessions.userId, bob.id))
const linkedSubjects = () => db().select().from(ssoIdentities).where(eq(ssoIdentities.orgId, org.id))
const refusals = () =>
	db()
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'sign_in.sso_refused')))
async function attemptsCounted(address: string) {
	const [row] = await db()
		.select()
		.from(signInThrottle)
		.where(eq(signInThrottle.key, `ip:${addressKey(address)}`))
	return row?.failures ?? 0
}

describe('OIDC ID token checks', () => {
	test('the stub provider’s clean token signs Bob in (so the refusals below are the token’s doing)', async () => {
		idp.defect = null
		const answer = await signInThroughProvider('203.0.113.1')
		expect(answer.status).toBe(302)
		expect(answer.location).toBe('/home')
		expect(await bobsSessions()).toHaveLength(1)
		expect(await linkedSubjects()).toEqual([expect.objectContaining({ issuer: idp.issuer, subject: 'stub-bob', userId: bob.id })])
		// A success gives its attempt back.
		expect(await attemptsCounted('203.0.113.1')).toBe(0)
		// Start every attack from nobody signed in and nobody linked.
		await db().delete(sessions).where(eq(sessions.userId, bob.id))
		await db().delete(ssoIdentities).where(eq(ssoIdentities.orgId, org.id))
	}, 60_000)

	// What the audit's error names: the claim or header the check failed on.
	const attacks: [IdTokenDefect, string, RegExp][] = [
		['wrong-audience', 'issued for another application', /\(aud\)/],
		['expired', 'expired an hour ago', /\(exp\)/],
		['wrong-issuer', 'naming another issuer', /\(iss\)/],
		['alg-none', 'unsigned (`alg: none`)', /unexpected JWT "alg" header/],
		['hs256-client-secret', 'signed HS256 with the client secret', /unexpected JWT "alg" header/],
		['es256', 'signed ES256 (a published key, an algorithm we do not allow)', /unexpected JWT "alg" header/],
		['forged-signature', 'signed RS256 by a key the provider does not publish', /signature verification failed/],
	]
	attacks.forEach(([defect, what, named], i) => {
		test(`an ID token ${what} is refused: no session, no linked subject, audited and counted`, async () => {
			const address = `203.0.113.${10 + i}`
			idp.defect = defect
			const issuedBefore = idp.idTokensIssued
			const refusedBefore = (await refusals()).length
			try {
				const answer = await signInThroughProvider(address)
				// The token endpoint did hand the spoiled token over.
				expect(idp.idTokensIssued).toBe(issuedBefore + 1)
				expect(answer.status).toBe(403)
				expect(localizedMessage(answer.data)).toBe(REFUSED)
				expect(answer.headers.getSetCookie().some((c) => c.startsWith('son_session='))).toBe(false)
			} finally {
				idp.defect = null
			}
			expect(await bobsSessions()).toEqual([])
			expect(await linkedSubjects()).toEqual([])
			const audited = (await refusals()).slice(refusedBefore)
			expect(audited).toHaveLength(1)
			expect(audited[0]!.detail).toMatchObject({ method: 'oidc', reason: 'provider' })
			expect(String(audited[0]!.detail.error)).toMatch(named)
			// Counted against the address as a wrong password is, and not given back.
			expect(await attemptsCounted(address)).toBe(1)
		}, 60_000)
	})
})
