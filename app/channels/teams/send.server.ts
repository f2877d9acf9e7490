/**
 * Sending a message to a person in Teams (proactive): the bot opens (or finds) its 1:1 chat with
 * them and posts the message as an Adaptive Card. A pulse invitation carries the whole pulse in
 * the card, behind "Answer here". The conversation id is used for this call and not kept.
 */
import type { MessageContent } from '~/mail/content'
import { pulseForLink } from '~/pulses/pulse-view.server'

import { messageToCard } from './cards'
import { botToken, cardMessage, personalConversation, sendToConversation } from './connector.server'
import { teamsCredentials } from './installations.server'

export async function sendTeamsMessage(orgId: string, member: string, content: MessageContent): Promise<{ sent: boolean }> {
	const creds = await teamsCredentials(orgId)
	// Until Teams has sent us one activity we do not know the tenant's service URL: e-mail until then.
	if (!creds?.serviceUrl) return { sent: false }
	const answerToken = content.blocks.map((b) => (b.type === 'button' ? b.answerInChat : undefined)).find(Boolean)
	const pulse = answerToken ? await pulseForLink(answerToken) : null
	const { summary, card } = messageToCard(content, pulse && pulse.state === 'open' && answerToken ? { facts: pulse, token: answerToken } : undefined)
	const token = await botToken(creds)
	const conversation = await personalConversation(creds.serviceUrl, token, creds, member)
	await sendToConversation(creds.serviceUrl, token, conversation, cardMessage(summary, card))
	return { sent: true }
}
