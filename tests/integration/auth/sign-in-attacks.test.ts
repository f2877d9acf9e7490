/**
 * Attacks on sign-in that once worked: a concurrent burst past the throttle, a client address
 * spoofed through X-Forwarded-For, one address locking everyone out, and timing differences
 * between kinds of account. Each argon2 verification is counted (the real one still runs).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import express from 'express'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'

import { ADDRESS_THROTTLE, signIn, THROTTLE } from '~/auth/sign-in.server'
import { action as loginAction } from '~/routes/_auth+/login'
import { env, resetEnvCache } from '~/utils/env.server'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, TEST_PASSWORD } from '../../support/fixtures'
import { call, postRequest } from '../../support/requests'

const verifications = vi.hoisted(() => ({ count: 0 }))
vi.mock('@node-rs/argon2', async (importOriginal) => {
	const real = await importOriginal<typeof import('@node-rs/argon2')>()
	return {
		...real,
		verify: async (...args: Parameters<typeof real.verify>) => {
			verifications.count++
			return real.verify(...args)
		},
	}
})

useTestDatabase()

beforeEach(() => {
	verifications.count = 0
})

describe('throttle under a concurrent burst (#2)', () => {
	test('30 concurrent guesses for one account: at most the limit reach the hash, and the right password 10th is refused', async () => {
		const org = await makeOrg()
		await makeUser(org.id, { email: 'burst@example.com' })
		const now = new Date()
		const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn({ email: 'burst@example.com', password: i === 9 ? TEST_PASSWORD : `wrong guess ${i}`, now })))
		expect(verifications.count).toBeLessThanOrEqual(THROTTLE.maxFailures)
		expect(results.filter((r) => r.ok)).toHaveLength(0)
		expect(results[9]).toMatchObject({ ok: false, reason: 'throttled' })
		expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(30 - THROTTLE.maxFailures)
	})
})

describe('client address behind a proxy (#3)', () => {
	const saved = process.env.TRUST_PROXY
	afterEach(() => {
		if (saved === undefined) delete process.env.TRUST_PROXY
		else process.env.TRUST_PROXY = saved
		resetEnvCache()
	})

	/** One proxy in front: it appends the address it saw to whatever X-Forwarded-For the client sent. */
	async function throughProxy(forwardedFor: (i: number) => string, attempts: number) {
		process.env.TRUST_PROXY = '1'
		resetEnvCache()
		const app = express()
		app.set('trust proxy', env().TRUST_PROXY)
		let seen = ''
		app.post('/login', async (req, res) => {
			seen = req.ip ?? ''
			const r = await signIn({ email: `sprayed${req.get('x-n')}@example.com`, password: 'wrong password here', clientAddress: req.ip })
			res.status(r.ok ? 200 : r.reason === 'throttled' ? 429 : 401).end()
		})
		const server = http.createServer(app).listen(0, '127.0.0.1')
		await new Promise((r) => server.once('listening', r))
		const port = (server.address() as AddressInfo).port
		const statuses: number[] = []
		try {
			for (let i = 0; i < attempts; i++) {
				const r = await fetch(`http://127.0.0.1:${port}/login`, {
					method: 'POST',
					headers: { 'X-Forwarded-For': `${forwardedFor(i)}, 203.0.113.77`, 'X-N': String(i) },
				})
				statuses.push(r.status)
			}
		} finally {
			server.close()
		}
		return { statuses, lastSeen: seen }
	}

	test('TRUST_PROXY=1 takes the address the proxy appended, not one the client wrote: spraying 30 accounts gets a 429', async () => {
		const { statuses, lastSeen } = await throughProxy((i) => `198.51.100.${i + 1}`, 30)
		expect(lastSeen).toBe('203.0.113.77')
		expect(statuses.slice(0, ADDRESS_THROTTLE.limit).every((s) => s === 401)).toBe(true)
		expect(statuses.slice(ADDRESS_THROTTLE.limit).every((s) => s === 429)).toBe(true)
	})
})

describe('one address does not lock everyone out (#4)', () => {
	test('failures from one office address for other accounts do not stop the admin signing in from it', async () => {
		const org = await makeOrg()
		await makeUser(org.id, { email: 'admin@example.com', role: 'admin' })
		const now = new Date()
		for (let i = 0; i < 10; i++) {
			await signIn({ email: `colleague${i}@example.com`, password: 'mistyped password', clientAddress: '203.0.113.9', now })
		}
		const admin = await signIn({ email: 'admin@example.com', password: TEST_PASSWORD, clientAddress: '203.0.113.9', now })
		expect(admin.ok).toBe(true)
	})

	test('::ffff:a.b.c.d and a.b.c.d are one client, and one IPv6 /64 is one client', async () => {
		const now = new Date()
		for (let i = 0; i < ADDRESS_THROTTLE.limit; i++) {
			await signIn({ email: `v4-${i}@example.com`, password: 'nope', clientAddress: i % 2 ? '::ffff:192.0.2.5' : '192.0.2.5', now })
		}
		expect(await signIn({ email: 'v4-last@example.com', password: 'nope', clientAddress: '192.0.2.5', now })).toMatchObject({ reason: 'throttled' })
		for (let i = 0; i < ADDRESS_THROTTLE.limit; i++) {
			await signIn({ email: `v6-${i}@example.com`, password: 'nope', clientAddress: `2001:DB8:1:2::${(i + 1).toString(16)}`, now })
		}
		expect(await signIn({ email: 'v6-last@example.com', password: 'nope', clientAddress: '2001:db8:1:2:ffff::1', now })).toMatchObject({ reason: 'throttled' })
	})

	test('an address that keeps failing waits longer each time', async () => {
		let now = new Date()
		const spray = async () => {
			for (let i = 0; i < ADDRESS_THROTTLE.limit; i++) await signIn({ email: `grow${i}@example.com`, password: 'nope', clientAddress: '198.51.100.200', now })
			return signIn({ email: 'grow-last@example.com', password: 'nope', clientAddress: '198.51.100.200', now })
		}
		const first = await spray()
		expect(first).toMatchObject({ reason: 'throttled', retryAfterSeconds: ADDRESS_THROTTLE.blockMs / 1000 })
		now = new Date(now.getTime() + ADDRESS_THROTTLE.blockMs + 1000)
		const second = await spray()
		expect(second).toMatchObject({ reason: 'throttled', retryAfterSeconds: (ADDRESS_THROTTLE.blockMs * ADDRESS_THROTTLE.growth) / 1000 })
	})

	test('a throttled sign-in form answers 429 with Retry-After', async () => {
		for (let i = 0; i < THROTTLE.maxFailures; i++) await signIn({ email: 'retry@example.com', password: 'nope' })
		const r = await call(loginAction, postRequest('/login', { email: 'retry@example.com', password: 'nope' }))
		expect(r.status).toBe(429)
		expect(Number(r.headers.get('Retry-After'))).toBeGreaterThan(0)
	})
})

describe('one hash verification on every path (#6)', () => {
	test('unknown, wrong, invited-without-password and in-two-organisations all cost exactly one verification', async () => {
		const a = await makeOrg()
		const b = await makeOrg()
		await makeUser(a.id, { email: 'known@example.com' })
		await makeUser(a.id, { email: 'invited@example.com', password: null })
		await makeUser(a.id, { email: 'twice@example.com' })
		await makeUser(b.id, { email: 'twice@example.com' })
		const cases = [
			{ email: 'nobody@example.com', password: TEST_PASSWORD },
			{ email: 'known@example.com', password: 'wrong password' },
			{ email: 'known@example.com', password: TEST_PASSWORD },
			{ email: 'invited@example.com', password: TEST_PASSWORD },
			{ email: 'twice@example.com', password: 'wrong password' },
			{ email: 'twice@example.com', password: TEST_PASSWORD },
			{ email: 'twice@example.com', password: TEST_PASSWORD, organization: b.slug },
		]
		const counts: number[] = []
		for (const c of cases) {
			verifications.count = 0
			await signIn(c)
			counts.push(verifications.count)
		}
		expect(counts).toEqual(cases.map(() => 1))
	})
})
