import { describe, expect, it } from 'vitest'

import { carriesSessionCookie, contentSecurityPolicy, createNonce, DEFAULT_RETRY_AFTER_SECONDS, everyResponseHeaders, finalHeaderChanges } from '~/utils/security-headers.server'

describe('security headers', () => {
	it('sends HSTS only when the public address is https', () => {
		expect(everyResponseHeaders('https://pulse.example.com')['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains')
		expect(everyResponseHeaders('http://localhost:3000')['Strict-Transport-Security']).toBeUndefined()
		expect(everyResponseHeaders('http://localhost:3000')['X-Content-Type-Options']).toBe('nosniff')
	})

	it('builds a CSP whose scripts need the nonce and nothing inline', () => {
		const nonce = createNonce()
		expect(nonce).not.toBe(createNonce())
		expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
		const csp = contentSecurityPolicy(nonce)
		expect(csp).toContain(`script-src 'nonce-${nonce}' 'strict-dynamic'`)
		expect(csp).not.toMatch(/script-src[^;]*unsafe/)
		expect(csp).toMatch(/object-src 'none'.*base-uri 'none'.*frame-ancestors 'none'/)
	})

	it('recognises the session cookie among others, and only it', () => {
		expect(carriesSessionCookie('son_session=abc.def')).toBe(true)
		expect(carriesSessionCookie('theme=dark; son_session=abc.def')).toBe(true)
		expect(carriesSessionCookie('theme=dark; not_son_session=x')).toBe(false)
		expect(carriesSessionCookie(undefined)).toBe(false)
	})

	it('makes anything for a signed-in person, or setting a cookie, no-store, keeping a stricter value', () => {
		const base = { status: 200, signedIn: false, cacheControl: undefined, setsCookie: false, retryAfter: undefined }
		expect(finalHeaderChanges(base)).toEqual({})
		expect(finalHeaderChanges({ ...base, signedIn: true })).toEqual({ 'Cache-Control': 'no-store' })
		expect(finalHeaderChanges({ ...base, signedIn: true, cacheControl: 'public, max-age=3600' })).toEqual({ 'Cache-Control': 'no-store' })
		expect(finalHeaderChanges({ ...base, setsCookie: true })).toEqual({ 'Cache-Control': 'no-store' })
		expect(finalHeaderChanges({ ...base, signedIn: true, cacheControl: 'no-store, no-transform' })).toEqual({})
	})

	it('gives every 429 a Retry-After, keeping the one a route chose', () => {
		const base = { status: 429, signedIn: false, cacheControl: undefined, setsCookie: false, retryAfter: undefined }
		expect(finalHeaderChanges(base)).toEqual({ 'Retry-After': String(DEFAULT_RETRY_AFTER_SECONDS) })
		expect(finalHeaderChanges({ ...base, retryAfter: '840' })).toEqual({})
	})
})
