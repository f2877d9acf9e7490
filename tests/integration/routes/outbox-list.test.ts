/**
 * The Outbox page as an admin loads it: it once showed the 200 newest e-mails without saying so,
 * with no search or paging, and times in UTC. Now it says how many there are, pages through all
 * of them, searches by recipient, kind and status, and writes times in the organisation's zone —
 * while a reminder still cannot be found by its recipient (whom it went to would say who had not
 * answered).
 */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import * as outboxPage from '~/routes/admin+/outbox._index'
import { db } from '~/utils/db.server'
import { mailOutbox } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest } from '../../support/requests'

useTestDatabase()

let admin: string

beforeAll(async () => {
	const org = await makeOrg()
	await db().execute(sql`update organizations set time_zone = 'America/New_York' where id = ${org.id}`)
	admin = await sessionCookieFor(await makeUser(org.id, { role: 'admin' }))
	const base = Date.parse('2026-07-01T12:00:00Z')
	await db()
		.insert(mailOutbox)
		.values([
			...Array.from({ length: 230 }, (_, i) => ({
				orgId: org.id,
				kind: 'invitation' as const,
				toEmail: `person${i}@acme.example`,
				status: 'sent' as const,
				createdAt: new Date(base + i * 60_000),
			})),
			{ orgId: org.id, kind: 'pulse_reminder' as const, toEmail: 'quiet@acme.example', status: 'queued' as const, createdAt: new Date(base - 3_600_000) },
			{ orgId: org.id, kind: 'password_reset' as const, toEmail: 'quiet@acme.example', status: 'failed' as const, createdAt: new Date(base - 7_200_000) },
		])
})

const load = (query = '') => call(outboxPage.loader, getRequest(`/admin/outbox${query}`, admin))
type Row = { to: string | null; kind: string; status: string; created: string }

describe('the Outbox list', () => {
	test('says how many e-mails there are and pages through all of them, newest first', async () => {
		const first = await load()
		expect(first.data).toMatchObject({ total: 232, page: 1, pages: 5 })
		expect(first.data.messages).toHaveLength(50)
		expect(first.data.messages[0].to).toBe('person229@acme.example')
		const last = await load('?page=5')
		expect(last.data.messages.map((m: Row) => m.kind).slice(-2)).toEqual(['pulse_reminder', 'password_reset'])
		// Nothing is beyond the 200 newest any more.
		const all = new Set<string | null>()
		for (let page = 1; page <= 5; page++) for (const m of (await load(`?page=${page}`)).data.messages as Row[]) all.add(m.to)
		expect(all.has('person0@acme.example')).toBe(true)
	})

	test('searches by recipient, kind and status', async () => {
		const one = await load('?q=person17')
		expect(one.data.messages.map((m: Row) => m.to).sort()).toEqual(['person17@acme.example', ...Array.from({ length: 10 }, (_, d) => `person17${d}@acme.example`)].sort())
		expect(one.data.total).toBe(11)
		expect((await load('?kind=password_reset')).data.messages.map((m: Row) => m.to)).toEqual(['quiet@acme.example'])
		expect((await load('?status=failed')).data.messages.map((m: Row) => m.kind)).toEqual(['password_reset'])
		// Unknown values are ignored, not an error.
		expect((await load('?kind=bogus&status=nope')).data.total).toBe(232)
	})

	test('a reminder is never found by its recipient, and listed without one', async () => {
		const byRecipient = await load('?q=quiet')
		expect(byRecipient.data.messages.map((m: Row) => m.kind)).toEqual(['password_reset'])
		const combined = await load('?q=quiet&kind=pulse_reminder')
		expect(combined.data.total).toBe(0)
		const reminders = await load('?kind=pulse_reminder')
		expect(reminders.data.messages).toEqual([expect.objectContaining({ kind: 'pulse_reminder', to: null })])
		expect(JSON.stringify(reminders.data)).not.toContain('quiet@acme.example')
	})

	test("times are written in the organisation's zone and the app's date style", async () => {
		const last = await load('?kind=password_reset')
		// 10:00 UTC on 1 July is 06:00 in New York (summer time).
		expect(last.data.messages[0].created).toBe('Wed 1 Jul 2026, 06:00')
		expect(last.data.timeZone).toBe('America/New_York')
	})
})
