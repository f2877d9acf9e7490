import { createHash } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { hashSecret, mintToken, mintTokenWithIdPrefix, parseOrgToken, parseToken, redactTokens, secretMatches, withOrg } from '~/utils/token.server'

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'
const PART = /^[abcdefghijkmnpqrstuvwxyz23456789]{24}$/
const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const part = (c: string) => c.repeat(24)

describe('mintToken', () => {
	it('makes a token <id>.<secret>, each 24 characters of the 32-letter alphabet', () => {
		const { id, token } = mintToken()
		const [tid, secret, ...rest] = token.split('.')
		expect(rest).toEqual([])
		expect(tid).toBe(id)
		expect(id).toMatch(PART)
		expect(secret).toMatch(PART)
	})

	it('carries at least 120 random bits per part (24 × log2(32))', () => {
		expect(ALPHABET).toHaveLength(32)
		expect(new Set(ALPHABET).size).toBe(32)
		expect(24 * Math.log2(ALPHABET.length)).toBeGreaterThanOrEqual(120)
		// Every letter of the alphabet shows up, so none of the 32 is wasted.
		const seen = new Set<string>()
		for (let i = 0; i < 200; i++) for (const ch of mintToken().token.replace('.', '')) seen.add(ch)
		expect([...seen].sort().join('')).toBe([...ALPHABET].sort().join(''))
	})

	it('never uses the look-alike characters 0, o, 1, l', () => {
		for (let i = 0; i < 200; i++) expect(mintToken().token).not.toMatch(/[0o1l]/)
	})

	it('stores the SHA-256 of the secret, not the secret', () => {
		const { token, secretHash } = mintToken()
		const secret = token.split('.')[1]!
		expect(secretHash).toBe(sha256Hex(secret))
		expect(secretHash).not.toContain(secret)
	})

	it('gives unique ids and tokens across 1000 mints', () => {
		const tokens = new Set<string>()
		const ids = new Set<string>()
		for (let i = 0; i < 1000; i++) {
			const t = mintToken()
			tokens.add(t.token)
			ids.add(t.id)
		}
		expect(tokens.size).toBe(1000)
		expect(ids.size).toBe(1000)
	})

	it('round-trips through parseToken and secretMatches', () => {
		const { id, token, secretHash } = mintToken()
		const parsed = parseToken(token)
		expect(parsed).not.toBeNull()
		expect(parsed!.id).toBe(id)
		expect(secretMatches(parsed!.secret, secretHash)).toBe(true)
	})
})

describe('parseToken', () => {
	it('splits a well-formed token', () => {
		const id = 'abcdefghijkmnpqrstuvwxyz'
		const secret = '23456789abcdefghijkmnpqr'
		expect(parseToken(`${id}.${secret}`)).toEqual({ id, secret })
	})

	it('refuses no token at all', () => {
		expect(parseToken(null)).toBeNull()
		expect(parseToken(undefined)).toBeNull()
		expect(parseToken('')).toBeNull()
	})

	it('refuses a token without exactly one dot', () => {
		expect(parseToken(part('a') + part('b'))).toBeNull()
		expect(parseToken(`${part('a')}.${part('b')}.`)).toBeNull()
		expect(parseToken(`${part('a')}.${part('b')}.${part('c')}`)).toBeNull()
		expect(parseToken(`.${part('a')}.${part('b')}`)).toBeNull()
		expect(parseToken(`${part('a')}..${part('b')}`)).toBeNull()
		expect(parseToken(`${part('a')}.`)).toBeNull()
		expect(parseToken(`.${part('b')}`)).toBeNull()
	})

	it('refuses parts of the wrong length', () => {
		expect(parseToken(`${'a'.repeat(23)}.${part('b')}`)).toBeNull()
		expect(parseToken(`${'a'.repeat(25)}.${part('b')}`)).toBeNull()
		expect(parseToken(`${part('a')}.${'b'.repeat(23)}`)).toBeNull()
		expect(parseToken(`${part('a')}.${'b'.repeat(25)}`)).toBeNull()
	})

	it('refuses characters outside the alphabet', () => {
		for (const bad of ['0', 'o', '1', 'l', 'A', 'Z', '-', '_', ' ', '+', '/', '=', 'é']) {
			expect(parseToken(`${bad}${'a'.repeat(23)}.${part('b')}`)).toBeNull()
			expect(parseToken(`${part('a')}.${'b'.repeat(23)}${bad}`)).toBeNull()
		}
	})

	it('refuses a valid token with whitespace or a line break around it', () => {
		const good = `${part('a')}.${part('b')}`
		expect(parseToken(` ${good}`)).toBeNull()
		expect(parseToken(`${good}\n`)).toBeNull()
		expect(parseToken(good.toUpperCase())).toBeNull()
	})
})

describe('hashSecret', () => {
	it('is the lower-case hex SHA-256 of the secret', () => {
		const secret = 'abcdefghijkmnpqrstuvwxyz'
		expect(hashSecret(secret)).toBe(sha256Hex(secret))
		expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/)
	})

	it('matches a published test vector', () => {
		// FIPS 180-2 example: SHA-256("abc").
		expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
		expect(hashSecret('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
	})

	it('hashes non-ASCII text as UTF-8', () => {
		expect(hashSecret('clé ✓')).toBe(sha256Hex('clé ✓'))
	})
})

describe('secretMatches', () => {
	const secret = part('k')
	const stored = sha256Hex(secret)

	it('is true for the secret whose hash is stored', () => {
		expect(secretMatches(secret, stored)).toBe(true)
	})

	it('is false for any other secret', () => {
		expect(secretMatches(part('m'), stored)).toBe(false)
		expect(secretMatches(`${'k'.repeat(23)}m`, stored)).toBe(false)
		expect(secretMatches('', stored)).toBe(false)
	})

	it('is false against a damaged or empty stored hash', () => {
		expect(secretMatches(secret, stored.slice(0, 63))).toBe(false)
		expect(secretMatches(secret, `${stored}0`)).toBe(false)
		expect(secretMatches(secret, '')).toBe(false)
		expect(secretMatches(secret, stored.toUpperCase())).toBe(false)
	})

	it('does not accept the secret itself in place of its hash', () => {
		expect(secretMatches(secret, secret)).toBe(false)
	})
})

describe('redactTokens', () => {
	it('removes every session, password and survey token from a text, and leaves the rest', () => {
		const password = mintToken().token
		const survey = mintTokenWithIdPrefix('abcdefgh', 32).token
		const error = `554 5.7.1 Rejected: http://localhost:3000/set-password?token=${password} and http://x/p/${survey}.`
		const redacted = redactTokens(error)
		expect(redacted).toBe('554 5.7.1 Rejected: http://localhost:3000/set-password?token=[link token removed] and http://x/p/[link token removed].')
		expect(redacted).not.toContain(password.split('.')[1])
		expect(redacted).not.toContain(survey.split('.')[1])
	})

	it('removes a token that names its organisation whole, the organisation with it', () => {
		const token = withOrg('3f2b8c1e-0a4d-4e7f-9b21-5c6d7e8f9a0b', mintToken().token)
		expect(redactTokens(`550 Rejected: /set-password?token=${token}`)).toBe('550 Rejected: /set-password?token=[link token removed]')
	})

	it('leaves ordinary error messages alone', () => {
		for (const text of ['connect ECONNREFUSED 127.0.0.1:587', 'Invalid login: 535 5.7.8 Error: authentication failed', 'a.b', '']) {
			expect(redactTokens(text)).toBe(text)
		}
	})
})

describe('tokens that name their organisation', () => {
	const org = '3f2b8c1e-0a4d-4e7f-9b21-5c6d7e8f9a0b'

	it('put the organisation in front and parse back to it, the id and the secret', () => {
		const { id, token, secretHash } = mintToken()
		const routed = withOrg(org, token)
		expect(routed).toBe(`${org}.${token}`)
		const parsed = parseOrgToken(routed)
		expect(parsed).toMatchObject({ orgId: org, id })
		expect(secretMatches(parsed!.secret, secretHash)).toBe(true)
	})

	it('still read a token minted before they named it (no organisation: looked up everywhere)', () => {
		const { id, token } = mintToken()
		expect(parseOrgToken(token)).toMatchObject({ orgId: null, id })
	})

	it('refuse anything else: an organisation that is not a uuid, a missing part, one part too many', () => {
		const { token } = mintToken()
		for (const bad of [`ACME.${token}`, `${org.toUpperCase()}.${token}`, `${org}.`, `${org}.${token}.x`, `${org}`, '']) expect(parseOrgToken(bad)).toBeNull()
	})
})
