/**
 * How a backfill reads the tools' rate-limit answers and next pages: Retry-After in seconds or
 * as a date, GitHub's and Intercom's epoch-second resets, Jira's ISO reset, a wait capped at an
 * hour; Link headers as GitHub and Freshdesk write them; a next page on another origin refused
 * (the token would travel there).
 */
import { describe, expect, test } from 'vitest'

import { ApiClient, MAX_WAIT_MS, nextLink, Refused, waitFrom } from '~/connectors/history/http'

const NOW = Date.parse('2026-12-06T12:00:00Z')
const h = (headers: Record<string, string>) => new Headers(headers)

describe('waitFrom', () => {
	test('Retry-After in seconds or as an HTTP date', () => {
		expect(waitFrom(h({ 'Retry-After': '30' }), NOW)).toEqual({ waitMs: 30_000, header: 'Retry-After: 30' })
		expect(waitFrom(h({ 'Retry-After': 'Sun, 06 Dec 2026 12:02:00 GMT' }), NOW).waitMs).toBe(120_000)
	})

	test('reset headers: epoch seconds (GitHub, Intercom) or an ISO time (Jira)', () => {
		expect(waitFrom(h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 50) }), NOW).waitMs).toBe(50_000)
		expect(waitFrom(h({ 'X-RateLimit-Reset': '2026-12-06T12:00:20Z' }), NOW).waitMs).toBe(20_000)
		// A reset already past still waits a second rather than hammering.
		expect(waitFrom(h({ 'x-ratelimit-reset': String(NOW / 1000 - 5) }), NOW).waitMs).toBe(1000)
	})

	test('Retry-After wins over a reset header; a day is capped at an hour; nothing said is a minute', () => {
		expect(waitFrom(h({ 'Retry-After': '10', 'x-ratelimit-reset': String(NOW / 1000 + 50) }), NOW).waitMs).toBe(10_000)
		expect(waitFrom(h({ 'Retry-After': '86400' }), NOW).waitMs).toBe(MAX_WAIT_MS)
		expect(waitFrom(h({}), NOW)).toEqual({ waitMs: 60_000, header: 'no Retry-After' })
	})
})

describe('nextLink', () => {
	test('the rel="next" of a Link header, wherever it is among the others', () => {
		const github = '<https://api.github.com/repositories/1/pulls?page=2>; rel="next", <https://api.github.com/repositories/1/pulls?page=5>; rel="last"'
		expect(nextLink(github)).toBe('https://api.github.com/repositories/1/pulls?page=2')
		expect(nextLink('<https://x.freshdesk.com/api/v2/tickets?page=1>; rel="prev", <https://x.freshdesk.com/api/v2/tickets?page=3>; rel=next')).toBe(
			'https://x.freshdesk.com/api/v2/tickets?page=3',
		)
		expect(nextLink('<https://api.github.com/x?page=1>; rel="first"')).toBeNull()
		expect(nextLink(null)).toBeNull()
	})
})

describe('ApiClient addresses', () => {
	const client = new ApiClient('https://northwind.zendesk.com', { authorization: 'Basic x' }, 'Zendesk')
	test('paths and next pages on the API’s origin only', () => {
		expect(client.url('/api/v2/groups', { per_page: 100, missing: undefined }).toString()).toBe('https://northwind.zendesk.com/api/v2/groups?per_page=100')
		expect(client.url('https://northwind.zendesk.com/api/v2/tickets?page=2').toString()).toBe('https://northwind.zendesk.com/api/v2/tickets?page=2')
		expect(() => client.url('https://attacker.example/steal')).toThrow(Refused)
		expect(() => client.url('//attacker.example/steal')).toThrow(Refused)
	})
})
