/**
 * Managing connectors: create one (its secret generated and shown once, or pasted from the
 * provider), rotate the secret (the old one keeps working for ROTATION_GRACE_HOURS), map the
 * provider's groups to teams, delete; each change audited. And the health of each: last
 * delivery, last error, counts per day, events waiting for a team.
 */
import { and, desc, eq, gte, sql } from 'drizzle-orm'

import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { isUuid } from '~/utils/http'
import { fail, ok, type Result } from '~/utils/result'
import { hasNul, NUL_MESSAGE } from '~/utils/text'
import { connectorDaily, connectorDeliveries, connectorProviders, connectors, connectorTeamMaps, connectorUnmappedEvents, teams } from '~db/schema'

import { backfillStatuses } from './backfill.server'
import { encryptSecret, generateSecret } from './keys.server'
import { releaseUnmapped } from './receive.server'
import { providerFor } from './registry'

export const ROTATION_GRACE_HOURS = 24
export const MAX_CONNECTOR_NAME = 80
export const MAX_SOURCE_LENGTH = 200
const MIN_PASTED_SECRET = 16
const MAX_PASTED_SECRET = 500

export interface CreatedConnector {
	id: string
	name: string
	provider: string
	/** Only for secrets we generated: shown this once. */
	secret: string | null
}

function checkPastedSecret(raw: string | undefined): Result<string> {
	const secret = (raw ?? '').trim()
	if (!secret) return fail({ secret: 'Paste the signing secret the provider shows for this webhook.' })
	if (hasNul(secret)) return fail({ secret: NUL_MESSAGE })
	if (secret.length < MIN_PASTED_SECRET || secret.length > MAX_PASTED_SECRET)
		return fail({ secret: `A signing secret is ${MIN_PASTED_SECRET} to ${MAX_PASTED_SECRET} characters; check that the whole secret was copied.` })
	return ok(secret)
}

/** A provider group name and a team of this organisation, checked before anything is written. */
async function checkMapping(orgId: string, rawSource: string, teamId: string): Promise<Result<{ source: string; teamId: string; teamPath: string }>> {
	const source = rawSource.trim()
	if (!source) return fail({ source: 'Give the provider’s group, team, project or repository as it sends it.' })
	if (hasNul(source)) return fail({ source: NUL_MESSAGE })
	if (source.length > MAX_SOURCE_LENGTH) return fail({ source: `At most ${MAX_SOURCE_LENGTH} characters.` })
	const [team] = isUuid(teamId)
		? await db()
				.select({ id: teams.id, path: teams.path })
				.from(teams)
				.where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)))
		: []
	if (!team) return fail({ teamId: 'Choose a team from the list.' })
	return ok({ source, teamId: team.id, teamPath: team.path })
}

export async function createConnector(
	orgId: string,
	input: { provider: string; name: string; secret?: string; includeBots?: boolean; mapping?: { source: string; teamId: string } },
	actor: AuditActor = SYSTEM_ACTOR,
): Promise<Result<CreatedConnector>> {
	const provider = providerFor(input.provider)
	if (!provider) return fail({ provider: `Choose a provider: ${connectorProviders.join(', ')}.` })
	const name = input.name.trim().replace(/\s+/g, ' ') || provider.label
	if (hasNul(name)) return fail({ name: NUL_MESSAGE })
	if (name.length > MAX_CONNECTOR_NAME) return fail({ name: `At most ${MAX_CONNECTOR_NAME} characters.` })
	let secret: string
	if (provider.secretFrom === 'provider') {
		const pasted = checkPastedSecret(input.secret)
		if (!pasted.ok) return pasted
		secret = pasted.value
	} else secret = generateSecret()
	// The first mapping is checked before the connector exists: a bad team stores nothing at all.
	const mapping = input.mapping && (input.mapping.source.trim() || input.mapping.teamId) ? await checkMapping(orgId, input.mapping.source, input.mapping.teamId) : null
	if (mapping && !mapping.ok) return mapping
	const id = crypto.randomUUID()
	await db().transaction(async (tx) => {
		await tx.insert(connectors).values({ orgId, id, provider: provider.id, name, secretEncrypted: encryptSecret(secret, id), includeBots: input.includeBots ?? false })
		await recordAudit(tx, orgId, { actor, action: 'connector.created', target: id, detail: { tool: provider.id, name } })
		if (mapping?.ok) {
			await tx.insert(connectorTeamMaps).values({ orgId, connectorId: id, source: mapping.value.source, teamId: mapping.value.teamId })
			await recordAudit(tx, orgId, { actor, action: 'connector.mapping_changed', target: id, detail: { name, source: mapping.value.source, team: mapping.value.teamPath } })
		}
	})
	return ok({ id, name, provider: provider.id, secret: provider.secretFrom === 'generated' ? secret : null })
}

export async function listConnectors(orgId: string) {
	return db()
		.select({
			id: connectors.id,
			provider: connectors.provider,
			name: connectors.name,
			createdAt: connectors.createdAt,
			secretSetAt: connectors.secretSetAt,
			lastDeliveryAt: connectors.lastDeliveryAt,
			lastError: connectors.lastError,
			lastErrorAt: connectors.lastErrorAt,
			includeBots: connectors.includeBots,
			disabledAt: connectors.disabledAt,
			// Qualified by hand: drizzle writes a column of the outer table without its table name,
			// which inside the subquery would name u's own org_id (and join nothing on Citus).
			unmapped: sql<number>`(select count(*)::integer from ${connectorUnmappedEvents} u where u.org_id = "connectors"."org_id" and u.org_id = ${orgId}::uuid and u.connector_id = "connectors"."id")`,
		})
		.from(connectors)
		.where(eq(connectors.orgId, orgId))
		.orderBy(connectors.createdAt)
}

export async function getConnector(orgId: string, connectorId: string) {
	if (!isUuid(connectorId)) return null
	const [row] = await db()
		.select()
		.from(connectors)
		.where(and(eq(connectors.orgId, orgId), eq(connectors.id, connectorId)))
	return row ?? null
}

const missing = () => fail({ _form: 'That connector does not exist.' })

/** A new secret (generated, or pasted for providers that make their own); the previous one works for ROTATION_GRACE_HOURS more. */
export async function rotateSecret(
	orgId: string,
	connectorId: string,
	pasted: string | undefined,
	actor: AuditActor = SYSTEM_ACTOR,
	now = new Date(),
): Promise<Result<{ secret: string | null }>> {
	const connector = await getConnector(orgId, connectorId)
	const provider = connector && providerFor(connector.provider)
	if (!connector || !provider) return missing()
	let secret: string
	if (provider.secretFrom === 'provider') {
		const checked = checkPastedSecret(pasted)
		if (!checked.ok) return checked
		secret = checked.value
	} else secret = generateSecret()
	await db().transaction(async (tx) => {
		await tx
			.update(connectors)
			.set({
				secretEncrypted: encryptSecret(secret, connector.id),
				previousSecretEncrypted: connector.secretEncrypted,
				previousValidUntil: new Date(now.getTime() + ROTATION_GRACE_HOURS * 3_600_000),
				secretSetAt: now,
			})
			.where(and(eq(connectors.orgId, orgId), eq(connectors.id, connectorId)))
		await recordAudit(tx, orgId, { actor, action: 'connector.secret_rotated', target: connector.id, detail: { tool: provider.id, name: connector.name } })
	})
	return ok({ secret: provider.secretFrom === 'generated' ? secret : null })
}

/** Disables a connector (its deliveries are refused with 403, nothing stored) or enables it again. */
export async function setConnectorDisabled(orgId: string, connectorId: string, disabled: boolean, actor: AuditActor = SYSTEM_ACTOR, now = new Date()): Promise<Result<null>> {
	if (!isUuid(connectorId)) return missing()
	const changed = await db().transaction(async (tx) => {
		const [row] = await tx
			.update(connectors)
			.set({ disabledAt: disabled ? now : null })
			.where(and(eq(connectors.orgId, orgId), eq(connectors.id, connectorId)))
			.returning({ id: connectors.id, name: connectors.name, provider: connectors.provider })
		if (row)
			await recordAudit(tx, orgId, {
				actor,
				action: disabled ? 'connector.disabled' : 'connector.enabled',
				target: row.id,
				detail: { tool: row.provider, name: row.name },
			})
		return row
	})
	return changed ? ok(null) : missing()
}

export async function deleteConnector(orgId: string, connectorId: string, actor: AuditActor = SYSTEM_ACTOR): Promise<Result<null>> {
	if (!isUuid(connectorId)) return missing()
	const deleted = await db().transaction(async (tx) => {
		const [row] = await tx
			.delete(connectors)
			.where(and(eq(connectors.orgId, orgId), eq(connectors.id, connectorId)))
			.returning({ id: connectors.id, name: connectors.name, provider: connectors.provider })
		if (row) await recordAudit(tx, orgId, { actor, action: 'connector.deleted', target: row.id, detail: { tool: row.provider, name: row.name } })
		return row
	})
	return deleted ? ok(null) : missing()
}

/**
 * Maps a provider group to a team (or removes the mapping with an empty team). Events kept aside
 * for that group move to the team at once.
 */
export async function setMapping(orgId: string, connectorId: string, rawSource: string, teamId: string, actor: AuditActor = SYSTEM_ACTOR): Promise<Result<{ released: number }>> {
	const connector = await getConnector(orgId, connectorId)
	if (!connector) return missing()
	if (!teamId) {
		const source = rawSource.trim()
		if (!source || hasNul(source) || source.length > MAX_SOURCE_LENGTH) return fail({ source: 'Give the provider’s group, team, project or repository as it sends it.' })
		await db().transaction(async (tx) => {
			await tx.delete(connectorTeamMaps).where(and(eq(connectorTeamMaps.orgId, orgId), eq(connectorTeamMaps.connectorId, connectorId), eq(connectorTeamMaps.source, source)))
			await recordAudit(tx, orgId, { actor, action: 'connector.mapping_changed', target: connector.id, detail: { name: connector.name, source, team: null } })
		})
		return ok({ released: 0 })
	}
	const checked = await checkMapping(orgId, rawSource, teamId)
	if (!checked.ok) return checked
	const { source } = checked.value
	const team = { path: checked.value.teamPath }
	await db().transaction(async (tx) => {
		await tx
			.insert(connectorTeamMaps)
			.values({ orgId, connectorId, source, teamId })
			.onConflictDoUpdate({ target: [connectorTeamMaps.orgId, connectorTeamMaps.connectorId, connectorTeamMaps.source], set: { teamId } })
		await recordAudit(tx, orgId, { actor, action: 'connector.mapping_changed', target: connector.id, detail: { name: connector.name, source, team: team.path } })
	})
	return ok({ released: await releaseUnmapped(orgId, connectorId, source, teamId) })
}

export const HEALTH_DAYS = 14
export const RECENT_DELIVERIES = 20

/** What the health page shows for one connector. */
export async function connectorHealth(orgId: string, connectorId: string, now = new Date()) {
	const connector = await getConnector(orgId, connectorId)
	if (!connector) return null
	const since = new Date(now.getTime() - (HEALTH_DAYS - 1) * 86_400_000).toISOString().slice(0, 10)
	const [days, unmapped, mappings, deliveries] = await Promise.all([
		db()
			.select()
			.from(connectorDaily)
			.where(and(eq(connectorDaily.orgId, orgId), eq(connectorDaily.connectorId, connectorId), gte(connectorDaily.day, since)))
			.orderBy(desc(connectorDaily.day)),
		db()
			.select({
				source: connectorUnmappedEvents.source,
				events: sql<number>`count(*)::integer`,
				lastReceivedAt: sql<Date>`max(${connectorUnmappedEvents.receivedAt})`,
			})
			.from(connectorUnmappedEvents)
			.where(and(eq(connectorUnmappedEvents.orgId, orgId), eq(connectorUnmappedEvents.connectorId, connectorId)))
			.groupBy(connectorUnmappedEvents.source)
			.orderBy(desc(sql`count(*)`)),
		db()
			.select({ source: connectorTeamMaps.source, teamId: connectorTeamMaps.teamId, teamPath: teams.path })
			.from(connectorTeamMaps)
			.innerJoin(teams, and(eq(teams.orgId, connectorTeamMaps.orgId), eq(teams.id, connectorTeamMaps.teamId)))
			.where(and(eq(connectorTeamMaps.orgId, orgId), eq(connectorTeamMaps.connectorId, connectorId)))
			.orderBy(connectorTeamMaps.source),
		db()
			.select({ receivedAt: connectorDeliveries.receivedAt, summary: connectorDeliveries.summary })
			.from(connectorDeliveries)
			.where(and(eq(connectorDeliveries.orgId, orgId), eq(connectorDeliveries.connectorId, connectorId)))
			.orderBy(desc(connectorDeliveries.receivedAt))
			.limit(RECENT_DELIVERIES),
	])
	return {
		connector: {
			id: connector.id,
			provider: connector.provider,
			name: connector.name,
			createdAt: connector.createdAt,
			secretSetAt: connector.secretSetAt,
			previousValidUntil: connector.previousValidUntil && connector.previousValidUntil > now ? connector.previousValidUntil : null,
			lastDeliveryAt: connector.lastDeliveryAt,
			lastError: connector.lastError,
			lastErrorAt: connector.lastErrorAt,
			includeBots: connector.includeBots,
			disabledAt: connector.disabledAt,
		},
		days,
		deliveries,
		unmapped: unmapped.map((u) => ({ ...u, lastReceivedAt: new Date(u.lastReceivedAt) })),
		mappings,
	}
}

/** The address the admin pastes into the provider: this server's public address (APP_URL), the organisation, the connector. */
export function webhookUrl(orgSlug: string, connectorId: string): string {
	return `${env().APP_URL}/api/v1/hooks/${orgSlug}/${connectorId}`
}

/** What the add form offers: each provider with what it calls a group and who makes the secret. */
export function providerChoices() {
	return connectorProviders.map((id) => {
		const p = providerFor(id)!
		return { id, label: p.label, secretFrom: p.secretFrom }
	})
}

/**
 * `/healthz` detail for a signed-in admin: per connector of their organisation, whether it is
 * taking deliveries, and its backfill's progress. Counts only, today's (UTC) from the daily table:
 * nothing a provider sent.
 */
export async function connectorsHealthSummary(orgId: string, now = new Date()) {
	const today = now.toISOString().slice(0, 10)
	const rows = await listConnectors(orgId)
	const backfills = await backfillStatuses(orgId)
	const days = await db()
		.select()
		.from(connectorDaily)
		.where(and(eq(connectorDaily.orgId, orgId), eq(connectorDaily.day, today)))
	return rows.map((c) => {
		const d = days.find((x) => x.connectorId === c.id)
		return {
			id: c.id,
			provider: c.provider,
			name: c.name,
			state: c.disabledAt ? 'disabled' : c.lastErrorAt && (!c.lastDeliveryAt || c.lastErrorAt > c.lastDeliveryAt) ? 'refusing' : 'ok',
			lastDeliveryAt: c.lastDeliveryAt?.toISOString() ?? null,
			today: { stored: d?.stored ?? 0, unmapped: d?.unmapped ?? 0, refused: d?.rejected ?? 0 },
			waitingForTeam: c.unmapped,
			backfill: (({ state, pages, events }) => ({ state, pages, events }))(backfills.get(c.id) ?? { state: null, pages: 0, events: 0 }),
		}
	})
}
