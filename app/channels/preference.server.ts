/**
 * Where a person's pulses and results go: their own choice, or else the organisation's default.
 * Only the categories that can live in chat go there; account mail (invitations to the app,
 * password links) is always e-mail, so a chat account can never reset a password.
 */
import { and, eq } from 'drizzle-orm'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import type { MailCategory } from '~/mail/categories'
import { db } from '~/utils/db.server'
import { fail, ok, type Result } from '~/utils/result'
import { chatIdentities, chatInstallations, organizations, users } from '~db/schema'

import { CHANNEL_LABELS, type ChannelName, type ChatChannelName } from './channel-names'

const CHAT_CATEGORIES: ReadonlySet<MailCategory> = new Set(['pulses', 'reminders', 'results', 'digests', 'alerts'])
export const mayGoToChat = (category: MailCategory) => CHAT_CATEGORIES.has(category)

/** The chat account to message (Slack member, Teams user), when this person's messages of this category go to chat. */
export async function chatRecipient(orgId: string, userId: string, category: MailCategory): Promise<{ provider: ChatChannelName; member: string } | null> {
	if (!mayGoToChat(category)) return null
	const [person] = await db()
		.select({ own: users.channel, fallback: organizations.defaultChannel })
		.from(users)
		.innerJoin(organizations, eq(organizations.id, users.orgId))
		.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
	const chosen = person ? (person.own ?? person.fallback) : 'email'
	if (chosen === 'email') return null
	const [identity] = await db()
		.select({ member: chatIdentities.externalUserId })
		.from(chatIdentities)
		.where(and(eq(chatIdentities.orgId, orgId), eq(chatIdentities.userId, userId), eq(chatIdentities.provider, chosen)))
	return identity ? { provider: chosen, member: identity.member } : null
}

/** What the settings page shows a person: their choice, the default, and which chat workspaces can reach them. */
export async function channelChoice(orgId: string, userId: string) {
	const [person] = await db()
		.select({ own: users.channel, fallback: organizations.defaultChannel })
		.from(users)
		.innerJoin(organizations, eq(organizations.id, users.orgId))
		.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
	if (!person) return null
	const chats = await db()
		.select({ provider: chatInstallations.provider, workspace: chatInstallations.workspaceName, member: chatIdentities.externalUserId })
		.from(chatInstallations)
		.leftJoin(chatIdentities, and(eq(chatIdentities.orgId, chatInstallations.orgId), eq(chatIdentities.provider, chatInstallations.provider), eq(chatIdentities.userId, userId)))
		.where(eq(chatInstallations.orgId, orgId))
	const of = (provider: ChatChannelName) => chats.find((c) => c.provider === provider)
	return {
		own: person.own,
		fallback: person.fallback,
		slackWorkspace: of('slack')?.workspace ?? null,
		slackReachable: Boolean(of('slack')?.member),
		teamsWorkspace: of('teams')?.workspace ?? null,
		teamsReachable: Boolean(of('teams')?.member),
	}
}

/** A person's own choice (null: follow the organisation). A chat channel only when it can reach them. */
export async function setPersonalChannel(orgId: string, userId: string, channel: ChannelName | null): Promise<Result<null>> {
	if (channel === 'slack' || channel === 'teams') {
		const choice = await channelChoice(orgId, userId)
		const reachable = channel === 'slack' ? choice?.slackReachable : choice?.teamsReachable
		if (!reachable)
			return fail({
				channel: `${CHANNEL_LABELS[channel]} cannot reach you yet: your ${CHANNEL_LABELS[channel]} account was not found by your e-mail address. Ask your admin.`,
			})
	}
	await db()
		.update(users)
		.set({ channel })
		.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
	return ok(null)
}

export async function setDefaultChannel(orgId: string, channel: ChannelName, actor: AuditActor): Promise<Result<null>> {
	if (channel !== 'email') {
		const [installed] = await db()
			.select({ orgId: chatInstallations.orgId })
			.from(chatInstallations)
			.where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, channel)))
		if (!installed) return fail({ channel: `Connect ${CHANNEL_LABELS[channel]} first.` })
	}
	await db().transaction(async (tx) => {
		const [before] = await tx.select({ c: organizations.defaultChannel }).from(organizations).where(eq(organizations.id, orgId))
		await tx.update(organizations).set({ defaultChannel: channel }).where(eq(organizations.id, orgId))
		await recordAudit(tx, orgId, { actor, action: 'chat.default_changed', detail: { from: before?.c ?? null, to: channel } })
	})
	return ok(null)
}
