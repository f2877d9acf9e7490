/** The pulse invitation and reminder e-mails, registered with the mail pipeline; each mints its own link token at delivery. */
import { and, eq } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { button, greeting, type MessageContent, paragraph } from '~/mail/content'
import { type MailKind, MailNoLongerNeeded, type RenderContext } from '~/mail/registry.server'
import { PERIOD_NOUN } from '~/surveys/schedule'
import { db } from '~/utils/db.server'
import { invitations, type MailMessage, organizations, surveys, waves } from '~db/schema'

import { mintInvitationLink } from './invitation-links.server'

async function renderPulseMail(message: MailMessage, context: RenderContext): Promise<MessageContent> {
	const now = context.now
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
	const reminder = message.kind === 'pulse_reminder'
	return {
		subject: reminder ? `Reminder: ${row.surveyName} closes soon` : `${row.surveyName}: a one-minute pulse from ${context.orgName}`,
		blocks: [
			paragraph(greeting(context.userName)),
			paragraph(
				reminder
					? `There is still time to answer this ${PERIOD_NOUN[row.cadence]}'s pulse. It closes ${closes} (${row.timeZone}).`
					: `${context.orgName} asks a few short questions about how freely and quickly you can act for customers. It takes a minute or two and closes ${closes} (${row.timeZone}).`,
			),
			paragraph(
				'Your answers are anonymous: they are stored without your name, and no result is shown for a group smaller than the threshold your organisation set. The link is yours alone; please do not forward it.',
			),
			button(`${context.appUrl}/p/${token}`, 'Answer the pulse', token),
		],
	}
}

export const pulseInvitationMail: MailKind = { kind: 'pulse_invitation', label: 'Pulse', category: 'pulses', skippable: true, privateRecipient: false, render: renderPulseMail }

/** Its recipients are those who had not answered yet: the Outbox page does not show them. */
export const pulseReminderMail: MailKind = {
	kind: 'pulse_reminder',
	label: 'Pulse reminder',
	category: 'reminders',
	skippable: true,
	privateRecipient: true,
	render: renderPulseMail,
}
