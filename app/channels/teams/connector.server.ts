/**
 * Talking to Teams: the Bot Connector REST API (v3) at the tenant's service URL, with a token the
 * bot gets from the Microsoft identity platform (client credentials, scope
 * `https://api.botframework.com/.default`, at TEAMS_LOGIN_URL/<tenant>/oauth2/v2.0/token). The
 * token is kept in memory until five minutes before it expires and never stored.
 */
import { createHash } from 'node:crypto'

import { sharedCache } from '~/utils/cache.server'
import { env } from '~/utils/env.server'

import type { AdaptiveCard } from './cards'
import { CARD_CONTENT_TYPE } from './cards'

export interface BotCredentials {
	appId: string
	password: string
	tenantId: string
}

export class TeamsError extends Error {
	constructor(
		message: string,
		readonly code: string,
	) {
		super(message)
	}
}

// Bounded: one entry per bot credentials, each dropped five minutes before Microsoft's expiry.
const tokens = sharedCache<string, { token: string; until: number }>({ name: 'Teams bot tokens', max: 1000 })
const TIMEOUT_MS = 15_000

/** Forgets the tokens held in memory (disconnecting, tests). */
export function forgetBotTokens() {
	tokens.clear()
}

export async function botToken(creds: BotCredentials, now = Date.now()): Promise<string> {
	const key = createHash('sha256').update(`${creds.tenantId}|${creds.appId}|${creds.password}`).digest('hex')
	const held = tokens.get(key)
	if (held && held.until > now) return held.token
	const url = new URL(`${encodeURIComponent(creds.tenantId)}/oauth2/v2.0/token`, env().TEAMS_LOGIN_URL.replace(/\/?$/, '/'))
	let response: Response
	try {
		response = await fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.appId, client_secret: creds.password, scope: 'https://api.botframework.com/.default' }),
			signal: AbortSignal.timeout(TIMEOUT_MS),
		})
	} catch (error) {
		throw new TeamsError(`The Microsoft sign-in service did not answer (${error instanceof Error ? error.message : 'network error'}).`, 'unreachable')
	}
	const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string }
	if (!response.ok || typeof body.access_token !== 'string') {
		// `error` is a code such as invalid_client or unauthorized_client; the description may quote the request, so it is not kept.
		throw new TeamsError(`Microsoft refused the bot’s credentials (${String(body.error ?? response.status).slice(0, 60)}).`, String(body.error ?? 'refused'))
	}
	const seconds = typeof body.expires_in === 'number' ? body.expires_in : 3600
	tokens.set(key, { token: body.access_token, until: now + Math.max(0, seconds - 300) * 1000 })
	return body.access_token
}

async function connector<T>(serviceUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
	const url = new URL(path, serviceUrl.replace(/\/?$/, '/'))
	let response: Response
	try {
		response = await fetch(url, {
			method,
			headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(TIMEOUT_MS),
		})
	} catch (error) {
		throw new TeamsError(`Teams did not answer (${error instanceof Error ? error.message : 'network error'}).`, 'unreachable')
	}
	const text = await response.text()
	let parsed: unknown = null
	try {
		parsed = text ? JSON.parse(text) : null
	} catch {
		parsed = null
	}
	if (!response.ok) {
		const code = (parsed as { error?: { code?: string } } | null)?.error?.code ?? String(response.status)
		throw new TeamsError(`Teams refused ${method} ${path.split('/')[1] ?? path} (${code.slice(0, 60)}).`, code)
	}
	return parsed as T
}

export type TeamsMessage = { type: 'message'; summary?: string; text?: string; textFormat?: 'plain'; attachments?: { contentType: string; content: AdaptiveCard }[] }

export const cardMessage = (summary: string, card: AdaptiveCard): TeamsMessage => ({ type: 'message', summary, attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }] })
export const textMessage = (text: string): TeamsMessage => ({ type: 'message', text, textFormat: 'plain' })

/** The 1:1 conversation between the bot and a person (Teams answers with the existing one when there is one). */
export async function personalConversation(serviceUrl: string, token: string, creds: BotCredentials, member: string): Promise<string> {
	const created = await connector<{ id?: string }>(serviceUrl, token, 'POST', 'v3/conversations', {
		bot: { id: `28:${creds.appId}` },
		members: [{ id: member }],
		channelData: { tenant: { id: creds.tenantId } },
		tenantId: creds.tenantId,
		isGroup: false,
	})
	if (!created?.id) throw new TeamsError('Teams did not open a conversation.', 'no_conversation')
	return created.id
}

export async function sendToConversation(serviceUrl: string, token: string, conversationId: string, message: TeamsMessage) {
	return connector<{ id?: string }>(serviceUrl, token, 'POST', `v3/conversations/${encodeURIComponent(conversationId)}/activities`, message)
}

export async function replyTo(serviceUrl: string, token: string, conversationId: string, activityId: string, message: TeamsMessage) {
	return connector<{ id?: string }>(serviceUrl, token, 'POST', `v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`, {
		...message,
		replyToId: activityId,
	})
}

export async function updateActivity(serviceUrl: string, token: string, conversationId: string, activityId: string, message: TeamsMessage) {
	return connector<{ id?: string }>(serviceUrl, token, 'PUT', `v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`, {
		...message,
		id: activityId,
	})
}

export interface TeamsMember {
	id: string
	email?: string
	userPrincipalName?: string
	tenantId?: string
}

/** Everyone in a conversation (a 1:1 chat: the person; a team: its members), paged as Teams pages them. */
export async function conversationMembers(serviceUrl: string, token: string, conversationId: string): Promise<TeamsMember[]> {
	const members: TeamsMember[] = []
	let continuation: string | undefined
	for (let page = 0; page < 1000; page++) {
		const query = new URLSearchParams({ pageSize: '500', ...(continuation ? { continuationToken: continuation } : {}) })
		const result = await connector<{ members?: TeamsMember[]; continuationToken?: string }>(
			serviceUrl,
			token,
			'GET',
			`v3/conversations/${encodeURIComponent(conversationId)}/pagedmembers?${query}`,
		)
		members.push(...(result?.members ?? []).filter((m) => m && typeof m.id === 'string'))
		continuation = result?.continuationToken || undefined
		if (!continuation) break
	}
	return members
}
