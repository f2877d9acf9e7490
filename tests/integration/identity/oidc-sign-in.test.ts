/**
 * Single sign-on against a real OpenID Provider (oidc-provider) on loopback: a person types their
 * work e-mail, goes through their company's provider and comes back signed in. Refused: a state
 * that is not the browser's, a nonce that does not match, a replayed callback, an e-mail the
 * organisation does not know or the provider did not verify, and another organisation's provider
 * asserting this organisation's people. Every outcome is in the audit log; the client secret is
 * never stored in clear; an anonymous visitor cannot tell which domains have single sign-on.
 */
import crypto from 'node:crypto'

import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { validateSessionToken } from '~/auth/sessions.server'
import { signIn } from '~/auth/sign-in.server'
import { getSsoConfig, saveSsoConfig } from '~/identity/sso-config.server'
import * as ssoPage from '~/routes/_auth+/sso._index'
import * as callback from '~/routes/_auth+/sso.callback'
import { db } from '~/utils/db.server'
import { localizedMessage } from '~/utils/errors'
import { auditEvents, ssoConfigs, ssoIdentities, ssoLogins, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, TEST_PASSWORD } from '../../support/fixtures'
import { type Idp, startIdp, walkToCallback } from '../../support/oidc-idp'
import { call, postRequest } from '../../support/requests'
import { proveDomains } from '../../support/sso'

useTestDatabase()

const ADMIN = { userId: null, label: 'admin', ip: null }
const SECRET_A = 'acme-client-secret-0123456789abcdef'
const SECRET_B = 'globex-client-secret-0123456789abcdef'

let idpA: Idp
let idpB: Idp
let orgA: { id: string }
let orgB: { id: string }
let alice: { id: string; orgId: string }

beforeAll(async () => {
	idpA = await startIdp([{ clientId: 'acme-app', clientSecret: SECRET_A }], {
		'okta-alice': { email: 'alice@acme.test', email_verified: true },
		'okta-stranger': { email: 'stranger@acme.test', email_verified: true },
		'okta-unverified': { email: 'una@acme.test', email_verified: false },
		'okta-admin': { email: 'admin@acme.test', email_verified: true },
		// Entra ID's way of saying the address is verified.
		'entra-una': { email: 'una@acme.test', xms_edov: true },
	})
	idpB = await startIdp([{ clientId: 'globex-app', clientSecret: SECRET_B }], {
		// Globex's provider is Globex's admin's to configure: it can claim any address.
		'evil-alice': { email: 'alice@acme.test', email_verified: true },
	})
	orgA = await makeOrg({ name: 'Acme Secret Name' })
	orgB = await makeOrg({ name: 'Globex' })
	alice = await makeUser(orgA.id, { email: 'alice@acme.test' })
	await makeUser(orgA.id, { email: 'una@acme.test' })
	await makeUser(orgA.id, { email: 'admin@acme.test', role: 'admin' })
	const a = await saveSsoConfig(
		orgA.id,
		{ protocol: 'oidc', issuer: idpA.issuer, clientId: 'acme-app', clientSecret: SECRET_A, domains: 'acme.test', enabled: true, ssoOnly: false },
		ADMIN,
	)
	const b = await saveSsoConfig(
		orgB.id,
		{ protocol: 'oidc', issuer: idpB.issuer, clientId: 'globex-app', clientSecret: SECRET_B, domains: 'globex.test', enabled: true, ssoOnly: false },
		ADMIN,
	)
	expect(a.ok && b.ok).toBe(true)
	await proveDomains(orgA.id, 'acme.test')
	await proveDomains(orgB.id, 'globex.test')
}, 60_000)

afterAll(async () => {
	await idpA?.close()
	await idpB?.close()
})

/** The sign-in page with a work e-mail: where the browser is sent next, and its state cookie. */
async function start(email: string, redirectTo?: string) {
	const answer = await call(ssoPage.action, postRequest('/sso', { email, ...(redirectTo === undefined ? {} : { redirectTo }) }))
	expect(answer.status).toBe(200)
	const continueTo = (answer.data as { continueTo: string }).continueTo
	const cookie = answer.headers.get('Set-Cookie')!.split(';')[0]!
	return { continueTo, cookie }
}

async function returnFrom(url: URL | string, cookie: string | null, language?: string) {
	const headers: Record<string, string> = { ...(cookie ? { Cookie: cookie } : {}), ...(language ? { 'Accept-Language': language } : {}) }
	return call(callback.loader, new Request(url, { headers }), {}, { clientAddress: '198.51.100.7' })
}

function sessionTokenFrom(answer: { headers: Headers }) {
	const line = answer.headers
		.getSetCookie()
		.find((c) => c.startsWith('son_session='))
		?.split(';')[0]
	return line ? decodeURIComponent(line.slice('son_session='.length)) : null
}

async function signedInUser(answer: { headers: Headers }) {
	const raw = sessionTokenFrom(answer)
	if (!raw) return null
	// Remix cookies hold base64 JSON.
	const token = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as string
	return (await validateSessionToken(token))?.user ?? null
}

async function auditOf(orgId: string, action: string) {
	return db()
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, action)))
}

describe('OIDC sign-in', () => {
	test('a person signs in through their company’s provider, is linked by verified e-mail, and the audit log says so', async () => {
		const { continueTo, cookie } = await start('Alice@Acme.test')
		const url = new URL(continueTo)
		expect(url.origin).toBe(idpA.issuer)
		expect(url.searchParams.get('code_challenge_method')).toBe('S256')
		expect(url.searchParams.get('nonce')).toBeTruthy()
		idpA.signInAs = 'okta-alice'
		const answer = await returnFrom(await walkToCallback(continueTo), cookie)
		expect(answer.status).toBe(302)
		expect(answer.location).toBe('/home')
		expect((await signedInUser(answer))?.id).toBe(alice.id)
		const links = await db().select().from(ssoIdentities).where(eq(ssoIdentities.orgId, orgA.id))
		expect(links).toEqual([expect.objectContaining({ issuer: idpA.issuer, subject: 'okta-alice', userId: alice.id })])
		const success = await auditOf(orgA.id, 'sign_in.success')
		expect(success.some((e) => e.targetUserId === alice.id && e.detail.method === 'oidc' && e.detail.linked === 'linkedByVerifiedEmail')).toBe(true)

		// Next time the subject decides, even after the provider's e-mail for her changed.
		idpA.accounts['okta-alice'] = { email: 'alice.smith@acme.test', email_verified: true }
		try {
			const again = await start('alice@acme.test')
			const second = await returnFrom(await walkToCallback(again.continueTo), again.cookie)
			expect((await signedInUser(second))?.id).toBe(alice.id)
		} finally {
			idpA.accounts['okta-alice'] = { email: 'alice@acme.test', email_verified: true }
		}
	}, 60_000)

	test('a state that is not this browser’s is refused, and the real sign-in is not used up by it', async () => {
		const { continueTo, cookie } = await start('alice@acme.test')
		idpA.signInAs = 'okta-alice'
		const back = await walkToCallback(continueTo)
		const forged = new URL(back)
		forged.searchParams.set('state', 'not-the-state-we-gave')
		const wrong = await returnFrom(forged, cookie)
		expect(wrong.status).toBe(403)
		expect(await signedInUser(wrong)).toBeNull()
		// The genuine link opened in another browser (no state cookie: login CSRF) is refused too.
		const elsewhere = await returnFrom(back, null)
		expect(elsewhere.status).toBe(403)
		expect(localizedMessage(elsewhere.data)).toContain('not yours')
		expect((await auditOf(orgA.id, 'sign_in.sso_refused')).some((e) => e.detail.reason === 'state')).toBe(true)
		// The browser that started it still completes.
		const right = await returnFrom(back, cookie)
		expect((await signedInUser(right))?.id).toBe(alice.id)
		// And only once: the same callback again is refused.
		const replay = await returnFrom(back, cookie)
		expect(replay.status).toBe(403)
		expect(await signedInUser(replay)).toBeNull()
	}, 60_000)

	test('an ID token whose nonce is not the one this sign-in sent is refused', async () => {
		const { continueTo, cookie } = await start('alice@acme.test')
		// The sign-in we stored expects another nonce than the one the provider puts in the token.
		await db().update(ssoLogins).set({ nonce: 'a-different-nonce-value' }).where(eq(ssoLogins.orgId, orgA.id))
		idpA.signInAs = 'okta-alice'
		const answer = await returnFrom(await walkToCallback(continueTo), cookie)
		expect(answer.status).toBe(403)
		expect(await signedInUser(answer)).toBeNull()
		const refused = await auditOf(orgA.id, 'sign_in.sso_refused')
		expect(refused.some((e) => String(e.detail.error).includes('(nonce)'))).toBe(true)
	}, 60_000)

	test('a sign-in left for more than ten minutes is refused; the page asked for comes back, never another site', async () => {
		const late = await start('alice@acme.test', '/results')
		await db()
			.update(ssoLogins)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(ssoLogins.orgId, orgA.id))
		idpA.signInAs = 'okta-alice'
		// Read in German (the browser's language: nobody is signed in yet).
		const expired = await returnFrom(await walkToCallback(late.continueTo), late.cookie, 'de-DE,de;q=0.9,en;q=0.5')
		expect(expired.status).toBe(403)
		expect(localizedMessage(expired.data)).toBe('Diese Anmeldung hat zu lange gedauert. Beginnen Sie erneut auf der Anmeldeseite.')
		expect(await signedInUser(expired)).toBeNull()

		const back = await start('alice@acme.test', '/results?week=2026-W10')
		expect((await returnFrom(await walkToCallback(back.continueTo), back.cookie)).location).toBe('/results?week=2026-W10')
		const away = await start('alice@acme.test', 'https://evil.example/steal')
		expect((await returnFrom(await walkToCallback(away.continueTo), away.cookie)).location).toBe('/home')
	}, 60_000)

	test('an e-mail the organisation does not know, or one the provider has not verified, signs nobody in', async () => {
		for (const [account, words] of [
			['okta-stranger', 'no active account'],
			['okta-unverified', 'did not confirm your e-mail'],
		] as const) {
			const { continueTo, cookie } = await start('someone@acme.test')
			idpA.signInAs = account
			const answer = await returnFrom(await walkToCallback(continueTo), cookie)
			expect(answer.status).toBe(403)
			expect(localizedMessage(answer.data)).toContain(words)
			expect(await signedInUser(answer)).toBeNull()
		}
		// The same address with Entra's verified-domain claim signs in.
		const entra = await start('una@acme.test')
		idpA.signInAs = 'entra-una'
		const una = await returnFrom(await walkToCallback(entra.continueTo), entra.cookie)
		expect((await signedInUser(una))?.email).toBe('una@acme.test')
		// Nobody was created for the stranger.
		const { users } = await import('~db/schema')
		const created = await db()
			.select()
			.from(users)
			.where(and(eq(users.orgId, orgA.id), eq(users.email, 'stranger@acme.test')))
		expect(created).toEqual([])
	}, 60_000)

	test('another organisation’s provider cannot sign anyone into this organisation', async () => {
		// Globex's provider claims Alice's address: the sign-in is Globex's, and Globex has no Alice.
		const viaGlobex = await start('mallory@globex.test')
		idpB.signInAs = 'evil-alice'
		const answer = await returnFrom(await walkToCallback(viaGlobex.continueTo), viaGlobex.cookie)
		expect(answer.status).toBe(403)
		expect(await signedInUser(answer)).toBeNull()
		expect(await db().select().from(ssoIdentities).where(eq(ssoIdentities.issuer, idpB.issuer))).toEqual([])

		// A code from Globex's provider brought to a sign-in Acme started: Acme's provider does not know it.
		const atAcme = await start('alice@acme.test')
		const globexAuthorize = new URL(viaGlobex.continueTo)
		const stolen = await start('mallory@globex.test')
		const globexBack = await walkToCallback(stolen.continueTo)
		const acmeState = new URL(atAcme.continueTo).searchParams.get('state')!
		const mixed = new URL(globexBack)
		mixed.searchParams.set('state', acmeState)
		mixed.searchParams.set('iss', globexAuthorize.origin)
		const crossed = await returnFrom(mixed, atAcme.cookie)
		expect(crossed.status).toBe(403)
		expect(await signedInUser(crossed)).toBeNull()
		expect((await auditOf(orgA.id, 'sign_in.sso_refused')).some((e) => e.detail.reason === 'provider')).toBe(true)
	}, 60_000)

	test('an anonymous visitor gets the same answer for a domain without single sign-on and one whose sign-in is off, naming no organisation', async () => {
		const off = await makeOrg({ name: 'Initech Hidden' })
		await saveSsoConfig(off.id, { protocol: 'oidc', issuer: idpA.issuer, clientId: 'x', clientSecret: 'y', domains: 'initech.test', enabled: false, ssoOnly: false }, ADMIN)
		await proveDomains(off.id, 'initech.test')
		const none = await call(ssoPage.action, postRequest('/sso', { email: 'a@nobody.test' }))
		const disabled = await call(ssoPage.action, postRequest('/sso', { email: 'a@initech.test' }))
		expect(none.status).toBe(disabled.status)
		expect(none.data).toEqual(disabled.data)
		expect(JSON.stringify(disabled.data)).not.toContain('Initech')
		const started = await call(ssoPage.action, postRequest('/sso', { email: 'a@acme.test' }))
		expect(JSON.stringify(started.data)).not.toContain('Acme Secret Name')
	}, 60_000)

	test('the client secret is stored encrypted, and every configuration change is audited without it', async () => {
		const [row] = await db().select().from(ssoConfigs).where(eq(ssoConfigs.orgId, orgA.id))
		expect(row!.clientSecretEncrypted).not.toContain(SECRET_A)
		const changes = await auditOf(orgA.id, 'sso.config_changed')
		expect(changes.length).toBeGreaterThan(0)
		expect(JSON.stringify(changes)).not.toContain(SECRET_A)
		// A domain another organisation uses is refused, without saying whose it is.
		const clash = await saveSsoConfig(
			orgB.id,
			{ protocol: 'oidc', issuer: idpB.issuer, clientId: 'globex-app', domains: 'globex.test acme.test', enabled: true, ssoOnly: false },
			ADMIN,
		)
		expect(clash.ok).toBe(false)
		if (!clash.ok) expect(clash.errors.domains).toContain('already used')
		if (!clash.ok) expect(clash.errors.domains).not.toContain('Acme')
	}, 60_000)

	test('“SSO only” turns passwords off for everyone but the one break-glass admin; turning it back on restores them', async () => {
		const org = await makeOrg()
		const employee = await makeUser(org.id, { email: 'emp@only.test' })
		const boss = await makeUser(org.id, { email: 'boss@only.test', role: 'admin' })
		const other = await makeUser(org.id, { email: 'other-admin@only.test', role: 'admin' })
		const manager = await makeUser(org.id, { email: 'manager@only.test', role: 'manager' })
		const base = { protocol: 'oidc' as const, issuer: idpA.issuer, clientId: 'acme-app', domains: 'only.test', enabled: true }
		// Passwords off needs someone named: by the form, or the admin saving; never a non-admin or a stranger.
		for (const breakGlassUserId of [undefined, employee.id, manager.id, 'not-an-id', crypto.randomUUID()]) {
			const refused = await saveSsoConfig(org.id, { ...base, clientSecret: SECRET_A, ssoOnly: true, breakGlassUserId }, ADMIN)
			expect(refused.ok).toBe(false)
			if (!refused.ok) expect(refused.errors.breakGlassUserId).toContain('the admin who keeps a password')
		}
		expect((await getSsoConfig(org.id))?.ssoOnly ?? false).toBe(false)
		expect((await saveSsoConfig(org.id, { ...base, clientSecret: SECRET_A, ssoOnly: true, breakGlassUserId: boss.id }, ADMIN)).ok).toBe(true)
		expect((await getSsoConfig(org.id))?.breakGlassUserId).toBe(boss.id)
		expect(await signIn({ email: 'emp@only.test', password: TEST_PASSWORD })).toEqual({ ok: false, reason: 'sso-only' })
		// A wrong password gets the usual answer: "SSO only" is told only to whoever knows the password.
		expect(await signIn({ email: 'emp@only.test', password: 'wrong wrong wrong' })).toEqual({ ok: false, reason: 'invalid' })
		// Another admin's password is no way in either: only the one named keeps theirs.
		expect(await signIn({ email: 'other-admin@only.test', password: TEST_PASSWORD })).toEqual({ ok: false, reason: 'sso-only' })
		expect((await signIn({ email: 'boss@only.test', password: TEST_PASSWORD })).ok).toBe(true)
		// The admin saving is named when the form names no one.
		expect((await saveSsoConfig(org.id, { ...base, ssoOnly: true }, { ...ADMIN, userId: other.id })).ok).toBe(true)
		expect((await signIn({ email: 'other-admin@only.test', password: TEST_PASSWORD })).ok).toBe(true)
		expect(await signIn({ email: 'boss@only.test', password: TEST_PASSWORD })).toEqual({ ok: false, reason: 'sso-only' })
		// Demoted, the break-glass account keeps no password.
		await db().update(users).set({ role: 'manager' }).where(eq(users.id, other.id))
		expect(await signIn({ email: 'other-admin@only.test', password: TEST_PASSWORD })).toEqual({ ok: false, reason: 'sso-only' })
		await db().update(users).set({ role: 'admin' }).where(eq(users.id, other.id))
		expect((await saveSsoConfig(org.id, { ...base, ssoOnly: false }, ADMIN)).ok).toBe(true)
		expect((await getSsoConfig(org.id))?.breakGlassUserId).toBeNull()
		const back = await signIn({ email: 'emp@only.test', password: TEST_PASSWORD })
		expect(back.ok && back.userId).toBe(employee.id)
		expect((await signIn({ email: 'boss@only.test', password: TEST_PASSWORD })).ok).toBe(true)
	}, 60_000)
})
