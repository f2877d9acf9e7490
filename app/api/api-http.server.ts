/**
 * The plumbing of the JSON API: answers, bearer authentication, and bodies read with a byte
 * limit. Resource routes answer with `Response.json(body, { status })`: with single fetch,
 * `data()` sets no status outside a page route.
 */
import { isConnectionError } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { AppError, type ErrorCode } from '~/utils/errors'
import { isUnstorableTextError } from '~/utils/pg-errors'

import { type ApiCaller, type ApiScope, checkApiKey, countApiCall, SCOPE_LABELS } from './api-keys.server'
import { apiLocale, inLanguage } from './api-language.server'

const NO_STORE = { 'Cache-Control': 'no-store' }

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return Response.json(body, { status, headers: { ...NO_STORE, ...headers } })
}

/** A whole-request failure: `{"error": "…"}` (per-event problems use `{"errors": [ … ]}`). */
export function jsonError(code: ErrorCode, message: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}): Response {
	return new AppError(code, message, headers).toJson(extra, NO_STORE)
}

export const unauthorized = () =>
	jsonError('UNAUTHENTICATED', 'Missing, unknown or revoked API key. Send "Authorization: Bearer son_…" with a key from Admin › API keys.', {
		'WWW-Authenticate': 'Bearer realm="State of Now"',
	})

const expired = (expiresAt: Date) =>
	jsonError('UNAUTHENTICATED', `This API key expired at ${expiresAt.toISOString()}. Ask an admin for a new key (Admin › API keys).`, {
		'WWW-Authenticate': 'Bearer realm="State of Now", error="invalid_token", error_description="The key has expired"',
	})

/** 403 for a working key without the scope the call needs: `{"error", "requiredScope", "scopes"}`. */
export function missingScope(needed: readonly ApiScope[], has: readonly ApiScope[]): Response {
	const what = needed.map((s) => `"${s}" (${SCOPE_LABELS[s]})`).join(' or ')
	return jsonError(
		'FORBIDDEN',
		`This API key may not make this call: it needs the scope ${what}, and has ${has.join(', ')}. Ask an admin for a key with that scope (Admin › API keys).`,
		{},
		{ requiredScope: needed.length === 1 ? needed[0] : needed, scopes: has },
	)
}

export const tooManyRequests = (limit: number, retryAfterSeconds: number) =>
	jsonError(
		'TOO_MANY',
		`Too many calls with this API key: at most ${limit} a minute. Try again in ${retryAfterSeconds} s.`,
		{ 'Retry-After': String(retryAfterSeconds) },
		{ retryAfter: retryAfterSeconds },
	)

export const methodNotAllowed = (allow: string) => jsonError('METHOD_NOT_ALLOWED', `Use ${allow} on this address.`, { Allow: allow })

/**
 * Runs an API handler; the database being unreachable becomes a JSON 503 instead of an HTML error
 * page, and text PostgreSQL cannot store (a NUL character that got past the checks) a 400. With
 * the request, an error's sentence is in the language its Accept-Language asks for (English by
 * default; api-language.server.ts); without it (SCIM, chat services' callbacks), in English.
 */
export async function apiHandler(step: () => Promise<Response>, request?: Request): Promise<Response> {
	const response = await answer(step)
	return request ? inLanguage(response, apiLocale(request)) : response
}

async function answer(step: () => Promise<Response>): Promise<Response> {
	try {
		return await step()
	} catch (error) {
		// A domain module's failure, in the API's words.
		if (error instanceof AppError) return jsonError(error.code, error.message, error.headers)
		// The session guard answers an unreachable database with a text 503; the API speaks JSON.
		if (error instanceof Response && error.status !== 503) return error
		if (error instanceof Response || isConnectionError(error))
			return jsonError('UNAVAILABLE', 'The service is temporarily unavailable: the database is not answering.', { 'Retry-After': '5' })
		if (isUnstorableTextError(error)) return jsonError('INVALID', 'The request contains a NUL character (\\u0000), which cannot be stored. Remove it and send the request again.')
		throw error
	}
}

/**
 * The caller behind the bearer key, if the key works (else a thrown 401), has calls left this
 * minute (else 429 with Retry-After) and holds one of `scopes` (else 403). Every authenticated
 * call counts against the limit, refused ones included, so probing costs the same as using.
 */
export async function requireApiKey(request: Request, scopes: ApiScope | readonly ApiScope[], now = new Date()): Promise<ApiCaller> {
	const checked = await checkApiKey(request.headers.get('Authorization'), now)
	if (checked.status === 'invalid') throw unauthorized()
	if (checked.status === 'expired') throw expired(checked.expiresAt)
	const { caller } = checked
	const limit = env().API_RATE_LIMIT_PER_MINUTE
	const decision = await countApiCall(caller.orgId, caller.keyId, limit, now)
	if (!decision.allowed) throw tooManyRequests(limit, decision.retryAfterSeconds)
	const needed: readonly ApiScope[] = typeof scopes === 'string' ? [scopes] : scopes
	if (!needed.some((s) => caller.scopes.includes(s))) throw missingScope(needed, caller.scopes)
	return caller
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response }

/**
 * The raw bytes of a body of at most `maxBytes`, or null when it is larger: a declared
 * Content-Length over the limit is refused before reading, and reading stops as soon as the limit
 * is passed. Signed deliveries (connectors, Slack) are verified on exactly these bytes.
 */
export async function readRaw(request: Request, maxBytes: number): Promise<Buffer | null> {
	if (Number(request.headers.get('Content-Length') ?? 0) > maxBytes) return null
	if (!request.body) return Buffer.alloc(0)
	const chunks: Uint8Array[] = []
	let size = 0
	const reader = request.body.getReader()
	for (;;) {
		const { done, value } = await reader.read()
		if (done) break
		size += value.byteLength
		if (size > maxBytes) {
			await reader.cancel()
			return null
		}
		chunks.push(value)
	}
	return Buffer.concat(chunks)
}

/** Reads a JSON body of at most `maxBytes` (see `readRaw`). */
export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
	const tooLarge = (): BodyResult => ({
		ok: false,
		response: jsonError('TOO_LARGE', `The body is larger than ${Math.round(maxBytes / 1024 / 1024)} MB. Send fewer events per request.`),
	})
	const raw = await readRaw(request, maxBytes)
	if (!raw) return tooLarge()
	const text = raw.toString('utf8')
	if (!text.trim()) return { ok: false, response: jsonError('INVALID', 'The body is empty: send {"events": [ … ]} as JSON.') }
	try {
		return { ok: true, value: JSON.parse(text) }
	} catch (error) {
		const detail = error instanceof Error ? error.message : 'unreadable'
		return { ok: false, response: jsonError('INVALID', `The body is not valid JSON (${detail}). Send {"events": [ … ]} with Content-Type: application/json.`) }
	}
}
