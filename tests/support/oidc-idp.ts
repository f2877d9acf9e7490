/**
 * A real OpenID Provider (`oidc-provider`, certified) on loopback for the SSO tests, and a small
 * "browser" that walks an authorization URL through it to our callback. The provider's own login
 * and consent pages are replaced by a handler that signs in whichever account the test names, as a
 * person typing their password at their company's provider would.
 */
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import Provider from 'oidc-provider'

export interface IdpAccount {
	email: string
	email_verified?: boolean | string
	/** Entra ID's optional claim instead of email_verified. */
	xms_edov?: boolean
	name?: string
}

export interface Idp {
	issuer: string
	/** The account the next sign-in at this provider is for (its subject). */
	signInAs: string | null
	accounts: Record<string, IdpAccount>
	close(): Promise<void>
}

export const CALLBACK = 'http://localhost:3000/sso/callback'

/** `callback`: the redirect address the clients are registered with (a running server's own in browser tests). */
export async function startIdp(clients: { clientId: string; clientSecret: string }[], accounts: Record<string, IdpAccount>, callback = CALLBACK): Promise<Idp> {
	const server: Server = createServer()
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
	const idp: Idp = {
		issuer,
		signInAs: null,
		accounts,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	}
	const provider = new Provider(issuer, {
		clients: clients.map((c) => ({
			client_id: c.clientId,
			client_secret: c.clientSecret,
			redirect_uris: [callback],
			grant_types: ['authorization_code'],
			response_types: ['code'],
			token_endpoint_auth_method: 'client_secret_basic',
		})),
		jwks: { keys: [{ ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
		findAccount: (_ctx, sub) => {
			const account = idp.accounts[sub]
			return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined
		},
		claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
		features: { devInteractions: { enabled: false } },
		interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
		cookies: { keys: ['test-only-cookie-key'] },
		// Said explicitly, so the provider does not print a notice for each default it falls back on.
		ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
	})
	// The provider reports errors it answers with as events; the tests read the answers instead.
	provider.on('server_error', () => {})
	const handle = provider.callback()
	server.on('request', (req, res) => {
		if (!req.url?.startsWith('/interaction/')) return void handle(req, res)
		void (async () => {
			const details = await provider.interactionDetails(req, res)
			if (details.prompt.name === 'login') {
				if (!idp.signInAs) throw new Error('The test did not say who signs in at the provider.')
				return provider.interactionFinished(req, res, { login: { accountId: idp.signInAs } }, { mergeWithLastSubmission: false })
			}
			const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string })
			grant.addOIDCScope(String(details.params.scope))
			const grantId = await grant.save()
			return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true })
		})().catch((error: unknown) => {
			res.statusCode = 500
			res.end(String(error))
		})
	})
	return idp
}

/**
 * Follows redirects from `url` as a browser would (its own cookie jar for the provider) until
 * the provider sends it to our callback; answers that callback address (with code and state).
 */
export async function walkToCallback(url: string): Promise<URL> {
	const jar = new Map<string, string>()
	let current = url
	for (let hop = 0; hop < 20; hop++) {
		if (current.startsWith(CALLBACK)) return new URL(current)
		const response = await fetch(current, {
			redirect: 'manual',
			headers: { Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
		})
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';')
			const eq = pair!.indexOf('=')
			jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim())
		}
		const location = response.headers.get('Location')
		if (!location) throw new Error(`The provider stopped at ${current}: ${response.status} ${(await response.text()).slice(0, 300)}`)
		current = new URL(location, current).href
	}
	throw new Error('Too many redirects at the provider.')
}
