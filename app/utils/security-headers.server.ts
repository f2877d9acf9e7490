/**
 * The response headers that protect people in the browser. One place decides them: the Express
 * server applies the ones every response carries, entry.server the page's Content-Security-Policy
 * (it needs the nonce it renders with).
 */
import crypto from 'node:crypto'

/** 128 random bits per page: a nonce seen once (in a cached copy, say) is useless for the next. */
export function createNonce(): string {
	return crypto.randomBytes(16).toString('base64')
}

/**
 * Scripts run only with this response's nonce; what they load ('strict-dynamic') is trusted
 * through them, which covers the route modules Remix imports and the Chart.js chunk. Styles come
 * from our stylesheet; style attributes are allowed because React renders `style={…}` props into
 * the markup (Chart.js sizes its canvas through the CSSOM, which CSP does not govern). No
 * plug-ins, no <base>, no framing, forms post only here.
 */
export function contentSecurityPolicy(nonce: string): string {
	return [
		"default-src 'self'",
		`script-src 'nonce-${nonce}' 'strict-dynamic'`,
		"style-src 'self'",
		"style-src-attr 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"frame-ancestors 'none'",
		"form-action 'self'",
	].join('; ')
}

/** Headers for every response, static files included. */
export function everyResponseHeaders(appUrl: string): Record<string, string> {
	const headers: Record<string, string> = {
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'same-origin',
		'X-Frame-Options': 'DENY',
	}
	// Only when the public address is https: HSTS from a plain-http deployment (the demo on
	// localhost) would be ignored by browsers at best, and lock people out at worst.
	if (appUrl.startsWith('https://')) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains'
	return headers
}

export const SESSION_COOKIE_NAME = 'son_session'

/** Whether the request carries a session cookie (valid or not: either way its answer is personal). */
export function carriesSessionCookie(cookieHeader: string | null | undefined): boolean {
	return (cookieHeader ?? '').split(';').some((part) => part.trim().startsWith(`${SESSION_COOKIE_NAME}=`))
}

/** When no route said how long to wait, a client told 429 waits this long before trying again. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60

/**
 * The last word on a response's caching and retry headers, decided just before they are sent:
 * anything for a signed-in person, or setting a cookie, is `no-store` (a shared computer's
 * cache or a proxy must not keep it), and a 429 always says when to come back.
 */
export function finalHeaderChanges(input: {
	status: number
	signedIn: boolean
	cacheControl: string | undefined
	setsCookie: boolean
	retryAfter: string | undefined
}): Record<string, string> {
	const changes: Record<string, string> = {}
	if ((input.signedIn || input.setsCookie) && !/\bno-store\b/i.test(input.cacheControl ?? '')) changes['Cache-Control'] = 'no-store'
	if (input.status === 429 && !input.retryAfter) changes['Retry-After'] = String(DEFAULT_RETRY_AFTER_SECONDS)
	return changes
}
