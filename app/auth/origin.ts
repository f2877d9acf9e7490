/**
 * Cross-site form posts are refused (Lucia's guide: check Origin on every non-GET request).
 * SameSite=Lax already keeps the session cookie off most cross-site posts; this closes the
 * rest (same-site subdomains, old browsers). API clients send no Origin; they are exempt only
 * when the request carries no cookie at all (see isExemptFromOriginCheck).
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isAllowedOrigin(input: { method: string; origin: string | null | undefined; host: string | null | undefined; appUrl: string }): boolean {
	if (SAFE_METHODS.has(input.method.toUpperCase())) return true
	if (!input.origin) return false
	let originHost: string
	try {
		originHost = new URL(input.origin).host
	} catch {
		return false
	}
	if (input.host && originHost === input.host) return true
	return originHost === new URL(input.appUrl).host
}

/**
 * A request without any cookie carries no session, so it cannot act for anyone who did not
 * mean it to: such a request is exempt when it is an API call (a bearer key, or an /api/ path,
 * which then answers 401 itself without a key), or a one-click unsubscribe (/unsubscribe/<token>). The path alone is not enough: Express and Remix
 * read `/api/%2e%2e/admin/teams` differently (Remix resolves it to `/admin/teams`), so an
 * exemption by path was a way around this check for anyone holding a session cookie. The path
 * is resolved here as Remix resolves it, and it only ever matters when there is no cookie.
 */
export function isExemptFromOriginCheck(input: { url: string; authorization: string | null | undefined; cookie: string | null | undefined }): boolean {
	// A SAML identity provider posts its signed answer from its own site (the HTTP-POST binding),
	// with our SAML cookie: the signature, the request id and that cookie are the authority there,
	// and the answer only ever starts a new session. Only this exact address, with a uuid.
	if (SAML_ACS.test(pathOf(input.url) ?? '')) return true
	if (input.cookie) return false
	if (/^Bearer\s/i.test(input.authorization ?? '')) return true
	const pathname = pathOf(input.url)
	if (pathname === null) return false
	// One-click unsubscribe (RFC 8058): the mail provider posts to the link in the e-mail, with no
	// cookie and no Origin; the link's token is the only authority, and it can only turn mail off.
	return pathname.startsWith('/api/') || pathname.startsWith('/unsubscribe/')
}

const SAML_ACS = /^\/sso\/saml\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/acs$/

function pathOf(url: string): string | null {
	try {
		return new URL(url, 'http://origin-check.invalid').pathname
	} catch {
		return null
	}
}

/** The whole decision for one request: exempt, or a reading method, or an Origin naming this site. */
export function isAllowedRequest(input: {
	method: string
	url: string
	origin: string | null | undefined
	host: string | null | undefined
	appUrl: string
	authorization: string | null | undefined
	cookie: string | null | undefined
}): boolean {
	return isExemptFromOriginCheck(input) || isAllowedOrigin(input)
}
