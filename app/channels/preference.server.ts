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

import type { ChannelName } from './channel-names'

const CHAT_CATEGORIES: ReadonlySet<MailCategory> = new Set(['pulses', 'reminders', 'results', 'digests', 'alerts'])
export const mayGoToChat = (category: MailCategory) => CHAT_CATEGORIES.has(category)

/** The Slack member to message, when this person's messages of this category go to Slack. */
export async function slackRecipient(orgId: string, userId: string, category: MailCategory): Promise<string | null> {
	if (!mayGoToChat(category)) return null
	const [row] = await db()
		.select({ own: users.channel, fallback: organizations.defaultChannel, member: chatIdentities.externalUserId })
		.from(users)
		.innerJoin(organizations, eq(organizations.id, users.orgId))
		.innerJoin(chatIdentities, and(eq(chatIdentities.orgId, users.orgId), eq(chatIdentities.userId, users.id), eq(chatIdentities.provider, 'slack')))
		.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
	if (!row) return null
	return (row.own ?? row.fallback) === 'slack' ? row.member : null
}

/** What the settings page shows a person: their choice, the default, and whether Slack can reach them. */
export async function channelChoice(orgId: string, userId: string) {
	const [row] = await db()
		.select({ own: users.channel, fallback: organizations.defaultChannel, member: chatIdentities.externalUserId, workspace: chatInstallations.workspaceName })
		.from(users)
		.innerJoin(organizations, eq(organizations.id, users.orgId))
		.leftJoin(chatInstallations, and(eq(chatInstallations.orgId, users.orgId), eq(chatInstallations.provider, 'slack')))
		.leftJoin(chatIdentities, and(eq(chatIdentities.orgId, users.orgId), eq(chatIdentities.userId, users.id), eq(chatIdentities.provider, 'slack')))
		.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
	if (!row) return null
	return { own: row.own, fallback: row.fallback, slackWorkspace: row.workspace, slackReachable: Boolean(row.member) }
}

/** A person's own choice (null: follow the organisation). Slack only when Slack can reach them. */
export async function setPersonalChannel(orgId: string, userId: string, channel: ChannelName | null): Promise<Result<null>> {
	if (channel === 'slack') {
		const choice = await channelChoice(orgId, userId)
		if (!choice?.slackReachable) return fail({ channel: 'Slack cannot reach you yet: your Slack account was not found by your e-mail address. Ask your admin.' })
	}
	await db()
		.update(users)
		.set({ channel })
		.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
	return ok(null)
}

export async function setDefaultChannel(orgId: string, channel: ChannelName, actor: AuditActor): Promise<Result<null>> {
	const [installed] = await db()
		.select({ orgId: chatInstallations.orgId })
		.from(chatInstallations)
		.where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'slack')))
	if (channel === 'slack' && !installed) return fail({ channel: 'Connect Slack first.' })
	await db().transaction(async (tx) => {
		const [before] = await tx.select({ c: organizations.defaultChannel }).from(organizations).where(eq(organizations.id, orgId))
		await tx.update(organizations).set({ defaultChannel: channel }).where(eq(organizations.id, orgId))
		await recordAudit(tx, orgId, { actor, action: 'chat.default_changed', detail: { from: before?.c ?? null, to: channel } })
	})
	return ok(null)
}
