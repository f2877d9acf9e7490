/** The password-reset e-mail, registered with the mail pipeline; its link is minted at sending. */
import { fixedT } from '~/i18n/i18n.server'
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
		const locale = context.locale ?? 'en'
		const t = fixedT(locale, 'mail')
		return {
			subject: t('reset.subject'),
			blocks: [paragraph(greeting(context.userName, locale)), paragraph(t('reset.text')), button(`${context.appUrl}/set-password?token=${token}`, t('reset.button'))],
		}
	},
}
