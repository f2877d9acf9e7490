/**
 * The providers' signature checks against published vectors, and the ways a header can be
 * wrong. GitHub's "Validating webhook deliveries" gives secret "It's a Secret to Everybody" and
 * body "Hello, World!" → sha256=757107ea…; Jira (WebSub) uses the same HMAC-SHA256 form in
 * X-Hub-Signature; Intercom's is the SHA-1 form.
 */
import { createHmac } from 'node:crypto'

import { describe, expect, test } from 'vitest'

import { providerFor } from '~/connectors/registry'

const SECRET = "It's a Secret to Everybody"
const BODY = Buffer.from('Hello, World!')
const GITHUB_VECTOR = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'

const check = (provider: string, headers: Record<string, string>, secrets = [SECRET], body = BODY) =>
	providerFor(provider)!.verify({ headers: new Headers(headers), body, now: Date.now() }, secrets).ok

describe('signature checks', () => {
	test('GitHub’s published vector verifies; upper-case hex too; anything else does not', () => {
		expect(check('github', { 'X-Hub-Signature-256': GITHUB_VECTOR })).toBe(true)
		expect(check('github', { 'X-Hub-Signature-256': `sha256=${GITHUB_VECTOR.slice(7).toUpperCase()}` })).toBe(true)
		expect(check('github', { 'X-Hub-Signature-256': GITHUB_VECTOR }, ['another secret'])).toBe(false)
		expect(check('github', { 'X-Hub-Signature-256': GITHUB_VECTOR }, [SECRET], Buffer.from('Hello, World?'))).toBe(false)
		expect(check('github', { 'X-Hub-Signature-256': GITHUB_VECTOR.slice(0, -2) })).toBe(false)
		expect(check('github', { 'X-Hub-Signature-256': GITHUB_VECTOR.replace('sha256=', '') })).toBe(false)
		expect(check('github', { 'X-Hub-Signature': GITHUB_VECTOR })).toBe(false)
		expect(check('github', {})).toBe(false)
	})

	test('during a rotation either secret verifies', () => {
		expect(check('github', { 'X-Hub-Signature-256': GITHUB_VECTOR }, ['the new secret', SECRET])).toBe(true)
	})

	test('Jira: the same HMAC-SHA256 in X-Hub-Signature; not in GitHub’s header', () => {
		expect(check('jira', { 'X-Hub-Signature': GITHUB_VECTOR })).toBe(true)
		expect(check('jira', { 'X-Hub-Signature-256': GITHUB_VECTOR })).toBe(false)
	})

	test('Intercom: sha1=<hex HMAC-SHA1>, and a SHA-256 signature is not accepted in its place', () => {
		const sha1 = `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`
		expect(check('intercom', { 'X-Hub-Signature': sha1 })).toBe(true)
		expect(check('intercom', { 'X-Hub-Signature': GITHUB_VECTOR })).toBe(false)
		expect(check('intercom', { 'X-Hub-Signature': sha1 }, ['wrong'])).toBe(false)
	})

	test('Freshdesk: the secret itself, in the header or as the basic-auth password, exactly', () => {
		const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`
		expect(check('freshdesk', { 'X-Connector-Secret': SECRET })).toBe(true)
		expect(check('freshdesk', { Authorization: basic('anyone', SECRET) })).toBe(true)
		expect(check('freshdesk', { Authorization: basic(SECRET, '') })).toBe(false)
		expect(check('freshdesk', { 'X-Connector-Secret': SECRET.slice(0, -1) })).toBe(false)
		expect(check('freshdesk', {})).toBe(false)
	})
})
