/**
 * A small OpenID Provider on loopback that can be told to issue a defective ID token: the one a
 * hostile or broken provider (or someone between us and it) would send. A certified provider
 * (`oidc-provider`, tests/support/oidc-idp.ts) never signs a token for another audience or with
 * `alg: none`, so the ID token checks can only be tested against a provider that does. Everything
 * else here is honest — discovery, JWKS, a single-use code bound to the PKCE challenge, client
 * authentication at the token endpoint — so a refusal is the ID token's doing. `walkToCallback`
 * (oidc-idp.ts) walks its authorization URL to our callback.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import { exportJWK, generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose'

import { CALLBACK } from './oidc-idp'

/** What is wrong with the next ID token; `null`: nothing (the control). */
export type IdTokenDefect =
	| 'wrong-audience'
	| 'expired'
	| 'wrong-issuer'
	| 'alg-none'
	/** HS256 keyed with the client secret: the secret is ours too, so anyone holding it could sign. */
	| 'hs256-client-secret'
	/** ES256 with a key the provider's JWKS publishes: a valid signature, outside our allowed list. */
	| 'es256'
	/** RS256 under the published key's `kid`, signed by another key: a forged signature. */
	| 'forged-signature'

export interface StubIdp {
	issuer: string
	/** The account the next sign-in is for. */
	account: { sub: string; email: string; email_verified: boolean }
	defect: IdTokenDefect | null
	/** ID tokens the token endpoint has handed out: proves a refused sign-in reached it. */
	idTokensIssued: number
	close(): Promise<void>
}

interface PendingCode {
	clientId: string
	redirectUri: string
	nonce: string | undefined
	codeChallenge: string
}

export async function startStubIdp(client: { clientId: string; clientSecret: string }, callback = CALLBACK): Promise<StubIdp> {
	const server: Server = createServer()
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
	const rsa = await generateKeyPair('RS256')
	const ec = await generateKeyPair('ES256')
	const forger = await generateKeyPair('RS256')
	const jwks = {
		keys: [
			{ ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
			{ ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
		],
	}
	const codes = new Map<string, PendingCode>()

	const idp: StubIdp = {
		issuer,
		account: { sub: 'stub-subject', email: 'nobody@example.test', email_verified: true },
		defect: null,
		idTokensIssued: 0,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	}

	async function idToken(pending: PendingCode): Promise<string> {
		const now = Math.floor(Date.now() / 1000)
		const defect = idp.defect
		const claims: JWTPayload = {
			...idp.account,
			iss: defect === 'wrong-issuer' ? 'https://login.attacker.example' : issuer,
			aud: defect === 'wrong-audience' ? 'another-relying-party' : pending.clientId,
			// Expired an hour ago: far past any clock tolerance.
			iat: defect === 'expired' ? now - 7200 : now,
			exp: defect === 'expired' ? now - 3600 : now + 600,
			...(pending.nonce ? { nonce: pending.nonce } : {}),
		}
		switch (defect) {
			case 'alg-none':
				return new UnsecuredJWT(claims).encode()
			case 'hs256-client-secret':
				return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(client.clientSecret))
			case 'es256':
				return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'ec-1' }).sign(ec.privateKey)
			case 'forged-signature':
				return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).sign(forger.privateKey)
			default:
				return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).sign(rsa.privateKey)
		}
	}

	async function token(req: IncomingMessage, res: ServerResponse) {
		const form = new URLSearchParams(await body(req))
		const [scheme, credentials] = (req.headers.authorization ?? '').split(' ')
		const [id, secret] = Buffer.from(credentials ?? '', 'base64')
			.toString('utf8')
			.split(':')
			.map((part) => decodeURIComponent(part))
		if (scheme !== 'Basic' || id !== client.clientId || secret !== client.clientSecret) return json(res, 401, { error: 'invalid_client' })
		const code = form.get('code') ?? ''
		const pending = codes.get(code)
		codes.delete(code)
		const verifier = form.get('code_verifier') ?? ''
		const challenge = createHash('sha256').update(verifier).digest('base64url')
		if (!pending || pending.redirectUri !== form.get('redirect_uri') || pending.codeChallenge !== challenge) return json(res, 400, { error: 'invalid_grant' })
		idp.idTokensIssued++
		return json(res, 200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 600, id_token: await idToken(pending) })
	}

	server.on('request', (req, res) => {
		const url = new URL(req.url ?? '/', issuer)
		void (async () => {
			if (url.pathname === '/.well-known/openid-configuration') {
				return json(res, 200, {
					issuer,
					authorization_endpoint: `${issuer}/authorize`,
					token_endpoint: `${issuer}/token`,
					userinfo_endpoint: `${issuer}/userinfo`,
					jwks_uri: `${issuer}/jwks`,
					response_types_supported: ['code'],
					subject_types_supported: ['public'],
					// A careless provider advertises whatever it can sign with; the client must not follow it.
					id_token_signing_alg_values_supported: ['RS256', 'ES256', 'HS256', 'none'],
					code_challenge_methods_supported: ['S256'],
					token_endpoint_auth_methods_supported: ['client_secret_basic'],
				})
			}
			if (url.pathname === '/jwks') return json(res, 200, jwks)
			if (url.pathname === '/authorize') {
				const q = url.searchParams
				const redirectUri = q.get('redirect_uri') ?? ''
				if (q.get('client_id') !== client.clientId || redirectUri !== callback || q.get('code_challenge_method') !== 'S256') return json(res, 400, { error: 'invalid_request' })
				const code = randomBytes(16).toString('hex')
				codes.set(code, { clientId: client.clientId, redirectUri, nonce: q.get('nonce') ?? undefined, codeChallenge: q.get('code_challenge') ?? '' })
				const back = new URL(redirectUri)
				back.searchParams.set('code', code)
				if (q.get('state')) back.searchParams.set('state', q.get('state')!)
				res.writeHead(302, { Location: back.href })
				return void res.end()
			}
			if (url.pathname === '/token' && req.method === 'POST') return token(req, res)
			if (url.pathname === '/userinfo') return json(res, 200, idp.account)
			return json(res, 404, { error: 'not_found' })
		})().catch((error: unknown) => json(res, 500, { error: String(error) }))
	})
	return idp
}

function json(res: ServerResponse, status: number, value: unknown) {
	res.writeHead(status, { 'Content-Type': 'application/json' })
	res.end(JSON.stringify(value))
}

async function body(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = []
	for await (const chunk of req) chunks.push(chunk as Buffer)
	return Buffer.concat(chunks).toString('utf8')
}
