/**
 * Sending a message to a person's Slack DM (chat.postMessage to their member id opens the DM). A
 * pulse invitation or reminder shows the pulse's first question above "Answer here": the pulse is
 * looked up by the button's token, as the modal will be, and asks in the reader's wording.
 */
import type { MessageContent } from '~/mail/content'
import { pulseForLink } from '~/pulses/pulse-view.server'

import { type MessagePulse, messageToSlack } from './blocks'
import { slackClient } from './client.server'
import { slackBotToken } from './installations.server'

/** The open pulse behind a message's "Answer here" button, if it has one. */
async function pulseOf(content: MessageContent): Promise<MessagePulse | undefined> {
	const token = content.blocks.map((b) => (b.type === 'button' ? b.answerInChat : undefined)).find(Boolean)
	const pulse = token ? await pulseForLink(token) : null
	return token && pulse?.state === 'open' ? { token, items: pulse.items, orgLocale: pulse.orgLocale } : undefined
}

export async function sendSlackMessage(orgId: string, member: string, content: MessageContent): Promise<{ sent: boolean }> {
	const bot = await slackBotToken(orgId)
	if (!bot) return { sent: false }
	const message = messageToSlack(content, await pulseOf(content))
	const result = await slackClient(bot.token).chat.postMessage({ channel: member, ...message, unfurl_links: false, unfurl_media: false })
	if (!result.ok) throw new Error(`Slack did not take the message (${result.error ?? 'unknown error'}).`)
	return { sent: true }
}
