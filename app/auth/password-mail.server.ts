/** The password-reset e-mail, registered with the mail pipeline; its link is minted at sending. */
import { button, greeting, paragraph } from '~/mail/content'
import type { MailKind } from '~/mail/registry.server'

import { mintPasswordLink } from './password-links.server'

export const passwordResetMail: MailKind = {
	kind: 'password_reset',
	label: 'Password reset',
	category: 'account',
	skippable: false,
	privateRecipient: false,
	async render(message, context) {
		if (!message.userId) throw new Error('A password reset needs a person.')
		const { token } = await mintPasswordLink(message.orgId, message.userId, 'reset')
		return {
			subject: 'Reset your State of Now password',
			blocks: [
				paragraph(greeting(context.userName)),
				paragraph('Someone (hopefully you) asked to reset your password. The link works once and for 2 hours. If it was not you, ignore this message.'),
				button(`${context.appUrl}/set-password?token=${token}`, 'Choose a new password'),
			],
		}
	},
}
