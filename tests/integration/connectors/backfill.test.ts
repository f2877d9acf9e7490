/**
 * Backfill from each provider's history API (a loopback stub answering in the documented
 * shapes, two items a page): the first responses and approvals stored equal the provider's
 * figures; one list call answers with the provider's own rate limit (429 Retry-After, GitHub's
 * 403 with x-ratelimit-reset, …) and the backfill waits exactly that long, then resumes; a crash
 * in the middle of a page stores nothing of that page, and resuming gives the same events as one
 * uninterrupted run; a ticket a webhook already brought is not stored twice; a group with no
 * team is kept aside; the credentials are encrypted and nothing personal is stored.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { backfillStatuses, cancelBackfill, LEASE_MS, runBackfills, startBackfill } from '~/connectors/backfill.server'
import { createConnector, setMapping } from '~/connectors/connectors.server'
import { db } from '~/utils/db.server'
import { auditEvents, connectorBackfills, type ConnectorProvider, connectorUnmappedEvents, metricEvents, teams } from '~db/schema'

import { sendHook } from '../../support/connectors'
import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam } from '../../support/fixtures'
import { startProviderApiStub } from '../../support/provider-api-stub'
import { day, iso, ITEMS, PERSONAL, type Scenario, scenario, SINCE, TOKEN, USER } from '../../support/provider-history'

useTestDatabase()

const PROVIDERS: ConnectorProvider[] = ['zendesk', 'intercom', 'freshdesk', 'github', 'jira']

async function setUp(provider: ConnectorProvider, s: Scenario) {
	const org = await makeOrg()
	const team = await makeTeam(org.id, 'Care')
	const created = await createConnector(org.id, { provider, name: `${provider} history`, secret: 'a-pasted-signing-secret-0123456789' })
	if (!created.ok) throw new Error(JSON.stringify(created.errors))
	expect((await setMapping(org.id, created.value.id, s.mapped, team)).ok).toBe(true)
	return { org, team, connectorId: created.value.id, secret: created.value.secret ?? 'a-pasted-signing-secret-0123456789' }
}

/** Runs the job on a clock the test moves: each pause the backfill asks for is waited out, up to the end. */
async function runToEnd(orgId: string, connectorId: string, clock: { now: number }, options: { beforeCommit?: (page: number) => void } = {}) {
	for (let i = 0; i < 20; i++) {
		await runBackfills({ now: () => clock.now, ...options })
		const status = (await backfillStatuses(orgId, connectorId)).get(connectorId)!
		if (status.state !== 'running') return status
		if (options.beforeCommit) return status
		clock.now = Math.max(clock.now, status.nextAttemptAt.getTime()) + 1000
	}
	throw new Error('the backfill did not end')
}

async function eventsOf(orgId: string) {
	const rows = await db()
		.select({
			startedAt: metricEvents.startedAt,
			endedAt: metricEvents.endedAt,
			type: metricEvents.type,
			outcome: metricEvents.outcome,
			approvals: metricEvents.approvals,
			team: teams.path,
		})
		.from(metricEvents)
		.innerJoin(teams, and(eq(teams.orgId, metricEvents.orgId), eq(teams.id, metricEvents.teamId)))
		.where(eq(metricEvents.orgId, orgId))
	return rows
		.map((r) => ({ ...r, minutes: r.endedAt ? (r.endedAt.getTime() - r.startedAt.getTime()) / 60_000 : null }))
		.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
}

const asideOf = (orgId: string) => db().select().from(connectorUnmappedEvents).where(eq(connectorUnmappedEvents.orgId, orgId))

describe.each(PROVIDERS)('%s backfill', (provider) => {
	const s = scenario(provider)
	let stub: Awaited<ReturnType<typeof startProviderApiStub>>
	// On a whole second: GitHub's and Intercom's reset headers are in epoch seconds.
	const clock = { now: Math.ceil(Date.now() / 1000) * 1000 }
	let oneRun: Awaited<ReturnType<typeof eventsOf>>

	beforeAll(async () => {
		stub = await startProviderApiStub(provider, s.data, {
			authorization: s.authorization,
			rateLimit: { listCall: 2, status: s.rateLimit.status, headers: () => s.rateLimit.headers(clock.now) },
		})
	})
	afterAll(async () => stub.close())

	test('reads every page, waits out the rate limit as the provider says, and stores the provider’s figures', async () => {
		const { org, connectorId } = await setUp(provider, s)
		expect((await startBackfill(org.id, connectorId, { since: SINCE, apiUrl: stub.url, user: s.user, token: TOKEN }, undefined, new Date(clock.now))).ok).toBe(true)

		// First run: page 1 stored, then the provider's rate limit: paused for exactly its wait.
		const t0 = clock.now
		await runBackfills({ now: () => clock.now })
		let status = (await backfillStatuses(org.id, connectorId)).get(connectorId)!
		expect(status).toMatchObject({ state: 'running', pages: 1 })
		expect(status.nextAttemptAt.getTime()).toBe(t0 + s.rateLimit.waitMs)
		expect(status.lastError).toMatch(/asked to wait/)
		expect(stub.calls.filter((c) => c.status === s.rateLimit.status)).toHaveLength(1)

		// Before the wait is over nothing is asked of the provider.
		const asked = stub.calls.length
		clock.now = t0 + s.rateLimit.waitMs - 1000
		await runBackfills({ now: () => clock.now })
		expect(stub.calls.length).toBe(asked)

		status = await runToEnd(org.id, connectorId, clock)
		expect(status).toMatchObject({ state: 'done', pages: 3 })
		expect(stub.calls.every((c) => c.status !== 401)).toBe(true)

		const events = await eventsOf(org.id)
		const expectedMapped = s.unmapped ? [1, 2, 3, 4] : ITEMS
		expect(events.map((e) => e.startedAt.toISOString())).toEqual(expectedMapped.map((i) => new Date(day(i)).toISOString()))
		expect(events.map((e) => e.minutes)).toEqual(expectedMapped.map((i) => (i < 5 ? 10 * i : null)))
		expect(new Set(events.map((e) => e.type))).toEqual(new Set([s.type]))
		expect(events.every((e) => e.team === 'Care')).toBe(true)
		if (provider === 'jira') expect(events.map((e) => e.outcome)).toEqual(['approved', 'approved', 'approved', 'rejected'])
		if (provider === 'github') expect(events.map((e) => e.outcome)).toEqual(['approved', 'approved', 'approved', 'approved', null])
		expect(status.events).toBe(5)
		// The group with no team: kept aside, not dropped.
		const aside = await asideOf(org.id)
		expect(aside.map((a) => a.source)).toEqual(s.unmapped ? [s.unmapped] : [])

		// Nothing personal, no token in clear.
		const everything = JSON.stringify([
			await db().select().from(metricEvents),
			await asideOf(org.id),
			await db().select().from(connectorBackfills),
			await db().select().from(auditEvents),
		])
		for (const personal of PERSONAL) expect(everything).not.toContain(personal)
		oneRun = events
	})

	test('a crash in the middle of a page stores nothing of it; resuming gives the same events as one run', async () => {
		const { org, connectorId } = await setUp(provider, s)
		const crashClock = { now: clock.now }
		const again = await startProviderApiStub(provider, s.data, { authorization: s.authorization })
		try {
			expect((await startBackfill(org.id, connectorId, { since: SINCE, apiUrl: again.url, user: s.user, token: TOKEN }, undefined, new Date(crashClock.now))).ok).toBe(true)
			// The second page's events and cursor are written, then the process dies before the commit.
			await runToEnd(org.id, connectorId, crashClock, {
				beforeCommit: (page) => {
					if (page === 2) throw new Error('simulated crash before commit')
				},
			})
			const mid = (await backfillStatuses(org.id, connectorId)).get(connectorId)!
			expect(mid).toMatchObject({ state: 'running', pages: 1 })
			const firstPage = (await eventsOf(org.id)).length + (await asideOf(org.id)).length
			expect(firstPage).toBe(2)

			// Resumed (after the pause an error earns): the same result as the single run.
			crashClock.now = mid.nextAttemptAt.getTime() + 1000
			const done = await runToEnd(org.id, connectorId, crashClock)
			expect(done).toMatchObject({ state: 'done', pages: 3, events: 5 })
			const strip = (e: Awaited<ReturnType<typeof eventsOf>>) =>
				e.map(({ startedAt, endedAt, type, outcome, approvals, team }) => ({ startedAt, endedAt, type, outcome, approvals, team }))
			expect(strip(await eventsOf(org.id))).toEqual(strip(oneRun))

			// Run again from the start over the same history: nothing stored twice.
			expect((await startBackfill(org.id, connectorId, { since: SINCE, apiUrl: again.url, user: s.user }, undefined, new Date(crashClock.now))).ok).toBe(true)
			await runToEnd(org.id, connectorId, crashClock)
			expect(strip(await eventsOf(org.id))).toEqual(strip(oneRun))
			expect((await asideOf(org.id)).length).toBe(s.unmapped ? 1 : 0)
		} finally {
			await again.close()
		}
	})
})

describe('backfill alongside webhooks, across instances, and refused', () => {
	const s = scenario('zendesk')
	let stub: Awaited<ReturnType<typeof startProviderApiStub>>
	beforeAll(async () => {
		stub = await startProviderApiStub('zendesk', s.data, { authorization: s.authorization })
	})
	afterAll(async () => stub.close())

	test('a ticket a webhook already brought is merged, not stored twice, and keeps the earliest reply', async () => {
		const { org, connectorId, secret } = await setUp('zendesk', s)
		// The webhook saw ticket 35001's first public reply 4 minutes in (the export's figure says 10: a later sync).
		const detail = { id: '35001', created_at: iso(day(1)), group_id: '360001', via: { channel: 'email' } }
		const target = { orgSlug: org.slug, connectorId, secret }
		expect((await sendHook('zendesk', target, { type: 'zen:event-type:ticket.created', time: iso(day(1)), detail })).status).toBe(200)
		await sendHook('zendesk', target, {
			type: 'zen:event-type:ticket.comment_added',
			time: iso(day(1) + 4 * 60_000),
			detail,
			event: { comment: { author: { id: '8447388090501', is_staff: true }, is_public: true } },
		})
		expect(await eventsOf(org.id)).toHaveLength(1)
		const clock = { now: Date.now() }
		expect((await startBackfill(org.id, connectorId, { since: SINCE, apiUrl: stub.url, user: USER, token: TOKEN }, undefined, new Date(clock.now))).ok).toBe(true)
		await runToEnd(org.id, connectorId, clock)
		const events = await eventsOf(org.id)
		expect(events.map((e) => e.minutes)).toEqual([4, 20, 30, 40])
	})

	test('a backfill another instance holds is left alone until its lease lapses', async () => {
		const { org, connectorId } = await setUp('zendesk', s)
		const clock = { now: Date.now() }
		expect((await startBackfill(org.id, connectorId, { since: SINCE, apiUrl: stub.url, user: USER, token: TOKEN }, undefined, new Date(clock.now))).ok).toBe(true)
		// Another instance claimed it a moment ago (and then died).
		await db()
			.update(connectorBackfills)
			.set({ leaseId: crypto.randomUUID(), leaseUntil: new Date(clock.now + LEASE_MS) })
			.where(eq(connectorBackfills.connectorId, connectorId))
		const before = stub.calls.length
		await runBackfills({ now: () => clock.now })
		expect(stub.calls.length).toBe(before)
		expect((await backfillStatuses(org.id, connectorId)).get(connectorId)).toMatchObject({ pages: 0 })
		clock.now += LEASE_MS + 1000
		expect((await runToEnd(org.id, connectorId, clock)).state).toBe('done')
	})

	test('wrong credentials stop it with a readable error; cancelling stops it; bad input stores nothing', async () => {
		const { org, connectorId } = await setUp('zendesk', s)
		const clock = { now: Date.now() }
		expect((await startBackfill(org.id, connectorId, { since: SINCE, apiUrl: stub.url, user: USER, token: 'wrong-token' }, undefined, new Date(clock.now))).ok).toBe(true)
		const failed = await runToEnd(org.id, connectorId, clock)
		expect(failed.state).toBe('failed')
		expect(failed.lastError).toContain('Zendesk refused the credentials (401)')

		expect(await startBackfill(org.id, connectorId, { since: '2026-13-01', apiUrl: stub.url, user: USER, token: TOKEN })).toMatchObject({
			ok: false,
			errors: { since: expect.any(String) },
		})
		expect(await startBackfill(org.id, connectorId, { since: SINCE, apiUrl: 'http://zendesk.example.com', user: USER, token: TOKEN })).toMatchObject({
			ok: false,
			errors: { apiUrl: 'The address must start with https://.' },
		})
		expect(await startBackfill(org.id, connectorId, { since: SINCE, apiUrl: stub.url, user: '', token: TOKEN })).toMatchObject({ ok: false, errors: { user: expect.any(String) } })
		expect((await backfillStatuses(org.id, connectorId)).get(connectorId)!.state).toBe('failed')

		// Another organisation cannot start or stop this connector's backfill.
		const other = await makeOrg()
		expect((await startBackfill(other.id, connectorId, { since: SINCE, apiUrl: stub.url, user: USER, token: TOKEN })).ok).toBe(false)
		expect((await backfillStatuses(other.id)).size).toBe(0)

		expect((await startBackfill(org.id, connectorId, { since: SINCE, apiUrl: stub.url, user: USER, token: TOKEN }, undefined, new Date(clock.now))).ok).toBe(true)
		expect((await cancelBackfill(other.id, connectorId)).ok).toBe(false)
		expect((await cancelBackfill(org.id, connectorId)).ok).toBe(true)
		const before = stub.calls.length
		await runBackfills({ now: () => clock.now })
		expect(stub.calls.length).toBe(before)
		expect((await backfillStatuses(org.id, connectorId)).get(connectorId)!.state).toBe('cancelled')
		const audit = await db().select().from(auditEvents).where(eq(auditEvents.orgId, org.id))
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['connector.backfill_started', 'connector.backfill_cancelled']))
	})
})
