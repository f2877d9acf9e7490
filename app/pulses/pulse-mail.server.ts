/** The pulse invitation and reminder e-mails; each mints its own link token at delivery. */
import { and, eq } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { layout } from '~/mail/render.server'
import { PERIOD_NOUN } from '~/surveys/schedule'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { invitations, type MailMessage, organizations, surveys, waves } from '~db/schema'

import { mintInvitationLink } from './invitation-links.server'

/** Thrown when a message no longer has a reason to go out (wave closed, already answered). */
export class MailNoLongerNeeded extends Error {
	override name = 'MailNoLongerNeeded'
}

export async function renderPulseMail(message: MailMessage, context: { orgName: string; userName: string | null; now?: Date }) {
	const now = context.now ?? new Date()
	const invitationId = message.payload.invitationId
	if (!invitationId) throw new Error('A pulse e-mail needs an invitation.')
	const [row] = await db()
		.select({ invitation: invitations, wave: waves, surveyName: surveys.name, cadence: surveys.cadence, timeZone: organizations.timeZone })
		.from(invitations)
		.innerJoin(waves, and(eq(waves.orgId, invitations.orgId), eq(waves.id, invitations.waveId)))
		.innerJoin(surveys, and(eq(surveys.orgId, waves.orgId), eq(surveys.id, waves.surveyId)))
		.innerJoin(organizations, eq(organizations.id, invitations.orgId))
		.where(and(eq(invitations.orgId, message.orgId), eq(invitations.id, invitationId)))
	if (!row) throw new MailNoLongerNeeded('The invitation no longer exists.')
	if (row.wave.closedAt || row.wave.closesAt <= now) throw new MailNoLongerNeeded('The wave has closed.')
	if (row.invitation.answered) throw new MailNoLongerNeeded('Already answered.')
	const token = await mintInvitationLink(message.orgId, invitationId, row.wave.id)
	const closes = DateTime.fromJSDate(row.wave.closesAt, { zone: row.timeZone }).toFormat("cccc d LLLL 'at' HH:mm")
	const greeting = `Hello ${context.userName ?? ''}`.trim() + ','
	const reminder = message.kind === 'pulse_reminder'
	return {
		subject: reminder ? `Reminder: ${row.surveyName} closes soon` : `${row.surveyName}: a one-minute pulse from ${context.orgName}`,
		...layout(
			[
				greeting,
				reminder
					? `There is still time to answer this ${PERIOD_NOUN[row.cadence]}'s pulse. It closes ${closes} (${row.timeZone}).`
					: `${context.orgName} asks a few short questions about how freely and quickly you can act for customers. It takes a minute or two and closes ${closes} (${row.timeZone}).`,
				'Your answers are anonymous: they are stored without your name, and no result is shown for a group smaller than the threshold your organisation set. The link is yours alone; please do not forward it.',
			],
			{ href: `${env().APP_URL}/p/${token}`, label: 'Answer the pulse' },
		),
	}
}
