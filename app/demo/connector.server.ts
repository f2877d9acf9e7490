/**
 * The demo's Zendesk connector, so its health page has something to show: Customer Care/Email &
 * Chat's first replies of the history are re-keyed as the Zendesk tickets they stand for (the ids
 * a live webhook for the same ticket would land on), with the last two weeks' delivery counts,
 * the last deliveries and 42 events from a group nobody mapped yet ("Tier 2"). No webhook is
 * replayed: the figures the dashboard reads are the history's own, now connector-fed.
 */
import { randomBytes } from 'node:crypto'

import { and, eq, like, sql } from 'drizzle-orm'

import { createConnector, HEALTH_DAYS, RECENT_DELIVERIES } from '~/connectors/connectors.server'
import { encodeRecord } from '~/connectors/delivery-record'
import { generateSecret, hashProviderId } from '~/connectors/keys.server'
import { db } from '~/utils/db.server'
import { connectorDaily, connectorDeliveries, connectors, connectorUnmappedEvents, metricEvents, teams } from '~db/schema'

import { randomStream } from './history.server'

export const DEMO_CONNECTOR_TEAM = 'Customer Care/Email & Chat'
export const DEMO_ZENDESK_GROUP = '360001'
export const DEMO_UNMAPPED_GROUP = '360099'
export const DEMO_UNMAPPED_EVENTS = 42
const FIRST_TICKET = 30_000
const DAY = 86_400_000

export async function seedDemoConnector(orgId: string, now = new Date()) {
	const [team] = await db()
		.select({ id: teams.id })
		.from(teams)
		.where(and(eq(teams.orgId, orgId), eq(teams.path, DEMO_CONNECTOR_TEAM)))
	if (!team) return
	// A secret nobody knows: the demo's admin rotates it to connect a real Zendesk.
	const created = await createConnector(orgId, {
		provider: 'zendesk',
		name: 'Zendesk (Email & Chat)',
		secret: generateSecret(),
		mapping: { source: DEMO_ZENDESK_GROUP, teamId: team.id },
	})
	if (!created.ok) throw new Error(`demo connector: ${JSON.stringify(created.errors)}`)
	const connectorId = created.value.id
	const rnd = randomStream('connector:zendesk')

	const events = await db()
		.select({ externalId: metricEvents.externalId, startedAt: metricEvents.startedAt, endedAt: metricEvents.endedAt })
		.from(metricEvents)
		.where(and(eq(metricEvents.orgId, orgId), eq(metricEvents.teamId, team.id), eq(metricEvents.type, 'customer_response'), like(metricEvents.externalId, 'demo-reply-%')))
		.orderBy(metricEvents.startedAt)
	const rekeyed = events.map((e, i) => ({ ...e, newId: hashProviderId(orgId, 'zendesk', 'customer_response', String(FIRST_TICKET + i)) }))
	for (let i = 0; i < rekeyed.length; i += 500) {
		const part = rekeyed.slice(i, i + 500)
		await db().execute(sql`
			update metric_events m set external_id = v.new_id
			from (values ${sql.join(
				part.map((r) => sql`(${r.externalId}, ${r.newId})`),
				sql`, `,
			)}) as v(old_id, new_id)
			where m.org_id = ${orgId} and m.external_id = v.old_id`)
	}

	// Two weeks of deliveries: a ticket created and its first reply each a delivery; internal notes ignored.
	const since = now.getTime() - HEALTH_DAYS * DAY
	const days = new Map<string, { stored: number; ignored: number; replays: number; rejected: number; unmapped: number }>()
	const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10)
	const bump = (t: number, key: 'stored' | 'ignored' | 'replays' | 'rejected' | 'unmapped', by = 1) => {
		const d = days.get(dayOf(t)) ?? { stored: 0, ignored: 0, replays: 0, rejected: 0, unmapped: 0 }
		d[key] += by
		days.set(dayOf(t), d)
	}
	// Stored as the receiver stores them: counts and the provider module's reason as codes.
	const deliveries: { at: number; summary: string }[] = []
	const stored = encodeRecord({ stored: 1, unmapped: 0, ignored: null })
	for (const e of rekeyed) {
		const start = e.startedAt.getTime()
		if (start >= since && start <= now.getTime()) {
			bump(start, 'stored')
			deliveries.push({ at: start, summary: stored })
			if (rnd.next() < 0.3) {
				// An agent's internal note a minute later: the ticket again, nothing new to count.
				bump(start, 'ignored')
				deliveries.push({ at: start + 60_000, summary: encodeRecord({ stored: 1, unmapped: 0, ignored: { code: 'internalNote' } }) })
			}
			if (rnd.next() < 0.03) bump(start, 'replays')
		}
		const end = e.endedAt?.getTime()
		if (end && end >= since && end <= now.getTime()) {
			bump(end, 'stored')
			deliveries.push({ at: end, summary: stored })
		}
	}
	const aside = Array.from({ length: DEMO_UNMAPPED_EVENTS }, (_, i) => {
		const startedAt = new Date(since + rnd.next() * (now.getTime() - since - DAY))
		const minutes = 20 + rnd.int(0, 600)
		bump(startedAt.getTime(), 'unmapped')
		deliveries.push({ at: startedAt.getTime(), summary: encodeRecord({ stored: 0, unmapped: 1, ignored: null }) })
		return {
			orgId,
			connectorId,
			externalId: hashProviderId(orgId, 'zendesk', 'customer_response', String(FIRST_TICKET + rekeyed.length + i)),
			source: DEMO_UNMAPPED_GROUP,
			type: 'customer_response' as const,
			startedAt,
			endedAt: i % 7 === 0 ? null : new Date(startedAt.getTime() + minutes * 60_000),
			channel: rnd.pick(['email', 'web_form', 'chat']),
			receivedAt: startedAt,
		}
	})
	// One stale signature a week ago: the health page shows refusals are counted, not hidden.
	bump(now.getTime() - 7 * DAY, 'rejected')
	if (aside.length) await db().insert(connectorUnmappedEvents).values(aside)
	if (days.size)
		await db()
			.insert(connectorDaily)
			.values([...days].map(([day, counts]) => ({ orgId, connectorId, day, ...counts })))
	const recent = deliveries.sort((a, b) => b.at - a.at).slice(0, RECENT_DELIVERIES)
	if (recent.length)
		await db()
			.insert(connectorDeliveries)
			.values(recent.map((d) => ({ orgId, connectorId, digest: randomBytes(32).toString('hex'), receivedAt: new Date(d.at), summary: d.summary })))
	await db()
		.update(connectors)
		.set({ lastDeliveryAt: recent[0] ? new Date(recent[0].at) : null, createdAt: new Date(since) })
		.where(and(eq(connectors.orgId, orgId), eq(connectors.id, connectorId)))
}
