/**
 * What Teams sends the bot, after the route has verified the token and that the activity is from
 * the organisation's own tenant:
 * - the app installed for someone, or added to a team (`installationUpdate`, `conversationUpdate`):
 *   the conversation's members are listed and matched to people by e-mail;
 * - a pulse card sent (`message` whose `value` is the card's inputs and the pulse link's token):
 *   stored through `submitByLink`, the web's own path — held without a person, one response per
 *   invitation, counted at release — when the Teams user sending is the person the pulse was sent
 *   to. The card then says "answered" (without the answers) and a reply thanks them.
 * Nothing from Teams — user, conversation, activity — is stored with or near an answer; the
 * conversation and the card to update are taken from the activity itself.
 */
import { and, eq } from 'drizzle-orm'
import { z } from 'zod'

import { submitByLink } from '~/pulses/answering.server'
import { pulseForLink } from '~/pulses/pulse-view.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { chatIdentities, type ChatInstallation, invitations } from '~db/schema'

import { memberLocale } from '../chat-locale.server'
import { chatT } from '../chat-words'
import { answeredCard, cardAnswers, errorsText, PULSE_ACTION } from './cards'
import { botToken, cardMessage, conversationMembers, replyTo, textMessage, updateActivity } from './connector.server'
import { matchTeamsMembers, rememberServiceUrl, teamsCredentials } from './installations.server'

export const activitySchema = z.object({
	type: z.string(),
	id: z.string().optional(),
	channelId: z.string().optional(),
	serviceUrl: z.string().url(),
	from: z.object({ id: z.string() }).passthrough(),
	conversation: z.object({ id: z.string(), tenantId: z.string().optional(), conversationType: z.string().optional() }).passthrough(),
	channelData: z
		.object({ tenant: z.object({ id: z.string() }).partial().optional() })
		.passthrough()
		.optional(),
	replyToId: z.string().optional(),
	value: z.record(z.unknown()).optional(),
	action: z.string().optional(),
})
export type TeamsActivity = z.infer<typeof activitySchema>

export const activityTenant = (a: TeamsActivity) => (a.conversation.tenantId ?? a.channelData?.tenant?.id ?? '').toLowerCase()

/** The pulse behind a token, when the Teams user sending is the person it was sent to, in this organisation. */
async function pulseForMember(token: string, orgId: string, member: string) {
	const pulse = await pulseForLink(token)
	if (!pulse || pulse.orgId !== orgId) return null
	const [row] = await db()
		.select({ id: invitations.id })
		.from(invitations)
		.innerJoin(chatIdentities, and(eq(chatIdentities.orgId, invitations.orgId), eq(chatIdentities.userId, invitations.userId), eq(chatIdentities.provider, 'teams')))
		.where(and(eq(invitations.orgId, orgId), eq(invitations.id, pulse.invitationId), eq(chatIdentities.externalUserId, member)))
	return row ? pulse : null
}

async function isMatched(orgId: string, member: string) {
	const [row] = await db()
		.select({ userId: chatIdentities.userId })
		.from(chatIdentities)
		.where(and(eq(chatIdentities.orgId, orgId), eq(chatIdentities.provider, 'teams'), eq(chatIdentities.externalUserId, member)))
	return Boolean(row)
}

async function matchConversation(installation: ChatInstallation, activity: TeamsActivity, token: string) {
	try {
		const members = await conversationMembers(activity.serviceUrl, token, activity.conversation.id)
		await matchTeamsMembers(installation.orgId, installation.workspaceId, members)
	} catch {
		// Teams does not wait on us; the next installation or message from the person tries again.
	}
}

export async function handleTeamsActivity(installation: ChatInstallation, activity: TeamsActivity): Promise<void> {
	await rememberServiceUrl(installation.orgId, activity.serviceUrl)
	const creds = await teamsCredentials(installation.orgId)
	if (!creds) return
	const isInstall = activity.type === 'installationUpdate' ? activity.action !== 'remove' && activity.action !== 'remove-upgrade' : activity.type === 'conversationUpdate'
	if (isInstall) {
		await matchConversation(installation, activity, await botToken(creds))
		return
	}
	if (activity.type !== 'message') return
	const token = await botToken(creds)
	const reply = (text: string) => (activity.id ? replyTo(activity.serviceUrl, token, activity.conversation.id, activity.id, textMessage(text)) : null)
	const value = activity.value
	if (value?.action === PULSE_ACTION && typeof value.token === 'string') {
		await submitCard(installation, activity, value.token, value, token, reply)
		return
	}
	// Someone wrote to the bot: if they are not matched yet, their chat's member list says who they are.
	if (activity.conversation.conversationType === 'personal' && !(await isMatched(installation.orgId, activity.from.id))) {
		await matchConversation(installation, activity, token)
	}
	await reply(chatT(await memberLocale(installation.orgId, 'teams', activity.from.id))('teams.help'))
}

async function submitCard(
	installation: ChatInstallation,
	activity: TeamsActivity,
	pulseToken: string,
	value: Record<string, unknown>,
	token: string,
	reply: (text: string) => Promise<unknown> | null,
) {
	const pulse = await pulseForMember(pulseToken, installation.orgId, activity.from.id)
	// The pulse's own person reads it in their language; someone else sending, in theirs.
	if (!pulse) return reply(chatT(await memberLocale(installation.orgId, 'teams', activity.from.id))('notice.notYoursTeams'))
	const locale = pulse.locale
	const t = chatT(locale)
	// The card's language is the comment's, as the web form's is (it is kept only where it names no one).
	const outcome = await submitByLink(pulseToken, { ...cardAnswers(value), locale })
	switch (outcome.status) {
		case 'invalid':
			return reply(errorsText(outcome.errors, pulse.items, locale, pulse.orgLocale))
		case 'already-answered':
			return reply(t('notice.alreadyAnswered'))
		case 'closed':
			return reply(t('notice.closedBeforeArrival'))
		case 'unknown':
			return reply(t('notice.notFound'))
		case 'submitted': {
			// The card that carried the pulse now says "answered" (best effort: the answers are already stored).
			if (activity.replyToId) {
				try {
					await updateActivity(
						activity.serviceUrl,
						token,
						activity.conversation.id,
						activity.replyToId,
						cardMessage(t('answered', { survey: pulse.surveyName }), answeredCard(pulse.surveyName, locale)),
					)
				} catch {
					// The message may have been deleted; nothing to do.
				}
			}
			const thanks = t('thanks.text')
			return reply(outcome.replyKey ? `${thanks}\n\n${t('thanks.replyKey', { key: outcome.replyKey })}\n${t('thanks.readReplies', { url: `${env().APP_URL}/replies` })}` : thanks)
		}
	}
}
