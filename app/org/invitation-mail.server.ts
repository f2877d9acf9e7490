/** The invitation to the app of a new person, registered with the mail pipeline; its password link is minted at sending. */
import { mintPasswordLink } from '~/auth/password-links.server'
import { button, greeting, paragraph } from '~/mail/content'
import type { MailKind } from '~/mail/registry.server'

export const invitationMail: MailKind = {
	kind: 'invitation',
	label: 'Invitation',
	category: 'account',
	skippable: false,
	privateRecipient: false,
	async render(message, context) {
		if (!message.userId) throw new Error('An invitation needs a person.')
		const { token } = await mintPasswordLink(message.orgId, message.userId, 'invitation')
		return {
			subject: `You're invited to State of Now at ${context.orgName}`,
			blocks: [
				paragraph(greeting(context.userName)),
				paragraph(
					`${context.orgName} uses State of Now for short pulse surveys about how quickly and freely we can act for our customers. Your answers are anonymous: nobody sees a result from a group smaller than the organisation's threshold.`,
				),
				paragraph('Choose a password to sign in. The link works once and for 14 days.'),
				button(`${context.appUrl}/set-password?token=${token}`, 'Set your password'),
			],
		}
	},
}
