/**
 * How a backfill talks to a provider's API: the provider's authentication, JSON, a time limit,
 * and what a refusal means. A rate limit (429, or GitHub's 403 with no requests left) becomes a
 * `RateLimited` with how long to wait, read from Retry-After or the provider's reset header; the
 * backfill stores that wait and resumes after it. Next-page addresses the provider gives (Link
 * headers, after_url) are followed only on the API's own origin, so the credentials never travel
 * to another host.
 */

/** Waits longer than this are capped: the backfill checks again, it does not sleep for a day. */
export const MAX_WAIT_MS = 60 * 60_000
const DEFAULT_WAIT_MS = 60_000
const REQUEST_TIMEOUT_MS = 30_000

export class RateLimited extends Error {
	constructor(
		readonly waitMs: number,
		readonly header: string,
	) {
		super(`rate limited (${header})`)
	}
}

/** A refusal the next attempt will not fix (bad credentials, no permission, a missing API): the backfill stops. */
export class Refused extends Error {}

/** A transient failure (5xx, network): tried again later with a growing pause. */
export class Unavailable extends Error {}

export interface ApiAuth {
	/** The Authorization header. */
	authorization: string
	/** Extra headers the provider asks for (Intercom-Version, GitHub's Accept). */
	headers?: Record<string, string>
}

export interface ApiResponse {
	status: number
	headers: Headers
	body: unknown
}

/** How long a rate-limited answer says to wait, in ms. */
export function waitFrom(headers: Headers, now: number): { waitMs: number; header: string } {
	const retryAfter = headers.get('retry-after')
	if (retryAfter) {
		const seconds = Number(retryAfter)
		if (Number.isFinite(seconds) && seconds >= 0) return { waitMs: Math.min(seconds * 1000, MAX_WAIT_MS), header: `Retry-After: ${retryAfter}` }
		const at = Date.parse(retryAfter)
		if (!Number.isNaN(at)) return { waitMs: Math.min(Math.max(0, at - now), MAX_WAIT_MS), header: `Retry-After: ${retryAfter}` }
	}
	// GitHub and Intercom: epoch seconds; Jira: an ISO time.
	for (const name of ['x-ratelimit-reset', 'ratelimit-reset']) {
		const value = headers.get(name)
		if (!value) continue
		const n = Number(value)
		const at = Number.isFinite(n) ? (n > 1e9 ? n * 1000 : now + n * 1000) : Date.parse(value)
		if (!Number.isNaN(at)) return { waitMs: Math.min(Math.max(1000, at - now), MAX_WAIT_MS), header: `${name}: ${value}` }
	}
	return { waitMs: DEFAULT_WAIT_MS, header: 'no Retry-After' }
}

/** The `rel="next"` address of a Link header (GitHub, Freshdesk), or null. */
export function nextLink(header: string | null): string | null {
	if (!header) return null
	for (const part of header.split(',')) {
		const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part.trim())
		if (match) return match[1]!
	}
	return null
}

export class ApiClient {
	private readonly origin: string

	constructor(
		readonly baseUrl: string,
		private readonly auth: ApiAuth,
		private readonly label: string,
		private readonly now: () => number = Date.now,
	) {
		this.origin = new URL(baseUrl).origin
	}

	/** An address on the API: a path, or a next-page URL the provider gave (same origin only). */
	url(pathOrUrl: string, query?: Record<string, string | number | undefined>): URL {
		const url = new URL(pathOrUrl, this.baseUrl.replace(/\/?$/, '/'))
		if (url.origin !== this.origin) throw new Refused(`${this.label} gave a next page on another address (${url.origin}); not followed.`)
		for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v))
		return url
	}

	async request(method: 'GET' | 'POST', url: URL, body?: unknown, allow: number[] = []): Promise<ApiResponse> {
		let response: Response
		try {
			response = await fetch(url, {
				method,
				headers: {
					Accept: 'application/json',
					Authorization: this.auth.authorization,
					...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
					...this.auth.headers,
				},
				body: body === undefined ? undefined : JSON.stringify(body),
				redirect: 'error',
				signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
			})
		} catch (error) {
			throw new Unavailable(`${this.label} did not answer (${error instanceof Error ? error.message : String(error)}).`)
		}
		const { status, headers } = response
		const exhausted = status === 403 && headers.get('x-ratelimit-remaining') === '0'
		if (status === 429 || exhausted || (status === 503 && headers.has('retry-after'))) {
			await response.body?.cancel()
			const wait = waitFrom(headers, this.now())
			throw new RateLimited(wait.waitMs, wait.header)
		}
		if (allow.includes(status)) {
			await response.body?.cancel()
			return { status, headers, body: null }
		}
		if (status === 401 || status === 403) {
			await response.body?.cancel()
			throw new Refused(`${this.label} refused the credentials (${status}): check the API token and its permissions.`)
		}
		if (status >= 500) {
			await response.body?.cancel()
			throw new Unavailable(`${this.label} answered ${status}.`)
		}
		if (status < 200 || status >= 300) {
			await response.body?.cancel()
			throw new Refused(`${this.label} answered ${status} to ${url.pathname}.`)
		}
		let parsed: unknown
		try {
			parsed = await response.json()
		} catch {
			throw new Unavailable(`${this.label} answered something that is not JSON.`)
		}
		return { status, headers, body: parsed }
	}

	get(pathOrUrl: string, query?: Record<string, string | number | undefined>, allow?: number[]) {
		return this.request('GET', this.url(pathOrUrl, query), undefined, allow)
	}

	post(path: string, body: unknown) {
		return this.request('POST', this.url(path), body)
	}
}
