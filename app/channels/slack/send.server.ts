/** Sending a message to a person's Slack DM (chat.postMessage to their member id opens the DM). */
import type { MessageContent } from '~/mail/content'

import { messageToSlack } from './blocks'
import { slackClient } from './client.server'
import { slackBotToken } from './installations.server'

export async function sendSlackMessage(orgId: string, member: string, content: MessageContent): Promise<{ sent: boolean }> {
	const bot = await slackBotToken(orgId)
	if (!bot) return { sent: false }
	const result = await slackClient(bot.token).chat.postMessage({ channel: member, ...messageToSlack(content), unfurl_links: false, unfurl_media: false })
	if (!result.ok) throw new Error(`Slack did not take the message (${result.error ?? 'unknown error'}).`)
	return { sent: true }
}
