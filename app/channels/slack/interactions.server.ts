/**
 * What Slack sends when someone presses "Answer here" (block_actions) or sends the pulse modal
 * (view_submission), after the route has verified the signature. The pulse link's token is the
 * capability, as in the e-mail; in addition the Slack member pressing must be the one the pulse
 * was sent to (a forwarded message opens nothing). Answers go through `submitByLink`, the web's
 * own path: held without a person, one response per invitation, counted at release. Nothing from
 * Slack — member, channel, message, trigger — is stored.
 */
import { and, eq } from 'drizzle-orm'
import { z } from 'zod'

import { submitByLink } from '~/pulses/answering.server'
import { pulseForLink } from '~/pulses/pulse-view.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { chatIdentities, chatInstallations, invitations } from '~db/schema'

import { memberLocale } from '../chat-locale.server'
import {
	ANSWER_ACTION,
	answeredMessage,
	modalAnswers,
	modalErrors,
	type ModalMetadata,
	type Notice,
	noticeModal,
	parseMetadata,
	PULSE_CALLBACK,
	pulseModal,
	thanksModal,
} from './blocks'
import { slackClient } from './client.server'
import { slackBotToken } from './installations.server'

const payloadSchema = z.object({
	type: z.string(),
	team: z.object({ id: z.string() }).nullish(),
	user: z.object({ id: z.string() }),
	trigger_id: z.string().optional(),
	actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).optional(),
	container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).passthrough().optional(),
	view: z
		.object({
			callback_id: z.string().optional(),
			private_metadata: z.string().optional(),
			state: z.object({ values: z.record(z.record(z.any())) }).optional(),
		})
		.passthrough()
		.optional(),
})

export type SlackAnswer = { status: number; body: Record<string, unknown> | null }
const ack: SlackAnswer = { status: 200, body: null }

/** The pulse behind a token, when the pressing member is the person it was sent to, in the workspace connected to that organisation. */
async function pulseForMember(token: string, workspaceId: string | undefined, member: string) {
	const pulse = await pulseForLink(token)
	if (!pulse || !workspaceId) return null
	const [row] = await db()
		.select({ id: invitations.id })
		.from(invitations)
		.innerJoin(chatIdentities, and(eq(chatIdentities.orgId, invitations.orgId), eq(chatIdentities.userId, invitations.userId), eq(chatIdentities.provider, 'slack')))
		.innerJoin(chatInstallations, and(eq(chatInstallations.orgId, chatIdentities.orgId), eq(chatInstallations.provider, chatIdentities.provider)))
		.where(
			and(eq(invitations.orgId, pulse.orgId), eq(invitations.id, pulse.invitationId), eq(chatIdentities.externalUserId, member), eq(chatInstallations.workspaceId, workspaceId)),
		)
	return row ? pulse : null
}

export async function handleSlackInteraction(raw: unknown): Promise<SlackAnswer> {
	const parsed = payloadSchema.safeParse(raw)
	if (!parsed.success) return { status: 400, body: { error: 'Not an interaction this app understands.' } }
	const p = parsed.data
	if (p.type === 'block_actions') {
		const action = p.actions?.find((a) => a.action_id === ANSWER_ACTION)
		// The "Open in the browser" button is a link; Slack still tells us it was pressed.
		if (!action?.value || !p.trigger_id) return ack
		await openPulseModal(action.value, p.team?.id, p.user.id, p.trigger_id, { channel: p.container?.channel_id ?? null, ts: p.container?.message_ts ?? null })
		return ack
	}
	if (p.type === 'view_submission' && p.view?.callback_id === PULSE_CALLBACK) {
		const metadata = parseMetadata(p.view.private_metadata)
		if (!metadata) return { status: 200, body: { response_action: 'update', view: noticeModal('notFound') } }
		return submitModal(metadata, p.team?.id, p.user.id, p.view.state?.values ?? {})
	}
	return ack
}

async function openPulseModal(token: string, workspaceId: string | undefined, member: string, triggerId: string, where: Omit<ModalMetadata, 'token'>) {
	const pulse = await pulseForMember(token, workspaceId, member)
	const orgId = pulse?.orgId ?? (await pulseForLink(token))?.orgId
	const bot = orgId ? await slackBotToken(orgId) : null
	if (!bot || bot.workspaceId !== workspaceId) return
	// The pulse's own person reads it in their language; someone else pressing, in theirs.
	const view = !pulse
		? noticeModal('notYours', await memberLocale(orgId!, 'slack', member))
		: pulse.state === 'answered'
			? noticeModal('alreadyAnswered', pulse.locale)
			: pulse.state === 'closed'
				? noticeModal('closed', pulse.locale)
				: pulseModal(pulse, { token, ...where })
	// Slack gives three seconds to open a modal from a trigger: this call is made before answering.
	await slackClient(bot.token).views.open({ trigger_id: triggerId, view: view as never })
}

async function submitModal(metadata: ModalMetadata, workspaceId: string | undefined, member: string, values: Record<string, Record<string, unknown>>): Promise<SlackAnswer> {
	const pulse = await pulseForMember(metadata.token, workspaceId, member)
	if (!pulse) {
		const orgId = (await pulseForLink(metadata.token))?.orgId
		return { status: 200, body: { response_action: 'update', view: noticeModal('notYours', orgId ? await memberLocale(orgId, 'slack', member) : undefined) } }
	}
	const locale = pulse.locale
	const update = (notice: Notice): SlackAnswer => ({ status: 200, body: { response_action: 'update', view: noticeModal(notice, locale) } })
	// The modal's language is the comment's, as the web form's is (it is kept only where it names no one).
	const outcome = await submitByLink(metadata.token, { ...modalAnswers(values as never), locale })
	switch (outcome.status) {
		case 'invalid':
			return { status: 200, body: { response_action: 'errors', errors: modalErrors(outcome.errors, locale) } }
		case 'already-answered':
			return update('alreadyAnswered')
		case 'closed':
			return update('closedBeforeArrival')
		case 'unknown':
			return update('notFound')
		case 'submitted': {
			await markAnswered(pulse.orgId, metadata, pulse.surveyName, locale)
			return { status: 200, body: { response_action: 'update', view: thanksModal(outcome.replyKey, env().APP_URL, locale) } }
		}
	}
}

/** The DM that carried the pulse now says "answered" (best effort: the answers are already stored). */
async function markAnswered(orgId: string, metadata: ModalMetadata, surveyName: string, locale: string) {
	if (!metadata.channel || !metadata.ts) return
	const bot = await slackBotToken(orgId)
	if (!bot) return
	try {
		await slackClient(bot.token).chat.update({ channel: metadata.channel, ts: metadata.ts, ...answeredMessage(surveyName, locale) })
	} catch {
		// The message may have been deleted; nothing to do.
	}
}
