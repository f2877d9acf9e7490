/** What every provider's test checks the same way: counts on the health table, rows stored. */
import { and, eq } from 'drizzle-orm'
import { expect } from 'vitest'

import { db } from '~/utils/db.server'
import { connectorDaily, connectorUnmappedEvents, metricEvents } from '~db/schema'

export interface Target {
	orgSlug: string
	connectorId: string
	secret: string
	orgId: string
}

export async function storedEvents(orgId: string) {
	return db().select().from(metricEvents).where(eq(metricEvents.orgId, orgId))
}

export async function asideEvents(orgId: string) {
	return db().select().from(connectorUnmappedEvents).where(eq(connectorUnmappedEvents.orgId, orgId))
}

/** The health page's counters for the connector, summed over days. */
export async function counters(target: Target) {
	const rows = await db()
		.select()
		.from(connectorDaily)
		.where(and(eq(connectorDaily.orgId, target.orgId), eq(connectorDaily.connectorId, target.connectorId)))
	const sum = { stored: 0, unmapped: 0, ignored: 0, replays: 0, rejected: 0 }
	for (const r of rows) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r[k]
	return sum
}

/** Sends, and checks that nothing at all was stored (events, events aside). */
export async function expectNothingStored(orgId: string, send: () => Promise<{ status: number; data?: unknown }>, status: number) {
	const before = [(await storedEvents(orgId)).length, (await asideEvents(orgId)).length]
	const answer = await send()
	expect(answer.status).toBe(status)
	expect([(await storedEvents(orgId)).length, (await asideEvents(orgId)).length]).toEqual(before)
	return answer
}

export const minutes = (e: { startedAt: Date; endedAt: Date | null }) => (e.endedAt!.getTime() - e.startedAt.getTime()) / 60_000
