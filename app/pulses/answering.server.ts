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
 * (opened-waves.server.ts). The other parts: the form's checks (answer-form.ts), the pulse as
 * its page shows it (pulse-view.server.ts), the one statement (submission-statement.server.ts). Only the unhappy paths (first link of a wave in this process, a
 * form to correct, a link that is not ours, answered or closed) run the full lookup.
 */
import { and, eq } from 'drizzle-orm'

import { isLocale, type Locale } from '~/i18n/locales'
import { mintReplyKey, type ReplyKey } from '~/replies/reply-key.server'
import { db, prepared } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/result'
import { hashSecret, parseOrgToken } from '~/utils/token.server'
import { invitations } from '~db/schema'

import { readAnswers } from './answer-form'
import { INVITATION_ANSWERED, SURVEY_SECRET_LENGTH } from './invitation-links.server'
import { knownWaveOf, waveItemsOf } from './opened-waves.server'
import { pulseForLink, type PulseView } from './pulse-view.server'
import { submissionStatement } from './submission-statement.server'

/** The language of the page a comment was written on, as the page sent it (one of the five, or none). */
function commentLocaleOf(form: Record<string, unknown>, comment: string | null): Locale | null {
	return comment !== null && isLocale(form.locale) ? form.locale : null
}

/** A reply key for the comment, when its author asked for one (docs/security.md, "Anonymous replies"). */
function replyKeyFor(orgId: string, form: Record<string, unknown>, comment: string | null): ReplyKey | null {
	return comment !== null && form.replies === 'on' ? mintReplyKey(orgId) : null
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
	const link = parseOrgToken(token, SURVEY_SECRET_LENGTH)
	if (!link) return { status: 'unknown' }
	const known = knownWaveOf(link.id)
	if (known) {
		const items = await waveItemsOf(known.orgId, known.waveId)
		const { answers: parsed, comment, errors } = readAnswers(items, form)
		if (items.length && !Object.keys(errors).length) {
			const key = replyKeyFor(known.orgId, form, comment)
			const statement = submissionStatement({
				orgId: known.orgId,
				waveId: known.waveId,
				claim: { tokenId: link.id, secretHash: hashSecret(link.secret) },
				now,
				comment,
				commentLocale: commentLocaleOf(form, comment),
				replyKeyHash: key?.hash ?? null,
				answers: parsed,
			})
			const [row] = await prepared<{ stored: number }>(statement)
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
	const key = replyKeyFor(orgId, form, comment)
	const statement = submissionStatement({
		orgId,
		waveId,
		claim: { invitationId },
		now,
		comment,
		commentLocale: commentLocaleOf(form, comment),
		replyKeyHash: key?.hash ?? null,
		answers: parsed,
	})
	const [row] = await prepared<{ stored: number }>(statement)
	if (row?.stored === 1) return key ? { status: 'submitted', replyKey: key.key } : { status: 'submitted' }
	const [inv] = await db()
		.select({ answered: INVITATION_ANSWERED })
		.from(invitations)
		.where(and(eq(invitations.orgId, orgId), eq(invitations.id, invitationId)))
	return { status: inv?.answered ? 'already-answered' : 'closed' }
}
