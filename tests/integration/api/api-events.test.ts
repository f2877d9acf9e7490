/**
 * POST /api/v1/events: bearer keys, all-or-nothing batches, one clear error per problem, and
 * the sender's id as the key (sending again updates, never duplicates).
 */
import { and, count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { authenticateApiKey, createApiKey, revokeApiKey } from '~/api/api-keys.server'
import * as events from '~/routes/api+/v1.events'
import { db } from '~/utils/db.server'
import { apiKeys, metricEvents } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam } from '../../support/fixtures'
import { apiRequest, call } from '../../support/requests'

useTestDatabase()

let ctx: { orgA: string; orgB: string; keyA: string; keyB: string; socialA: string }

beforeAll(async () => {
	const a = await makeOrg({ name: 'A' })
	const b = await makeOrg({ name: 'B' })
	const socialA = await makeTeam(a.id, 'Marketing/Social')
	await makeTeam(a.id, 'Care')
	await makeTeam(b.id, 'Care')
	const keyA = await createApiKey(a.id, 'A key')
	const keyB = await createApiKey(b.id, 'B key')
	if (!keyA.ok || !keyB.ok) throw new Error('keys')
	ctx = { orgA: a.id, orgB: b.id, keyA: keyA.value.key, keyB: keyB.value.key, socialA }
})

const reply = (over: Record<string, unknown> = {}) => ({
	id: 'zd-1',
	type: 'customer_response',
	team: 'Marketing/Social',
	startedAt: '2025-03-03T09:00:00Z',
	endedAt: '2025-03-03T09:30:00Z',
	channel: 'twitter',
	...over,
})
const approval = (over: Record<string, unknown> = {}) => ({
	id: 'ap-1',
	type: 'approval',
	team: 'Care',
	startedAt: '2025-03-03T08:00:00+01:00',
	endedAt: null,
	approvals: 3,
	...over,
})

const post = (body: unknown, key = ctx.keyA) => call(events.action, apiRequest('/api/v1/events', { key, body }))

async function stored(orgId: string) {
	return db().select().from(metricEvents).where(eq(metricEvents.orgId, orgId)).orderBy(metricEvents.externalId)
}

async function errorsFor(...evs: unknown[]) {
	const r = await post({ events: evs })
	expect(r.status).toBe(422)
	return r.data.errors as { index?: number; field: string; message: string }[]
}

describe('POST /api/v1/events', () => {
	test('stores a batch and answers how many were new', async () => {
		const r = await post({ events: [reply(), approval()] })
		expect(r).toMatchObject({ status: 200, data: { inserted: 2, updated: 0 } })
		const rows = await stored(ctx.orgA)
		expect(
			rows.map((e) => ({
				id: e.externalId,
				type: e.type,
				team: e.teamId,
				started: e.startedAt.toISOString(),
				ended: e.endedAt?.toISOString() ?? null,
				channel: e.channel,
				approvals: e.approvals,
			})),
		).toEqual([
			{ id: 'ap-1', type: 'approval', team: expect.any(String), started: '2025-03-03T07:00:00.000Z', ended: null, channel: null, approvals: 3 },
			{ id: 'zd-1', type: 'customer_response', team: ctx.socialA, started: '2025-03-03T09:00:00.000Z', ended: '2025-03-03T09:30:00.000Z', channel: 'twitter', approvals: null },
		])
	})

	test('sending the same ids again updates them and never duplicates', async () => {
		const [before] = await db()
			.select()
			.from(metricEvents)
			.where(and(eq(metricEvents.orgId, ctx.orgA), eq(metricEvents.externalId, 'zd-1')))
		// The approval is decided now; the reply is sent unchanged.
		const r = await post({ events: [reply(), approval({ endedAt: '2025-03-04T12:00:00Z', outcome: 'approved' })] })
		expect(r).toMatchObject({ status: 200, data: { inserted: 0, updated: 2 } })
		const rows = await stored(ctx.orgA)
		expect(rows).toHaveLength(2)
		expect(rows[0]).toMatchObject({ externalId: 'ap-1', outcome: 'approved', endedAt: new Date('2025-03-04T12:00:00Z') })
		// Unchanged events are not rewritten: updated_at still says when they last changed.
		expect(rows[1]!.updatedAt).toEqual(before!.updatedAt)
		expect(rows[0]!.updatedAt.getTime()).toBeGreaterThanOrEqual(rows[0]!.createdAt.getTime())

		const mixed = await post({ events: [reply({ id: 'zd-2' }), reply()] })
		expect(mixed).toMatchObject({ status: 200, data: { inserted: 1, updated: 1 } })
		expect(await stored(ctx.orgA)).toHaveLength(3)
	})

	test('an empty list is fine and changes nothing', async () => {
		expect(await post({ events: [] })).toMatchObject({ status: 200, data: { inserted: 0, updated: 0 } })
	})

	describe('keys', () => {
		test('a missing, malformed, unknown, wrong or revoked key answers 401 and stores nothing', async () => {
			const body = { events: [reply({ id: 'never' })] }
			const [id, secret] = ctx.keyA.slice(4).split('.').slice(-2)
			const attempts = [
				apiRequest('/api/v1/events', { body }),
				new Request('http://localhost:3000/api/v1/events', { method: 'POST', headers: { Authorization: `Basic ${btoa('a:b')}` }, body: JSON.stringify(body) }),
				apiRequest('/api/v1/events', { key: 'son_not-a-key', body }),
				apiRequest('/api/v1/events', { key: `${id}.${secret}`, body }),
				apiRequest('/api/v1/events', { key: `son_${'a'.repeat(24)}.${secret}`, body }),
				apiRequest('/api/v1/events', { key: `son_${id}.${'a'.repeat(24)}`, body }),
			]
			for (const request of attempts) {
				const r = await call(events.action, request)
				expect(r.status).toBe(401)
				expect(r.headers.get('WWW-Authenticate')).toMatch(/^Bearer/)
				expect(r.data.error).toMatch(/API key/)
			}
			const revoked = await createApiKey(ctx.orgA, 'soon revoked')
			if (!revoked.ok) throw new Error('key')
			expect((await post(body, revoked.value.key)).status).toBe(200)
			expect((await revokeApiKey(ctx.orgA, revoked.value.id)).ok).toBe(true)
			const after = await post({ events: [reply({ id: 'after-revoke' })] }, revoked.value.key)
			expect(after.status).toBe(401)
			expect((await stored(ctx.orgA)).map((e) => e.externalId)).not.toContain('after-revoke')
		})

		test("a key only ever reaches its own organisation: B's key cannot see A's teams, and ids are per organisation", async () => {
			const r = await post({ events: [reply()] }, ctx.keyB)
			expect(r.status).toBe(422)
			expect(r.data.errors).toEqual([{ index: 0, field: 'team', message: 'No team "Marketing/Social" in this organisation (paths look like Marketing/Social).' }])
			const same = await post({ events: [reply({ team: 'Care', endedAt: '2025-03-03T10:00:00Z' })] }, ctx.keyB)
			expect(same).toMatchObject({ status: 200, data: { inserted: 1, updated: 0 } })
			const [a] = await db()
				.select()
				.from(metricEvents)
				.where(and(eq(metricEvents.orgId, ctx.orgA), eq(metricEvents.externalId, 'zd-1')))
			expect(a!.endedAt).toEqual(new Date('2025-03-03T09:30:00Z'))
			expect(await stored(ctx.orgB)).toHaveLength(1)
		})

		test('last_used_at is written at most once a minute', async () => {
			const created = await createApiKey(ctx.orgA, 'clock')
			if (!created.ok) throw new Error('key')
			const header = `Bearer ${created.value.key}`
			const lastUsed = async () => (await db().select().from(apiKeys).where(eq(apiKeys.id, created.value.id)))[0]!.lastUsedAt
			const t0 = new Date('2026-01-01T10:00:00Z')
			expect(await authenticateApiKey(header, t0)).toMatchObject({ orgId: ctx.orgA })
			expect(await lastUsed()).toEqual(t0)
			await authenticateApiKey(header, new Date(t0.getTime() + 59_000))
			expect(await lastUsed()).toEqual(t0)
			await authenticateApiKey(header, new Date(t0.getTime() + 61_000))
			expect(await lastUsed()).toEqual(new Date(t0.getTime() + 61_000))
		})
	})

	describe('every problem has its own error, and one bad event stores nothing', () => {
		test('unknown team', async () => {
			expect(await errorsFor(reply({ id: 'x1', team: 'Marketing/Nope' }))).toEqual([
				{ index: 0, field: 'team', message: 'No team "Marketing/Nope" in this organisation (paths look like Marketing/Social).' },
			])
		})

		test('endedAt before startedAt', async () => {
			expect(await errorsFor(reply({ id: 'x2', endedAt: '2025-03-03T08:59:59Z' }))).toEqual([{ index: 0, field: 'endedAt', message: 'endedAt is before startedAt.' }])
		})

		test('timestamps without a zone, unreadable or not real', async () => {
			expect(await errorsFor(reply({ id: 'x3', startedAt: '2025-03-03T09:00:00', endedAt: '2025-03-03 09:30' }))).toEqual([
				{ index: 0, field: 'startedAt', message: '"2025-03-03T09:00:00" has no time zone: add Z for UTC or an offset such as +01:00.' },
				{ index: 0, field: 'endedAt', message: '"2025-03-03 09:30" has no time zone: add Z for UTC or an offset such as +01:00.' },
			])
			expect(await errorsFor(reply({ id: 'x4', startedAt: 'yesterday', endedAt: '2025-02-30T10:00:00Z' }))).toEqual([
				{ index: 0, field: 'startedAt', message: '"yesterday" is not a date and time like 2026-03-02T09:15:00Z.' },
				{ index: 0, field: 'endedAt', message: '"2025-02-30T10:00:00Z" is not a real date and time.' },
			])
			expect(await errorsFor(reply({ id: 'x5', startedAt: 1741000000 }))).toEqual([
				{ index: 0, field: 'startedAt', message: 'Expected a date and time as text, e.g. 2026-03-02T09:15:00Z.' },
			])
		})

		test('timestamps in the future', async () => {
			const tomorrow = new Date(Date.now() + 86_400_000).toISOString()
			expect(await errorsFor(reply({ id: 'x6', startedAt: '2025-03-03T09:00:00Z', endedAt: tomorrow }))).toEqual([
				{ index: 0, field: 'endedAt', message: `"${tomorrow}" is in the future.` },
			])
		})

		test('unknown type, missing fields, fields of the other type, unknown fields', async () => {
			expect(await errorsFor({ id: 'x7', type: 'tweet', team: 'Care', startedAt: '2025-03-03T09:00:00Z' })).toEqual([
				{ index: 0, field: 'type', message: 'Unknown type "tweet": use customer_response or approval.' },
			])
			expect(await errorsFor({ id: '', startedAt: null })).toEqual([
				{ index: 0, field: 'id', message: 'Required: your own id for this event.' },
				{ index: 0, field: 'type', message: 'Required: customer_response or approval.' },
				{ index: 0, field: 'team', message: 'Required: the team path, e.g. Marketing/Social.' },
				{ index: 0, field: 'startedAt', message: 'Required: when it started, e.g. 2026-03-02T09:15:00Z.' },
			])
			expect(await errorsFor(reply({ id: 'x8', approvals: 2, outcome: 'approved', startAt: 'x' }))).toEqual([
				{ index: 0, field: 'startAt', message: 'Unknown field; the fields are id, type, team, startedAt, endedAt, channel, approvals, outcome.' },
				{ index: 0, field: 'approvals', message: 'Only approval events have approvals.' },
				{ index: 0, field: 'outcome', message: 'Only approval events have an outcome.' },
			])
			expect(await errorsFor(approval({ id: 'x9', approvals: 0, outcome: 'maybe', channel: 'email' }))).toEqual([
				{ index: 0, field: 'approvals', message: 'Expected a whole number of sign-offs, at least 1.' },
				{ index: 0, field: 'outcome', message: 'Expected approved or rejected.' },
				{ index: 0, field: 'channel', message: 'Only customer_response events have a channel.' },
			])
			expect(await errorsFor(approval({ id: 'x10', outcome: 'approved' }))).toEqual([
				{ index: 0, field: 'outcome', message: 'An outcome needs endedAt, the time of the decision.' },
			])
			expect(await errorsFor(reply({ id: 'x'.repeat(201) }), 'not an object')).toEqual([
				{ index: 0, field: 'id', message: 'At most 200 characters.' },
				{ index: 1, field: '', message: 'Expected an object such as {"id": …, "type": …, "team": …, "startedAt": …}.' },
			])
		})

		test('the same id twice in one request', async () => {
			expect(await errorsFor(reply({ id: 'dup' }), reply({ id: 'ok' }), reply({ id: 'dup' }))).toEqual([
				{ index: 2, field: 'id', message: 'The same id is already at index 0; send each event once per request.' },
			])
		})

		test('a batch of good events with one bad one stores none of them', async () => {
			const before = (await stored(ctx.orgA)).length
			const batch = Array.from({ length: 300 }, (_, i) => reply({ id: `batch-${i}` }))
			batch[217] = reply({ id: 'batch-217', team: 'Nowhere' })
			const errors = await errorsFor(...batch)
			expect(errors).toEqual([expect.objectContaining({ index: 217, field: 'team' })])
			const [n] = await db().select({ n: count() }).from(metricEvents).where(eq(metricEvents.orgId, ctx.orgA))
			expect(n!.n).toBe(before)
		})

		test('at most the first 100 errors, and how many more', async () => {
			const r = await post({ events: Array.from({ length: 150 }, (_, i) => reply({ id: `bad-${i}`, type: 'nope' })) })
			expect(r.status).toBe(422)
			expect(r.data.errors).toHaveLength(100)
			expect(r.data.more).toBe(50)
		})
	})

	describe('the body', () => {
		test('more than 5,000 events', async () => {
			const r = await post({ events: Array.from({ length: 5001 }, (_, i) => reply({ id: `n-${i}` })) })
			expect(r).toMatchObject({
				status: 422,
				data: { errors: [{ field: 'events', message: 'At most 5,000 events per request; this one has 5,001. Send them in several requests.' }] },
			})
		})

		test('exactly 5,000 events are stored in one go', async () => {
			const r = await post({
				events: Array.from({ length: 5000 }, (_, i) => reply({ id: `full-${i}`, startedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(), endedAt: null })),
			})
			expect(r).toMatchObject({ status: 200, data: { inserted: 5000, updated: 0 } })
		})

		test('not JSON, empty, or not shaped {"events": [...]}', async () => {
			const bad = await call(events.action, apiRequest('/api/v1/events', { key: ctx.keyA, raw: '{"events": [' }))
			expect(bad.status).toBe(400)
			expect(bad.data.error).toMatch(/^The body is not valid JSON \(.+\)\. Send \{"events": \[ … \]\} with Content-Type: application\/json\.$/)
			const empty = await call(events.action, apiRequest('/api/v1/events', { key: ctx.keyA, raw: '' }))
			expect(empty).toMatchObject({ status: 400, data: { error: 'The body is empty: send {"events": [ … ]} as JSON.' } })
			expect((await post([reply()])).data).toEqual({ errors: [{ field: 'events', message: 'The body must be an object with an "events" array: {"events": [ … ]}.' }] })
			expect((await post({ events: 'all' })).data).toEqual({ errors: [{ field: 'events', message: '"events" must be an array.' }] })
			expect((await post({ events: [], extra: 1 })).data).toEqual({ errors: [{ field: 'extra', message: 'Unknown field; the body has only "events".' }] })
		})

		test('a body over 5 MB answers 413, whether announced or not', async () => {
			const big = JSON.stringify({ events: [reply({ channel: 'x'.repeat(5 * 1024 * 1024) })] })
			const streamed = await call(events.action, apiRequest('/api/v1/events', { key: ctx.keyA, raw: big }))
			expect(streamed).toMatchObject({ status: 413, data: { error: 'The body is larger than 5 MB. Send fewer events per request.' } })
			const announced = new Request('http://localhost:3000/api/v1/events', {
				method: 'POST',
				headers: { Authorization: `Bearer ${ctx.keyA}`, 'Content-Length': String(big.length) },
				body: big,
			})
			expect((await call(events.action, announced)).status).toBe(413)
		})

		test('GET answers 405', async () => {
			const r = await call(events.loader, apiRequest('/api/v1/events', { key: ctx.keyA }))
			expect(r).toMatchObject({ status: 405 })
			expect(r.headers.get('Allow')).toBe('POST')
		})
	})
})
