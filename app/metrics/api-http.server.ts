/**
 * The plumbing of the JSON API: answers, bearer authentication, and bodies read with a byte
 * limit. Resource routes answer with `Response.json(body, { status })`: with single fetch,
 * `data()` sets no status outside a page route.
 */
import { isConnectionError } from '~db/client'
import { isUnstorableTextError } from '~/utils/pg-errors'
import { type ApiCaller, authenticateApiKey } from './api-keys.server'

const NO_STORE = { 'Cache-Control': 'no-store' }

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return Response.json(body, { status, headers: { ...NO_STORE, ...headers } })
}

/** A whole-request failure: `{"error": "…"}` (per-event problems use `{"errors": [ … ]}`). */
export function jsonError(status: number, message: string, headers: Record<string, string> = {}): Response {
	return json({ error: message }, status, headers)
}

export const unauthorized = () =>
	jsonError(401, 'Missing, unknown or revoked API key. Send "Authorization: Bearer son_…" with a key from Admin › API keys.', {
		'WWW-Authenticate': 'Bearer realm="State of Now"',
	})

export const methodNotAllowed = (allow: string) => jsonError(405, `Use ${allow} on this address.`, { Allow: allow })

/**
 * Runs an API handler; the database being unreachable becomes a JSON 503 instead of an HTML error
 * page, and text PostgreSQL cannot store (a NUL character that got past the checks) a 400.
 */
export async function apiHandler(step: () => Promise<Response>): Promise<Response> {
	try {
		return await step()
	} catch (error) {
		// The session guard answers an unreachable database with a text 503; the API speaks JSON.
		if (error instanceof Response && error.status !== 503) return error
		if (error instanceof Response || isConnectionError(error))
			return jsonError(503, 'The service is temporarily unavailable: the database is not answering.', { 'Retry-After': '5' })
		if (isUnstorableTextError(error)) return jsonError(400, 'The request contains a NUL character (\\u0000), which cannot be stored. Remove it and send the request again.')
		throw error
	}
}

/** The caller behind the bearer key, or a thrown 401. */
export async function requireApiKey(request: Request): Promise<ApiCaller> {
	const caller = await authenticateApiKey(request.headers.get('Authorization'))
	if (!caller) throw unauthorized()
	return caller
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response }

/**
 * Reads a JSON body of at most `maxBytes`, stopping as soon as it is exceeded (a declared
 * Content-Length over the limit is refused before reading anything).
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
	const tooLarge = (): BodyResult => ({
		ok: false,
		response: jsonError(413, `The body is larger than ${Math.round(maxBytes / 1024 / 1024)} MB. Send fewer events per request.`),
	})
	const declared = Number(request.headers.get('Content-Length') ?? 0)
	if (declared > maxBytes) return tooLarge()
	if (!request.body) return { ok: false, response: jsonError(400, 'The body is empty: send {"events": [ … ]} as JSON.') }
	const chunks: Uint8Array[] = []
	let size = 0
	const reader = request.body.getReader()
	for (;;) {
		const { done, value } = await reader.read()
		if (done) break
		size += value.byteLength
		if (size > maxBytes) {
			await reader.cancel()
			return tooLarge()
		}
		chunks.push(value)
	}
	const text = Buffer.concat(chunks).toString('utf8')
	if (!text.trim()) return { ok: false, response: jsonError(400, 'The body is empty: send {"events": [ … ]} as JSON.') }
	try {
		return { ok: true, value: JSON.parse(text) }
	} catch (error) {
		const detail = error instanceof Error ? error.message : 'unreadable'
		return { ok: false, response: jsonError(400, `The body is not valid JSON (${detail}). Send {"events": [ … ]} with Content-Type: application/json.`) }
	}
}
