/**
 * The channel every delivery goes through: Slack or Teams for the people whose messages of that
 * kind go there (app/channels/preference.server.ts) and whom that chat can reach, e-mail for
 * everyone else — and e-mail when the chat is disconnected between queueing and sending. A chat
 * error is a delivery error like an SMTP one: the outbox retries it with its backoff. Each
 * delivery says which channel carried it (the Outbox page shows it).
 */
import { chatRecipient } from '~/channels/preference.server'
import { sendSlackMessage } from '~/channels/slack/send.server'
import { sendTeamsMessage } from '~/channels/teams/send.server'
import { type Channel, emailChannel } from '~/mail/channel.server'

export const personalChannel: Channel = {
	name: 'personal',
	async send(delivery) {
		const to = delivery.userId ? await chatRecipient(delivery.orgId, delivery.userId, delivery.category) : null
		if (to) {
			const send = to.provider === 'slack' ? sendSlackMessage : sendTeamsMessage
			const { sent } = await send(delivery.orgId, to.member, delivery.content)
			if (sent) return { fileName: null, subject: delivery.content.subject, via: to.provider }
		}
		return { ...(await emailChannel.send(delivery)), via: 'email' }
	},
}
