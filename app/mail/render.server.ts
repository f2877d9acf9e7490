/** Turns a queued message into its subject and body; link tokens are minted here, at sending. */
import { mintPasswordLink } from '~/auth/password-links.server'
import { renderPulseMail } from '~/pulses/pulse-mail.server'
import { env } from '~/utils/env.server'
import type { MailMessage } from '~db/schema'

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export function layout(paragraphs: string[], link: { href: string; label: string }) {
	const text = `${paragraphs.join('\n\n')}\n\n${link.label}: ${link.href}\n`
	const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1c2530">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(link.href)}" style="display:inline-block;padding:10px 16px;background:#0f5c4d;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(link.label)}</a></p>
<p style="color:#5b6776;font-size:13px">Or paste this address into your browser: ${escapeHtml(link.href)}</p>
</body></html>`
	return { text, html }
}

export async function renderMail(
	message: MailMessage,
	context: { orgName: string; userName: string | null; now?: Date },
): Promise<{ subject: string; text: string; html: string }> {
	const base = env().APP_URL
	const greeting = `Hello ${context.userName ?? ''}`.trim() + ','
	switch (message.kind) {
		case 'invitation': {
			if (!message.userId) throw new Error('An invitation needs a person.')
			const { token } = await mintPasswordLink(message.orgId, message.userId, 'invitation')
			return {
				subject: `You're invited to State of Now at ${context.orgName}`,
				...layout(
					[
						greeting,
						`${context.orgName} uses State of Now for short pulse surveys about how quickly and freely we can act for our customers. Your answers are anonymous: nobody sees a result from a group smaller than the organisation's threshold.`,
						'Choose a password to sign in. The link works once and for 14 days.',
					],
					{ href: `${base}/set-password?token=${token}`, label: 'Set your password' },
				),
			}
		}
		case 'pulse_invitation':
		case 'pulse_reminder':
			return renderPulseMail(message, context)
		case 'password_reset': {
			if (!message.userId) throw new Error('A password reset needs a person.')
			const { token } = await mintPasswordLink(message.orgId, message.userId, 'reset')
			return {
				subject: 'Reset your State of Now password',
				...layout([greeting, 'Someone (hopefully you) asked to reset your password. The link works once and for 2 hours. If it was not you, ignore this message.'], {
					href: `${base}/set-password?token=${token}`,
					label: 'Choose a new password',
				}),
			}
		}
	}
}
