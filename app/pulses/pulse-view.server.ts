/** A pulse as its page (or the Slack modal) shows it: reached through a link or by a signed-in person, and the open pulses of a person. */
import { and, asc, eq, gt, isNull, lte, not } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { invitations, organizations, surveys, users, waves } from '~db/schema'

import type { PulseItem } from './answer-form'
import { INVITATION_ANSWERED, PULSE_FACTS, resolveInvitationLink } from './invitation-links.server'
import { rememberWave, waveItemsOf } from './opened-waves.server'
import { isOpen } from './waves.server'

export type PulseState = 'open' | 'answered' | 'closed'

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
	/** The person's language (their own, else the organisation's) and the organisation's. */
	locale: string
	orgLocale: string
	items: PulseItem[]
}

interface PulseFacts {
	invitation: { id: string; orgId: string; answered: boolean }
	wave: { id: string; opensAt: Date; closesAt: Date; closedAt: Date | null; anonymityK: number }
	surveyName: string
	org: { name: string; timeZone: string; locale: string }
	userLocale: string | null
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
		locale: f.userLocale ?? f.org.locale,
		orgLocale: f.org.locale,
		items: await waveItemsOf(f.invitation.orgId, f.wave.id),
	}
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
		.innerJoin(users, and(eq(users.orgId, invitations.orgId), eq(users.id, invitations.userId)))
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
		.where(and(eq(invitations.orgId, orgId), eq(invitations.userId, userId), not(INVITATION_ANSWERED), isNull(waves.closedAt), gt(waves.closesAt, now), lte(waves.opensAt, now)))
		.orderBy(asc(waves.closesAt))
}
