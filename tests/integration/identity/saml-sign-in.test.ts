/**
 * Single sign-on through a SAML 2.0 identity provider whose key and certificate are made here and
 * whose answers are signed here with xml-crypto, as Okta, Entra ID or Keycloak sign them. A person
 * types their work e-mail, is sent to the provider with an AuthnRequest, and the provider's signed
 * Response posted back signs them in. Refused, as an attacker would try them: an unsigned answer,
 * one signed by another key, a wrong audience or recipient, an expired or replayed assertion, an
 * InResponseTo we never issued or that differs inside the assertion, wrapped or duplicated
 * assertions, a comment injected into the NameID, another organisation's provider, and a response
 * posted from a browser that did not start the sign-in.
 */
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { validateSessionToken } from '~/auth/sessions.server'
import { saveSsoConfig } from '~/identity/sso-config.server'
import * as ssoPage from '~/routes/_auth+/sso._index'
import * as acs from '~/routes/_auth+/sso.saml.$orgId.acs'
import * as metadata from '~/routes/_auth+/sso.saml.$orgId.metadata'
import { db } from '~/utils/db.server'
import { auditEvents, samlAssertionsUsed, samlRequests, ssoIdentities } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'
import { type AssertionFacts, assertionXml, makeSamlIdp, readAuthnRequest, responseXml, type SamlIdp, sign, signedResponse, type Signing } from '../../support/saml-idp'
import { proveDomains } from '../../support/sso'

useTestDatabase()

const ADMIN = { userId: null, label: 'admin', ip: null }
const BASE = 'http://localhost:3000'

let idpA: SamlIdp
let idpB: SamlIdp
let orgA: { id: string }
let orgB: { id: string }
let alice: { id: string }
let mallory: { id: string }
let address = 0
// Each test comes from its own address, so refusals in one do not throttle the next.
const nextAddress = () => `198.51.100.${++address}`

const sp = (orgId: string) => ({ audience: `${BASE}/sso/saml/${orgId}/metadata`, recipient: `${BASE}/sso/saml/${orgId}/acs` })

beforeAll(async () => {
	idpA = await makeSamlIdp('acme')
	idpB = await makeSamlIdp('globex')
	orgA = await makeOrg({ name: 'Acme' })
	orgB = await makeOrg({ name: 'Globex' })
	alice = await makeUser(orgA.id, { email: 'alice@acme.test' })
	mallory = await makeUser(orgA.id, { email: 'mallory@acme.test' })
	await makeUser(orgB.id, { email: 'bob@globex.test' })
	// Acme pastes its provider's metadata; Globex types the three fields.
	const a = await saveSsoConfig(orgA.id, { protocol: 'saml', metadataXml: idpA.metadata, domains: 'acme.test', enabled: true, ssoOnly: false }, ADMIN)
	const b = await saveSsoConfig(
		orgB.id,
		{ protocol: 'saml', entityId: idpB.entityId, ssoUrl: idpB.ssoUrl, certificate: idpB.cert, domains: 'globex.test', enabled: true, ssoOnly: false },
		ADMIN,
	)
	expect(a.ok && b.ok).toBe(true)
	await proveDomains(orgA.id, 'acme.test')
	await proveDomains(orgB.id, 'globex.test')
}, 60_000)

/** The sign-in page with a work e-mail: the AuthnRequest sent to the provider, and the browser's cookie. */
async function start(email: string) {
	const answer = await call(ssoPage.action, postRequest('/sso', { email }))
	expect(answer.status).toBe(200)
	const continueTo = (answer.data as { continueTo: string }).continueTo
	const setCookie = answer.headers.get('Set-Cookie')!
	expect(setCookie).toMatch(/SameSite=None/i)
	expect(setCookie).toMatch(/Secure/i)
	return { request: readAuthnRequest(continueTo), cookie: setCookie.split(';')[0]! }
}

function post(orgId: string, samlResponse: string, cookie: string | null, clientAddress = nextAddress()) {
	const request = new Request(`${BASE}/sso/saml/${orgId}/acs`, {
		method: 'POST',
		body: new URLSearchParams({ SAMLResponse: samlResponse }),
		headers: { Origin: 'https://idp.acme.test', ...(cookie ? { Cookie: cookie } : {}) },
	})
	return call(acs.action, request, { orgId }, { clientAddress })
}

async function signedInUser(answer: { headers: Headers }) {
	const raw = answer.headers
		.getSetCookie()
		.find((c) => c.startsWith('son_session='))
		?.split(';')[0]
		?.slice('son_session='.length)
	if (!raw) return null
	const token = JSON.parse(Buffer.from(decodeURIComponent(raw), 'base64').toString('utf8')) as string
	return (await validateSessionToken(token))?.user ?? null
}

async function refusals(orgId: string) {
	const rows = await db()
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'sign_in.sso_refused')))
	return rows.map((r) => r.detail as { reason: string; error?: string })
}

/** Facts of a genuine answer from Acme's provider to this request, for Alice unless told. */
function facts(requestId: string | null, extra: Partial<AssertionFacts> = {}): AssertionFacts {
	return { issuer: idpA.entityId, ...sp(orgA.id), inResponseTo: requestId, nameId: 'alice@acme.test', ...extra }
}

async function expectRefused(answer: Awaited<ReturnType<typeof post>>, error?: RegExp) {
	expect(answer.status).toBe(403)
	expect(await signedInUser(answer)).toBeNull()
	if (error) expect((await refusals(orgA.id)).at(-1)?.error ?? '').toMatch(error)
}

describe('SAML sign-in', () => {
	test('our metadata is at a stable address, names our entity id and assertion address, and exists only for a SAML organisation', async () => {
		const answer = await call(metadata.loader, getRequest(`/sso/saml/${orgA.id}/metadata`), { orgId: orgA.id })
		expect(answer.status).toBe(200)
		expect(answer.headers.get('Content-Type')).toContain('application/samlmetadata+xml')
		expect(answer.data).toContain(`entityID="${sp(orgA.id).audience}"`)
		expect(answer.data).toContain(`Location="${sp(orgA.id).recipient}"`)
		expect(answer.data).toContain('WantAssertionsSigned="true"')
		const other = await makeOrg()
		expect((await call(metadata.loader, getRequest(`/sso/saml/${other.id}/metadata`), { orgId: other.id })).status).toBe(404)
		expect((await call(metadata.loader, getRequest('/sso/saml/not-a-uuid/metadata'), { orgId: 'not-a-uuid' })).status).toBe(404)
	})

	test.each<[Signing, string]>([
		['assertion', 'Okta and Entra ID sign the assertion'],
		['response', 'Google Workspace signs the response'],
		['both', 'Keycloak can sign both'],
	])('a person signs in with a signed %s (%s); the request is a row, used once', async (signing) => {
		const { request, cookie } = await start('Alice@Acme.test')
		expect(request.url.origin + request.url.pathname).toBe(idpA.ssoUrl)
		expect(request.acs).toBe(sp(orgA.id).recipient)
		expect(request.issuer).toBe(sp(orgA.id).audience)
		// Any instance can finish it: it is in the database, not in this process.
		expect(await db().select().from(samlRequests).where(eq(samlRequests.requestId, request.id!))).toHaveLength(1)
		const answer = await post(orgA.id, signedResponse(facts(request.id), idpA, signing), cookie)
		expect(answer.status).toBe(302)
		expect(answer.location).toBe('/home')
		expect((await signedInUser(answer))?.id).toBe(alice.id)
		expect(await db().select().from(samlRequests).where(eq(samlRequests.requestId, request.id!))).toHaveLength(0)
		const link = await db().select().from(ssoIdentities).where(eq(ssoIdentities.userId, alice.id))
		expect(link).toEqual([expect.objectContaining({ issuer: idpA.entityId, subject: 'alice@acme.test' })])
		const success = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, orgA.id), eq(auditEvents.action, 'sign_in.success')))
		expect(success.some((e) => e.targetUserId === alice.id && (e.detail as { method: string }).method === 'saml')).toBe(true)
	})

	test('an unsigned answer, or one signed by another key, is refused', async () => {
		const { request, cookie } = await start('alice@acme.test')
		await expectRefused(await post(orgA.id, signedResponse(facts(request.id), idpA, 'none'), cookie), /signature/i)
		await expectRefused(await post(orgA.id, signedResponse(facts(request.id), idpB, 'both'), cookie), /signature/i)
	})

	test('a wrong audience, a wrong recipient, or another issuer in a validly signed assertion is refused', async () => {
		const { request, cookie } = await start('alice@acme.test')
		await expectRefused(await post(orgA.id, signedResponse(facts(request.id, { audience: sp(orgB.id).audience }), idpA), cookie), /audience/i)
		await expectRefused(await post(orgA.id, signedResponse(facts(request.id, { recipient: `${BASE}/elsewhere` }), idpA), cookie), /recipient/i)
		await expectRefused(await post(orgA.id, signedResponse(facts(request.id, { issuer: 'https://other.test/idp' }), idpA), cookie), /issuer/i)
		// None of them used the request up: the genuine answer still works.
		expect((await signedInUser(await post(orgA.id, signedResponse(facts(request.id), idpA), cookie)))?.id).toBe(alice.id)
	})

	test('an expired assertion is refused; clock skew is allowed up to two minutes, not more', async () => {
		const now = Date.now()
		const late = await start('alice@acme.test')
		await expectRefused(
			await post(orgA.id, signedResponse(facts(late.request.id, { notOnOrAfter: new Date(now - 3 * 60_000) }), idpA), late.cookie),
			/expired|subject confirmation|NotOnOrAfter/i,
		)
		const early = await start('alice@acme.test')
		await expectRefused(await post(orgA.id, signedResponse(facts(early.request.id, { notBefore: new Date(now + 3 * 60_000) }), idpA), early.cookie), /not yet valid|NotBefore/i)
		// A provider whose clock is a minute ahead: its assertion "expired" a minute ago by ours.
		const skewed = await start('alice@acme.test')
		const answer = await post(orgA.id, signedResponse(facts(skewed.request.id, { notOnOrAfter: new Date(now - 60_000) }), idpA), skewed.cookie)
		expect((await signedInUser(answer))?.id).toBe(alice.id)
	})

	test('a replayed answer is refused, even from the browser that used it', async () => {
		const { request, cookie } = await start('alice@acme.test')
		const response = signedResponse(facts(request.id), idpA)
		expect((await signedInUser(await post(orgA.id, response, cookie)))?.id).toBe(alice.id)
		await expectRefused(await post(orgA.id, response, cookie), /InResponseTo/)
		// The same assertion (same ID) answering a new request is refused by the used-assertions store.
		const again = await start('alice@acme.test')
		const assertionId = '_assertion-used-once'
		expect((await signedInUser(await post(orgA.id, signedResponse(facts(again.request.id, { assertionId }), idpA), again.cookie)))?.id).toBe(alice.id)
		expect(await db().select().from(samlAssertionsUsed).where(eq(samlAssertionsUsed.assertionId, assertionId))).toHaveLength(1)
		const third = await start('alice@acme.test')
		const reused = await post(orgA.id, signedResponse(facts(third.request.id, { assertionId }), idpA), third.cookie)
		expect(reused.status).toBe(403)
		expect(await signedInUser(reused)).toBeNull()
		expect((await refusals(orgA.id)).at(-1)?.reason).toBe('replayed')
	})

	test('an InResponseTo we never issued, none at all, or one that differs inside the assertion, is refused', async () => {
		const { request, cookie } = await start('alice@acme.test')
		await expectRefused(await post(orgA.id, signedResponse(facts('_never-issued'), idpA), cookie), /InResponseTo/)
		await expectRefused(await post(orgA.id, signedResponse(facts(null), idpA), cookie), /InResponseTo/)
		// The response (unsigned) names our request, the signed assertion answers another one.
		const other = await start('alice@acme.test')
		await expectRefused(await post(orgA.id, signedResponse(facts(request.id, { subjectInResponseTo: other.request.id }), idpA), cookie), /InResponseTo/)
	})

	test('a response posted from a browser that did not start the sign-in is refused, and does not use it up', async () => {
		const { request, cookie } = await start('mallory@acme.test')
		const mallorysAnswer = signedResponse(facts(request.id, { nameId: 'mallory@acme.test' }), idpA)
		// Login CSRF: Mallory makes Alice's browser post Mallory's answer.
		const victim = await start('alice@acme.test')
		await expectRefused(await post(orgA.id, mallorysAnswer, victim.cookie))
		await expectRefused(await post(orgA.id, mallorysAnswer, null))
		expect((await refusals(orgA.id)).at(-1)?.reason).toBe('browser')
		expect((await signedInUser(await post(orgA.id, mallorysAnswer, cookie)))?.id).toBe(mallory.id)
	})

	test('signature wrapping is refused: a forged assertion beside, before or around the signed one', async () => {
		const { request, cookie } = await start('mallory@acme.test')
		const f = facts(request.id, { nameId: 'mallory@acme.test' })
		const signedAssertion = sign(assertionXml(f), 'Assertion', idpA)
		const forged = assertionXml({ ...f, nameId: 'alice@acme.test' })
		const b64 = (xml: string) => Buffer.from(xml).toString('base64')
		// XSW: a forged assertion after, then before, the signed one.
		await expectRefused(await post(orgA.id, b64(responseXml(f, signedAssertion + forged)), cookie), /multiple assertions/)
		await expectRefused(await post(orgA.id, b64(responseXml(f, forged + signedAssertion)), cookie), /multiple assertions/)
		// XSW: the signed assertion hidden in an extension, a forged one with the same ID in its place.
		const signedId = /ID="([^"]+)"/.exec(signedAssertion)![1]!
		const sameId = forged.replace(/ID="[^"]+"/, `ID="${signedId}"`)
		const hidden = responseXml(f, sameId).replace('<samlp:Status>', `<samlp:Extensions>${signedAssertion}</samlp:Extensions><samlp:Status>`)
		await expectRefused(await post(orgA.id, b64(hidden), cookie))
		// XSW: the forged assertion carries the genuine signature, whose reference points at the signed copy inside it.
		const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signedAssertion)![0]
		const wrapper = sameId.replace('</saml:Issuer>', `</saml:Issuer>${signature}<saml:Advice>${signedAssertion}</saml:Advice>`)
		await expectRefused(await post(orgA.id, b64(responseXml(f, wrapper)), cookie))
		// A signed response whose single assertion was swapped for a forged one.
		const swapped = sign(responseXml(f, assertionXml(f)), 'Response', idpA).replace(/<saml:Assertion[\s\S]*<\/saml:Assertion>/, forged)
		await expectRefused(await post(orgA.id, b64(swapped), cookie))
		expect(await db().select().from(ssoIdentities).where(eq(ssoIdentities.userId, alice.id))).not.toContainEqual(expect.objectContaining({ subject: 'mallory@acme.test' }))
	})

	test('a comment injected into a signed NameID does not cut it short', async () => {
		// Mallory holds the provider account alice@acme.test.mallory.test; her signed assertion
		// is edited to read "alice@acme.test<!---->.mallory.test" (the signature ignores comments).
		const { request, cookie } = await start('mallory@acme.test')
		const f = facts(request.id, { nameId: 'alice@acme.test.mallory.test' })
		const signedAssertion = sign(assertionXml(f), 'Assertion', idpA).replace('alice@acme.test.mallory.test', 'alice@acme.test<!---->.mallory.test')
		const answer = await post(orgA.id, Buffer.from(responseXml(f, signedAssertion)).toString('base64'), cookie)
		expect(answer.status).toBe(403)
		expect(await signedInUser(answer)).toBeNull()
		// The signature held: it was refused because nobody has the whole address.
		expect((await refusals(orgA.id)).at(-1)?.reason).toBe('unknown')
	})

	test('another organisation’s provider cannot sign anyone into this one, even with this one’s audience', async () => {
		const { request, cookie } = await start('alice@acme.test')
		const fromGlobex = signedResponse(facts(request.id, { issuer: idpB.entityId }), idpB)
		await expectRefused(await post(orgA.id, fromGlobex, cookie), /signature/i)
		// Acme's answer posted to Globex's address: not Globex's request, key or audience.
		const toGlobex = await post(orgB.id, signedResponse(facts(request.id), idpA), cookie)
		expect(toGlobex.status).toBe(403)
		expect(await signedInUser(toGlobex)).toBeNull()
		// An organisation without SAML answers as if it did not exist.
		const none = await makeOrg()
		expect((await post(none.id, signedResponse(facts(request.id), idpA), cookie)).status).toBe(404)
	})

	test('answers from one address are throttled like password attempts', async () => {
		const { request, cookie } = await start('alice@acme.test')
		const bad = signedResponse(facts(request.id), idpA, 'none')
		const from = '203.0.113.99'
		let last = await post(orgA.id, bad, cookie, from)
		for (let i = 0; i < 25 && last.status !== 429; i++) last = await post(orgA.id, bad, cookie, from)
		expect(last.status).toBe(429)
		// Even the genuine answer waits.
		expect((await post(orgA.id, signedResponse(facts(request.id), idpA), cookie, from)).status).toBe(429)
	})
})
