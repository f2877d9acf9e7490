/**
 * Connecting an organisation to Microsoft Teams: its own Bot Framework bot (app id, app password,
 * tenant id — docs/operations.md, "Microsoft Teams"). The password is checked with Microsoft
 * before anything is stored, then stored encrypted with the app's secrets key (the organisation
 * as associated data) and never shown again. People are matched by e-mail from the members Teams
 * lists when the app is installed for them (app/channels/teams/activities.server.ts).
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { z } from 'zod'

import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { decryptSecret, encryptSecret } from '~/connectors/keys.server'
import { db } from '~/utils/db.server'
import { fail, ok, type Result } from '~/utils/result'
import { chatIdentities, chatInstallations, organizations, users } from '~db/schema'

import { chatMatchStatus, NO_MATCHES } from '../matching.server'
import { type BotCredentials, botToken, forgetBotTokens, TeamsError, type TeamsMember } from './connector.server'

const passwordAad = (orgId: string) => `chat-installation:teams:${orgId}`
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const teamsConnectSchema = z.object({
	appId: z.string().trim().toLowerCase().regex(GUID, 'The Microsoft app id is a GUID, like 00000000-0000-0000-0000-000000000000 (Azure Bot → Configuration).'),
	password: z.string().min(1, 'Enter the app password (a client secret of the app registration).').max(500),
	tenantId: z.string().trim().toLowerCase().regex(GUID, 'The tenant id is a GUID (Microsoft Entra ID → Overview).'),
})
export type TeamsConnectInput = z.infer<typeof teamsConnectSchema>

export async function teamsInstallation(orgId: string) {
	const [row] = await db()
		.select()
		.from(chatInstallations)
		.where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'teams')))
	return row ?? null
}

/** The installation whose bot has this app id (the audience of a token Teams sent), if any. */
export async function teamsInstallationForApp(appId: string) {
	const [row] = await db()
		.select()
		.from(chatInstallations)
		.where(and(eq(chatInstallations.provider, 'teams'), eq(chatInstallations.appId, appId)))
	return row ?? null
}

/** The bot's credentials in clear, for one call; null when not connected or the password no longer decrypts. */
export async function teamsCredentials(orgId: string): Promise<(BotCredentials & { serviceUrl: string | null }) | null> {
	const row = await teamsInstallation(orgId)
	if (!row?.appId) return null
	const password = decryptSecret(row.botTokenEncrypted, passwordAad(orgId))
	return password ? { appId: row.appId, password, tenantId: row.workspaceId, serviceUrl: row.serviceUrl } : null
}

/** Connects (or reconnects with new credentials): Microsoft must hand the bot a token first. */
export async function connectTeams(orgId: string, actor: AuditActor, input: TeamsConnectInput): Promise<Result<null>> {
	const taken = await db()
		.select({ orgId: chatInstallations.orgId })
		.from(chatInstallations)
		.where(and(eq(chatInstallations.provider, 'teams'), sql`(${chatInstallations.appId} = ${input.appId} or ${chatInstallations.workspaceId} = ${input.tenantId})`))
	if (taken.some((t) => t.orgId !== orgId)) return fail({ _form: 'This bot or this Microsoft tenant is already connected to another organisation on this server.' })
	try {
		await botToken(input)
	} catch (error) {
		return fail({ password: error instanceof TeamsError ? `${error.message} Check the app id, the password and the tenant id.` : 'Microsoft could not be reached.' })
	}
	const [org] = await db().select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId))
	const botTokenEncrypted = encryptSecret(input.password, passwordAad(orgId))
	const values = { workspaceId: input.tenantId, workspaceName: org?.name ?? 'Microsoft Teams', appId: input.appId, botTokenEncrypted, installedBy: actor.userId }
	await db().transaction(async (tx) => {
		const [before] = await tx
			.select({ appId: chatInstallations.appId, tenant: chatInstallations.workspaceId })
			.from(chatInstallations)
			.where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'teams')))
		// Another bot or tenant: its service URL and matches belong to the old one.
		if (before && (before.appId !== input.appId || before.tenant !== input.tenantId)) {
			await tx.delete(chatInstallations).where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'teams')))
		}
		await tx
			.insert(chatInstallations)
			.values({ orgId, provider: 'teams', ...values })
			.onConflictDoUpdate({ target: [chatInstallations.orgId, chatInstallations.provider], set: { ...values, installedAt: new Date() } })
		await recordAudit(tx, orgId, {
			actor,
			action: before ? 'chat.credentials_changed' : 'chat.connected',
			target: 'Microsoft Teams',
			detail: { appId: input.appId, tenantId: input.tenantId },
		})
	})
	return ok(null)
}

export async function disconnectTeams(orgId: string, actor: AuditActor): Promise<Result<null>> {
	const row = await teamsInstallation(orgId)
	if (!row) return fail({ _form: 'Microsoft Teams is not connected.' })
	await db().transaction(async (tx) => {
		// The identities go with the installation (foreign key, on delete cascade).
		await tx.delete(chatInstallations).where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'teams')))
		await tx
			.update(organizations)
			.set({ defaultChannel: 'email' })
			.where(and(eq(organizations.id, orgId), eq(organizations.defaultChannel, 'teams')))
		await recordAudit(tx, orgId, { actor, action: 'chat.disconnected', target: 'Microsoft Teams', detail: { appId: row.appId } })
	})
	forgetBotTokens()
	return ok(null)
}

/** Remembers where this tenant's Bot Connector answers (from a verified activity). */
export async function rememberServiceUrl(orgId: string, serviceUrl: string) {
	await db()
		.update(chatInstallations)
		.set({ serviceUrl })
		.where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'teams'), sql`${chatInstallations.serviceUrl} is distinct from ${serviceUrl}`))
}

/**
 * Matches the members Teams listed to active people by e-mail (or user principal name, which is
 * the sign-in address). Adds and updates matches; never removes one, since a list of one team or
 * one chat is not the whole tenant. Returns how many were newly matched.
 */
export async function matchTeamsMembers(orgId: string, tenantId: string, members: TeamsMember[]): Promise<number> {
	const byEmail = new Map<string, string>()
	for (const m of members) {
		if (m.tenantId && m.tenantId.toLowerCase() !== tenantId) continue
		for (const address of [m.email, m.userPrincipalName]) {
			const email = address?.trim().toLowerCase()
			if (email && email.includes('@') && !byEmail.has(email)) byEmail.set(email, m.id)
		}
	}
	if (!byEmail.size) return 0
	const people = await db()
		.select({ id: users.id, email: users.email })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.active, true), inArray(sql`lower(${users.email})`, [...byEmail.keys()])))
	const pairs = people.map((p) => ({ orgId, userId: p.id, provider: 'teams' as const, externalUserId: byEmail.get(p.email.toLowerCase())! }))
	if (!pairs.length) return 0
	return db().transaction(async (tx) => {
		const known = await tx
			.select({ userId: chatIdentities.userId, external: chatIdentities.externalUserId })
			.from(chatIdentities)
			.where(and(eq(chatIdentities.orgId, orgId), eq(chatIdentities.provider, 'teams')))
		const fresh = pairs.filter((p) => !known.some((k) => k.userId === p.userId && k.external === p.externalUserId))
		if (!fresh.length) return 0
		// A Teams account now matched to someone else, or a person with a new account: the old pair goes.
		await tx.delete(chatIdentities).where(
			and(
				eq(chatIdentities.orgId, orgId),
				eq(chatIdentities.provider, 'teams'),
				sql`(${inArray(
					chatIdentities.userId,
					fresh.map((p) => p.userId),
				)} or ${inArray(
					chatIdentities.externalUserId,
					fresh.map((p) => p.externalUserId),
				)})`,
			),
		)
		await tx.insert(chatIdentities).values(fresh)
		await tx
			.update(chatInstallations)
			.set({ matchedAt: new Date() })
			.where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'teams')))
		await recordAudit(tx, orgId, {
			actor: { ...SYSTEM_ACTOR, label: 'Microsoft Teams' },
			action: 'chat.people_matched',
			target: 'Microsoft Teams',
			detail: { matched: fresh.length },
		})
		return fresh.length
	})
}

/** What the admin page shows: the bot, the tenant, how many are matched, and who is not (they keep e-mail). */
export async function teamsStatus(orgId: string) {
	const installation = await teamsInstallation(orgId)
	if (!installation) return { installation: null, ...NO_MATCHES }
	return {
		installation: {
			appId: installation.appId ?? '',
			tenantId: installation.workspaceId,
			installedAt: installation.installedAt,
			matchedAt: installation.matchedAt,
			heardFrom: Boolean(installation.serviceUrl),
		},
		...(await chatMatchStatus(orgId, 'teams')),
	}
}
