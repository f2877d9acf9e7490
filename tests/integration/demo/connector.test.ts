/**
 * The demo's Zendesk connector as an admin opens it: Email & Chat's first replies come from it
 * (keyed as Zendesk tickets, the same figures the dashboard already read), its health page has
 * two weeks of counts and the last deliveries, and 42 events from group 360099 wait for a team —
 * until the admin maps it, when they join that team's figures.
 */
import { and, eq, like } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { connectorHealth, listConnectors, setMapping } from '~/connectors/connectors.server'
import { DEMO_CONNECTOR_TEAM, DEMO_UNMAPPED_EVENTS, DEMO_UNMAPPED_GROUP, DEMO_ZENDESK_GROUP } from '~/demo/connector.server'
import { DEMO_SLUG, seedDemo } from '~/demo/seed.server'
import { db } from '~/utils/db.server'
import { metricEvents, organizations, teams } from '~db/schema'

import { useTestDatabase } from '../../support/db'

useTestDatabase()

let orgId: string
let teamId: string

beforeAll(async () => {
	await seedDemo()
	const [org] = await db().select().from(organizations).where(eq(organizations.slug, DEMO_SLUG))
	orgId = org!.id
	const [team] = await db()
		.select()
		.from(teams)
		.where(and(eq(teams.orgId, orgId), eq(teams.path, DEMO_CONNECTOR_TEAM)))
	teamId = team!.id
}, 600_000)

describe('the demo connector', () => {
	test('Email & Chat’s first replies are Zendesk tickets; the health page has history and unmapped events', async () => {
		const [connector] = await listConnectors(orgId)
		expect(connector).toMatchObject({ provider: 'zendesk', unmapped: DEMO_UNMAPPED_EVENTS, disabledAt: null, lastError: null })
		expect(connector!.lastDeliveryAt).not.toBeNull()
		const replies = await db()
			.select()
			.from(metricEvents)
			.where(and(eq(metricEvents.orgId, orgId), eq(metricEvents.teamId, teamId), eq(metricEvents.type, 'customer_response')))
		expect(replies.length).toBeGreaterThan(100)
		expect(replies.every((r) => r.externalId.startsWith('zendesk:'))).toBe(true)
		const health = (await connectorHealth(orgId, connector!.id))!
		expect(health.mappings).toEqual([expect.objectContaining({ source: DEMO_ZENDESK_GROUP, teamPath: DEMO_CONNECTOR_TEAM })])
		expect(health.unmapped).toEqual([expect.objectContaining({ source: DEMO_UNMAPPED_GROUP, events: DEMO_UNMAPPED_EVENTS })])
		expect(health.days.reduce((n, d) => n + d.stored, 0)).toBeGreaterThan(10)
		expect(health.deliveries.length).toBeGreaterThan(5)
	})

	test('mapping the waiting group moves its 42 events onto a team', async () => {
		const [connector] = await listConnectors(orgId)
		const [phone] = await db()
			.select()
			.from(teams)
			.where(and(eq(teams.orgId, orgId), eq(teams.path, 'Customer Care/Phone')))
		const before = await db()
			.select()
			.from(metricEvents)
			.where(and(eq(metricEvents.orgId, orgId), like(metricEvents.externalId, 'zendesk:%'), eq(metricEvents.teamId, phone!.id)))
		expect(before).toEqual([])
		expect(await setMapping(orgId, connector!.id, DEMO_UNMAPPED_GROUP, phone!.id)).toEqual({ ok: true, value: { released: DEMO_UNMAPPED_EVENTS } })
		expect((await listConnectors(orgId))[0]!.unmapped).toBe(0)
	})
})
