/**
 * Open redirect after sign-in: `redirectTo` comes from the attacker's link, so whatever it holds
 * the Location must stay on this site, and no value may turn the sign-in into a 500.
 */
import { beforeAll, describe, expect, test } from 'vitest'

import { action as loginAction } from '~/routes/_auth+/login'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, TEST_PASSWORD } from '../../support/fixtures'
import { call, postRequest } from '../../support/requests'

useTestDatabase()

const BASE = 'http://localhost:3000'

/** How a browser reads the Location: resolved against the page that posted the form. */
function destination(location: string) {
	return new URL(location, `${BASE}/login`)
}

const HOSTILE = [
	'/%09/evil.example',
	'/\t/evil.example',
	'/%0a/evil.example',
	'/\n/evil.example',
	'/%0d/evil.example',
	'/\r/evil.example',
	'/\r\nSet-Cookie: x=1',
	'/%0d%0aSet-Cookie:%20x=1',
	'/%00/evil.example',
	'/\u0000/evil.example',
	'/%7f/evil.example',
	'/\u007f/evil.example',
	'/%1b/evil.example',
	'/%5c/evil.example',
	'/%5C%5Cevil.example',
	'/\\evil.example',
	'/\\/evil.example',
	'\\\\evil.example',
	'//evil.example',
	'///evil.example',
	'/%2f/evil.example',
	'/%2F%2Fevil.example',
	'/%252f/evil.example',
	'/%2509/evil.example',
	'/..//evil.example',
	'/%2e%2e//evil.example',
	'/a/../..//evil.example',
	'https://evil.example',
	'http:evil.example',
	'javascript:alert(1)',
	'evil.example',
	' /x',
	'%2F%2Fevil.example',
	'/%',
	'/%E0%A4%A',
]

describe('where sign-in goes afterwards', () => {
	beforeAll(async () => {
		const org = await makeOrg()
		await makeUser(org.id, { email: 'red@example.com' })
	})

	test.each(HOSTILE)('%j stays on this site and falls back to home', async (redirectTo) => {
		const r = await call(loginAction, postRequest('/login', { email: 'red@example.com', password: TEST_PASSWORD, redirectTo }))
		expect(r.status).toBe(302)
		expect(r.location).toBe('/home')
	})

	test.each([
		['/admin/teams', '/admin/teams'],
		['/admin/people?q=ann', '/admin/people?q=ann'],
		['/dashboard?period=12w&team=x#trend', '/dashboard?period=12w&team=x#trend'],
		['/admin/people?q=J%C3%B6rg', '/admin/people?q=J%C3%B6rg'],
		// Non-ASCII would make Node refuse to write the header (a 500): it is percent-encoded.
		['/admin/people?q=日本', '/admin/people?q=%E6%97%A5%E6%9C%AC'],
	])('%j, a path on this site, is kept as %j', async (redirectTo, expected) => {
		const r = await call(loginAction, postRequest('/login', { email: 'red@example.com', password: TEST_PASSWORD, redirectTo }))
		expect(r.status).toBe(302)
		expect(r.location).toBe(expected)
		expect(destination(r.location!).origin).toBe(BASE)
		expect(r.location).toMatch(/^[\x21-\x7e]+$/)
	})
})
