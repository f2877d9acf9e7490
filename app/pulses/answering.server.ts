/**
 * Answering a pulse. The response is stored without any link to the person: the wave, the
 * team and level they had when invited, the date (not the time) in the organisation's time
 * zone, and the answers. The invitation only learns that it was answered. Both happen in one
 * transaction guarded by `answered = false`, so a double click, a resubmission or a replayed
 * request stores one response.
 */
import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm'
import { answers, invitations, organizations, responses, surveys, type WaveItem, waveItems, waves } from '~db/schema'
import { localDate } from '~/surveys/schedule'
import { db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/result'
import { resolveInvitationLink } from './invitation-links.server'
import { isOpen } from './waves.server'

export type PulseState = 'open' | 'answered' | 'closed'

export const LIMITS = { count: 1000, hours: 10_000, text: 2000 } as const

export interface PulseView {
	state: PulseState
	invitationId: string
	orgId: string
	waveId: string
	surveyName: string
	orgName: string
	anonymityK: number
	closesAt: string
	timeZone: string
	items: Pick<WaveItem, 'position' | 'kind' | 'text' | 'required' | 'dimension'>[]
}

async function view(invitationId: string, orgId: string, waveId: string, now: Date): Promise<PulseView | null> {
	const [row] = await db()
		.select({ invitation: invitations, wave: waves, surveyName: surveys.name, orgName: organizations.name, timeZone: organizations.timeZone })
		.from(invitations)
		.innerJoin(waves, and(eq(waves.orgId, invitations.orgId), eq(waves.id, invitations.waveId)))
		.innerJoin(surveys, and(eq(surveys.orgId, waves.orgId), eq(surveys.id, waves.surveyId)))
		.innerJoin(organizations, eq(organizations.id, invitations.orgId))
		.where(and(eq(invitations.orgId, orgId), eq(invitations.id, invitationId), eq(invitations.waveId, waveId)))
	if (!row) return null
	const itemRows = await db()
		.select({ position: waveItems.position, kind: waveItems.kind, text: waveItems.text, required: waveItems.required, dimension: waveItems.dimension })
		.from(waveItems)
		.where(and(eq(waveItems.orgId, orgId), eq(waveItems.waveId, waveId)))
		.orderBy(asc(waveItems.position))
	const state: PulseState = row.invitation.answered ? 'answered' : isOpen(row.wave, now) ? 'open' : 'closed'
	return {
		state,
		invitationId,
		orgId,
		waveId,
		surveyName: row.surveyName,
		orgName: row.orgName,
		anonymityK: row.wave.anonymityK,
		closesAt: row.wave.closesAt.toISOString(),
		timeZone: row.timeZone,
		items: itemRows,
	}
}

/** The pulse behind an e-mailed link, or null when the link is not one of ours. */
export async function pulseForLink(token: string, now = new Date()) {
	const link = await resolveInvitationLink(token)
	if (!link) return null
	return view(link.invitation.id, link.invitation.orgId, link.wave.id, now)
}

/** The pulse of a wave for a signed-in person, or null when they were not invited to it. */
export async function pulseForUser(orgId: string, userId: string, waveId: string, now = new Date()) {
	const [inv] = await db()
		.select({ id: invitations.id })
		.from(invitations)
		.where(and(eq(invitations.orgId, orgId), eq(invitations.userId, userId), eq(invitations.waveId, waveId)))
	return inv ? view(inv.id, orgId, waveId, now) : null
}

/** Open, unanswered pulses of a signed-in person, for their home page. */
export async function openPulsesFor(orgId: string, userId: string, now = new Date()) {
	return db()
		.select({ waveId: waves.id, surveyName: surveys.name, closesAt: waves.closesAt })
		.from(invitations)
		.innerJoin(waves, and(eq(waves.orgId, invitations.orgId), eq(waves.id, invitations.waveId)))
		.innerJoin(surveys, and(eq(surveys.orgId, waves.orgId), eq(surveys.id, waves.surveyId)))
		.where(
			and(
				eq(invitations.orgId, orgId),
				eq(invitations.userId, userId),
				eq(invitations.answered, false),
				isNull(waves.closedAt),
				gt(waves.closesAt, now),
				lte(waves.opensAt, now),
			),
		)
		.orderBy(asc(waves.closesAt))
}

type Parsed = { position: number; value: number | null; text: string | null }

/** Checks a submitted form against the wave's items; messages are keyed `item-<position>`. */
export function readAnswers(items: PulseView['items'], form: Record<string, unknown>): { answers: Parsed[]; comment: string | null; errors: FieldErrors } {
	const errors: FieldErrors = {}
	const out: Parsed[] = []
	let comment: string | null = null
	for (const item of items) {
		const key = `item-${item.position}`
		const raw = typeof form[key] === 'string' ? (form[key] as string).trim() : ''
		if (!raw) {
			if (item.required) errors[key] = item.kind === 'likert' || item.kind === 'scale10' ? 'Choose an answer.' : 'Enter an answer.'
			continue
		}
		if (item.kind === 'text') {
			if (raw.length > LIMITS.text) {
				errors[key] = `At most ${LIMITS.text} characters (you wrote ${raw.length}).`
				continue
			}
			if (item.dimension === 'comment' && comment === null) comment = raw
			else out.push({ position: item.position, value: null, text: raw })
			continue
		}
		const n = Number(raw.replace(',', '.'))
		const problem =
			!Number.isFinite(n)
				? 'Enter a number.'
				: item.kind === 'likert'
					? !Number.isInteger(n) || n < 1 || n > 5
						? 'Choose one of the five answers.'
						: null
					: item.kind === 'scale10'
						? !Number.isInteger(n) || n < 0 || n > 10
							? 'Choose a number from 0 to 10.'
							: null
						: item.kind === 'count'
							? !Number.isInteger(n) || n < 0 || n > LIMITS.count
								? `Enter a whole number from 0 to ${LIMITS.count}.`
								: null
							: n < 0 || n > LIMITS.hours
								? `Enter a number of hours from 0 to ${LIMITS.hours}.`
								: null
		if (problem) errors[key] = problem
		else out.push({ position: item.position, value: n, text: null })
	}
	return { answers: out, comment, errors }
}

export type SubmitOutcome = { status: 'submitted' } | { status: 'already-answered' } | { status: 'closed' } | { status: 'invalid'; errors: FieldErrors }

export async function submitPulse(pulse: PulseView, form: Record<string, unknown>, now = new Date()): Promise<SubmitOutcome> {
	if (pulse.state === 'answered') return { status: 'already-answered' }
	if (pulse.state === 'closed') return { status: 'closed' }
	const { answers: parsed, comment, errors } = readAnswers(pulse.items, form)
	if (Object.keys(errors).length) return { status: 'invalid', errors }
	const { orgId, waveId } = pulse
	return db().transaction(async (tx) => {
		// Still open at this instant? (It may have closed while the page was on screen.)
		const [open] = await tx
			.select({ id: waves.id })
			.from(waves)
			.where(and(eq(waves.orgId, orgId), eq(waves.id, waveId), isNull(waves.closedAt), gt(waves.closesAt, now)))
		if (!open) return { status: 'closed' as const }
		const [claimed] = await tx
			.update(invitations)
			.set({ answered: true })
			.where(and(eq(invitations.orgId, orgId), eq(invitations.id, pulse.invitationId), eq(invitations.answered, false)))
			.returning({ teamId: invitations.teamId, level: invitations.level })
		if (!claimed) return { status: 'already-answered' as const }
		const [response] = await tx
			.insert(responses)
			.values({ orgId, waveId, teamId: claimed.teamId, level: claimed.level, submittedOn: localDate(now, pulse.timeZone), comment })
			.returning({ id: responses.id })
		if (parsed.length) await tx.insert(answers).values(parsed.map((a) => ({ orgId, responseId: response!.id, waveId, ...a })))
		return { status: 'submitted' as const }
	})
}
