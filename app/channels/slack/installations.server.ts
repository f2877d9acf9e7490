/**
 * Connecting an organisation to its Slack workspace (OAuth v2, bot scopes only), matching its
 * people to their Slack accounts by e-mail, and disconnecting. The bot token is encrypted with
 * the app's secrets key (app/connectors/keys.server.ts), the installation's organisation as
 * associated data, and never leaves the server.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

import { and, eq, inArray } from 'drizzle-orm'

import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { decryptSecret, encryptSecret } from '~/connectors/keys.server'
import { db, type Tx } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { fail, ok, type Result } from '~/utils/result'
import { chatIdentities, chatInstallations, organizations, users } from '~db/schema'

import { chatMatchStatus, NO_MATCHES } from '../matching.server'
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
	// With token rotation on, the bot token expires (12 hours) and comes with a refresh token.
	const rotation = rotationColumns(orgId, access)
	await db().transaction(async (tx) => {
		const set = { workspaceId: workspace.id, workspaceName: workspace.name, botTokenEncrypted, ...rotation, installedBy: actor.userId }
		await tx
			.insert(chatInstallations)
			.values({ orgId, provider: 'slack', ...set })
			.onConflictDoUpdate({ target: [chatInstallations.orgId, chatInstallations.provider], set: { ...set, installedAt: new Date() } })
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

const refreshAad = (orgId: string) => `chat-installation:slack-refresh:${orgId}`
// A token that expires within this is renewed before use.
const RENEW_BEFORE_MS = 5 * 60_000

function rotationColumns(orgId: string, access: { refresh_token?: string; expires_in?: number }) {
	return access.refresh_token && access.expires_in
		? { refreshTokenEncrypted: encryptSecret(access.refresh_token, refreshAad(orgId)), tokenExpiresAt: new Date(Date.now() + access.expires_in * 1000) }
		: { refreshTokenEncrypted: null, tokenExpiresAt: null }
}

/** The bot token in clear, for one call (renewed first when it expires soon); null when not installed or it no longer decrypts. */
export async function slackBotToken(orgId: string, now = new Date()): Promise<{ token: string; workspaceId: string } | null> {
	const row = await slackInstallation(orgId)
	if (!row) return null
	if (row.tokenExpiresAt && row.tokenExpiresAt.getTime() - now.getTime() < RENEW_BEFORE_MS) return renewSlackToken(orgId, now)
	const token = decryptSecret(row.botTokenEncrypted, tokenAad(orgId))
	return token ? { token, workspaceId: row.workspaceId } : null
}

/**
 * Token rotation (Slack docs, "Using token rotation"): the refresh token buys a new bot token and
 * a new refresh token, and the old refresh token stops working. The installation row is locked
 * while renewing, so two instances renewing at once do not spend the same refresh token twice:
 * the second finds the token already renewed. Null when Slack refuses (the install was revoked;
 * messages go by e-mail until an admin installs again).
 */
async function renewSlackToken(orgId: string, now: Date): Promise<{ token: string; workspaceId: string } | null> {
	return db().transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(chatInstallations)
			.where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'slack')))
			.for('update')
		if (!row) return null
		if (!row.tokenExpiresAt || row.tokenExpiresAt.getTime() - now.getTime() >= RENEW_BEFORE_MS) {
			const token = decryptSecret(row.botTokenEncrypted, tokenAad(orgId))
			return token ? { token, workspaceId: row.workspaceId } : null
		}
		const refreshToken = row.refreshTokenEncrypted ? decryptSecret(row.refreshTokenEncrypted, refreshAad(orgId)) : null
		if (!refreshToken || !slackConfigured()) return null
		let access
		try {
			access = await slackClient().oauth.v2.access({
				client_id: env().SLACK_CLIENT_ID!,
				client_secret: env().SLACK_CLIENT_SECRET!,
				grant_type: 'refresh_token',
				refresh_token: refreshToken,
			})
		} catch {
			return null
		}
		if (!access.access_token) return null
		await tx
			.update(chatInstallations)
			.set({ botTokenEncrypted: encryptSecret(access.access_token, tokenAad(orgId)), ...rotationColumns(orgId, access) })
			.where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'slack')))
		return { token: access.access_token, workspaceId: row.workspaceId }
	})
}

/**
 * Slack says the app is gone from a workspace (`app_uninstalled`, or `tokens_revoked` for its bot
 * token): the installation and its matches are removed as if an admin had disconnected, and
 * people get e-mail again. Audited as the system, with the event's name.
 */
export async function slackInstallationRevoked(workspaceId: string, event: 'app_uninstalled' | 'tokens_revoked'): Promise<number> {
	const rows = await db()
		.select({ orgId: chatInstallations.orgId, workspaceName: chatInstallations.workspaceName })
		.from(chatInstallations)
		.where(and(eq(chatInstallations.provider, 'slack'), eq(chatInstallations.workspaceId, workspaceId)))
	for (const row of rows) {
		await db().transaction(async (tx) => {
			await removeSlack(tx, row.orgId)
			await recordAudit(tx, row.orgId, { actor: { ...SYSTEM_ACTOR, label: 'Slack' }, action: 'chat.disconnected', target: `Slack: ${row.workspaceName}`, detail: { event } })
		})
	}
	return rows.length
}

async function removeSlack(tx: Tx, orgId: string) {
	// The identities go with the installation (foreign key, on delete cascade).
	await tx.delete(chatInstallations).where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, 'slack')))
	// The default goes back to e-mail only if it was Slack (Teams may be the default).
	await tx
		.update(organizations)
		.set({ defaultChannel: 'email' })
		.where(and(eq(organizations.id, orgId), eq(organizations.defaultChannel, 'slack')))
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
		await removeSlack(tx, orgId)
		await recordAudit(tx, orgId, { actor, action: 'chat.disconnected', target: `Slack: ${row.workspaceName}` })
	})
	return ok(null)
}

/** What the admin page shows: the workspace, how many are matched, and who is not (they keep e-mail). */
export async function slackStatus(orgId: string) {
	const installation = await slackInstallation(orgId)
	const [org] = await db().select({ defaultChannel: organizations.defaultChannel }).from(organizations).where(eq(organizations.id, orgId))
	const defaultChannel = org?.defaultChannel ?? 'email'
	if (!installation) return { configured: slackConfigured(), defaultChannel, installation: null, ...NO_MATCHES }
	return {
		configured: slackConfigured(),
		defaultChannel,
		installation: { workspaceName: installation.workspaceName, installedAt: installation.installedAt, matchedAt: installation.matchedAt },
		...(await chatMatchStatus(orgId, 'slack')),
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
