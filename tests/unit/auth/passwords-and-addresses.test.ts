import { describe, expect, it } from 'vitest'

import { addressKey } from '~/auth/client-address'
import { weakPasswordProblem } from '~/auth/password.server'
import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { TEST_PASSWORD } from '../../support/fixtures'

describe('client address keys', () => {
	it('makes one key per client: IPv4-mapped IPv6 is IPv4, IPv6 is lower-cased, compressed and keyed by /64', () => {
		expect(addressKey('203.0.113.9')).toBe('203.0.113.9')
		expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9')
		expect(addressKey('::FFFF:cb00:7109')).toBe('203.0.113.9')
		expect(addressKey('2001:DB8:0000:0001:0:0:0:5')).toBe('2001:db8:0:1::/64')
		expect(addressKey('2001:db8:0:1:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:1::/64')
		expect(addressKey('[2001:db8::1]')).toBe('2001:db8::/64')
		expect(addressKey('fe80::1%eth0')).toBe('fe80::/64')
		expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64')
		for (const junk of ['', undefined, 'localhost', '1.2.3', '2001:db8::1::2']) expect(addressKey(junk)).toBeUndefined()
	})
})

describe('new passwords', () => {
	it('refuses short, repetitive, sequential and common passwords (ASVS 2.1.1, 2.1.7)', () => {
		for (const weak of ['aaaaaaaaaa', 'aaaaaaaaaaaaaaaa', 'abcdefghijklm', 'password1234', '123456789012', 'qwertyuiop12']) {
			expect(weakPasswordProblem(weak), weak).not.toBeNull()
		}
		expect(weakPasswordProblem('a'.repeat(201))).toBe('Use at most 200 characters.')
	})

	it('accepts the fixture and demo passwords (they are set without this check, but must be ones a person could choose)', () => {
		expect(weakPasswordProblem(TEST_PASSWORD)).toBeNull()
		for (const a of DEMO_ACCOUNTS) expect(weakPasswordProblem(a.password, [a.email, a.name, 'Northwind Retail']), a.email).toBeNull()
	})
})
