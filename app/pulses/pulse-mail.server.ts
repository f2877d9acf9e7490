/** The pulse invitation and reminder e-mails, registered with the mail pipeline; each mints its own link token at delivery. */
import { and, eq } from 'drizzle-orm'

import { formatDateTime } from '~/i18n/format'
import { fixedT } from '~/i18n/i18n.server'
import { button, greeting, type MessageContent, paragraph } from '~/mail/content'
import { type MailKind, MailNoLongerNeeded, type RenderContext } from '~/mail/registry.server'
import { db } from '~/utils/db.server'
import { invitations, type MailMessage, organizations, surveys, waves } from '~db/schema'

import { INVITATION_ANSWERED, mintInvitationLink } from './invitation-links.server'

async function renderPulseMail(message: MailMessage, context: RenderContext): Promise<MessageContent> {
	const now = context.now
	const invitationId = message.payload.invitationId
	if (!invitationId) throw new Error('A pulse e-mail needs an invitation.')
	const [row] = await db()
		.select({ invitation: { answered: INVITATION_ANSWERED }, wave: waves, surveyName: surveys.name, cadence: surveys.cadence, timeZone: organizations.timeZone })
		.from(invitations)
		.innerJoin(waves, and(eq(waves.orgId, invitations.orgId), eq(waves.id, invitations.waveId)))
		.innerJoin(surveys, and(eq(surveys.orgId, waves.orgId), eq(surveys.id, waves.surveyId)))
		.innerJoin(organizations, eq(organizations.id, invitations.orgId))
		.where(and(eq(invitations.orgId, message.orgId), eq(invitations.id, invitationId)))
	if (!row) throw new MailNoLongerNeeded('The invitation no longer exists.')
	if (row.wave.closedAt || row.wave.closesAt <= now) throw new MailNoLongerNeeded('The wave has closed.')
	if (row.invitation.answered) throw new MailNoLongerNeeded('Already answered.')
	const token = await mintInvitationLink(message.orgId, invitationId, row.wave.id)
	const locale = context.locale ?? 'en'
	const t = fixedT(locale, 'mail')
	const closes = formatDateTime(row.wave.closesAt, locale, row.timeZone)
	const reminder = message.kind === 'pulse_reminder'
	return {
		subject: reminder ? t('pulse.reminderSubject', { survey: row.surveyName }) : t('pulse.subject', { survey: row.surveyName, org: context.orgName }),
		blocks: [
			paragraph(greeting(context.userName, locale)),
			paragraph(reminder ? t(`pulse.reminder.${row.cadence}`, { closes, zone: row.timeZone }) : t('pulse.invitation', { org: context.orgName, closes, zone: row.timeZone })),
			paragraph(t('pulse.anonymous')),
			button(`${context.appUrl}/p/${token}`, t('pulse.button'), token),
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
