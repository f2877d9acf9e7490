/**
 * The API keys page: admins create a key (shown once, stored as a hash) with the scopes it needs
 * and an optional last day, see its last use, revoke it. And what the API does with a key: only
 * its scopes (403 outside them), nothing after its expiry (401), and at most
 * API_RATE_LIMIT_PER_MINUTE calls a minute (429 with Retry-After), counted in the database so
 * two instances share the limit.
 */
import fs from 'node:fs'
import path from 'node:path'

import { PGlite } from '@electric-sql/pglite'
import { eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'

import { createApiKey } from '~/api/api-keys.server'
import * as keysPage from '~/routes/admin+/api-keys'
import * as metricsPage from '~/routes/admin+/metrics._index'
import * as importPage from '~/routes/admin+/metrics.import'
import * as eventsApi from '~/routes/api+/v1.events'
import * as weeklyApi from '~/routes/api+/v1.metrics.weekly'
import * as mindsetApi from '~/routes/api+/v1.reports.mindset'
import * as teamsApi from '~/routes/api+/v1.teams'
import { db, dbHandle, installDatabase } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { hashSecret } from '~/utils/token.server'
import { type DbHandle, openDatabase } from '~db/client'
import { apiKeyRateWindows, apiKeys } from '~db/schema'

import { useTestDatabase, usingPostgres } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { withDatabase } from '../../support/global-setup'
import { apiRequest, call, getRequest, postRequest } from '../../support/requests'

const testDb = useTestDatabase()

let ctx: { orgId: string; admin: string; otherAdmin: string; executive: string; manager: string }

/** A form with repeated fields, as the browser sends a group of checkboxes. */
function form(fields: Record<string, string | string[]>) {
	const f = new FormData()
	for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) f.append(name, v)
	return f
}

beforeAll(async () => {
	const org = await makeOrg()
	const other = await makeOrg()
	await makeTeam(org.id, 'Care')
	ctx = {
		orgId: org.id,
		admin: await sessionCookieFor(await makeUser(org.id, { role: 'admin' })),
		otherAdmin: await sessionCookieFor(await makeUser(other.id, { role: 'admin' })),
		executive: await sessionCookieFor(await makeUser(org.id, { role: 'executive' })),
		manager: await sessionCookieFor(await makeUser(org.id, { role: 'manager' })),
	}
})

describe('API keys page', () => {
	test('creates a key shown once and kept only as a hash; last use shows; revoking stops it', async () => {
		const created = await call(
			keysPage.action,
			postRequest('/admin/api-keys', form({ intent: 'create', name: '  Zendesk   export ', scopes: ['events:write', 'metrics:read'] }), ctx.admin),
		)
		expect(created.status).toBe(200)
		const { key, id, name } = created.data.created
		expect(name).toBe('Zendesk export')
		expect(key).toMatch(/^son_[0-9a-f-]{36}\.[a-z2-9]{24}\.[a-z2-9]{24}$/)
		const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, id))
		expect(row!.secretHash).toBe(hashSecret(key.split('.').at(-1)!))
		expect(JSON.stringify(row)).not.toContain(key.split('.').at(-1)!)

		let list = await call(keysPage.loader, getRequest('/admin/api-keys', ctx.admin))
		expect(list.data.keys).toEqual([
			expect.objectContaining({ id, name: 'Zendesk export', scopes: ['events:write', 'metrics:read'], expiresAt: null, lastUsedAt: null, revokedAt: null }),
		])
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
		const r = await call(keysPage.action, postRequest('/admin/api-keys', form({ intent: 'create', name: '  ', scopes: ['events:write'] }), ctx.admin))
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

describe('choosing scopes and an expiry when creating a key', () => {
	test('a key needs at least one known scope, and a real day not in the past; nothing is stored otherwise', async () => {
		const before = (await db().select().from(apiKeys)).length
		const cases: [Record<string, string | string[]>, string, string][] = [
			[{ intent: 'create', name: 'No scope' }, 'scopes', 'Choose at least one scope'],
			[{ intent: 'create', name: 'Odd', scopes: ['events:write', 'admin:all'] }, 'scopes', 'Unknown scope "admin:all"'],
			[{ intent: 'create', name: 'Past', scopes: ['events:write'], expiresOn: '2020-01-31' }, 'expiresOn', 'That day is past'],
			[{ intent: 'create', name: 'Bad', scopes: ['events:write'], expiresOn: '2026-02-30' }, 'expiresOn', 'YYYY-MM-DD'],
			[{ intent: 'create', name: 'Far', scopes: ['events:write'], expiresOn: '2099-01-01' }, 'expiresOn', 'At most 5 years'],
		]
		for (const [fields, field, message] of cases) {
			const r = await call(keysPage.action, postRequest('/admin/api-keys', form(fields), ctx.admin))
			expect(r.status).toBe(400)
			expect(r.data.errors[field]).toContain(message)
		}
		expect((await db().select().from(apiKeys)).length).toBe(before)
	})

	test('scopes and the last day are kept, listed, and the key works through that whole day', async () => {
		const next = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
		const r = await call(keysPage.action, postRequest('/admin/api-keys', form({ intent: 'create', name: 'Reports', scopes: ['reports:read'], expiresOn: next }), ctx.admin))
		expect(r.status).toBe(200)
		// The organisation's time zone is UTC in the fixtures: the key ends at the next midnight.
		const end = new Date(`${next}T00:00:00Z`).getTime() + 86_400_000
		expect(r.data.created).toMatchObject({ scopes: ['reports:read'], expiresAt: new Date(end).toISOString() })
		const list = await call(keysPage.loader, getRequest('/admin/api-keys', ctx.admin))
		expect(list.data.keys.find((k: { id: string }) => k.id === r.data.created.id)).toMatchObject({ scopes: ['reports:read'], expiresAt: new Date(end).toISOString() })
	})

	test('keys made before scopes existed were given all three by the migration', async () => {
		// A database as it was before: every migration before this one, and a key made then.
		const folder = path.resolve('db/migrations')
		const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] }
		const old = await PGlite.create()
		const apply = async (tag: string) => {
			for (const statement of fs.readFileSync(path.join(folder, `${tag}.sql`), 'utf8').split('--> statement-breakpoint')) await old.exec(statement)
		}
		try {
			const index = journal.entries.findIndex((e) => e.tag === '0008_api_key_scopes_expiry_rate_limit')
			expect(index).toBeGreaterThan(0)
			for (const e of journal.entries.slice(0, index)) await apply(e.tag)
			await old.exec(
				`insert into organizations (slug, name) values ('old', 'Old'); insert into api_keys (org_id, id, name, secret_hash) select id, 'oldkey', 'Legacy', 'h' from organizations`,
			)
			await apply(journal.entries[index]!.tag)
			const { rows } = await old.query<{ scopes: string[]; expires_at: Date | null }>(`select scopes, expires_at from api_keys where id = 'oldkey'`)
			expect(rows).toEqual([{ scopes: ['events:write', 'metrics:read', 'reports:read'], expires_at: null }])
		} finally {
			await old.close()
		}
		// And no key can be stored without a scope, or with one that does not exist.
		const bad = async (scopes: string) =>
			db().execute(sql`insert into api_keys (org_id, id, name, secret_hash, scopes) values (${ctx.orgId}, ${`x${scopes.length}`}, 'x', 'x', ${scopes}::text[])`)
		await expect(bad('{}')).rejects.toThrow()
		await expect(bad('{everything}')).rejects.toThrow()
		await expect(db().execute(sql`insert into api_keys (org_id, id, name, secret_hash) values (${ctx.orgId}, 'noscope', 'x', 'x')`)).rejects.toThrow()
	}, 120_000) // It migrates a database of its own from scratch.
})

describe('a key does only what its scopes allow', () => {
	let ingestOnly: string
	beforeAll(async () => {
		const created = await createApiKey(ctx.orgId, 'Zendesk ingest', { scopes: ['events:write'] })
		if (!created.ok) throw new Error('key')
		ingestOnly = created.value.key
	})

	test('an events:write key sends events, and gets 403 on the culture report and the weekly figures', async () => {
		const sent = await call(
			eventsApi.action,
			apiRequest('/api/v1/events', {
				key: ingestOnly,
				body: { events: [{ id: 'zd-1', type: 'customer_response', team: 'Care', startedAt: '2026-03-02T09:15:00Z', endedAt: '2026-03-02T09:41:00Z' }] },
			}),
		)
		expect(sent).toMatchObject({ status: 200, data: { inserted: 1 } })
		expect((await call(teamsApi.loader, apiRequest('/api/v1/teams', { key: ingestOnly }))).status).toBe(200)

		const report = await call(mindsetApi.loader, apiRequest('/api/v1/reports/mindset?from=2026-01-05&to=2026-03-29', { key: ingestOnly }))
		expect(report.status).toBe(403)
		expect(report.data).toEqual({ error: expect.stringContaining('needs the scope "reports:read"'), requiredScope: 'reports:read', scopes: ['events:write'] })
		expect(JSON.stringify(report.data)).not.toContain('weeks')
		const weekly = await call(weeklyApi.loader, apiRequest('/api/v1/metrics/weekly?from=2026-01-05&to=2026-03-29', { key: ingestOnly }))
		expect(weekly).toMatchObject({ status: 403, data: { requiredScope: 'metrics:read' } })
	})

	test('a reports:read key reads the report and cannot send events', async () => {
		const created = await createApiKey(ctx.orgId, 'BI', { scopes: ['reports:read'] })
		if (!created.ok) throw new Error('key')
		expect((await call(mindsetApi.loader, apiRequest('/api/v1/reports/mindset?from=2026-01-05&to=2026-03-29', { key: created.value.key }))).status).toBe(200)
		const sent = await call(eventsApi.action, apiRequest('/api/v1/events', { key: created.value.key, body: { events: [] } }))
		expect(sent).toMatchObject({ status: 403, data: { requiredScope: 'events:write' } })
	})
})

describe('expiry', () => {
	test('a key past its expiry answers 401 saying so; before it, it works', async () => {
		const created = await createApiKey(ctx.orgId, 'Temporary', { scopes: ['events:write'], expiresOn: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) })
		if (!created.ok) throw new Error('key')
		const { key, id } = created.value
		expect((await call(teamsApi.loader, apiRequest('/api/v1/teams', { key }))).status).toBe(200)
		// Its last day has passed.
		const past = new Date(Date.now() - 1000)
		await db().update(apiKeys).set({ expiresAt: past }).where(eq(apiKeys.id, id))
		for (const r of [
			await call(teamsApi.loader, apiRequest('/api/v1/teams', { key })),
			await call(eventsApi.action, apiRequest('/api/v1/events', { key, body: { events: [] } })),
		]) {
			expect(r.status).toBe(401)
			expect(r.data).toEqual({ error: `This API key expired at ${past.toISOString()}. Ask an admin for a new key (Admin › API keys).` })
			expect(r.headers.get('WWW-Authenticate')).toContain('error="invalid_token"')
		}
		// Without the secret, an expired key is just an unknown key.
		const wrong = await call(teamsApi.loader, apiRequest('/api/v1/teams', { key: key.replace(/[^.]+$/, 'a'.repeat(24)) }))
		expect(wrong.status).toBe(401)
		expect(wrong.data.error).not.toContain('expired')
		const list = await call(keysPage.loader, getRequest('/admin/api-keys', ctx.admin))
		expect(list.data.keys.find((k: { id: string }) => k.id === id).expiresAt).toBe(past.toISOString())
	})
})

describe('rate limit per key', () => {
	const LIMIT = 5
	let key: string
	let keyId: string
	beforeAll(async () => {
		process.env.API_RATE_LIMIT_PER_MINUTE = String(LIMIT)
		resetEnvCache()
		const created = await createApiKey(ctx.orgId, 'Busy', { scopes: ['events:write'] })
		if (!created.ok) throw new Error('key')
		key = created.value.key
		keyId = created.value.id
	})
	afterEach(() => vi.useRealTimers())
	afterAll(() => {
		delete process.env.API_RATE_LIMIT_PER_MINUTE
		resetEnvCache()
	})
	const teams = (k = key) => call(teamsApi.loader, apiRequest('/api/v1/teams', { key: k }))
	// Only the clock is faked (timers run as usual): every call of a test falls in one chosen minute.
	const at = (iso: string) => {
		vi.useFakeTimers({ toFake: ['Date'] })
		vi.setSystemTime(new Date(iso))
	}

	test('the call after the limit in a minute answers 429 with Retry-After; the next minute starts over', async () => {
		at('2031-05-05T10:00:10Z')
		for (let i = 0; i < LIMIT; i++) expect((await teams()).status).toBe(200)
		const refused = await teams()
		expect(refused.status).toBe(429)
		expect(refused.headers.get('Retry-After')).toBe('50')
		expect(refused.data).toEqual({ error: `Too many calls with this API key: at most ${LIMIT} a minute. Try again in 50 s.`, retryAfter: 50 })
		// Refused calls count too, and other routes share the key's limit.
		vi.setSystemTime(new Date('2031-05-05T10:00:59.500Z'))
		const other = await call(mindsetApi.loader, apiRequest('/api/v1/reports/mindset', { key }))
		expect(other).toMatchObject({ status: 429, data: { retryAfter: 1 } })
		// Another key of the same organisation has its own limit.
		const second = await createApiKey(ctx.orgId, 'Quiet', { scopes: ['events:write'] })
		if (!second.ok) throw new Error('key')
		expect((await teams(second.value.key)).status).toBe(200)

		vi.setSystemTime(new Date('2031-05-05T10:01:00Z'))
		expect((await teams()).status).toBe(200)
		const [row] = await db().select().from(apiKeyRateWindows).where(eq(apiKeyRateWindows.keyId, keyId))
		expect(row).toMatchObject({ windowStart: new Date('2031-05-05T10:01:00Z'), calls: 1 })
	})

	test('two instances (two database handles) share one limit', async () => {
		const first = testDb.handle
		let second: DbHandle
		if (usingPostgres) {
			const [{ name }] = (await first.db.execute(sql`select current_database() as name`)) as unknown as [{ name: string }]
			second = openDatabase({ url: withDatabase(process.env.TEST_DATABASE_URL!, name), max: 2 })
		} else {
			// PGlite is one in-process database: a second client over the same storage is the nearest thing.
			second = openDatabase({ pglite: (first.db as unknown as { $client: never }).$client })
		}
		try {
			at('2031-05-05T11:00:05Z')
			const statuses: number[] = []
			for (let i = 0; i <= LIMIT; i++) {
				installDatabase(i % 2 ? second : first)
				statuses.push((await teams()).status)
			}
			expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
			installDatabase(second)
			expect((await teams()).status).toBe(429)
			installDatabase(first)
			expect(dbHandle()).toBe(first)

			// Concurrent calls: exactly LIMIT of them get through, however they interleave.
			vi.setSystemTime(new Date('2031-05-05T11:01:05Z'))
			const burst = await Promise.all(Array.from({ length: 3 * LIMIT }, () => teams().then((r) => r.status)))
			expect(burst.filter((s) => s === 200)).toHaveLength(LIMIT)
			expect(burst.filter((s) => s === 429)).toHaveLength(2 * LIMIT)
		} finally {
			installDatabase(first)
			if (usingPostgres) await second.close()
		}
	})
})
