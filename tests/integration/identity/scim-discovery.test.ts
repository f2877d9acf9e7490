/**
 * SCIM discovery as Okta and Entra ID read it before provisioning (ServiceProviderConfig, Schemas,
 * ResourceTypes), in application/scim+json and behind the token; and the per-token rate limit:
 * the call past the limit in a minute answers 429 in SCIM's error shape with Retry-After, other
 * tokens are not held back, and the next minute starts over.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'

import { createScimToken } from '~/identity/scim-tokens.server'
import * as resourceTypes from '~/routes/scim+/v2.ResourceTypes'
import * as resourceType from '~/routes/scim+/v2.ResourceTypes.$id'
import * as schemas from '~/routes/scim+/v2.Schemas'
import * as schema from '~/routes/scim+/v2.Schemas.$id'
import * as spc from '~/routes/scim+/v2.ServiceProviderConfig'
import * as usersRoute from '~/routes/scim+/v2.Users'
import { resetEnvCache } from '~/utils/env.server'

import { useTestDatabase } from '../../support/db'
import { makeOrg } from '../../support/fixtures'
import { call } from '../../support/requests'

useTestDatabase()

const ADMIN = { userId: null, label: 'admin', ip: null }
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

let token: string
let otherToken: string

beforeAll(async () => {
	token = (await createScimToken((await makeOrg()).id, ADMIN)).token
	otherToken = (await createScimToken((await makeOrg()).id, ADMIN)).token
})

const getWith = (route: { loader: (args: any) => unknown }, path: string, bearer: string | null, params: Record<string, string> = {}) =>
	call(route.loader, new Request(`http://localhost:3000/scim/v2${path}`, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} }), params)
const get = (route: { loader: (args: any) => unknown }, path: string, bearer: string | null = token, params: Record<string, string> = {}) => getWith(route, path, bearer, params)

describe('SCIM discovery', () => {
	test('ServiceProviderConfig says what we support: PATCH and filters yes, bulk, sort, ETags and passwords no', async () => {
		const answer = await get(spc, '/ServiceProviderConfig')
		expect(answer.status).toBe(200)
		expect(answer.headers.get('Content-Type')).toBe('application/scim+json')
		expect(answer.data).toMatchObject({
			schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
			patch: { supported: true },
			bulk: { supported: false },
			filter: { supported: true, maxResults: 200 },
			changePassword: { supported: false },
			sort: { supported: false },
			etag: { supported: false },
			authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
		})
		expect((await get(spc, '/ServiceProviderConfig', null)).status).toBe(401)
	})

	test('Schemas describe the User (with the enterprise manager) and Group attributes we keep; one schema by its URN; an unknown one is a SCIM 404', async () => {
		const list = await get(schemas, '/Schemas')
		expect(list.status).toBe(200)
		expect(list.data).toMatchObject({ schemas: [LIST], totalResults: 3 })
		expect(list.data.Resources.map((r: { id: string }) => r.id)).toEqual([USER, ENTERPRISE, GROUP])
		const enterprise = await get(schema, `/Schemas/${ENTERPRISE}`, token, { id: ENTERPRISE })
		expect(enterprise.data.attributes.map((a: { name: string }) => a.name)).toEqual(['manager'])
		const user = await get(schema, `/Schemas/${USER}`, token, { id: USER })
		expect(user.status).toBe(200)
		const names = user.data.attributes.map((a: { name: string }) => a.name)
		expect(names).toEqual(expect.arrayContaining(['userName', 'name', 'emails', 'active']))
		expect(user.data.attributes.find((a: { name: string }) => a.name === 'userName')).toMatchObject({ required: true, uniqueness: 'server' })
		const unknown = await get(schema, '/Schemas/urn:nope', token, { id: 'urn:nope' })
		expect(unknown.status).toBe(404)
		expect(unknown.data).toMatchObject({ schemas: [ERROR], status: '404' })
	})

	test('ResourceTypes name Users and Groups with their endpoints and schemas', async () => {
		const list = await get(resourceTypes, '/ResourceTypes')
		expect(list.data.Resources).toEqual([
			expect.objectContaining({ id: 'User', endpoint: '/Users', schema: USER, schemaExtensions: [{ schema: ENTERPRISE, required: false }] }),
			expect.objectContaining({ id: 'Group', endpoint: '/Groups', schema: GROUP }),
		])
		expect((await get(resourceType, '/ResourceTypes/Group', token, { id: 'Group' })).data).toMatchObject({ id: 'Group', endpoint: '/Groups' })
		expect((await get(resourceType, '/ResourceTypes/Widget', token, { id: 'Widget' })).status).toBe(404)
	})
})

describe('SCIM rate limit per token', () => {
	const LIMIT = 4
	beforeAll(() => {
		process.env.SCIM_RATE_LIMIT_PER_MINUTE = String(LIMIT)
		resetEnvCache()
	})
	afterEach(() => vi.useRealTimers())
	afterAll(() => {
		delete process.env.SCIM_RATE_LIMIT_PER_MINUTE
		resetEnvCache()
	})
	// Only the clock is faked: every call of the test falls in one chosen minute.
	const at = (iso: string) => {
		vi.useFakeTimers({ toFake: ['Date'] })
		vi.setSystemTime(new Date(iso))
	}

	test('the call past the limit answers 429 in SCIM’s shape with Retry-After; another token is not held back; the next minute starts over', async () => {
		const busy = (await createScimToken((await makeOrg()).id, ADMIN)).token
		const get = (route: { loader: (args: any) => unknown }, path: string, bearer = busy) => getWith(route, path, bearer)
		at('2030-03-02T10:00:45Z')
		const statuses: number[] = []
		for (let i = 0; i < LIMIT + 1; i++) statuses.push((await get(usersRoute, '/Users')).status)
		expect(statuses).toEqual([200, 200, 200, 200, 429])
		const refused = await get(spc, '/ServiceProviderConfig')
		expect(refused.status).toBe(429)
		expect(refused.headers.get('Content-Type')).toBe('application/scim+json')
		expect(refused.headers.get('Retry-After')).toBe('15')
		expect(refused.data).toMatchObject({ schemas: [ERROR], status: '429' })
		expect(refused.data.detail).toMatch(/4 calls a minute/)
		expect((await get(usersRoute, '/Users', otherToken)).status).toBe(200)
		at('2030-03-02T10:01:00Z')
		expect((await get(usersRoute, '/Users')).status).toBe(200)
	})
})
