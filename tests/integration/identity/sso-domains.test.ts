/**
 * An organisation proves it owns an e-mail domain (a DNS TXT record, looked up through a DNS
 * server on loopback here) before single sign-on uses it: until then the domain sends nobody to
 * its provider and no provider's identity is matched by an address in it. A squatter may claim
 * the domain too, but cannot prove it, and once the owner has, cannot take it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { saveSsoConfig } from '~/identity/sso-config.server'
import { domainsOf, verifySsoDomain } from '~/identity/sso-domains.server'
import { matchPerson } from '~/identity/sso-match.server'
import * as ssoPage from '~/routes/_auth+/sso._index'
import * as page from '~/routes/admin+/identity'
import { db } from '~/utils/db.server'
import { auditEvents } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { type DnsStub, startDnsStub } from '../../support/dns-stub'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'
import { makeSamlIdp } from '../../support/saml-idp'

useTestDatabase()

const ADMIN = { userId: null, label: 'admin', ip: null }
let dns: DnsStub

beforeAll(async () => {
	dns = await startDnsStub()
})
afterAll(async () => {
	await dns?.close()
})

const startSso = (email: string) => call(ssoPage.action, postRequest('/sso', { email }))

describe('SSO domain verification', () => {
	test('a domain leads to single sign-on and matches by e-mail only once its owner proved it in DNS; a squatter cannot take it', async () => {
		const owner = await makeOrg({ name: 'Acme Corp' })
		const squatter = await makeOrg({ name: 'Squatter' })
		const alice = await makeUser(owner.id, { email: 'alice@acme-corp.test' })
		await makeUser(squatter.id, { email: 'alice@acme-corp.test' })
		const idp = await makeSamlIdp('acme-corp')
		const config = { protocol: 'saml' as const, metadataXml: idp.metadata, domains: 'acme-corp.test', enabled: true, ssoOnly: false }
		expect((await saveSsoConfig(owner.id, config, ADMIN)).ok).toBe(true)
		// An unproven claim blocks nobody: the squatter claims the same domain.
		expect((await saveSsoConfig(squatter.id, config, ADMIN)).ok).toBe(true)

		// Unproven: nobody is sent anywhere, nobody is matched by an address in it.
		const before = await startSso('alice@acme-corp.test')
		expect(before.data.continueTo).toBeNull()
		expect(before.data.errors._form).toMatch(/not available/)
		expect(await matchPerson(owner.id, idp.entityId, 'subject-alice', 'alice@acme-corp.test')).toBeNull()

		// No record yet: refused with what to publish.
		const [claim] = await domainsOf(owner.id)
		expect(claim).toMatchObject({ domain: 'acme-corp.test', recordName: '_stateofnow-verification.acme-corp.test', verifiedAt: null })
		const missing = await verifySsoDomain(owner.id, 'acme-corp.test', ADMIN, dns.resolver)
		expect(missing.ok).toBe(false)
		expect(missing.message).toContain(claim!.recordValue)

		// The owner publishes its record (among others, split in chunks as long TXT values are).
		dns.txt.set(claim!.recordName, ['v=spf1 -all', claim!.recordValue])
		expect(await verifySsoDomain(owner.id, 'Acme-Corp.test', ADMIN, dns.resolver)).toMatchObject({ ok: true })
		expect((await domainsOf(owner.id))[0]!.verifiedAt).toBeInstanceOf(Date)
		const after = await startSso('alice@acme-corp.test')
		expect(after.status).toBe(200)
		expect(after.data.continueTo).toContain(idp.ssoUrl)
		expect(await matchPerson(owner.id, idp.entityId, 'subject-alice', 'alice@acme-corp.test')).toEqual({ id: alice.id, linked: true })

		// The squatter's record in the same place (even if it got one published) does not take it over.
		const [squat] = await domainsOf(squatter.id)
		dns.txt.set(squat!.recordName, [claim!.recordValue, squat!.recordValue])
		const taken = await verifySsoDomain(squatter.id, 'acme-corp.test', ADMIN, dns.resolver)
		expect(taken).toMatchObject({ ok: false })
		expect(taken.message).toMatch(/already verified for single sign-on elsewhere/)
		expect(taken.message).not.toContain('Acme')
		expect(await matchPerson(squatter.id, idp.entityId, 'subject-x', 'alice@acme-corp.test')).toBeNull()
		// Saving again names it as used elsewhere.
		const again = await saveSsoConfig(squatter.id, { ...config, metadataXml: idp.metadata }, ADMIN)
		expect(again.ok).toBe(false)

		// A provider asserting an address in a domain its organisation never proved matches nobody.
		await makeUser(owner.id, { email: 'bob@elsewhere.test' })
		expect(await matchPerson(owner.id, idp.entityId, 'subject-bob', 'bob@elsewhere.test')).toBeNull()

		const audit = (await db().select().from(auditEvents)).filter((e) => e.action === 'sso.domain_verified' && e.orgId === owner.id)
		expect(audit.map((e) => (e.detail as { outcome: string }).outcome)).toEqual(['not verified', 'verified'])
	}, 60_000)

	test('the identity page shows each domain with the record to publish and whether it is verified', async () => {
		const org = await makeOrg()
		const admin = await sessionCookieFor(await makeUser(org.id, { role: 'admin' }))
		const idp = await makeSamlIdp('page')
		expect((await saveSsoConfig(org.id, { protocol: 'saml', metadataXml: idp.metadata, domains: 'page.test', enabled: false, ssoOnly: false }, ADMIN)).ok).toBe(true)
		const shown = await call(page.loader, getRequest('/admin/identity', admin))
		expect(shown.data.domains).toEqual([expect.objectContaining({ domain: 'page.test', recordName: '_stateofnow-verification.page.test', verified: false })])
		expect(shown.data.domains[0].recordValue).toMatch(/^stateofnow-verification=[a-z2-9]{24}$/)
		const unknown = await call(page.action, postRequest('/admin/identity', { intent: 'domain-verify', domain: 'not-mine.test' }, admin))
		expect(unknown.data.domainCheck).toMatchObject({ ok: false })
	}, 60_000)
})
