/**
 * "Test the connection" on the identity page, before single sign-on is switched on: for OpenID
 * Connect, the provider's discovery document is fetched and read as a sign-in would read it; for
 * SAML, the signing certificates are checked to be valid for a while yet and the sign-in address
 * to answer. The outcome is in the audit log.
 */
import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { db } from '~/utils/db.server'

import { configuration } from './oidc.server'
import { certificatesExpireAt } from './saml-metadata.server'
import { configuredProvider } from './sso-config.server'

const SOON_MS = 30 * 24 * 60 * 60_000
const FETCH_TIMEOUT_MS = 10_000

export type ConnectionTest = { ok: boolean; message: string }

export async function testSsoConnection(orgId: string, actor: AuditActor, now = new Date()): Promise<ConnectionTest> {
	const provider = await configuredProvider(orgId)
	let outcome: ConnectionTest
	if (!provider) outcome = { ok: false, message: 'Save your provider’s details first.' }
	else if (provider.protocol === 'oidc') {
		try {
			const config = await configuration(provider)
			const endpoint = config.serverMetadata().authorization_endpoint
			outcome = { ok: true, message: `The provider answered: its sign-in page is ${endpoint ?? 'named'} and it accepts our client id.` }
		} catch (error) {
			outcome = {
				ok: false,
				message: `The provider at ${provider.issuer} did not answer as an OpenID provider (${error instanceof Error ? error.message.slice(0, 200) : 'no answer'}). Check the issuer address.`,
			}
		}
	} else {
		const expires = certificatesExpireAt(provider.certs.join(''))
		if (!expires || expires <= now) outcome = { ok: false, message: 'The provider’s signing certificate has expired: paste its new metadata or certificate.' }
		else {
			const reach = await answers(provider.ssoUrl)
			const soon = expires.getTime() - now.getTime() < SOON_MS ? ` Its signing certificate expires on ${expires.toISOString().slice(0, 10)}: renew it soon.` : ''
			outcome = reach.ok
				? {
						ok: true,
						message: `The provider’s sign-in address answered (HTTP ${reach.status}) and its signing certificate is valid until ${expires.toISOString().slice(0, 10)}.${soon}`,
					}
				: { ok: false, message: `The sign-in address ${provider.ssoUrl} did not answer (${reach.error}). Check it.` }
		}
	}
	await recordAudit(db(), orgId, {
		actor,
		action: 'sso.connection_tested',
		detail: { protocol: provider?.protocol ?? null, outcome: outcome.ok ? 'works' : 'failed', message: outcome.message },
	})
	return outcome
}

async function answers(url: string): Promise<{ ok: true; status: number } | { ok: false; error: string }> {
	try {
		const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
		await response.body?.cancel()
		// Without a SAMLRequest a provider answers 400 or a redirect: it is there all the same.
		return response.status >= 500 ? { ok: false, error: `HTTP ${response.status}` } : { ok: true, status: response.status }
	} catch (error) {
		return { ok: false, error: error instanceof Error ? error.message.slice(0, 200) : 'no answer' }
	}
}
