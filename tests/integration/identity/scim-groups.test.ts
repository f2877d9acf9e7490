/**
 * SCIM Groups as teams, in the shapes Okta's group push and Entra ID send: a pushed group becomes
 * a team, members added and removed move people into and out of it, a rename renames the team,
 * and a team still in use is not deleted. Another organisation's token gets 404.
 */
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { createScimToken } from '~/identity/scim-tokens.server'
import * as groupsRoute from '~/routes/scim+/v2.Groups'
import * as groupRoute from '~/routes/scim+/v2.Groups.$id'
import { db } from '~/utils/db.server'
import { teams, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser } from '../../support/fixtures'
import { call } from '../../support/requests'

useTestDatabase()

const ADMIN = { userId: null, label: 'admin', ip: null }
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

let orgId: string
let token: string
let otherToken: string

type Body = Record<string, any>

async function send(method: string, path: string, body?: unknown, bearer = token) {
	const request = new Request(`http://localhost:3000/scim/v2${path}`, {
		method,
		headers: { Authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	})
	const id = /^\/Groups\/([^/?]+)/.exec(path)?.[1]
	const route = id ? groupRoute : groupsRoute
	return call<Body>(method === 'GET' ? route.loader : route.action, request, id ? { id } : {})
}

const teamOf = async (userId: string) =>
	(
		await db()
			.select({ teamId: users.teamId })
			.from(users)
			.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
	)[0]!.teamId

beforeAll(async () => {
	orgId = (await makeOrg()).id
	token = (await createScimToken(orgId, ADMIN)).token
	otherToken = (await createScimToken((await makeOrg()).id, ADMIN)).token
})

describe('SCIM Groups as teams', () => {
	test('Okta’s group push: create with members, look up by name, add and remove members, rename', async () => {
		const ann = await makeUser(orgId)
		const bob = await makeUser(orgId)
		const created = await send('POST', '/Groups', { schemas: [GROUP], displayName: 'Customer Care', members: [{ value: ann.id, display: 'ann' }] })
		expect(created.status).toBe(201)
		const id = created.data.id as string
		expect(created.data).toMatchObject({ schemas: [GROUP], displayName: 'Customer Care', members: [{ value: ann.id }] })
		expect(await teamOf(ann.id)).toBe(id)
		expect((await send('POST', '/Groups', { schemas: [GROUP], displayName: 'Customer Care' })).status).toBe(409)

		const found = await send('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Customer Care"')}&excludedAttributes=members`)
		expect(found.data).toMatchObject({ totalResults: 1, Resources: [{ id, displayName: 'Customer Care' }] })
		expect(found.data.Resources[0].members).toBeUndefined()

		const patched = await send('PATCH', `/Groups/${id}`, {
			schemas: [PATCH_OP],
			Operations: [
				{ op: 'add', path: 'members', value: [{ value: bob.id }] },
				{ op: 'remove', path: `members[value eq "${ann.id}"]` },
				{ op: 'replace', value: { id, displayName: 'Care' } },
			],
		})
		expect(patched.status).toBe(200)
		expect(patched.data).toMatchObject({ displayName: 'Care', members: [{ value: bob.id }] })
		expect(await teamOf(bob.id)).toBe(id)
		expect(await teamOf(ann.id)).toBeNull()
		const [team] = await db()
			.select()
			.from(teams)
			.where(and(eq(teams.orgId, orgId), eq(teams.id, id)))
		expect(team!.path).toBe('Care')
	})

	test('Entra’s member removal by value, a stranger as member refused with nothing stored, and delete only when unused', async () => {
		const cy = await makeUser(orgId)
		const created = await send('POST', '/Groups', { schemas: [GROUP], displayName: 'Logistics', members: [{ value: cy.id }] })
		const id = created.data.id as string
		const stranger = await send('PATCH', `/Groups/${id}`, {
			schemas: [PATCH_OP],
			Operations: [
				{ op: 'Remove', path: 'members', value: [{ value: cy.id }] },
				{ op: 'Add', path: 'members', value: [{ value: '00000000-0000-4000-8000-000000000000' }] },
			],
		})
		expect(stranger.status).toBe(400)
		expect(stranger.data.scimType).toBe('invalidValue')
		expect(await teamOf(cy.id)).toBe(id)

		const inUse = await send('DELETE', `/Groups/${id}`)
		expect(inUse.status).toBe(409)
		const emptied = await send('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ value: cy.id }] }] })
		expect(emptied.data.members).toEqual([])
		expect((await send('DELETE', `/Groups/${id}`)).status).toBe(204)
		expect((await send('GET', `/Groups/${id}`)).status).toBe(404)
	})

	test('another organisation’s token sees none of these groups', async () => {
		const created = await send('POST', '/Groups', { schemas: [GROUP], displayName: 'Finance' })
		const id = created.data.id as string
		for (const method of ['GET', 'DELETE']) expect((await send(method, `/Groups/${id}`, undefined, otherToken)).status).toBe(404)
		expect((await send('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Stolen' }] }, otherToken)).status).toBe(404)
		expect((await send('GET', '/Groups', undefined, otherToken)).data.totalResults).toBe(0)
		expect((await send('GET', `/Groups/${id}`)).data.displayName).toBe('Finance')
	})
})
