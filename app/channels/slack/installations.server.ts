/**
 * Connecting an organisation to its Slack workspace (OAuth v2, bot scopes only), matching its
 * people to their Slack accounts by e-mail, and disconnecting. The bot token is encrypted with
 * the app's secrets key (app/connectors/keys.server.ts), the installation's organisation as
 * associated data, and never leaves the server.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

import { and, eq, inArray } from 'drizzle-orm'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { decryptSecret, encryptSecret } from '~/connectors/keys.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { fail, ok, type Result } from '~/utils/result'
import { chatIdentities, chatInstallations, organizations, users } from '~db/schema'

import { SLACK_SCOPES, slackClient, slackConfigured } from './client.server'

const STATE_TTL_MS = 10 * 60_000
const tokenAad = (orgId: string) => `chat-installation:slack:${orgId}`

/**
 * The OAuth `state`: which organisation and admin started the install, until when, signed with
 * the Slack client secret. The callback accepts it only from the same signed-in admin, so a
 * link started by someone else (or forged) cannot attach a workspace to this organisation.
 */
export function installState(orgId: string, userId: string, now = new Date()): string {
	const body = Buffer.from(JSON.stringify({ o: orgId, u: userId, e: now.getTime() + STATE_TTL_MS, n: randomBytes(8).toString('hex') })).toString('base64url')
	return `${body}.${createHmac('sha256', env().SLACK_CLIENT_SECRET ?? '')
		.update(body)
		.digest('base64url')}`
}

export function checkInstallState(state: string | null, orgId: string, userId: string, now = new Date()): boolean {
	if (!state || !slackConfigured()) return false
	const [body, mac, ...rest] = state.split('.')
	if (!body || !mac || rest.length) return false
	const expected = Buffer.from(createHmac('sha256', env().SLACK_CLIENT_SECRET!).update(body).digest('base64url'))
	const given = Buffer.from(mac)
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false
	try {
		const s = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { o?: string; u?: string; e?: number }
		return s.o === orgId && s.u === userId && typeof s.e === 'number' && s.e > now.getTime()
	} catch {
		return false
	}
}

export function slackRedirectUri() {
	return `${env().APP_URL}/admin/channels/slack/callback`
}

/** Slack's "Add to Slack" page for this admin, or null when the Slack app is not configured. */
export function slackInstallUrl(orgId: string, userId: string): string | null {
	if (!slackConfigured()) return null
	const url = new URL(env().SLACK_AUTHORIZE_URL)
	url.searchParams.set('client_id', env().SLACK_CLIENT_ID!)
	url.searchParams.set('scope', SLACK_SCOPES.join(','))
	url.searchParams.set('redirect_uri', slackRedirectUri())
	url.searchParams.set('state', installState(orgId, userId))
	return url.toString()
}

/** Finishes the install: exchanges the code, stores the encrypted bot token, matches people. */
export async function completeSlackInstall(orgId: string, actor: AuditActor, code: string): Promise<Result<{ workspaceName: string; matched: number }>> {
	if (!slackConfigured()) return fail({ _form: 'Slack is not set up on this server (docs/operations.md, "Slack").' })
	let access
	try {
		access = await slackClient().oauth.v2.access({ client_id: env().SLACK_CLIENT_ID!, client_secret: env().SLACK_CLIENT_SECRET!, code, redirect_uri: slackRedirectUri() })
	} catch (error) {
		return fail({ _form: `Slack refused the installation (${slackErrorCode(error)}). Try again from this page.` })
	}
	const granted = new Set((access.scope ?? '').split(','))
	const missing = SLACK_SCOPES.filter((s) => !granted.has(s))
	if (!access.access_token || !access.team?.id || missing.length) {
		return fail({ _form: missing.length ? `Slack did not grant ${missing.join(', ')}; install again and allow them.` : 'Slack answered without a bot token.' })
	}
	const workspace = { id: access.team.id, name: access.team.name ?? access.team.id }
	const taken = await db()
		.select({ orgId: chatInstallations.orgId })
		.from(chatInstallations)
		.where(and(eq(chatInstallations.provider, 'slack'), eq(chatInstallations.workspaceId, workspace.id)))
	if (taken.some((t) => t.orgId !== orgId)) return fail({ _form: 'This Slack workspace is already connected to another organisation on this server.' })
	const botTokenEncrypted = encryptSecret(access.access_token, tokenAad(orgId))
	await db().transaction(async (tx) => {
		await tx
			.insert(chatInstallations)
			.values({ orgId, provider: 'slack', workspaceId: workspace.id, workspaceName: workspace.name, botTokenEncrypted, installedBy: actor.userId })
			.onConflictDoUpdate({
				target: [chatInstallations.orgId, chatInstallations.provider],
				set: { workspaceId: workspace.id, workspaceName: workspace.name, botTokenEncrypted, installedBy: actor.userId, installedAt: new Date() },
			})
		await recordAudit(tx, orgId, { actor, action: 'chat.connected', target: `Slack: ${workspace.name}`, detail: { scopes: [...SLACK_SCOPES] } })
	})
	const matched = await matchSlackPeople(orgId, actor)
	return ok({ workspaceName: workspace.name, matched: matched.ok ? matched.value.matched : 0 })
}

function slackErrorCode(error: unknown): string {
	const data = (error as { data?: { error?: string } })?.data
	return data?.error ?? (error instanceof Error ? error.message : 'unknown error').slice(0, 80)
}

export async function slackInstallation(orgId: string) {
	const [row] = await db()
		.select()
		.from(chatInstallations)
		.where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'slack')))
	return row ?? null
}

/** The bot token in clear, for one call; null when not installed or it no longer decrypts. */
export async function slackBotToken(orgId: string): Promise<{ token: string; workspaceId: string } | null> {
	const row = await slackInstallation(orgId)
	if (!row) return null
	const token = decryptSecret(row.botTokenEncrypted, tokenAad(orgId))
	return token ? { token, workspaceId: row.workspaceId } : null
}

/**
 * Matches active people to workspace members by e-mail (Slack's `users.list`, paged; members
 * whose e-mail Slack shows, not bots, not deactivated). Members who left are unmatched again.
 */
export async function matchSlackPeople(orgId: string, actor: AuditActor): Promise<Result<{ matched: number; unmatched: number }>> {
	const bot = await slackBotToken(orgId)
	if (!bot) return fail({ _form: 'Slack is not connected.' })
	const byEmail = new Map<string, string>()
	try {
		const client = slackClient(bot.token)
		for await (const page of client.paginate('users.list', { limit: 200 })) {
			for (const m of (page as { members?: { id?: string; deleted?: boolean; is_bot?: boolean; profile?: { email?: string } }[] }).members ?? []) {
				const email = m.profile?.email?.trim().toLowerCase()
				if (m.id && email && !m.deleted && !m.is_bot) byEmail.set(email, m.id)
			}
		}
	} catch (error) {
		return fail({ _form: `Slack did not list the workspace's members (${slackErrorCode(error)}).` })
	}
	const people = await db()
		.select({ id: users.id, email: users.email })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.active, true)))
	const pairs = people.flatMap((p) => (byEmail.has(p.email) ? [{ orgId, userId: p.id, provider: 'slack' as const, externalUserId: byEmail.get(p.email)! }] : []))
	await db().transaction(async (tx) => {
		await tx.delete(chatIdentities).where(and(eq(chatIdentities.orgId, orgId), eq(chatIdentities.provider, 'slack')))
		for (let i = 0; i < pairs.length; i += 500) await tx.insert(chatIdentities).values(pairs.slice(i, i + 500))
		await tx
			.update(chatInstallations)
			.set({ matchedAt: new Date() })
			.where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'slack')))
		await recordAudit(tx, orgId, { actor, action: 'chat.people_matched', target: 'Slack', detail: { matched: pairs.length, unmatched: people.length - pairs.length } })
	})
	return ok({ matched: pairs.length, unmatched: people.length - pairs.length })
}

export async function disconnectSlack(orgId: string, actor: AuditActor): Promise<Result<null>> {
	const row = await slackInstallation(orgId)
	if (!row) return fail({ _form: 'Slack is not connected.' })
	await db().transaction(async (tx) => {
		// The identities go with the installation (foreign key, on delete cascade).
		await tx.delete(chatInstallations).where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'slack')))
		await tx.update(organizations).set({ defaultChannel: 'email' }).where(eq(organizations.id, orgId))
		await recordAudit(tx, orgId, { actor, action: 'chat.disconnected', target: `Slack: ${row.workspaceName}` })
	})
	return ok(null)
}

/** What the admin page shows: the workspace, how many are matched, and who is not (they keep e-mail). */
export async function slackStatus(orgId: string) {
	const installation = await slackInstallation(orgId)
	const [org] = await db().select({ defaultChannel: organizations.defaultChannel }).from(organizations).where(eq(organizations.id, orgId))
	const defaultChannel = org?.defaultChannel ?? 'email'
	if (!installation) return { configured: slackConfigured(), defaultChannel, installation: null, matched: 0, unmatched: [] as { id: string; name: string; email: string }[] }
	const people = await db()
		.select({ id: users.id, name: users.name, email: users.email, external: chatIdentities.externalUserId })
		.from(users)
		.leftJoin(chatIdentities, and(eq(chatIdentities.orgId, users.orgId), eq(chatIdentities.userId, users.id), eq(chatIdentities.provider, 'slack')))
		.where(and(eq(users.orgId, orgId), eq(users.active, true)))
		.orderBy(users.name)
	return {
		configured: slackConfigured(),
		defaultChannel,
		installation: { workspaceName: installation.workspaceName, installedAt: installation.installedAt, matchedAt: installation.matchedAt },
		matched: people.filter((p) => p.external).length,
		unmatched: people.filter((p) => !p.external).map(({ id, name, email }) => ({ id, name, email })),
	}
}

/** The Slack member id of each of these people who has one (for sending). */
export async function slackMemberIds(orgId: string, userIds: string[]) {
	if (!userIds.length) return new Map<string, string>()
	const rows = await db()
		.select({ userId: chatIdentities.userId, external: chatIdentities.externalUserId })
		.from(chatIdentities)
		.where(and(eq(chatIdentities.orgId, orgId), eq(chatIdentities.provider, 'slack'), inArray(chatIdentities.userId, userIds)))
	return new Map(rows.map((r) => [r.userId, r.external]))
}
