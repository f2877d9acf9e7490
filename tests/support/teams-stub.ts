/**
 * A loopback stand-in for Microsoft's side of a Teams bot, in the shapes the Bot Framework
 * documents: the OpenID metadata document and its JWKS (one RSA test key, endorsed for
 * `msteams`), the identity platform's token endpoint (client credentials), and the Bot Connector
 * REST API at a service URL (create a 1:1 conversation, send / reply to / update an activity,
 * paged conversation members). Every Bot Connector call must carry the token the login endpoint
 * issued; each call is recorded with its body. `sign` makes the tokens Teams would send the bot.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose'

export const STUB_APP_ID = '0a1b2c3d-0000-4000-8000-00000000b07a'
export const STUB_APP_PASSWORD = 'stub-app-password~secret'
export const STUB_TENANT = '7e4a1111-2222-4333-8444-555566667777'
export const STUB_BOT_ACCESS_TOKEN = 'stub-bot-access-token'
const KID = 'stub-key-1'

export interface TeamsCall {
	method: string
	path: string
	body: any
	token: string | null
}

export interface TeamsStubMember {
	id: string
	email?: string
	userPrincipalName?: string
	tenantId?: string
}

export async function startTeamsStub(options: { members: TeamsStubMember[]; pageSize?: number }) {
	const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true })
	const other = await generateKeyPair('RS256', { extractable: true })
	const jwk = { ...(await exportJWK(publicKey)), kid: KID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }
	const calls: TeamsCall[] = []
	let activityCount = 0
	let base = ''
	const server = http.createServer((req, res) => {
		let raw = ''
		req.on('data', (c) => (raw += c))
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://stub')
			const reply = (status: number, payload: unknown) => {
				res.writeHead(status, { 'Content-Type': 'application/json' })
				res.end(JSON.stringify(payload))
			}
			if (url.pathname === '/openid') {
				return reply(200, {
					issuer: 'https://api.botframework.com',
					jwks_uri: `${base}/keys`,
					id_token_signing_alg_values_supported: ['RS256'],
					token_endpoint_auth_methods_supported: ['private_key_jwt'],
				})
			}
			if (url.pathname === '/keys') return reply(200, { keys: [jwk] })
			const login = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname)
			if (login) {
				const form = new URLSearchParams(raw)
				calls.push({ method: req.method!, path: url.pathname, body: Object.fromEntries(form), token: null })
				if (login[1] !== STUB_TENANT || form.get('client_id') !== STUB_APP_ID || form.get('client_secret') !== STUB_APP_PASSWORD) {
					return reply(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' })
				}
				if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'https://api.botframework.com/.default') return reply(400, { error: 'invalid_request' })
				return reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: STUB_BOT_ACCESS_TOKEN })
			}
			if (!url.pathname.startsWith('/teams/v3/')) return reply(404, { error: { code: 'NotFound', message: 'Not found' } })
			const token = req.headers.authorization?.replace(/^Bearer /, '') ?? null
			const path = url.pathname.slice('/teams/'.length)
			const body = raw ? JSON.parse(raw) : null
			calls.push({ method: req.method!, path: `${path}${url.search}`, body, token })
			if (token !== STUB_BOT_ACCESS_TOKEN) return reply(401, { error: { code: 'Unauthorized', message: 'Authorization has been denied for this request.' } })
			if (req.method === 'POST' && path === 'v3/conversations') return reply(201, { id: `a:1on1-${body.members[0].id}` })
			const members = /^v3\/conversations\/([^/]+)\/pagedmembers$/.exec(path)
			if (req.method === 'GET' && members) {
				const size = options.pageSize ?? 2
				const start = Number(url.searchParams.get('continuationToken') ?? 0)
				const page = options.members.slice(start, start + size).map((m) => ({ tenantId: STUB_TENANT, ...m, aadObjectId: `aad-${m.id}`, name: m.id }))
				return reply(200, { members: page, ...(start + size < options.members.length ? { continuationToken: String(start + size) } : {}) })
			}
			if (/^v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(path)) {
				activityCount++
				return reply(req.method === 'PUT' ? 200 : 201, { id: `1:stub-activity-${activityCount}` })
			}
			return reply(404, { error: { code: 'NotFound', message: 'Unknown path' } })
		})
	})
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
	const serviceUrl = `${base}/teams/`

	/** A token as the Bot Framework signs it for an activity to the bot; every part can be changed for an attack. */
	async function sign(overrides: { claims?: JWTPayload; alg?: string; key?: 'stub' | 'other'; kid?: string; expiresInSeconds?: number; issuer?: string; audience?: string } = {}) {
		const now = Math.floor(Date.now() / 1000)
		const exp = now + (overrides.expiresInSeconds ?? 3600)
		return new SignJWT({ serviceurl: serviceUrl, ...overrides.claims })
			.setProtectedHeader({ alg: overrides.alg ?? 'RS256', kid: overrides.kid ?? KID, typ: 'JWT' })
			.setIssuer(overrides.issuer ?? 'https://api.botframework.com')
			.setAudience(overrides.audience ?? STUB_APP_ID)
			.setIssuedAt(exp - 3660)
			.setNotBefore(exp - 3660)
			.setExpirationTime(exp)
			.sign(overrides.key === 'other' ? other.privateKey : privateKey)
	}

	return {
		metadataUrl: `${base}/openid`,
		loginUrl: `${base}/login/`,
		serviceUrl,
		calls,
		connectorCalls: (method: string, pattern: RegExp) => calls.filter((c) => c.method === method && pattern.test(c.path)),
		sign,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	}
}
