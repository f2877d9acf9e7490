/**
 * Zendesk end to end: an admin's connector receives Zendesk's documented ticket events, signed
 * as Zendesk signs them, and the first reply time stored equals Zendesk's own reply time
 * (calendar minutes). The attacks: a wrong or another organisation's secret, a tampered body, a
 * stale or replayed delivery, another organisation's connector, an oversized body — each
 * refused with nothing stored.
 */
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { createConnector, setMapping } from '~/connectors/connectors.server'
import { MAX_DELIVERY_BYTES } from '~/connectors/receive.server'
import * as hookRoute from '~/routes/api+/v1.hooks.$orgSlug.$connectorId'
import { db } from '~/utils/db.server'
import { auditEvents, connectorDaily, connectors, connectorUnmappedEvents, metricEvents } from '~db/schema'

import { hookRequest, sendHook } from '../../support/connectors'
import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam } from '../../support/fixtures'
import { call } from '../../support/requests'

useTestDatabase()

const SECRET = 'dGhpcyBpcyBhIHplbmRlc2sgc2lnbmluZyBzZWNyZXQ='
const OTHER_SECRET = 'YW5vdGhlciBvcmdhbmlzYXRpb24ncyBzaWduaW5nIHNlY3JldA=='
let target: { orgSlug: string; connectorId: string; secret: string; orgId: string }
let other: { orgSlug: string; connectorId: string; secret: string; orgId: string }
let careTeam: string

/** Zendesk's ticket event payloads (developer.zendesk.com › Webhooks › Ticket events), with a subject and description that must never be stored. */
function ticketCreated(ticketId: string, createdAt: string, groupId: string | null) {
	return {
		type: 'zen:event-type:ticket.created',
		account_id: 21825834,
		id: `01HN${ticketId}CREATED`,
		time: createdAt,
		zendesk_event_version: '2022-11-06',
		subject: `zen:ticket:${ticketId}`,
		detail: {
			actor_id: '8447388090494',
			assignee_id: null,
			brand_id: '8447346621310',
			created_at: createdAt,
			description: 'My order never arrived — Jane Customer, jane@example.com',
			group_id: groupId,
			id: ticketId,
			is_public: true,
			requester_id: '8447388090494',
			status: 'NEW',
			subject: 'Where is my parcel?',
			tags: [],
			type: null,
			updated_at: createdAt,
			via: { channel: 'web_form' },
		},
		event: { meta: { sequence: { id: 'b', position: 1 } } },
	}
}

function commentAdded(ticketId: string, createdAt: string, groupId: string | null, at: string, comment: { isPublic: boolean; staff: boolean; authorId?: string }) {
	return {
		type: 'zen:event-type:ticket.comment_added',
		account_id: 21825834,
		id: `01HN${ticketId}${at}`,
		time: at,
		zendesk_event_version: '2022-11-06',
		subject: `zen:ticket:${ticketId}`,
		detail: { ...ticketCreated(ticketId, createdAt, groupId).detail, updated_at: at, status: 'OPEN' },
		event: {
			comment: {
				author: { id: comment.authorId ?? (comment.staff ? '8447388090501' : '8447388090494'), is_staff: comment.staff, name: 'Sam Agent' },
				body: 'Thanks Jane, your parcel is on its way.',
				id: `${at}-c`,
				is_public: comment.isPublic,
			},
			meta: { sequence: { id: 'c', position: 1 } },
		},
	}
}

async function storedEvents(orgId: string) {
	return db().select().from(metricEvents).where(eq(metricEvents.orgId, orgId))
}

beforeAll(async () => {
	const org = await makeOrg()
	const otherOrg = await makeOrg()
	careTeam = await makeTeam(org.id, 'Care')
	await makeTeam(org.id, 'Care/Tier 2')
	const created = await createConnector(org.id, { provider: 'zendesk', name: 'Support desk', secret: SECRET })
	const otherCreated = await createConnector(otherOrg.id, { provider: 'zendesk', name: 'Theirs', secret: OTHER_SECRET })
	if (!created.ok || !otherCreated.ok) throw new Error('connectors not created')
	target = { orgSlug: org.slug, connectorId: created.value.id, secret: SECRET, orgId: org.id }
	other = { orgSlug: otherOrg.slug, connectorId: otherCreated.value.id, secret: OTHER_SECRET, orgId: otherOrg.id }
	expect((await setMapping(org.id, target.connectorId, '360001', careTeam)).ok).toBe(true)
})

describe('Zendesk connector', () => {
	test('a ticket and its first public agent reply become one event with Zendesk’s reply time, hashed id, nothing personal', async () => {
		// Zendesk's ticket metric for this ticket: reply_time_in_minutes.calendar = 137.
		const created = '2026-11-30T09:12:00Z'
		expect(await sendHook('zendesk', target, ticketCreated('35436', created, '360001'))).toMatchObject({ status: 200, data: { stored: 1 } })
		// The customer writes again, an agent leaves an internal note: neither is the first reply.
		await sendHook('zendesk', target, commentAdded('35436', created, '360001', '2026-11-30T09:40:00Z', { isPublic: true, staff: false }))
		await sendHook('zendesk', target, commentAdded('35436', created, '360001', '2026-11-30T10:02:00Z', { isPublic: false, staff: true }))
		let [event] = await storedEvents(target.orgId)
		expect(event).toMatchObject({ type: 'customer_response', teamId: careTeam, endedAt: null, channel: 'web_form' })
		// A trigger's public comment (Zendesk's system author) is not a reply unless bots count.
		await sendHook('zendesk', target, commentAdded('35436', created, '360001', '2026-11-30T10:30:00Z', { isPublic: true, staff: true, authorId: '-1' }))
		expect((await storedEvents(target.orgId))[0]!.endedAt).toBeNull()
		await sendHook('zendesk', target, commentAdded('35436', created, '360001', '2026-11-30T11:29:00Z', { isPublic: true, staff: true }))
		// A later public reply does not move the first one.
		await sendHook('zendesk', target, commentAdded('35436', created, '360001', '2026-11-30T15:00:00Z', { isPublic: true, staff: true }))
		const rows = await storedEvents(target.orgId)
		expect(rows).toHaveLength(1)
		event = rows[0]!
		expect((event.endedAt!.getTime() - event.startedAt.getTime()) / 60_000).toBe(137)
		// The ticket number cannot be read back from what is stored, nor anything the customer wrote.
		expect(event.externalId).not.toContain('35436')
		expect(event.externalId).toMatch(/^zendesk:[A-Za-z0-9_-]{43}$/)
		const everything = JSON.stringify(await db().select().from(metricEvents)) + JSON.stringify(await db().select().from(connectorUnmappedEvents))
		for (const personal of ['Jane', 'jane@example.com', 'parcel', '35436']) expect(everything).not.toContain(personal)
	})

	test('the reply arriving before the ticket (out of order) gives the same figure', async () => {
		const created = '2026-11-29T08:00:00Z'
		await sendHook('zendesk', target, commentAdded('40001', created, '360001', '2026-11-29T08:25:00Z', { isPublic: true, staff: true }))
		await sendHook('zendesk', target, ticketCreated('40001', created, '360001'))
		const rows = (await storedEvents(target.orgId)).filter((r) => r.startedAt.toISOString() === '2026-11-29T08:00:00.000Z')
		expect(rows).toHaveLength(1)
		expect((rows[0]!.endedAt!.getTime() - rows[0]!.startedAt.getTime()) / 60_000).toBe(25)
	})

	test('a group with no team is kept aside and counted, then moved to the team once mapped', async () => {
		await sendHook('zendesk', target, ticketCreated('50001', '2026-11-28T10:00:00Z', '360099'))
		await sendHook('zendesk', target, ticketCreated('50002', '2026-11-28T11:00:00Z', '360099'))
		const before = (await storedEvents(target.orgId)).length
		const aside = await db().select().from(connectorUnmappedEvents).where(eq(connectorUnmappedEvents.orgId, target.orgId))
		expect(aside.map((a) => a.source)).toEqual(['360099', '360099'])
		const tier2 = await makeTeam(target.orgId, 'Care/Tier 2')
		const mapped = await setMapping(target.orgId, target.connectorId, '360099', tier2)
		expect(mapped).toEqual({ ok: true, value: { released: 2 } })
		expect(await db().select().from(connectorUnmappedEvents).where(eq(connectorUnmappedEvents.orgId, target.orgId))).toEqual([])
		const after = await storedEvents(target.orgId)
		expect(after.length).toBe(before + 2)
		expect(after.filter((e) => e.teamId === tier2)).toHaveLength(2)
	})
})

describe('Zendesk deliveries that must store nothing', () => {
	const fresh = (n: number) => ticketCreated(`9${n}`, '2026-11-27T10:00:00Z', '360001')

	async function nothingStoredBy(send: () => Promise<{ status: number }>, status: number) {
		const before = (await storedEvents(target.orgId)).length
		const asideBefore = (await db().select().from(connectorUnmappedEvents)).length
		const answer = await send()
		expect(answer.status).toBe(status)
		expect((await storedEvents(target.orgId)).length).toBe(before)
		expect((await db().select().from(connectorUnmappedEvents)).length).toBe(asideBefore)
	}

	test('wrong secret, another organisation’s secret, a tampered body, no signature, a stale timestamp: 401', async () => {
		const [dayBefore] = await db()
			.select()
			.from(connectorDaily)
			.where(and(eq(connectorDaily.orgId, target.orgId), eq(connectorDaily.connectorId, target.connectorId)))
		await nothingStoredBy(() => sendHook('zendesk', target, fresh(1), { secret: 'd3Jvbmcgc2VjcmV0IGZvciB0aGlzIG9uZQ==' }), 401)
		await nothingStoredBy(() => sendHook('zendesk', target, fresh(2), { secret: OTHER_SECRET }), 401)
		await nothingStoredBy(() => sendHook('zendesk', target, fresh(3), { tamper: (b) => b.replace('360001', '360002') }), 401)
		await nothingStoredBy(() => sendHook('zendesk', target, fresh(4), { headers: { 'X-Zendesk-Webhook-Signature': '' } }), 401)
		// Signed right, but six minutes ago: a captured delivery sent again later.
		await nothingStoredBy(() => sendHook('zendesk', target, fresh(5), { signedAt: Date.now() - 6 * 60_000 }), 401)
		const [dayAfter] = await db()
			.select()
			.from(connectorDaily)
			.where(and(eq(connectorDaily.orgId, target.orgId), eq(connectorDaily.connectorId, target.connectorId)))
		expect(dayAfter!.rejected - (dayBefore?.rejected ?? 0)).toBe(5)
		const [row] = await db().select().from(connectors).where(eq(connectors.id, target.connectorId))
		// Stored as a code with its data; the health page words it in the admin's language.
		expect(JSON.parse(row!.lastError!)).toEqual({ code: 'refused', refusal: { code: 'timestampOutsideWindow', minutes: 5 } })
	})

	test('the same delivery twice is taken once (the second is a replay, ignored)', async () => {
		const payload = fresh(6)
		const body = JSON.stringify(payload)
		const first = await sendHook('zendesk', target, payload, { raw: body })
		expect(first).toMatchObject({ status: 200, data: { stored: 1 } })
		await nothingStoredBy(async () => {
			const again = await sendHook('zendesk', target, payload, { raw: body })
			expect(again.data).toEqual({ ignored: 'This delivery was already received.' })
			return again
		}, 200)
	})

	test('another organisation’s connector under this organisation’s address is 404, and so is an unknown one', async () => {
		await nothingStoredBy(() => sendHook('zendesk', { ...other, orgSlug: target.orgSlug }, fresh(7)), 404)
		await nothingStoredBy(() => sendHook('zendesk', { ...target, connectorId: '00000000-0000-4000-8000-000000000000' }, fresh(8)), 404)
		await nothingStoredBy(() => sendHook('zendesk', { ...target, connectorId: 'not-a-uuid' }, fresh(9)), 404)
		expect(await storedEvents(other.orgId)).toEqual([])
	})

	test('a body over the limit is refused (413) without being read in full', async () => {
		const huge = JSON.stringify({ ...fresh(10), padding: 'x'.repeat(MAX_DELIVERY_BYTES) })
		await nothingStoredBy(() => sendHook('zendesk', target, null, { raw: huge }), 413)
		// Without a Content-Length (chunked), the reader stops at the limit.
		const stream = new ReadableStream({
			start(controller) {
				for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(128 * 1024)))
				controller.close()
			},
		})
		const request = new Request(hookRequest(target.orgSlug, target.connectorId, '', {}).url, { method: 'POST', body: stream, duplex: 'half' } as RequestInit)
		await nothingStoredBy(() => call(hookRoute.action, request, { orgSlug: target.orgSlug, connectorId: target.connectorId }), 413)
	})

	test('a connector’s creation is audited and its secret is not stored in clear', async () => {
		const [row] = await db().select().from(connectors).where(eq(connectors.id, target.connectorId))
		expect(JSON.stringify(row)).not.toContain(SECRET)
		expect(row!.secretEncrypted).toMatch(/^v1\./)
		const audit = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, target.orgId), eq(auditEvents.action, 'connector.created')))
		expect(audit).toHaveLength(1)
		expect(JSON.stringify(audit)).not.toContain(SECRET)
	})
})
