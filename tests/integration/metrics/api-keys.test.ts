/** The API keys page: admins create a key (shown once, stored as a hash), see its last use, revoke it. */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { apiKeys } from '~db/schema'
import { hashSecret } from '~/auth/token.server'
import * as keysPage from '~/routes/admin.api-keys'
import * as metricsPage from '~/routes/admin.metrics._index'
import * as importPage from '~/routes/admin.metrics.import'
import * as teamsApi from '~/routes/api.v1.teams'
import { db } from '~/utils/db.server'
import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { apiRequest, call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

let ctx: { admin: string; otherAdmin: string; executive: string; manager: string }

beforeAll(async () => {
	const org = await makeOrg()
	const other = await makeOrg()
	ctx = {
		admin: await sessionCookieFor(await makeUser(org.id, { role: 'admin' })),
		otherAdmin: await sessionCookieFor(await makeUser(other.id, { role: 'admin' })),
		executive: await sessionCookieFor(await makeUser(org.id, { role: 'executive' })),
		manager: await sessionCookieFor(await makeUser(org.id, { role: 'manager' })),
	}
})

describe('API keys page', () => {
	test('creates a key shown once and kept only as a hash; last use shows; revoking stops it', async () => {
		const created = await call(keysPage.action, postRequest('/admin/api-keys', { intent: 'create', name: '  Zendesk   export ' }, ctx.admin))
		expect(created.status).toBe(200)
		const { key, id, name } = created.data.created
		expect(name).toBe('Zendesk export')
		expect(key).toMatch(/^son_[a-z2-9]{24}\.[a-z2-9]{24}$/)
		const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, id))
		expect(row!.secretHash).toBe(hashSecret(key.split('.')[1]))
		expect(JSON.stringify(row)).not.toContain(key.split('.')[1])

		let list = await call(keysPage.loader, getRequest('/admin/api-keys', ctx.admin))
		expect(list.data.keys).toEqual([expect.objectContaining({ id, name: 'Zendesk export', lastUsedAt: null, revokedAt: null })])
		expect(JSON.stringify(list.data)).not.toContain(key)

		expect((await call(teamsApi.loader, apiRequest('/api/v1/teams', { key }))).status).toBe(200)
		list = await call(keysPage.loader, getRequest('/admin/api-keys', ctx.admin))
		expect(list.data.keys[0].lastUsedAt).toEqual(expect.any(String))

		// Another organisation's admin cannot revoke it.
		expect((await call(keysPage.action, postRequest('/admin/api-keys', { intent: 'revoke', keyId: id }, ctx.otherAdmin))).status).toBe(404)
		expect((await call(teamsApi.loader, apiRequest('/api/v1/teams', { key }))).status).toBe(200)

		const revoked = await call(keysPage.action, postRequest('/admin/api-keys', { intent: 'revoke', keyId: id }, ctx.admin))
		expect(revoked).toMatchObject({ status: 200, data: { done: 'Key revoked. Requests with it now answer 401.' } })
		expect((await call(teamsApi.loader, apiRequest('/api/v1/teams', { key }))).status).toBe(401)
		expect((await call(keysPage.action, postRequest('/admin/api-keys', { intent: 'revoke', keyId: id }, ctx.admin))).status).toBe(404)
	})

	test('a key needs a name', async () => {
		const r = await call(keysPage.action, postRequest('/admin/api-keys', { intent: 'create', name: '  ' }, ctx.admin))
		expect(r).toMatchObject({ status: 400, data: { errors: { name: 'Give the key a name, e.g. "Zendesk export".' } } })
	})

	test('the metrics pages are for admins only', async () => {
		for (const cookie of [ctx.executive, ctx.manager]) {
			expect((await call(keysPage.loader, getRequest('/admin/api-keys', cookie))).status).toBe(403)
			expect((await call(keysPage.action, postRequest('/admin/api-keys', { intent: 'create', name: 'x' }, cookie))).status).toBe(403)
			expect((await call(importPage.loader, getRequest('/admin/metrics/import', cookie))).status).toBe(403)
			expect((await call(metricsPage.loader, getRequest('/admin/metrics', cookie))).status).toBe(403)
		}
		const anonymous = await call(keysPage.loader, getRequest('/admin/api-keys'))
		expect(anonymous).toMatchObject({ status: 302, location: '/login?redirectTo=%2Fadmin%2Fapi-keys' })
	})
})
