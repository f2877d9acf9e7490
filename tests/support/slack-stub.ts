/**
 * A loopback stand-in for Slack's Web API: it answers the methods the app calls in the shapes
 * Slack's reference gives (oauth.v2.access, users.list with cursor paging, chat.postMessage,
 * chat.update, views.open), checks the bot token on every bot call, and records each call with
 * its arguments (form fields; `blocks` and `view` decoded from their JSON).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export const STUB_BOT_TOKEN = 'xoxb-stub-bot-token'
export const STUB_WORKSPACE = { id: 'T0STUB', name: 'Northwind Slack' }

export interface SlackCall {
	method: string
	args: Record<string, unknown>
	token: string | null
}

export interface SlackMember {
	id: string
	email?: string
	deleted?: boolean
	is_bot?: boolean
}

/**
 * `rotation`: the app has token rotation on — the install answers an expiring bot token (12 hours)
 * and a refresh token; `oauth.v2.access` with `grant_type=refresh_token` swaps the refresh token
 * for a new pair, after which the old bot token and refresh token no longer work.
 */
export async function startSlackStub(options: { members: SlackMember[]; scope?: string; pageSize?: number; rotation?: boolean }) {
	const calls: SlackCall[] = []
	let messageCount = 0
	let generation = 1
	const botToken = () => (options.rotation ? `xoxe.xoxb-rotated-${generation}` : STUB_BOT_TOKEN)
	const refreshToken = () => `xoxe-1-refresh-${generation}`
	const server = http.createServer((req, res) => {
		let body = ''
		req.on('data', (c) => (body += c))
		req.on('end', () => {
			// Slack's "Add to Slack" page, as if a workspace admin pressed "Allow": back to the app with a code and the state.
			if (req.url?.startsWith('/oauth/v2/authorize')) {
				const asked = new URL(req.url, 'http://stub')
				const back = new URL(asked.searchParams.get('redirect_uri')!)
				back.searchParams.set('code', 'good-code')
				back.searchParams.set('state', asked.searchParams.get('state') ?? '')
				calls.push({ method: 'oauth.v2.authorize', args: Object.fromEntries(asked.searchParams), token: null })
				res.writeHead(302, { Location: back.toString() })
				return res.end()
			}
			const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!
			const form = new URLSearchParams(body)
			const args: Record<string, unknown> = {}
			for (const [k, v] of form) args[k] = k === 'blocks' || k === 'view' ? JSON.parse(v) : v
			const token = req.headers.authorization?.replace(/^Bearer /, '') ?? null
			calls.push({ method, args, token })
			const reply = (payload: unknown) => {
				res.writeHead(200, { 'Content-Type': 'application/json' })
				res.end(JSON.stringify(payload))
			}
			if (method === 'oauth.v2.access' && args.grant_type === 'refresh_token') {
				if (!options.rotation || args.refresh_token !== refreshToken() || args.client_secret !== 'client-secret') return reply({ ok: false, error: 'invalid_refresh_token' })
				generation++
				return reply({ ok: true, access_token: botToken(), token_type: 'bot', expires_in: 43200, refresh_token: refreshToken(), team: STUB_WORKSPACE, bot_user_id: 'U0BOT' })
			}
			if (method === 'oauth.v2.access') {
				if (args.code !== 'good-code') return reply({ ok: false, error: 'invalid_code' })
				return reply({
					...(options.rotation ? { expires_in: 43200, refresh_token: refreshToken() } : {}),
					ok: true,
					access_token: botToken(),
					token_type: 'bot',
					scope: options.scope ?? 'chat:write,im:write,users:read,users:read.email',
					bot_user_id: 'U0BOT',
					app_id: 'A0STUB',
					team: STUB_WORKSPACE,
					enterprise: null,
					authed_user: { id: 'U0ADMIN' },
				})
			}
			if (token !== botToken()) return reply({ ok: false, error: options.rotation ? 'token_expired' : 'invalid_auth' })
			if (method === 'users.list') {
				const size = options.pageSize ?? 2
				const start = Number(args.cursor ? String(args.cursor).replace('page-', '') : 0)
				const members = options.members
					.slice(start, start + size)
					.map((m) => ({ id: m.id, deleted: m.deleted ?? false, is_bot: m.is_bot ?? false, profile: m.email ? { email: m.email } : {} }))
				const next = start + size < options.members.length ? `page-${start + size}` : ''
				return reply({ ok: true, members, response_metadata: { next_cursor: next } })
			}
			if (method === 'chat.postMessage') {
				messageCount++
				return reply({ ok: true, channel: `D${String(args.channel)}`, ts: `1700000000.${String(messageCount).padStart(6, '0')}`, message: { text: args.text } })
			}
			if (method === 'chat.update') return reply({ ok: true, channel: args.channel, ts: args.ts })
			if (method === 'views.open') return reply({ ok: true, view: { id: 'V0STUB', ...(args.view as object) } })
			return reply({ ok: false, error: 'unknown_method' })
		})
	})
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	const port = (server.address() as AddressInfo).port
	return {
		url: `http://127.0.0.1:${port}/api/`,
		authorizeUrl: `http://127.0.0.1:${port}/oauth/v2/authorize`,
		calls,
		/** The bot token and refresh token that work now. */
		current: () => ({ botToken: botToken(), refreshToken: refreshToken() }),
		callsTo: (method: string) => calls.filter((c) => c.method === method),
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	}
}
