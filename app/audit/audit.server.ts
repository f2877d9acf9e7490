/**
 * The audit log of an organisation: append-only (there is no update or delete function here,
 * and a trigger refuses both; only the retention job and deleting the organisation remove
 * rows). Who, what, when, from where — never anything about a respondent: pulse submissions
 * and who answered are not events of this log.
 *
 * People appear by id only (actor_user_id, target_user_id) and are named when the log is read,
 * so erasing a person leaves an id that resolves to nobody.
 */
import { and, desc, eq, gte, ilike, lt, or, type SQL, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { DateTime } from 'luxon'
import { z } from 'zod'

import { toCsv } from '~/utils/csv-write'
import { db, type Tx } from '~/utils/db.server'
import { textSchema } from '~/utils/text'
import { auditEvents, users } from '~db/schema'

import { type AuditAction, auditActionLabel, auditActions } from './actions'
import { displayAddress } from './address'
import { type AuditPart, auditWords } from './audit-words.server'
import { auditDetailLines, auditSubject } from './detail'

export { type AuditAction, auditActions } from './actions'

/** Who did it and from where. `userId` null: the system, a command, an API key or an unknown caller — `label` says which. */
export interface AuditActor {
	userId: string | null
	label: string
	ip: string | null
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, label: 'system', ip: null }
export const COMMAND_ACTOR: AuditActor = { userId: null, label: 'command line', ip: null }

/** The actor of a request by a signed-in person (the route passes it to the domain module). */
export function userActor(user: { id: string; role: string }, context: { clientAddress?: string } | undefined): AuditActor {
	return { userId: user.id, label: user.role, ip: context?.clientAddress ?? null }
}

export function apiKeyActor(keyId: string, context: { clientAddress?: string } | undefined): AuditActor {
	return { userId: null, label: `api key ${keyId}`, ip: context?.clientAddress ?? null }
}

export interface AuditEntry {
	actor: AuditActor
	action: AuditAction
	target?: string | null
	targetUserId?: string | null
	detail?: Record<string, unknown>
}

/** Appends one event outside any transaction (reads: exports, API calls). */
export function recordAuditNow(orgId: string, entry: AuditEntry) {
	return recordAudit(db(), orgId, entry)
}

/** Appends one event; pass the transaction of the change it records, so both commit or neither. */
export async function recordAudit(tx: Tx, orgId: string, entry: AuditEntry) {
	await tx.insert(auditEvents).values({
		orgId,
		actorUserId: entry.actor.userId,
		actorLabel: entry.actor.label,
		action: entry.action,
		target: entry.target ?? null,
		targetUserId: entry.targetUserId ?? null,
		detail: entry.detail ?? {},
		ip: displayAddress(entry.actor.ip),
	})
}

export interface AuditFilter {
	action?: string
	/** Matches who did it (name, e-mail, or a label: `system`, `api key …`) or whom it concerned (name, e-mail). */
	person?: string
	/** Dates (YYYY-MM-DD) in the organisation's time zone, both included. */
	from?: string
	to?: string
	page?: number
}

// Unknown filter values are dropped rather than rejected: a bookmarked URL keeps working.
const day = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/)
	.refine((d) => DateTime.fromISO(d).isValid)
export const auditFilterSchema = z.object({
	action: z.enum(auditActions).optional().catch(undefined),
	person: textSchema().trim().max(100).optional().catch(undefined),
	from: day.optional().catch(undefined),
	to: day.optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
})

/** The filter of a page or export URL. */
export function auditFilterFrom(params: URLSearchParams): AuditFilter {
	// `actor` was this filter's name before it matched the person concerned too: old links keep working.
	const raw = Object.fromEntries(params)
	const f = auditFilterSchema.parse({ ...raw, person: raw.person ?? raw.actor })
	return { action: f.action, person: f.person || undefined, from: f.from, to: f.to, page: f.page }
}

export const AUDIT_PAGE_SIZE = 50
const actors = alias(users, 'actors')
const targets = alias(users, 'targets')

function conditions(orgId: string, timeZone: string, f: AuditFilter): SQL | undefined {
	const c: (SQL | undefined)[] = [eq(auditEvents.orgId, orgId)]
	if (f.action) c.push(eq(auditEvents.action, f.action))
	if (f.person) {
		const pattern = `%${f.person.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
		c.push(or(ilike(actors.name, pattern), ilike(actors.email, pattern), ilike(auditEvents.actorLabel, pattern), ilike(targets.name, pattern), ilike(targets.email, pattern)))
	}
	const day = (d: string) => DateTime.fromISO(d, { zone: timeZone })
	if (f.from && day(f.from).isValid) c.push(gte(auditEvents.at, day(f.from).startOf('day').toJSDate()))
	if (f.to && day(f.to).isValid) c.push(lt(auditEvents.at, day(f.to).plus({ days: 1 }).startOf('day').toJSDate()))
	return and(...c)
}

function baseQuery(tx: Tx) {
	return tx
		.select({
			id: auditEvents.id,
			at: auditEvents.at,
			actorUserId: auditEvents.actorUserId,
			actorLabel: auditEvents.actorLabel,
			actorName: actors.name,
			actorEmail: actors.email,
			action: auditEvents.action,
			target: auditEvents.target,
			targetUserId: auditEvents.targetUserId,
			targetName: targets.name,
			targetEmail: targets.email,
			detail: auditEvents.detail,
			ip: auditEvents.ip,
		})
		.from(auditEvents)
		.leftJoin(actors, and(eq(actors.orgId, auditEvents.orgId), eq(actors.id, auditEvents.actorUserId)))
		.leftJoin(targets, and(eq(targets.orgId, auditEvents.orgId), eq(targets.id, auditEvents.targetUserId)))
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number]

/** A person who no longer exists (erased): the id resolves to nobody. */
export const ERASED_PERSON = '(erased person)'

/** How a row reads, in codes and data: a person by name and e-mail while they exist, ERASED_PERSON after. */
function present(r: Row, timeZone: string) {
	const who = (id: string | null, name: string | null, email: string | null) => (id === null ? null : name !== null ? `${name} <${email}>` : ERASED_PERSON)
	return {
		id: r.id,
		at: r.at.toISOString(),
		// Formatted here, in the organisation's zone: the server and the browser then show the same text.
		when: DateTime.fromJSDate(r.at, { zone: timeZone }).toFormat('ccc d LLL yyyy, HH:mm:ss'),
		actor: who(r.actorUserId, r.actorName, r.actorEmail) ?? r.actorLabel,
		actorRole: r.actorUserId ? r.actorLabel : null,
		action: r.action,
		actionLabel: auditActionLabel(r.action),
		subject: auditSubject(r.action, r.target, r.detail),
		// A person acting on themselves (signing in) is not repeated as whom it concerned.
		targetPerson: r.targetUserId === r.actorUserId ? null : who(r.targetUserId, r.targetName, r.targetEmail),
		details: auditDetailLines(r.action, r.detail),
		detailJson: Object.keys(r.detail).length ? JSON.stringify(r.detail) : null,
		ip: displayAddress(r.ip),
	}
}

export type AuditEventRow = ReturnType<typeof present>

/**
 * An event in the reader's language: its name, whom it concerned and its detail lines as parts
 * (words from the catalogue, data as stored, older English marked).
 */
export function sayAuditEvent(locale: string, e: AuditEventRow) {
	const words = auditWords(locale)
	const subject = e.subject ? words.subject(e.subject) : []
	const person: AuditPart[] = e.targetPerson === null ? [] : e.targetPerson === ERASED_PERSON ? [{ text: words.erasedPerson() }] : [{ text: e.targetPerson, data: true }]
	const target = subject.length && person.length ? [...subject, { text: ' · ' }, ...person] : [...subject, ...person]
	return { ...e, actionLabel: words.action(e.action), target: target.length ? target : null, details: e.details.map(words.line) }
}

export async function listAudit(orgId: string, timeZone: string, filter: AuditFilter = {}) {
	const where = conditions(orgId, timeZone, filter)
	const page = Math.max(1, filter.page ?? 1)
	const [rows, [total]] = await Promise.all([
		baseQuery(db())
			.where(where)
			.orderBy(desc(auditEvents.at), desc(auditEvents.id))
			.limit(AUDIT_PAGE_SIZE)
			.offset((page - 1) * AUDIT_PAGE_SIZE),
		db()
			.select({ n: sql<number>`count(*)::int` })
			.from(auditEvents)
			.leftJoin(actors, and(eq(actors.orgId, auditEvents.orgId), eq(actors.id, auditEvents.actorUserId)))
			.leftJoin(targets, and(eq(targets.orgId, auditEvents.orgId), eq(targets.id, auditEvents.targetUserId)))
			.where(where),
	])
	const n = Number(total?.n ?? 0)
	return { events: rows.map((r) => present(r, timeZone)), total: n, page, pages: Math.max(1, Math.ceil(n / AUDIT_PAGE_SIZE)) }
}

/**
 * The filtered log as formula-safe CSV (at most 100 000 rows, newest first): the code and its
 * words, the detail in words and as the JSON stored. The column names are for scripts and stay
 * English; the words (the action's name, whom it concerned, the detail) are the reader's. The export is itself an event of the log
 * (recorded after the rows are read, so it is not in its own file), like every other export.
 */
export async function auditCsv(orgId: string, timeZone: string, filter: AuditFilter, actor: AuditActor, locale: string) {
	const rows = await baseQuery(db())
		.where(conditions(orgId, timeZone, filter))
		.orderBy(desc(auditEvents.at), desc(auditEvents.id))
		.limit(100_000)
	const words = auditWords(locale)
	await recordAuditNow(orgId, {
		actor,
		action: 'audit.exported',
		detail: { rows: rows.length, ...Object.fromEntries(Object.entries({ action: filter.action, person: filter.person, from: filter.from, to: filter.to }).filter(([, v]) => v)) },
	})
	return toCsv(
		['at', 'actor', 'actor_role', 'action', 'action_label', 'target', 'detail', 'detail_json', 'ip'],
		rows
			.map((r) => sayAuditEvent(locale, present(r, timeZone)))
			.map((e) => [e.at, e.actor, e.actorRole, e.action, e.actionLabel, e.target ? words.text(e.target) : null, e.details.map(words.text).join('; '), e.detailJson, e.ip]),
	)
}
