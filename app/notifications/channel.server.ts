/**
 * The channel every delivery goes through: Slack for the people whose messages of that kind go
 * there (app/channels/preference.server.ts) and whom Slack can reach, e-mail for everyone else —
 * and e-mail when Slack is disconnected between queueing and sending. A Slack error is a delivery
 * error like an SMTP one: the outbox retries it with its backoff.
 */
import { slackRecipient } from '~/channels/preference.server'
import { sendSlackMessage } from '~/channels/slack/send.server'
import { type Channel, emailChannel } from '~/mail/channel.server'

export const personalChannel: Channel = {
	name: 'personal',
	async send(delivery) {
		const member = delivery.userId ? await slackRecipient(delivery.orgId, delivery.userId, delivery.category) : null
		if (member) {
			const { sent } = await sendSlackMessage(delivery.orgId, member, delivery.content)
			if (sent) return { fileName: null, subject: delivery.content.subject, via: 'slack' }
		}
		return { ...(await emailChannel.send(delivery)), via: 'email' }
	},
}
