/**
 * A provider's side of a webhook, in the test: the documented payload, signed the way the
 * provider signs it (providers' own `sign`, checked against published vectors in the unit tests),
 * posted to the webhook route as the provider would (raw JSON, no cookie, no Origin).
 */
import { providerFor } from '~/connectors/registry'
import * as hookRoute from '~/routes/api+/v1.hooks.$orgSlug.$connectorId'

import { call } from './requests'

export interface SendOptions {
	/** Sign with this secret instead (a wrong one, another organisation's). */
	secret?: string
	/** Change the body after signing (tampering). */
	tamper?: (body: string) => string
	/** The time the provider signs at (Zendesk's timestamp). */
	signedAt?: number
	/** Extra or replacing headers. */
	headers?: Record<string, string>
	/** The raw body instead of JSON.stringify(payload). */
	raw?: string
}

export function hookRequest(orgSlug: string, connectorId: string, body: string, headers: Record<string, string>) {
	return new Request(`http://localhost:3000/api/v1/hooks/${orgSlug}/${connectorId}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'User-Agent': 'provider-stub', ...headers },
		body,
	})
}

export async function sendHook(provider: string, target: { orgSlug: string; connectorId: string; secret: string }, payload: unknown, options: SendOptions = {}) {
	const p = providerFor(provider)
	if (!p) throw new Error(`No provider ${provider}`)
	const body = options.raw ?? JSON.stringify(payload)
	const signed = p.sign(body, options.secret ?? target.secret, options.signedAt ?? Date.now())
	const sent = options.tamper ? options.tamper(body) : body
	return call(hookRoute.action, hookRequest(target.orgSlug, target.connectorId, sent, { ...signed, ...options.headers }), {
		orgSlug: target.orgSlug,
		connectorId: target.connectorId,
	})
}
