/**
 * Checking events, whether they came as JSON or as CSV rows: one message per field, every
 * field checked (not only the first wrong one), then the rules between fields. Pure: the
 * caller passes the organisation's teams and the current time.
 */
import { z } from 'zod'

import { normalizeTeamPath } from '~/org/team-path'
import { safeCell } from '~/utils/csv-safe'
import { hasNul, NUL_MESSAGE } from '~/utils/text'
import { eventTypes } from '~db/schema'

import { EVENT_COLUMNS } from './event-columns'
import { parseTimestamp, TIMESTAMP_EXAMPLE } from './timestamp'

export type EventType = (typeof eventTypes)[number]
export const outcomes = ['approved', 'rejected'] as const
export const MAX_ID_LENGTH = 200
export const MAX_CHANNEL_LENGTH = 40
export const MAX_APPROVALS = 1000
/** Clocks differ a little between the sender and us; beyond this a time is "in the future". */
export const CLOCK_SKEW_MS = 5 * 60_000

export interface ValidEvent {
	id: string
	type: EventType
	teamId: string
	/** ISO strings in UTC: postgres-js cannot take Date objects inside arrays. */
	startedAt: string
	endedAt: string | null
	channel: string | null
	approvals: number | null
	outcome: (typeof outcomes)[number] | null
}

export interface FieldProblem {
	field: string
	message: string
}

export interface CheckContext {
	/** Team path → id for the organisation. */
	teams: Map<string, string>
	now: number
}

const optionalString = (max: number, what: string) =>
	z
		.string({ invalid_type_error: `Expected ${what} as text.` })
		.trim()
		.max(max, `At most ${max} characters.`)
		.nullish()

const fields = {
	id: z
		.string({ required_error: 'Required: your own id for this event.', invalid_type_error: 'Expected the id as text.' })
		.min(1, 'Required: your own id for this event.')
		.max(MAX_ID_LENGTH, `At most ${MAX_ID_LENGTH} characters.`),
	type: z.enum(eventTypes, {
		errorMap: (issue, ctx) =>
			issue.code === 'invalid_type' && ctx.data === undefined
				? { message: `Required: ${eventTypes.join(' or ')}.` }
				: { message: `Unknown type ${JSON.stringify(typeof ctx.data === 'string' ? safeCell(ctx.data) : ctx.data)}: use ${eventTypes.join(' or ')}.` },
	}),
	team: z
		.string({ required_error: 'Required: the team path, e.g. Marketing/Social.', invalid_type_error: 'Expected the team path as text, e.g. Marketing/Social.' })
		.transform(normalizeTeamPath)
		.refine((p) => p.length > 0, 'Required: the team path, e.g. Marketing/Social.'),
	channel: optionalString(MAX_CHANNEL_LENGTH, 'the channel').transform((c) => (c ? c.toLowerCase() : null)),
	approvals: z
		.number({ invalid_type_error: 'Expected a whole number of sign-offs, at least 1.' })
		.int('Expected a whole number of sign-offs, at least 1.')
		.min(1, 'Expected a whole number of sign-offs, at least 1.')
		.max(MAX_APPROVALS, `At most ${MAX_APPROVALS} sign-offs.`)
		.nullish(),
	outcome: z.enum(outcomes, { errorMap: () => ({ message: `Expected ${outcomes.join(' or ')}.` }) }).nullish(),
}

function timestamp(field: 'startedAt' | 'endedAt', value: unknown, now: number, problems: FieldProblem[]): number | null {
	if (value === undefined || value === null || value === '') {
		if (field === 'startedAt') problems.push({ field, message: `Required: when it started, e.g. ${TIMESTAMP_EXAMPLE}.` })
		return null
	}
	if (typeof value !== 'string') {
		problems.push({ field, message: `Expected a date and time as text, e.g. ${TIMESTAMP_EXAMPLE}.` })
		return null
	}
	if (hasNul(value)) {
		problems.push({ field, message: NUL_MESSAGE })
		return null
	}
	const parsed = parseTimestamp(value)
	if (!parsed.ok) {
		problems.push({ field, message: `"${safeCell(value)}" ${parsed.message}` })
		return null
	}
	if (parsed.ms > now + CLOCK_SKEW_MS) {
		problems.push({ field, message: `"${safeCell(value)}" is in the future.` })
		return null
	}
	return parsed.ms
}

const KNOWN = new Set<string>(EVENT_COLUMNS)

/** One event: the value to store, or the problems with each field. */
export function checkEvent(raw: unknown, ctx: CheckContext): { ok: true; event: ValidEvent } | { ok: false; problems: FieldProblem[] } {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
		return { ok: false, problems: [{ field: '', message: 'Expected an object such as {"id": …, "type": …, "team": …, "startedAt": …}.' }] }
	const input = raw as Record<string, unknown>
	const problems: FieldProblem[] = []
	for (const key of Object.keys(input)) if (!KNOWN.has(key)) problems.push({ field: key, message: `Unknown field; the fields are ${EVENT_COLUMNS.join(', ')}.` })

	const take = <K extends keyof typeof fields>(key: K): z.output<(typeof fields)[K]> | undefined => {
		// PostgreSQL cannot store (or even look up) text with a NUL character in it.
		if (typeof input[key] === 'string' && hasNul(input[key])) {
			problems.push({ field: key, message: NUL_MESSAGE })
			return undefined
		}
		const r = fields[key].safeParse(input[key])
		if (r.success) return r.data as z.output<(typeof fields)[K]>
		problems.push({ field: key, message: r.error.issues[0]!.message })
		return undefined
	}
	const id = take('id')
	const type = take('type')
	const team = take('team')
	const channel = take('channel')
	const approvals = take('approvals')
	const outcome = take('outcome')
	const started = timestamp('startedAt', input.startedAt, ctx.now, problems)
	const ended = timestamp('endedAt', input.endedAt, ctx.now, problems)

	let teamId: string | undefined
	if (team !== undefined) {
		teamId = ctx.teams.get(team)
		if (!teamId) problems.push({ field: 'team', message: `No team "${safeCell(team)}" in this organisation (paths look like Marketing/Social).` })
	}
	if (started !== null && ended !== null && ended < started) problems.push({ field: 'endedAt', message: 'endedAt is before startedAt.' })
	if (type === 'customer_response') {
		if (approvals != null) problems.push({ field: 'approvals', message: 'Only approval events have approvals.' })
		if (outcome != null) problems.push({ field: 'outcome', message: 'Only approval events have an outcome.' })
	}
	if (type === 'approval') {
		if (channel) problems.push({ field: 'channel', message: 'Only customer_response events have a channel.' })
		if (outcome != null && input.endedAt == null) problems.push({ field: 'outcome', message: 'An outcome needs endedAt, the time of the decision.' })
	}
	if (problems.length) return { ok: false, problems }
	return {
		ok: true,
		event: {
			id: id!,
			type: type!,
			teamId: teamId!,
			startedAt: new Date(started!).toISOString(),
			endedAt: ended === null ? null : new Date(ended).toISOString(),
			channel: channel ?? null,
			approvals: approvals ?? null,
			outcome: outcome ?? null,
		},
	}
}

/** Remembers the first position of each id, so a repeated id is reported where it repeats. */
export class SeenIds {
	private first = new Map<string, number>()
	/** The earlier position of this id, or undefined (and remembered) when it is new. */
	check(id: unknown, position: number): number | undefined {
		if (typeof id !== 'string') return undefined
		const seen = this.first.get(id)
		if (seen === undefined) this.first.set(id, position)
		return seen
	}
}
