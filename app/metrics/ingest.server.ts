/**
 * Storing events: one `INSERT … SELECT FROM unnest(…) ON CONFLICT` per 5,000 events, so a
 * batch costs one round trip and one statement whatever its size. The sender's id is the key
 * within the organisation: sending an event again updates it and never duplicates it.
 */
import { eq, sql } from 'drizzle-orm'

import { db, resultRows, type Tx } from '~/utils/db.server'
import { isForeignKeyViolation } from '~/utils/pg-errors'
import { TEAM_DELETED_MESSAGE } from '~/utils/text'
import { teams } from '~db/schema'

import { MAX_EVENTS_PER_REQUEST } from './event-columns'
import { checkEvent, type FieldProblem, SeenIds, type ValidEvent } from './event-schema.server'

export const STATEMENT_ROWS = 5000

export interface IngestCounts {
	inserted: number
	/** Events whose id was already known: they now hold what was sent (unchanged ones are not rewritten). */
	updated: number
}

/** Team path → id for one organisation; loaded once per request or file. */
export async function teamIdsByPath(orgId: string): Promise<Map<string, string>> {
	const rows = await db().select({ id: teams.id, path: teams.path }).from(teams).where(eq(teams.orgId, orgId))
	return new Map(rows.map((r) => [r.path, r.id]))
}

// Every array goes over as text[] and is cast in the SELECT: postgres-js has no serializer
// for arrays of our enum, and text[] behaves the same on PGlite and on PostgreSQL.
const textArray = (values: (string | null)[]) => sql`${sql.param(values)}::text[]`

/** Inserts or updates up to STATEMENT_ROWS events in one statement. Ids must be unique within the call. */
async function upsertChunk(tx: Tx, orgId: string, events: ValidEvent[]): Promise<IngestCounts> {
	const ids = textArray(events.map((e) => e.id))
	const result = await tx.execute(sql`
		with written as (
			insert into metric_events (org_id, external_id, type, team_id, started_at, ended_at, channel, approvals, outcome)
			select ${orgId}::uuid, u.id, u.type::event_type, u.team_id::uuid, u.started_at::timestamptz, u.ended_at::timestamptz,
				u.channel, u.approvals::integer, u.outcome
			from unnest(
				${ids}, ${textArray(events.map((e) => e.type))}, ${textArray(events.map((e) => e.teamId))},
				${textArray(events.map((e) => e.startedAt))}, ${textArray(events.map((e) => e.endedAt))}, ${textArray(events.map((e) => e.channel))},
				${textArray(events.map((e) => (e.approvals === null ? null : String(e.approvals))))}, ${textArray(events.map((e) => e.outcome))}
			) as u(id, type, team_id, started_at, ended_at, channel, approvals, outcome)
			on conflict (org_id, external_id) do update set
				type = excluded.type, team_id = excluded.team_id, started_at = excluded.started_at, ended_at = excluded.ended_at,
				channel = excluded.channel, approvals = excluded.approvals, outcome = excluded.outcome,
				-- The time as a parameter typed by its column: Citus refuses now() (or a cast) here.
				updated_at = ${new Date().toISOString()},
				-- RETURNING sees only the new row: keep the replaced start so its week is refreshed too.
				previous_started_at = metric_events.started_at
			-- An event sent again unchanged is left alone: no dead row, and updated_at keeps meaning "last changed".
			where (metric_events.type, metric_events.team_id, metric_events.started_at, metric_events.ended_at,
					metric_events.channel, metric_events.approvals, metric_events.outcome)
				is distinct from (excluded.type, excluded.team_id, excluded.started_at, excluded.ended_at,
					excluded.channel, excluded.approvals, excluded.outcome)
			returning (xmax = 0) as fresh, started_at, previous_started_at
		), stale as (
			insert into metric_dirty_ranges (org_id, from_ts, to_ts)
			select ${orgId}::uuid, least(min(started_at), min(previous_started_at)), greatest(max(started_at), max(previous_started_at))
			from written
			having count(*) > 0
			returning 1
		)
		select count(*) filter (where fresh)::integer as inserted from written`)
	const inserted = Number(resultRows<{ inserted: number }>(result)[0]?.inserted ?? 0)
	return { inserted, updated: events.length - inserted }
}

/** Teams are looked up before the events are stored; one deleted in between fails the insert. */
export const isTeamDeleted = (error: unknown) => isForeignKeyViolation(error, 'metric_events_team_fk')

/**
 * Stores checked events in one transaction (all or nothing), a statement per STATEMENT_ROWS.
 */
export function upsertEvents(orgId: string, events: ValidEvent[], onChunk?: (written: number) => void): Promise<IngestCounts> {
	return upsertEventsIn(db(), orgId, events, onChunk)
}

/** As `upsertEvents`, inside the caller's transaction (a savepoint): a connector's backfill commits its cursor with the events. */
export async function upsertEventsIn(tx: Tx, orgId: string, events: ValidEvent[], onChunk?: (written: number) => void): Promise<IngestCounts> {
	return tx.transaction(async (inner) => {
		const total: IngestCounts = { inserted: 0, updated: 0 }
		for (let i = 0; i < events.length; i += STATEMENT_ROWS) {
			const counts = await upsertChunk(inner, orgId, events.slice(i, i + STATEMENT_ROWS))
			total.inserted += counts.inserted
			total.updated += counts.updated
			onChunk?.(Math.min(i + STATEMENT_ROWS, events.length))
		}
		return total
	})
}

export interface ApiProblem {
	index?: number
	field: string
	message: string
}
export const SHOWN_PROBLEMS = 100

export type BatchOutcome = { ok: true; counts: IngestCounts } | { ok: false; problems: ApiProblem[] }

/** The body of POST /api/v1/events, already parsed as JSON: checked in full, then stored, or nothing. */
export async function ingestEventBatch(orgId: string, body: unknown, now = Date.now()): Promise<BatchOutcome> {
	if (typeof body !== 'object' || body === null || Array.isArray(body) || !('events' in body))
		return { ok: false, problems: [{ field: 'events', message: 'The body must be an object with an "events" array: {"events": [ … ]}.' }] }
	const raw = (body as { events: unknown }).events
	if (!Array.isArray(raw)) return { ok: false, problems: [{ field: 'events', message: '"events" must be an array.' }] }
	if (raw.length > MAX_EVENTS_PER_REQUEST)
		return {
			ok: false,
			problems: [
				{
					field: 'events',
					message: `At most ${MAX_EVENTS_PER_REQUEST.toLocaleString('en')} events per request; this one has ${raw.length.toLocaleString('en')}. Send them in several requests.`,
				},
			],
		}
	const extra = Object.keys(body).filter((k) => k !== 'events')
	if (extra.length) return { ok: false, problems: [{ field: extra[0]!, message: 'Unknown field; the body has only "events".' }] }

	const ctx = { teams: await teamIdsByPath(orgId), now }
	const seen = new SeenIds()
	const events: ValidEvent[] = []
	const problems: ApiProblem[] = []
	raw.forEach((item, index) => {
		const checked = checkEvent(item, ctx)
		const earlier = seen.check((item as { id?: unknown } | null)?.id, index)
		if (earlier !== undefined) problems.push({ index, field: 'id', message: `The same id is already at index ${earlier}; send each event once per request.` })
		if (!checked.ok) problems.push(...checked.problems.map((p: FieldProblem) => ({ index, ...p })))
		else events.push(checked.event)
	})
	if (problems.length) return { ok: false, problems }
	try {
		return { ok: true, counts: await upsertEvents(orgId, events) }
	} catch (error) {
		if (isTeamDeleted(error)) return { ok: false, problems: [{ field: 'team', message: TEAM_DELETED_MESSAGE }] }
		throw error
	}
}
