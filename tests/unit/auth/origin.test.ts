import { describe, expect, it } from 'vitest'

import { isAllowedOrigin, isAllowedRequest, isExemptFromOriginCheck } from '~/auth/origin'

const appUrl = 'https://pulse.example.com'
const post = (origin: string | null | undefined, host: string | null | undefined = 'pulse.example.com') => isAllowedOrigin({ method: 'POST', origin, host, appUrl })

describe('isAllowedOrigin', () => {
	it('allows reading methods without looking at the origin', () => {
		for (const method of ['GET', 'HEAD', 'OPTIONS', 'get', 'head']) {
			expect(isAllowedOrigin({ method, origin: 'https://evil.example', host: 'pulse.example.com', appUrl })).toBe(true)
			expect(isAllowedOrigin({ method, origin: null, host: null, appUrl })).toBe(true)
		}
	})

	it('refuses a POST without an Origin header', () => {
		expect(post(null)).toBe(false)
		expect(post(undefined)).toBe(false)
		expect(post('')).toBe(false)
	})

	it('checks other writing methods too, in any case', () => {
		for (const method of ['PUT', 'PATCH', 'DELETE', 'post']) {
			expect(isAllowedOrigin({ method, origin: 'https://evil.example', host: 'pulse.example.com', appUrl })).toBe(false)
			expect(isAllowedOrigin({ method, origin: 'https://pulse.example.com', host: 'pulse.example.com', appUrl })).toBe(true)
		}
	})

	it('allows a POST from the same host as the request', () => {
		const other = 'https://app.example.org'
		expect(isAllowedOrigin({ method: 'POST', origin: 'http://intranet:8080', host: 'intranet:8080', appUrl: other })).toBe(true)
	})

	it('allows a POST from the APP_URL host, even when the Host header differs or is absent', () => {
		expect(post('https://pulse.example.com', '10.0.0.5:3000')).toBe(true)
		expect(post('https://pulse.example.com', null)).toBe(true)
	})

	it('refuses a POST from another host, including a sibling subdomain', () => {
		expect(post('https://evil.example')).toBe(false)
		expect(post('https://other.pulse.example.com')).toBe(false)
		expect(post('https://example.com')).toBe(false)
		expect(post('https://pulse.example.com.evil.example')).toBe(false)
	})

	it('refuses a malformed or opaque origin', () => {
		expect(post('not a url')).toBe(false)
		expect(post('null')).toBe(false) // sandboxed iframes and file:// pages send "Origin: null"
		expect(post('pulse.example.com')).toBe(false)
	})

	it('refuses an origin on another port', () => {
		expect(isAllowedOrigin({ method: 'POST', origin: 'http://localhost:3001', host: 'localhost:3000', appUrl: 'http://localhost:3000' })).toBe(false)
		expect(post('https://pulse.example.com:8443')).toBe(false)
		expect(isAllowedOrigin({ method: 'POST', origin: 'http://localhost:3000', host: 'localhost:3000', appUrl: 'http://localhost:3000' })).toBe(true)
	})
})

describe('isAllowedRequest: who is exempt from the Origin check', () => {
	const base = { method: 'POST', origin: null, host: 'pulse.example.com', appUrl }
	const cookie = 'son_session=abc.def'

	it('lets an API call with a bearer key and no cookie through without an Origin', () => {
		expect(isAllowedRequest({ ...base, url: '/api/v1/events', authorization: 'Bearer son_x.y', cookie: null })).toBe(true)
		expect(isAllowedRequest({ ...base, url: '/api/v1/events', authorization: null, cookie: undefined })).toBe(true)
	})

	it('checks the Origin of any request that carries a cookie, whatever its path says', () => {
		for (const url of ['/api/v1/events', '/api/%2e%2e/admin/teams', '/api/../admin/teams', '/api/%2E%2E/admin/people/new', '/api/.%2e/admin/teams']) {
			expect(isAllowedRequest({ ...base, url, authorization: null, cookie })).toBe(false)
			expect(isAllowedRequest({ ...base, url, authorization: 'Bearer son_x.y', cookie })).toBe(false)
			expect(isAllowedRequest({ ...base, url, origin: 'https://pulse.example.com', authorization: null, cookie })).toBe(true)
		}
	})

	it('decides on the path as Remix resolves it, so /api/.. is not an API call', () => {
		expect(isExemptFromOriginCheck({ url: '/api/%2e%2e/login', authorization: null, cookie: null })).toBe(false)
		expect(isExemptFromOriginCheck({ url: '/api/../login', authorization: null, cookie: null })).toBe(false)
		expect(isExemptFromOriginCheck({ url: '/login', authorization: null, cookie: null })).toBe(false)
		expect(isExemptFromOriginCheck({ url: '/api/v1/teams?x=1', authorization: null, cookie: null })).toBe(true)
	})

	it('lets a SAML provider post its answer from its own site to the assertion address only, cookie or not', () => {
		const acs = '/sso/saml/0b9f8c1e-3d2a-4c5b-9e8f-7a6b5c4d3e2f/acs'
		expect(isAllowedRequest({ ...base, url: acs, origin: 'https://idp.okta.example', authorization: null, cookie })).toBe(true)
		expect(isAllowedRequest({ ...base, url: acs, origin: null, authorization: null, cookie: null })).toBe(true)
		for (const url of [
			'/sso/saml/0b9f8c1e-3d2a-4c5b-9e8f-7a6b5c4d3e2f/acs/../../../../admin/teams',
			'/sso/saml/0b9f8c1e-3d2a-4c5b-9e8f-7a6b5c4d3e2f/acs/%2e%2e/%2e%2e/%2e%2e/%2e%2e/admin/teams',
			'/sso/saml/not-a-uuid/acs',
			'/sso/saml/0b9f8c1e-3d2a-4c5b-9e8f-7a6b5c4d3e2f/metadata',
			'/sso',
		])
			expect(isAllowedRequest({ ...base, url, origin: 'https://idp.okta.example', authorization: null, cookie })).toBe(false)
	})
})
