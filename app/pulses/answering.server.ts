/**
 * Answering a pulse. The answers are parked in `held_responses` without any link to the person:
 * the wave, the team and level they had when invited, and the answers — no date, no time. The
 * invitation only learns that it was answered. Both happen in one statement guarded by
 * `answered = false`, so a double click, a resubmission or a replayed request stores one
 * response, and an acknowledged answer is durable. Nothing is added to any figure here: the
 * week's answers move to `responses`, shuffled, and its figures are computed only when the
 * week is released (reports/release.server.ts).
 *
 * Through an e-mailed link, a submission is normally that one statement and nothing else: the
 * statement itself checks the link (see `submissionStatement`), and what it needs to know
 * beforehand — the wave's items, its organisation and k, which never change once a wave has
 * opened — comes from memory, found by the wave tag that starts the link's id
 * (invitation-links.server.ts). Only the unhappy paths (first link of a wave in this process, a
 * form to correct, a link that is not ours, answered or closed) run the full lookup.
 */
import { and, asc, eq, gt, isNull, lte, sql } from 'drizzle-orm'

import { mintReplyKey, type ReplyKey } from '~/replies/reply-key.server'
import { db, dbHandle } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/result'
import { hasNul, NUL_MESSAGE } from '~/utils/text'
import { hashSecret, parseToken } from '~/utils/token.server'
import { heldResponses, invitations, invitationTokens, NO_TEAM, organizations, participationRollups, releasedWeeks, surveys, type WaveItem, waveItems, waves } from '~db/schema'

import { PULSE_FACTS, resolveInvitationLink, SURVEY_SECRET_LENGTH, WAVE_TAG_LENGTH, waveTag } from './invitation-links.server'
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
	items: Pick<WaveItem, 'position' | 'kind' | 'text' | 'required' | 'dimension' | 'reverse'>[]
}

// A wave's items never change once it has opened, so each process keeps them after first use.
const itemCache = new Map<string, PulseView['items']>()
const ITEM_CACHE_SIZE = 500

async function waveItemsOf(orgId: string, waveId: string): Promise<PulseView['items']> {
	const key = `${orgId}:${waveId}`
	const hit = itemCache.get(key)
	if (hit) return hit
	const rows = await db()
		.select({ position: waveItems.position, kind: waveItems.kind, text: waveItems.text, required: waveItems.required, dimension: waveItems.dimension, reverse: waveItems.reverse })
		.from(waveItems)
		.where(and(eq(waveItems.orgId, orgId), eq(waveItems.waveId, waveId)))
		.orderBy(asc(waveItems.position))
	if (rows.length) {
		if (itemCache.size >= ITEM_CACHE_SIZE) itemCache.delete(itemCache.keys().next().value!)
		itemCache.set(key, rows)
	}
	return rows
}

interface PulseFacts {
	invitation: { id: string; orgId: string; answered: boolean }
	wave: { id: string; opensAt: Date; closesAt: Date; closedAt: Date | null; anonymityK: number }
	surveyName: string
	org: { name: string; timeZone: string }
}

async function view(f: PulseFacts, now: Date): Promise<PulseView> {
	return {
		state: f.invitation.answered ? 'answered' : isOpen(f.wave, now) ? 'open' : 'closed',
		invitationId: f.invitation.id,
		orgId: f.invitation.orgId,
		waveId: f.wave.id,
		surveyName: f.surveyName,
		orgName: f.org.name,
		anonymityK: f.wave.anonymityK,
		closesAt: f.wave.closesAt.toISOString(),
		timeZone: f.org.timeZone,
		items: await waveItemsOf(f.invitation.orgId, f.wave.id),
	}
}

// The fixed facts of the waves this process has reached through a link, by wave tag. Filled
// from a link that resolved; a tag shared by two waves (40 bits) or a stale entry only costs
// the statement finding nothing and the full lookup after it.
interface LinkedWave {
	orgId: string
	waveId: string
	anonymityK: number
}
const waveByTag = new Map<string, LinkedWave>()
const WAVE_TAG_CACHE_SIZE = 1000

function rememberWave(pulse: PulseView) {
	const tag = waveTag(pulse.waveId)
	if (waveByTag.get(tag)?.waveId === pulse.waveId) return
	if (waveByTag.size >= WAVE_TAG_CACHE_SIZE) waveByTag.delete(waveByTag.keys().next().value!)
	waveByTag.set(tag, { orgId: pulse.orgId, waveId: pulse.waveId, anonymityK: pulse.anonymityK })
}

/** The pulse behind an e-mailed link, or null when the link is not one of ours. */
export async function pulseForLink(token: string, now = new Date()) {
	const link = await resolveInvitationLink(token)
	if (!link) return null
	const pulse = await view(link, now)
	rememberWave(pulse)
	return pulse
}

/** The pulse of a wave for a signed-in person, or null when they were not invited to it. */
export async function pulseForUser(orgId: string, userId: string, waveId: string, now = new Date()) {
	const [row] = await db()
		.select(PULSE_FACTS)
		.from(invitations)
		.innerJoin(waves, and(eq(waves.orgId, invitations.orgId), eq(waves.id, invitations.waveId)))
		.innerJoin(surveys, and(eq(surveys.orgId, waves.orgId), eq(surveys.id, waves.surveyId)))
		.innerJoin(organizations, eq(organizations.id, invitations.orgId))
		.where(and(eq(invitations.orgId, orgId), eq(invitations.userId, userId), eq(invitations.waveId, waveId)))
	return row ? view(row, now) : null
}

/** Open, unanswered pulses of a signed-in person, for their home page. */
export async function openPulsesFor(orgId: string, userId: string, now = new Date()) {
	return db()
		.select({ waveId: waves.id, surveyName: surveys.name, closesAt: waves.closesAt })
		.from(invitations)
		.innerJoin(waves, and(eq(waves.orgId, invitations.orgId), eq(waves.id, invitations.waveId)))
		.innerJoin(surveys, and(eq(surveys.orgId, waves.orgId), eq(surveys.id, waves.surveyId)))
		.where(
			and(eq(invitations.orgId, orgId), eq(invitations.userId, userId), eq(invitations.answered, false), isNull(waves.closedAt), gt(waves.closesAt, now), lte(waves.opensAt, now)),
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
		// Browsers send a textarea's line breaks as CRLF but count them as one character.
		const raw = typeof form[key] === 'string' ? (form[key] as string).replace(/\r\n?/g, '\n').trim() : ''
		if (!raw) {
			if (item.required) errors[key] = item.kind === 'likert' || item.kind === 'scale10' ? 'Choose an answer.' : 'Enter an answer.'
			continue
		}
		if (item.kind === 'text') {
			if (hasNul(raw)) {
				errors[key] = NUL_MESSAGE
				continue
			}
			if (raw.length > LIMITS.text) {
				errors[key] = `At most ${LIMITS.text} characters (you wrote ${raw.length}).`
				continue
			}
			if (item.dimension === 'comment' && comment === null) comment = raw
			else out.push({ position: item.position, value: null, text: raw })
			continue
		}
		// A decimal comma is accepted for hours (2,5); a count is a whole number, so "1,000" is not 1.
		const n = Number(item.kind === 'hours' ? raw.replace(',', '.') : raw)
		const problem = !Number.isFinite(n)
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

/** A reply key for the comment, when its author asked for one (docs/security.md, "Anonymous replies"). */
function replyKeyFor(form: Record<string, unknown>, comment: string | null): ReplyKey | null {
	return comment !== null && form.replies === 'on' ? mintReplyKey() : null
}

export type SubmitOutcome = { status: 'submitted'; replyKey?: string } | { status: 'already-answered' } | { status: 'closed' } | { status: 'invalid'; errors: FieldErrors }
export type LinkSubmitOutcome = { status: 'submitted'; anonymityK: number; replyKey?: string } | { status: 'unknown' } | Exclude<SubmitOutcome, { status: 'submitted' }>

/**
 * A pulse form posted to an e-mailed link. When this process knows the link's wave, a valid form
 * is stored by one statement that also checks the link; everything else — and a statement that
 * stored nothing — goes through the full lookup, so each outcome is exactly what it would be
 * without the shortcut: unknown (a wrong secret included), answered, closed, invalid, submitted.
 */
export async function submitByLink(token: string, form: Record<string, unknown>, now = new Date()): Promise<LinkSubmitOutcome> {
	const link = parseToken(token, SURVEY_SECRET_LENGTH)
	if (!link) return { status: 'unknown' }
	const known = waveByTag.get(link.id.slice(0, WAVE_TAG_LENGTH))
	if (known) {
		const items = await waveItemsOf(known.orgId, known.waveId)
		const { answers: parsed, comment, errors } = readAnswers(items, form)
		if (items.length && !Object.keys(errors).length) {
			const key = replyKeyFor(form, comment)
			const statement = submissionStatement({
				orgId: known.orgId,
				waveId: known.waveId,
				claim: { tokenId: link.id, secretHash: hashSecret(link.secret) },
				now,
				comment,
				replyKeyHash: key?.hash ?? null,
				answers: parsed,
			})
			const [row] = await dbHandle().prepared<{ stored: number }>(statement)
			if (row?.stored === 1) return key ? { status: 'submitted', anonymityK: known.anonymityK, replyKey: key.key } : { status: 'submitted', anonymityK: known.anonymityK }
		}
	}
	const pulse = await pulseForLink(token, now)
	if (!pulse) return { status: 'unknown' }
	const outcome = await submitPulse(pulse, form, now)
	return outcome.status === 'submitted' ? { ...outcome, anonymityK: pulse.anonymityK } : outcome
}

export async function submitPulse(pulse: PulseView, form: Record<string, unknown>, now = new Date()): Promise<SubmitOutcome> {
	if (pulse.state === 'answered') return { status: 'already-answered' }
	if (pulse.state === 'closed') return { status: 'closed' }
	const { answers: parsed, comment, errors } = readAnswers(pulse.items, form)
	if (Object.keys(errors).length) return { status: 'invalid', errors }
	const { orgId, waveId, invitationId } = pulse
	const key = replyKeyFor(form, comment)
	const statement = submissionStatement({
		orgId,
		waveId,
		claim: { invitationId },
		now,
		comment,
		replyKeyHash: key?.hash ?? null,
		answers: parsed,
	})
	const [row] = await dbHandle().prepared<{ stored: number }>(statement)
	if (row?.stored === 1) return key ? { status: 'submitted', replyKey: key.key } : { status: 'submitted' }
	const [inv] = await db()
		.select({ answered: invitations.answered })
		.from(invitations)
		.where(and(eq(invitations.orgId, orgId), eq(invitations.id, invitationId)))
	return { status: inv?.answered ? 'already-answered' : 'closed' }
}

/**
 * Every write of one submission as a single statement: claim the invitation (only if it is
 * unanswered, of this wave, the wave open and its week not released), then park the answers in
 * `held_responses` and count the answer in participation — atomic on its own, one round trip.
 *
 * The invitation is named by its id (a signed-in person's, already checked), or by a link: the
 * token's id and the SHA-256 of its secret, which must equal the stored hash. Comparing the
 * digests in SQL is not constant-time, but all it could leak is how much of a SHA-256 digest
 * a guess matches, and knowing digest prefixes gives no way to a secret with that digest (the
 * preimage resistance of SHA-256; Lucia's earlier session guide looked sessions up by hash). The
 * secret itself never leaves the process.
 * Exported so the benchmark can issue exactly these writes through the driver.
 */
export function submissionStatement(s: {
	orgId: string
	waveId: string
	claim: { invitationId: string } | { tokenId: string; secretHash: string }
	now: Date
	comment: string | null
	/** The SHA-256 of the comment's reply key, stored in the same row as the comment (no row of its own). */
	replyKeyHash?: string | null
	answers: { position: number; value: number | null; text: string | null }[]
}) {
	const { orgId, waveId } = s
	const now = s.now.toISOString()
	const invitation =
		'invitationId' in s.claim
			? sql`i.id = ${s.claim.invitationId}`
			: // A scalar subquery, so the invitation is always found by its primary key.
				sql`i.id = (select t.invitation_id from ${invitationTokens} t where t.org_id = ${orgId} and t.id = ${s.claim.tokenId} and t.secret_hash = ${s.claim.secretHash})`
	return sql`
		with claimed as (
			update ${invitations} i set answered = true
			from ${waves} w
			where i.org_id = ${orgId} and ${invitation} and i.answered = false
				and w.org_id = ${orgId} and w.id = ${waveId} and w.closed_at is null and w.opens_at <= ${now}::timestamptz and w.closes_at > ${now}::timestamptz
				-- A straggler after its week's release is refused (the release locks the holding
				-- table, so a statement that waited for it sees the released week).
				and not exists (select 1 from ${releasedWeeks} rw where rw.org_id = w.org_id and rw.week = w.week)
				-- The invitation is of this wave. ("is not distinct from" is "=" here, neither side
				-- being null, but it lets the planner find the invitation by its key alone: with "=",
				-- before the table had statistics, it read every invitation of the wave instead.)
				and i.wave_id is not distinct from w.id
			returning i.team_id, i.level
		), held as (
			insert into ${heldResponses} (org_id, wave_id, team_id, level, comment, reply_key_hash, answers)
			select ${orgId}, ${waveId}, team_id, level, ${s.comment}::text, ${s.replyKeyHash ?? null}::text, ${JSON.stringify(s.answers)}::jsonb from claimed
			returning 1
		), counted as (
			-- An upsert, not an update: a rebuild of the rollups running meanwhile may have deleted
			-- the row (its count cannot include this uncommitted answer); the insert then waits for
			-- it and adds to the row it wrote.
			insert into ${participationRollups} (org_id, wave_id, team_id, level, invited, answered)
			select ${orgId}::uuid, ${waveId}::uuid, coalesce(c.team_id, ${NO_TEAM}::uuid), c.level, 0, 1 from claimed c
			on conflict (org_id, wave_id, team_id, level) do update set answered = participation_rollups.answered + 1
			returning 1
		)
		select count(*)::int as stored from held`
}
