/**
 * Cross-site form posts are refused (Lucia's guide: check Origin on every non-GET request).
 * SameSite=Lax already keeps the session cookie off most cross-site posts; this closes the
 * rest (same-site subdomains, old browsers). Bearer-token APIs carry no cookie and are exempt.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isAllowedOrigin(input: {
	method: string
	origin: string | null | undefined
	host: string | null | undefined
	appUrl: string
}): boolean {
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
