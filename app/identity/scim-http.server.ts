/**
 * The HTTP side of SCIM: the bearer token decides the organisation (no token, a wrong or revoked
 * one: 401 in SCIM's error shape), each token makes at most SCIM_RATE_LIMIT_PER_MINUTE calls a
 * minute (then 429 in SCIM's error shape, with Retry-After), bodies are JSON of at most 1 MB, and answers go out as
 * `application/scim+json`. Routes call `scimEndpoint` with the step that does the work.
 */
import { apiHandler } from '~/api/api-http.server'
import type { AuditActor } from '~/audit/audit.server'
import { env } from '~/utils/env.server'

import { SCIM_CONTENT_TYPE, type ScimAnswer, scimError } from './scim-protocol'
import { countScimCall, organisationForScimToken } from './scim-tokens.server'

const MAX_BODY_BYTES = 1024 * 1024

export function scimResponse(answer: ScimAnswer, extraHeaders: Record<string, string> = {}): Response {
	const headers: Record<string, string> = { ...extraHeaders }
	if (answer.location) headers.Location = answer.location
	if (answer.body === undefined) return new Response(null, { status: answer.status, headers })
	headers['Content-Type'] = SCIM_CONTENT_TYPE
	return new Response(JSON.stringify(answer.body), { status: answer.status, headers })
}

/** The JSON body, or an error answer (empty, too large, not JSON). */
export async function readScimBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; answer: ScimAnswer }> {
	if (Number(request.headers.get('Content-Length') ?? 0) > MAX_BODY_BYTES) return { ok: false, answer: scimError(413, 'The body is larger than 1 MB.') }
	const text = await request.text()
	if (Buffer.byteLength(text) > MAX_BODY_BYTES) return { ok: false, answer: scimError(413, 'The body is larger than 1 MB.') }
	if (!text.trim()) return { ok: false, answer: scimError(400, 'The body is empty.', 'invalidSyntax') }
	try {
		return { ok: true, value: JSON.parse(text) }
	} catch {
		return { ok: false, answer: scimError(400, 'The body is not valid JSON.', 'invalidSyntax') }
	}
}

export interface ScimCaller {
	orgId: string
	actor: AuditActor
}

/** Authenticates the call, runs `step` for the token's organisation, and answers in SCIM's shapes. */
export function scimEndpoint(request: Request, clientAddress: string | undefined, step: (caller: ScimCaller) => Promise<ScimAnswer>): Promise<Response> {
	return apiHandler(async () => {
		const token = await organisationForScimToken(request.headers.get('Authorization'))
		if (!token) return scimResponse(scimError(401, 'A valid SCIM bearer token is required (Admin › Identity).'), { 'WWW-Authenticate': 'Bearer realm="scim"' })
		const rate = await countScimCall(token.orgId, token.tokenId, env().SCIM_RATE_LIMIT_PER_MINUTE)
		if (!rate.allowed)
			return scimResponse(scimError(429, `Too many requests: this token may make ${env().SCIM_RATE_LIMIT_PER_MINUTE} calls a minute. Retry after ${rate.retryAfterSeconds} s.`), {
				'Retry-After': String(rate.retryAfterSeconds),
			})
		const actor: AuditActor = { userId: null, label: `provisioning (SCIM) token ${token.tokenId}`, ip: clientAddress ?? null }
		return scimResponse(await step({ orgId: token.orgId, actor }))
	})
}

export const scimMethodNotAllowed = (allow: string) =>
	new Response(JSON.stringify(scimError(405, `Use ${allow} on this address.`).body), { status: 405, headers: { Allow: allow, 'Content-Type': SCIM_CONTENT_TYPE } })
