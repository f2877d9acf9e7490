/**
 * A channel carries a message's content to a person. E-mail is one; a chat channel (Slack) is
 * another implementation of `Channel` — its own formatting of the same blocks and its own
 * transport — chosen per person at delivery (app/notifications/channel.server.ts), with no
 * message kind changed.
 */
import type { MailCategory } from './categories'
import type { MessageContent } from './content'
import { type Footer, layoutEmail } from './layout.server'
import { sendMail } from './transport.server'

export interface Delivery {
	id: string
	orgId: string
	/** The person it is for (null: an address only, e.g. an invitation to someone without an account yet). */
	userId: string | null
	category: MailCategory
	to: string
	content: MessageContent
	footer: Footer
}

/** What the Outbox page says a message went by. */
export type DeliveredVia = 'email' | 'slack' | 'teams'

export interface Channel {
	name: string
	/** Sends; returns where a file transport wrote it (null when sent to a server) and by which channel it went. */
	send(delivery: Delivery): Promise<{ fileName: string | null; subject: string; via: DeliveredVia }>
}

export const emailChannel: Channel = {
	name: 'email',
	async send({ id, to, content, footer }) {
		const body = layoutEmail(content, footer)
		const headers: Record<string, string> = {}
		if (footer.unsubscribe) {
			// RFC 2369 and RFC 8058: mail clients offer "unsubscribe" and post to the link in one click.
			headers['List-Unsubscribe'] = `<${footer.unsubscribe.href}>`
			headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'
		}
		const { fileName } = await sendMail({ id, to, subject: body.subject, text: body.text, html: body.html, headers })
		return { fileName, subject: body.subject, via: 'email' }
	},
}
