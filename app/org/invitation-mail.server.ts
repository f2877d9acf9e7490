/** The invitation to the app of a new person, registered with the mail pipeline; its password link is minted at sending. */
import { mintPasswordLink } from '~/auth/password-links.server'
import { fixedT } from '~/i18n/i18n.server'
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
		const locale = context.locale ?? 'en'
		const t = fixedT(locale, 'mail')
		return {
			subject: t('invitation.subject', { org: context.orgName }),
			blocks: [
				paragraph(greeting(context.userName, locale)),
				paragraph(t('invitation.about', { org: context.orgName })),
				paragraph(t('invitation.password')),
				button(`${context.appUrl}/set-password?token=${token}`, t('invitation.button')),
			],
		}
	},
}
