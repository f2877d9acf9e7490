/**
 * SCIM 2.0 Users as Okta and Entra ID provision: the requests they send, in their shapes, and the
 * answers they expect (RFC 7644 statuses and error bodies). Deactivation through SCIM is the
 * app's own: the person's session ends and their pulse link stops working. The bearer token is
 * stored as a hash, shown once, rotated and revoked with an audit trail; another organisation's
 * token sees nothing of this one (404).
 */
import { randomUUID } from 'node:crypto'

import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { validateSessionToken } from '~/auth/sessions.server'
import { createScimToken, revokeScimToken } from '~/identity/scim-tokens.server'
import { mintInvitationLink } from '~/pulses/invitation-links.server'
import { openWave } from '~/pulses/waves.server'
import * as pulseLink from '~/routes/_pulse+/p.$token'
import * as usersRoute from '~/routes/scim+/v2.Users'
import * as userRoute from '~/routes/scim+/v2.Users.$id'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { auditEvents, invitations, scimTokens, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser } from '../../support/fixtures'
import { call, getRequest } from '../../support/requests'

useTestDatabase()

const ADMIN = { userId: null, label: 'admin', ip: null }
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

let orgId: string
let otherOrgId: string
let token: string
let otherToken: string

function scim(method: string, path: string, bearer: string | null, body?: unknown) {
	return new Request(`http://localhost:3000/scim/v2${path}`, {
		method,
		headers: {
			...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
			...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
			Accept: 'application/scim+json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	})
}

type Body = Record<string, any>

async function send(method: string, path: string, body?: unknown, bearer: string | null = token) {
	const request = scim(method, path, bearer, body)
	const id = /^\/Users\/([^/?]+)/.exec(path)?.[1]
	const route = id ? userRoute : usersRoute
	const handler = method === 'GET' ? route.loader : route.action
	return call<Body>(handler, request, id ? { id: decodeURIComponent(id) } : {})
}

const filterBy = (expression: string) => `/Users?filter=${encodeURIComponent(expression)}&startIndex=1&count=100`

beforeAll(async () => {
	orgId = (await makeOrg({ anonymityK: 3 })).id
	otherOrgId = (await makeOrg()).id
	await makeUser(orgId, { role: 'admin', email: 'hr@acme.test' })
	token = (await createScimToken(orgId, ADMIN)).token
	otherToken = (await createScimToken(otherOrgId, ADMIN)).token
})

describe('the SCIM bearer token', () => {
	test('no token, a wrong one or a revoked one answers 401 in SCIM’s error shape; a rotation retires the old token at once', async () => {
		for (const bearer of [null, 'scimabcdefghijkmnpqrstuvw.abcdefghijkmnpqrstuvwxyz23456789', token.replace(/.$/, token.endsWith('a') ? 'b' : 'a')]) {
			const answer = await send('GET', '/Users', undefined, bearer)
			expect(answer.status).toBe(401)
			expect(answer.data).toMatchObject({ schemas: [ERROR], status: '401' })
			expect(answer.headers.get('WWW-Authenticate')).toContain('Bearer')
		}
		const org = (await makeOrg()).id
		const first = await createScimToken(org, ADMIN)
		const second = await createScimToken(org, ADMIN)
		expect((await send('GET', '/Users', undefined, first.token)).status).toBe(401)
		expect((await send('GET', '/Users', undefined, second.token)).status).toBe(200)
		await revokeScimToken(org, ADMIN)
		expect((await send('GET', '/Users', undefined, second.token)).status).toBe(401)
		// Only a hash is stored; every creation and revocation is audited.
		const stored = await db().select().from(scimTokens).where(eq(scimTokens.orgId, org))
		expect(JSON.stringify(stored)).not.toContain(second.token.split('.')[1])
		const events = await db().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.orgId, org))
		expect(events.map((e) => e.action).sort()).toEqual(['scim.token_created', 'scim.token_created', 'scim.token_revoked', 'scim.token_revoked'])
	})
})

describe('Okta’s provisioning sequence', () => {
	test('look up by userName, create, update, deactivate and reactivate', async () => {
		const none = await send('GET', filterBy('userName eq "isabella.ramirez@acme.test"'))
		expect(none.status).toBe(200)
		expect(none.headers.get('Content-Type')).toBe('application/scim+json')
		expect(none.data).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] })

		const okta = {
			schemas: [CORE],
			userName: 'isabella.ramirez@acme.test',
			name: { givenName: 'Isabella', familyName: 'Ramirez' },
			emails: [{ primary: true, value: 'isabella.ramirez@acme.test', type: 'work' }],
			displayName: 'Isabella Ramirez',
			locale: 'en-US',
			externalId: '00ujl29u0le5T6Aj10h7',
			groups: [],
			password: '1mz050nq',
			active: true,
			roles: [{ value: 'admin' }],
		}
		const created = await send('POST', '/Users', okta)
		expect(created.status).toBe(201)
		const id = created.data.id as string
		expect(created.location).toBe(`http://localhost:3000/scim/v2/Users/${id}`)
		expect(created.data).toMatchObject({
			schemas: [CORE],
			userName: 'isabella.ramirez@acme.test',
			externalId: '00ujl29u0le5T6Aj10h7',
			active: true,
			name: { givenName: 'Isabella', familyName: 'Ramirez' },
		})
		// A provider never makes an admin, whatever it sends; and the password it sends is not kept.
		const [row] = await db()
			.select()
			.from(users)
			.where(and(eq(users.orgId, orgId), eq(users.id, id)))
		expect(row).toMatchObject({ role: 'employee', passwordHash: null, name: 'Isabella Ramirez' })

		const found = await send('GET', filterBy('userName eq "Isabella.Ramirez@acme.test"'))
		expect(found.data).toMatchObject({ totalResults: 1, Resources: [{ id }] })
		const again = await send('POST', '/Users', okta)
		expect(again.status).toBe(409)
		expect(again.data).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' })

		const renamed = await send('PUT', `/Users/${id}`, { ...okta, id, name: { givenName: 'Isabella', familyName: 'Ramírez-Soto' }, displayName: 'Isabella Ramírez-Soto' })
		expect(renamed.status).toBe(200)
		expect(renamed.data.displayName).toBe('Isabella Ramírez-Soto')

		const off = await send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] })
		expect(off.status).toBe(200)
		expect(off.data.active).toBe(false)
		expect((await send('GET', `/Users/${id}`)).data.active).toBe(false)
		const on = await send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] })
		expect(on.data.active).toBe(true)
		const audit = await db()
			.select({ action: auditEvents.action })
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.targetUserId, id)))
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['scim.person_created', 'scim.person_updated', 'person.deactivated', 'person.reactivated']))
	})
})

describe('Entra ID’s provisioning sequence', () => {
	test('create with the enterprise extension, "False" as a string, several operations at once, and DELETE', async () => {
		const boss = await makeUser(orgId, { role: 'manager', email: 'boss.entra@acme.test' })
		const missing = await send('GET', `/Users/${randomUUID()}`)
		expect(missing.status).toBe(404)
		expect(missing.data).toMatchObject({ schemas: [ERROR], status: '404' })
		expect((await send('GET', '/Users/not-a-uuid')).status).toBe(404)

		const entra = {
			schemas: [CORE, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
			externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
			userName: 'Test_User_ab6490ee@acme.test',
			active: true,
			emails: [{ primary: true, type: 'work', value: 'Test_User_ab6490ee@acme.test' }],
			meta: { resourceType: 'User' },
			name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
			roles: [],
			'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Care', manager: { value: boss.id } },
		}
		const created = await send('POST', '/Users', entra)
		expect(created.status).toBe(201)
		const id = created.data.id as string
		// The manager is kept (and said back in the extension); the department is not ours to keep.
		expect(created.data.schemas).toEqual([CORE, ENTERPRISE])
		expect(created.data[ENTERPRISE]).toEqual({ manager: { value: boss.id, $ref: `http://localhost:3000/scim/v2/Users/${boss.id}` } })
		expect((await send('GET', filterBy('userName eq "Test_User_ab6490ee@acme.test"'))).data.totalResults).toBe(1)
		expect((await send('GET', filterBy('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"'))).data.Resources[0].id).toBe(id)

		const updated = await send('PATCH', `/Users/${id}`, {
			schemas: [PATCH_OP],
			Operations: [
				{ op: 'Add', path: 'emails[type eq "work"].value', value: 'updated.email@acme.test' },
				{ op: 'Replace', path: 'name.givenName', value: 'Grace' },
				{ op: 'Replace', path: 'name.familyName', value: 'Hopper' },
				{ op: 'Replace', path: 'title', value: 'Ignored title' },
			],
		})
		expect(updated.status).toBe(200)
		expect(updated.data).toMatchObject({ userName: 'updated.email@acme.test', displayName: 'Grace Hopper' })

		const off = await send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })
		expect(off.status).toBe(200)
		expect(off.data.active).toBe(false)

		const other = await send('POST', '/Users', { ...entra, externalId: 'e2', userName: 'leaver@acme.test', emails: [] })
		const gone = await send('DELETE', `/Users/${other.data.id}`)
		expect(gone.status).toBe(204)
		expect((await send('GET', `/Users/${other.data.id}`)).data.active).toBe(false)
	})
})

describe('the enterprise extension’s manager', () => {
	const managerOf = async (id: string) => (await db().select({ m: users.managerId }).from(users).where(eq(users.id, id)))[0]!.m

	test('Entra’s PATCH of the manager path (the id alone), Okta’s path-less extension, removal; a loop, an unknown id and another organisation’s person refused with nothing stored', async () => {
		const lead = await makeUser(orgId, { role: 'manager', email: 'lead.scim@acme.test' })
		const head = await makeUser(orgId, { role: 'manager', email: 'head.scim@acme.test' })
		const stranger = await makeUser(otherOrgId, { email: 'stranger.scim@other.test' })
		const created = await send('POST', '/Users', { schemas: [CORE], userName: 'report.scim@acme.test', displayName: 'Rae Port' })
		const id = created.data.id as string
		expect(created.data.schemas).toEqual([CORE])
		expect(created.data[ENTERPRISE]).toBeUndefined()

		// Entra: {"op": "Add", "path": "urn:…:enterprise:2.0:User:manager", "value": "<id>"}.
		const entra = await send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: lead.id }] })
		expect(entra.status).toBe(200)
		expect(entra.data[ENTERPRISE].manager.value).toBe(lead.id)
		expect(await managerOf(id)).toBe(lead.id)

		// Okta: a path-less replace carrying the extension whole.
		const okta = await send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { [ENTERPRISE]: { manager: { value: head.id } } } }] })
		expect(okta.status).toBe(200)
		expect(await managerOf(id)).toBe(head.id)
		const audited = await db()
			.select({ detail: auditEvents.detail })
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'scim.person_updated'), eq(auditEvents.targetUserId, id)))
		expect(audited.map((a) => (a.detail as { changed: string[] }).changed)).toContainEqual(['manager'])

		// Refusals: each a 400 naming the manager, and the stored manager unchanged.
		for (const value of [randomUUID(), 'not-an-id', stranger.id, id]) {
			const refused = await send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value }] })
			expect(refused.status).toBe(400)
			expect(refused.data).toMatchObject({ schemas: [ERROR], scimType: 'invalidValue' })
			expect(refused.data.detail).toMatch(/^manager: /)
			expect(await managerOf(id)).toBe(head.id)
		}
		// A loop: head cannot report to the person who reports to head.
		const loop = await send('PATCH', `/Users/${head.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: id }] })
		expect(loop.status).toBe(400)
		expect(loop.data.detail).toMatch(/^manager: .*loop/)
		expect(await managerOf(head.id)).toBeNull()
		// Creating someone with an unknown manager stores no one.
		const orphan = await send('POST', '/Users', { schemas: [CORE, ENTERPRISE], userName: 'orphan.scim@acme.test', [ENTERPRISE]: { manager: { value: randomUUID() } } })
		expect(orphan.status).toBe(400)
		expect((await send('GET', filterBy('userName eq "orphan.scim@acme.test"'))).data.totalResults).toBe(0)

		// Removal.
		const removed = await send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: `${ENTERPRISE}:manager` }] })
		expect(removed.status).toBe(200)
		expect(removed.data[ENTERPRISE]).toBeUndefined()
		expect(await managerOf(id)).toBeNull()
	})
})

describe('deactivation through SCIM is the app’s own', () => {
	test('the person’s session ends at once and their pulse link stops working', async () => {
		const team = await makeTeam(orgId, 'Care')
		const person = await makeUser(orgId, { teamId: team, email: 'sam@acme.test' })
		const { sessionCookieFor } = await import('../../support/fixtures')
		const cookie = await sessionCookieFor(person)
		const token = decodeURIComponent(cookie.split('=')[1]!)
		const sessionToken = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as string
		expect(await validateSessionToken(sessionToken)).not.toBeNull()

		const bank = await listItems(orgId)
		const saved = await saveSurvey(orgId, null, {
			name: 'Pulse',
			itemIds: ['autonomy.resolve', 'enps.recommend', 'comment.open'].map((k) => bank.find((b) => b.key === k)!.id),
			audience: 'everyone',
			teamIds: [],
			cadence: 'weekly',
			weekday: '1',
			sendTime: '09:00',
			openDays: '7',
			reminderDaysBeforeClose: '0',
			anonymityK: '3',
		})
		if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
		await setSurveyStatus(orgId, saved.value.id, 'active')
		const now = Date.now()
		const waveId = (await openWave(
			{ orgId, id: saved.value.id, anonymityK: 3 },
			{ periodStart: '2026-03-09', opensAt: new Date(now - 60_000), closesAt: new Date(now + 86_400_000), reminderAt: null },
		))!
		const [inv] = await db()
			.select({ id: invitations.id })
			.from(invitations)
			.where(and(eq(invitations.orgId, orgId), eq(invitations.waveId, waveId), eq(invitations.userId, person.id)))
		const link = await mintInvitationLink(orgId, inv!.id, waveId)
		expect((await call(pulseLink.loader, getRequest(`/p/${link}`), { token: link })).status).toBe(200)

		const off = await send('PATCH', `/Users/${person.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] })
		expect(off.status).toBe(200)
		expect(await validateSessionToken(sessionToken)).toBeNull()
		expect((await call(pulseLink.loader, getRequest(`/p/${link}`), { token: link })).status).toBe(404)
	})
})

describe('refusals', () => {
	test('another organisation’s token gets 404 for this organisation’s people and changes nothing', async () => {
		const person = await makeUser(orgId, { email: 'kept@acme.test' })
		for (const [method, body] of [
			['GET', undefined],
			['PUT', { schemas: [CORE], userName: 'stolen@evil.test', active: false }],
			['PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] }],
			['DELETE', undefined],
		] as const) {
			const answer = await send(method, `/Users/${person.id}`, body, otherToken)
			expect(answer.status).toBe(404)
			expect(answer.data).toMatchObject({ schemas: [ERROR], status: '404' })
		}
		const list = await send('GET', filterBy('userName eq "kept@acme.test"'), undefined, otherToken)
		expect(list.data.totalResults).toBe(0)
		const [row] = await db()
			.select()
			.from(users)
			.where(and(eq(users.orgId, orgId), eq(users.id, person.id)))
		expect(row).toMatchObject({ email: 'kept@acme.test', active: true })
	})

	test('a filter we do not support, a malformed PATCH and a bad value are 400s with scimType, and nothing is stored half-way', async () => {
		const person = await makeUser(orgId, { email: 'half@acme.test', name: 'Half Way' })
		const filter = await send('GET', filterBy('name.familyName co "Way"'))
		expect(filter.status).toBe(400)
		expect(filter.data).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidFilter' })
		const syntax = await send('PATCH', `/Users/${person.id}`, { Operations: 'nope' })
		expect(syntax.data).toMatchObject({ status: '400', scimType: 'invalidSyntax' })
		const value = await send('PATCH', `/Users/${person.id}`, {
			schemas: [PATCH_OP],
			Operations: [
				{ op: 'replace', path: 'displayName', value: 'Changed Name' },
				{ op: 'replace', path: 'active', value: 'maybe' },
			],
		})
		expect(value.status).toBe(400)
		expect(value.data.scimType).toBe('invalidValue')
		const notEmail = await send('POST', '/Users', { schemas: [CORE], userName: 'not-an-address', emails: [] })
		expect(notEmail.data).toMatchObject({ status: '400', scimType: 'invalidValue' })
		const [row] = await db()
			.select()
			.from(users)
			.where(and(eq(users.orgId, orgId), eq(users.id, person.id)))
		expect(row).toMatchObject({ name: 'Half Way', active: true })
	})

	test('the last active admin cannot be deactivated by the provider', async () => {
		const [admin] = await db()
			.select({ id: users.id })
			.from(users)
			.where(and(eq(users.orgId, orgId), eq(users.email, 'hr@acme.test')))
		const answer = await send('DELETE', `/Users/${admin!.id}`)
		expect(answer.status).toBe(400)
		expect(answer.data.scimType).toBe('mutability')
		expect((await send('GET', `/Users/${admin!.id}`)).data.active).toBe(true)
	})
})
