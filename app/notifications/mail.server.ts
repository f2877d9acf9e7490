/**
 * Where the app's message kinds are registered with the mail pipeline, once, and the way in for
 * everything that delivers or lists mail (the server's background jobs, the scheduler script,
 * the Outbox page, tests). mail/ itself knows none of its owners; this module knows them all,
 * and nothing imports it but entry points and routes.
 */
import { passwordResetMail } from '~/auth/password-mail.server'
import { executiveDigestMail, indexAlertMail, managerDigestMail, resultsInMail } from '~/digests/digest-mail.server'
import { deliverDueMail as deliver } from '~/mail/deliver.server'
import { listOutbox as list } from '~/mail/outbox.server'
import { type MailKind, registerMailKind } from '~/mail/registry.server'
import { invitationMail } from '~/org/invitation-mail.server'
import { pulseInvitationMail, pulseReminderMail } from '~/pulses/pulse-mail.server'

import { personalChannel } from './channel.server'

export const MAIL_KINDS: MailKind[] = [
	invitationMail,
	passwordResetMail,
	pulseInvitationMail,
	pulseReminderMail,
	managerDigestMail,
	executiveDigestMail,
	indexAlertMail,
	resultsInMail,
]

let registered = false
export function registerMailKinds() {
	if (registered) return
	for (const kind of MAIL_KINDS) registerMailKind(kind)
	registered = true
}

/** Delivers what is due, each message through its person's channel (e-mail or Slack). */
export function deliverDueMail(limit?: number, now?: Date) {
	registerMailKinds()
	return deliver(limit, now, personalChannel)
}

export function listOutbox(...args: Parameters<typeof list>) {
	registerMailKinds()
	return list(...args)
}
