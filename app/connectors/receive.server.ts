/**
 * One webhook delivery, the same way for every provider: find the connector (within the
 * organisation of the URL: another organisation's connector is 404), check the signature on the
 * raw bytes with the connector's secrets (401 and nothing stored otherwise), ignore a delivery
 * already taken (same signed body), then parse, map and store through the one ingest path
 * (app/metrics/ingest.server.ts). Events of a provider group with no team are kept aside in
 * connector_unmapped_events, never dropped.
 */
import { createHash } from 'node:crypto'

import { and, eq, lt, sql } from 'drizzle-orm'

import { CLOCK_SKEW_MS, type ValidEvent } from '~/metrics/event-schema.server'
import { isTeamDeleted, upsertEvents, upsertEventsIn } from '~/metrics/ingest.server'
import { db, type Tx } from '~/utils/db.server'
import { isUuid } from '~/utils/http'
import { connectorDaily, connectorDeliveries, connectors, connectorTeamMaps, connectorUnmappedEvents, metricEvents, organizations } from '~db/schema'

import { type ConnectorProblem, encodeRecord } from './delivery-record'
import { decryptSecret, hashProviderId } from './keys.server'
import { type IgnoredReason, ignoredText, type MappedEvent } from './provider'
import { providerFor } from './registry'

/** A delivery is one ticket or conversation update: a megabyte is far more than any provider sends. */
export const MAX_DELIVERY_BYTES = 1024 * 1024
/** Delivery digests kept this long for replay detection; later replays still store nothing twice (ids are the key). */
export const DELIVERY_MEMORY_DAYS = 7
/** Name of a provider group that sent no group. */
export const NO_SOURCE = '(none)'

export interface ReceiveAnswer {
	status: number
	body: Record<string, unknown>
}

const answer = (status: number, body: Record<string, unknown>): ReceiveAnswer => ({ status, body })
export const DISABLED = answer(403, { error: 'This connector is disabled. An admin can enable it again under Admin › Connectors.' })
export const NOT_FOUND = answer(404, { error: 'No such connector. Copy the webhook address again from Admin › Connectors.' })

type Counter = 'stored' | 'unmapped' | 'ignored' | 'replays' | 'rejected'

async function count(orgId: string, connectorId: string, now: number, counts: Partial<Record<Counter, number>>) {
	const day = new Date(now).toISOString().slice(0, 10)
	const values = { stored: 0, unmapped: 0, ignored: 0, replays: 0, rejected: 0, ...counts }
	await db()
		.insert(connectorDaily)
		.values({ orgId, connectorId, day, ...values })
		.onConflictDoUpdate({
			target: [connectorDaily.orgId, connectorDaily.connectorId, connectorDaily.day],
			set: {
				stored: sql`${connectorDaily.stored} + ${values.stored}`,
				unmapped: sql`${connectorDaily.unmapped} + ${values.unmapped}`,
				ignored: sql`${connectorDaily.ignored} + ${values.ignored}`,
				replays: sql`${connectorDaily.replays} + ${values.replays}`,
				rejected: sql`${connectorDaily.rejected} + ${values.rejected}`,
			},
		})
}

async function noteError(orgId: string, connectorId: string, now: number, problem: ConnectorProblem) {
	await db()
		.update(connectors)
		.set({ lastError: encodeRecord(problem), lastErrorAt: new Date(now) })
		.where(and(eq(connectors.orgId, orgId), eq(connectors.id, connectorId)))
}

/** The connector behind a webhook address, only within the organisation the address names. */
export async function findConnector(orgSlug: string, connectorId: string) {
	if (!isUuid(connectorId) || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(orgSlug)) return null
	const [row] = await db()
		.select({ connector: connectors })
		.from(connectors)
		.innerJoin(organizations, eq(organizations.id, connectors.orgId))
		.where(and(eq(organizations.slug, orgSlug), eq(connectors.id, connectorId)))
	return row?.connector ?? null
}

export type ConnectorRow = typeof connectors.$inferSelect

/** The secrets a delivery may be signed with now: the current one, and the previous one during its grace period. */
export function acceptedSecrets(connector: ConnectorRow, now: number): string[] {
	const secrets = [decryptSecret(connector.secretEncrypted, connector.id)]
	if (connector.previousSecretEncrypted && connector.previousValidUntil && connector.previousValidUntil.getTime() > now)
		secrets.push(decryptSecret(connector.previousSecretEncrypted, connector.id))
	return secrets.filter((s): s is string => s !== null)
}

/**
 * Checks a delivery's signature and stores what it says. `body` is the raw bytes, already read
 * within MAX_DELIVERY_BYTES by the route.
 */
export async function receiveDelivery(connector: ConnectorRow, headers: Headers, body: Buffer, now = Date.now()): Promise<ReceiveAnswer> {
	const provider = providerFor(connector.provider)
	if (!provider) return NOT_FOUND
	const { orgId, id: connectorId } = connector
	// Disabled: refused before anything else, so a disabled connector costs no decryption and stores nothing.
	if (connector.disabledAt) return DISABLED
	const verified = provider.verify({ headers, body, now }, acceptedSecrets(connector, now))
	if (!verified.ok) {
		await count(orgId, connectorId, now, { rejected: 1 })
		await noteError(orgId, connectorId, now, { code: 'refused', refusal: verified.refusal })
		return answer(401, { error: 'The signature does not match this connector’s secret.' })
	}
	const digest = createHash('sha256').update(body).digest('hex')
	const [seen] = await db()
		.select({ digest: connectorDeliveries.digest })
		.from(connectorDeliveries)
		.where(and(eq(connectorDeliveries.orgId, orgId), eq(connectorDeliveries.connectorId, connectorId), eq(connectorDeliveries.digest, digest)))
	if (seen) {
		await count(orgId, connectorId, now, { replays: 1 })
		return answer(200, { ignored: 'This delivery was already received.' })
	}
	let payload: unknown
	try {
		payload = JSON.parse(body.toString('utf8'))
	} catch {
		await noteError(orgId, connectorId, now, { code: 'notJson' })
		return answer(400, { error: 'The body is not valid JSON.' })
	}
	const mapped = provider.map(payload, { includeBots: connector.includeBots, now, headers })
	const outcome = { stored: 0, unmapped: 0, ignored: 0 }
	for (const event of mapped.events) {
		const result = await storeEvent(db(), connector, event, now)
		outcome[result]++
	}
	if (!mapped.events.length) outcome.ignored++
	// Remembered only once stored: a delivery that failed half-way is taken again when the provider retries.
	await db()
		.insert(connectorDeliveries)
		.values({ orgId, connectorId, digest, receivedAt: new Date(now), summary: summarise(outcome, mapped.ignored) })
		.onConflictDoNothing()
	await count(orgId, connectorId, now, outcome)
	await db()
		.update(connectors)
		.set({ lastDeliveryAt: new Date(now) })
		.where(and(eq(connectors.orgId, orgId), eq(connectors.id, connectorId)))
	return answer(200, { ...outcome, ...(mapped.ignored ? { note: ignoredText(mapped.ignored) } : {}) })
}

/** The health page's line for one delivery: counts and the provider module's reason (a code), never anything from the body. */
function summarise(outcome: { stored: number; unmapped: number }, ignored: IgnoredReason | undefined): string {
	return encodeRecord({ stored: outcome.stored, unmapped: outcome.unmapped, ignored: ignored ?? null })
}

const earliest = (...times: (string | Date | null | undefined)[]) => {
	const ms = times.filter((t): t is string | Date => t !== null && t !== undefined).map((t) => new Date(t).getTime())
	return ms.length ? new Date(Math.min(...ms)).toISOString() : null
}

/**
 * Merges one mapped event with what is already known of the same object (deliveries come in any
 * order: the reply may arrive before the ticket): the earliest start, the earliest reply or
 * decision after it. Then stores it on its team, or aside when its group has no team. Webhooks and
 * backfills (within the transaction `q` of their page) store through here alike.
 */
export async function storeEvent(tx: Tx, connector: ConnectorRow, event: MappedEvent, now: number): Promise<'stored' | 'unmapped' | 'ignored'> {
	const { orgId, id: connectorId } = connector
	const externalId = hashProviderId(orgId, connector.provider, event.type, event.providerId)
	const [known] = await tx
		.select({
			startedAt: metricEvents.startedAt,
			endedAt: metricEvents.endedAt,
			teamId: metricEvents.teamId,
			channel: metricEvents.channel,
			approvals: metricEvents.approvals,
			outcome: metricEvents.outcome,
		})
		.from(metricEvents)
		.where(and(eq(metricEvents.orgId, orgId), eq(metricEvents.externalId, externalId)))
	const [aside] = known
		? []
		: await tx
				.select()
				.from(connectorUnmappedEvents)
				.where(and(eq(connectorUnmappedEvents.orgId, orgId), eq(connectorUnmappedEvents.connectorId, connectorId), eq(connectorUnmappedEvents.externalId, externalId)))
	const before = known ?? aside
	const startedAt = earliest(before?.startedAt, event.startedAt) ?? event.fallbackStart ?? null
	if (!startedAt || new Date(startedAt).getTime() > now + CLOCK_SKEW_MS) return 'ignored'
	// A reply or decision before the start cannot be one (a note copied in from elsewhere): not an end.
	const ends = [before?.endedAt, event.endedAt].filter((t) => t && new Date(t).getTime() >= new Date(startedAt).getTime() && new Date(t).getTime() <= now + CLOCK_SKEW_MS)
	const endedAt = earliest(...ends)
	const source = event.source ?? aside?.source ?? NO_SOURCE
	const merged = {
		type: event.type,
		startedAt,
		endedAt,
		channel: event.channel ?? before?.channel ?? null,
		approvals: event.approvals ?? before?.approvals ?? null,
		outcome: (endedAt === null ? null : ((event.endedAt === endedAt ? event.outcome : before?.outcome) ?? null)) as ValidEvent['outcome'],
	}
	const [mapping] = await tx
		.select({ teamId: connectorTeamMaps.teamId })
		.from(connectorTeamMaps)
		.where(and(eq(connectorTeamMaps.orgId, orgId), eq(connectorTeamMaps.connectorId, connectorId), eq(connectorTeamMaps.source, source)))
	// Moved to a group with no team: it stays with the team it was counted for, rather than vanishing from it.
	const teamId = mapping?.teamId ?? known?.teamId
	if (!teamId) {
		await tx
			.insert(connectorUnmappedEvents)
			.values({ orgId, connectorId, externalId, source, ...merged, startedAt: new Date(startedAt), endedAt: endedAt ? new Date(endedAt) : null, receivedAt: new Date(now) })
			.onConflictDoUpdate({
				target: [connectorUnmappedEvents.orgId, connectorUnmappedEvents.connectorId, connectorUnmappedEvents.externalId],
				set: { source, ...merged, startedAt: new Date(startedAt), endedAt: endedAt ? new Date(endedAt) : null, receivedAt: new Date(now) },
			})
		return 'unmapped'
	}
	try {
		await upsertEventsIn(tx, orgId, [{ id: externalId, teamId, ...merged }])
	} catch (error) {
		// The mapped team was deleted a moment ago: keep the event aside rather than lose it.
		if (!isTeamDeleted(error)) throw error
		return storeEvent(tx, connector, { ...event, source: `${source} (team deleted)` }, now)
	}
	if (aside)
		await tx
			.delete(connectorUnmappedEvents)
			.where(and(eq(connectorUnmappedEvents.orgId, orgId), eq(connectorUnmappedEvents.connectorId, connectorId), eq(connectorUnmappedEvents.externalId, externalId)))
	return 'stored'
}

/** Moves the events kept aside for a group into metric_events once the group has a team. */
export async function releaseUnmapped(orgId: string, connectorId: string, source: string, teamId: string): Promise<number> {
	const rows = await db()
		.select()
		.from(connectorUnmappedEvents)
		.where(and(eq(connectorUnmappedEvents.orgId, orgId), eq(connectorUnmappedEvents.connectorId, connectorId), eq(connectorUnmappedEvents.source, source)))
	if (!rows.length) return 0
	await upsertEvents(
		orgId,
		rows.map((r) => ({
			id: r.externalId,
			type: r.type,
			teamId,
			startedAt: r.startedAt.toISOString(),
			endedAt: r.endedAt?.toISOString() ?? null,
			channel: r.channel,
			approvals: r.approvals,
			outcome: r.outcome,
		})),
	)
	await db()
		.delete(connectorUnmappedEvents)
		.where(and(eq(connectorUnmappedEvents.orgId, orgId), eq(connectorUnmappedEvents.connectorId, connectorId), eq(connectorUnmappedEvents.source, source)))
	return rows.length
}

/** Forgets delivery digests older than DELIVERY_MEMORY_DAYS (run by the scheduler's housekeeping or by hand). */
export async function pruneDeliveries(now = Date.now()) {
	await db()
		.delete(connectorDeliveries)
		.where(lt(connectorDeliveries.receivedAt, new Date(now - DELIVERY_MEMORY_DAYS * 86_400_000)))
}
