import { availableParallelism } from 'node:os'
import path from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { env, resetEnvCache } from '~/utils/env.server'

const KEYS = [
	'NODE_ENV',
	'PORT',
	'DATABASE_URL',
	'DATA_DIR',
	'APP_URL',
	'SMTP_URL',
	'MAIL_FROM',
	'SESSION_IDLE_DAYS',
	'SESSION_MAX_DAYS',
	'TRUST_PROXY',
	'BACKGROUND_JOBS',
	'DATABASE_POOL_MAX',
] as const

let saved: Record<string, string | undefined> = {}

beforeEach(() => {
	saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]))
	for (const k of KEYS) delete process.env[k]
	resetEnvCache()
})

afterEach(() => {
	for (const k of KEYS) {
		const v = saved[k]
		if (v === undefined) delete process.env[k]
		else (process.env as Record<string, string | undefined>)[k] = v
	}
	resetEnvCache()
})

describe('env()', () => {
	it('has defaults for everything', () => {
		const e = env()
		expect(e.NODE_ENV).toBe('development')
		expect(e.PORT).toBe(3000)
		expect(e.DATABASE_URL).toBeUndefined()
		expect(e.DATA_DIR).toBe(path.join(process.cwd(), 'data'))
		expect(e.APP_URL).toBe('http://localhost:3000')
		expect(e.SMTP_URL).toBeUndefined()
		expect(e.MAIL_FROM).toBe('State of Now <no-reply@stateofnow.local>')
		expect(e.SESSION_IDLE_DAYS).toBe(7)
		expect(e.SESSION_MAX_DAYS).toBe(30)
		expect(e.TRUST_PROXY).toBe(false)
		expect(e.BACKGROUND_JOBS).toBe(true)
	})

	it('sizes the PostgreSQL pool to the machine unless told (decision 0039), and refuses a pool of none', () => {
		expect(env().DATABASE_POOL_MAX).toBe(2 * availableParallelism() + 1)
		resetEnvCache()
		process.env.DATABASE_POOL_MAX = '12'
		expect(env().DATABASE_POOL_MAX).toBe(12)
		resetEnvCache()
		process.env.DATABASE_POOL_MAX = '0'
		expect(() => env()).toThrow(/^Invalid environment:\n {2}DATABASE_POOL_MAX: /)
	})

	it('resolves DATA_DIR to an absolute path', () => {
		process.env.DATA_DIR = 'var/son'
		expect(env().DATA_DIR).toBe(path.join(process.cwd(), 'var', 'son'))
		resetEnvCache()
		process.env.DATA_DIR = '/srv/son/'
		expect(env().DATA_DIR).toBe('/srv/son')
	})

	it('defaults APP_URL to localhost on PORT', () => {
		process.env.PORT = '8080'
		const e = env()
		expect(e.PORT).toBe(8080)
		expect(e.APP_URL).toBe('http://localhost:8080')
	})

	it('drops a trailing slash from APP_URL', () => {
		process.env.APP_URL = 'https://pulse.example.com/'
		expect(env().APP_URL).toBe('https://pulse.example.com')
		resetEnvCache()
		process.env.APP_URL = 'https://example.com/pulse/'
		expect(env().APP_URL).toBe('https://example.com/pulse')
	})

	it('keeps an APP_URL without trailing slash as it is', () => {
		process.env.APP_URL = 'https://pulse.example.com'
		process.env.PORT = '9000'
		expect(env().APP_URL).toBe('https://pulse.example.com')
	})

	it('stops with a readable message naming a bad PORT', () => {
		for (const port of ['abc', '0', '70000', '80.5', '-1']) {
			resetEnvCache()
			process.env.PORT = port
			expect(() => env(), port).toThrow(/^Invalid environment:\n {2}PORT: /)
		}
	})

	it('names every bad variable, one per line', () => {
		process.env.PORT = 'abc'
		process.env.APP_URL = 'not a url'
		process.env.TRUST_PROXY = 'yes'
		let message = ''
		try {
			env()
		} catch (e) {
			message = (e as Error).message
		}
		const lines = message.split('\n')
		expect(lines[0]).toBe('Invalid environment:')
		expect(
			lines
				.slice(1)
				.map((l) => l.trim().split(':')[0])
				.sort(),
		).toEqual(['APP_URL', 'PORT', 'TRUST_PROXY'])
	})

	it('treats an empty DATABASE_URL as unset (embedded database)', () => {
		process.env.DATABASE_URL = ''
		expect(env().DATABASE_URL).toBeUndefined()
	})

	it('treats an empty SMTP_URL as no SMTP (mail goes to files)', () => {
		process.env.SMTP_URL = ''
		// Callers test truthiness; the value comes back as '' rather than undefined.
		expect(env().SMTP_URL).toBeFalsy()
	})

	it('refuses a DATABASE_URL that is not a URL', () => {
		process.env.DATABASE_URL = 'postgres server on db1'
		expect(() => env()).toThrow(/^Invalid environment:\n {2}DATABASE_URL: /)
	})

	it('reads the yes/no switches', () => {
		process.env.BACKGROUND_JOBS = '0'
		expect(env().BACKGROUND_JOBS).toBe(false)
		resetEnvCache()
		process.env.BACKGROUND_JOBS = 'false'
		expect(env().BACKGROUND_JOBS).toBe(false)
	})

	it('reads TRUST_PROXY as a hop count or a proxy list, never "trust every X-Forwarded-For"', () => {
		const read = (v: string) => {
			resetEnvCache()
			process.env.TRUST_PROXY = v
			return env().TRUST_PROXY
		}
		expect(read('0')).toBe(false)
		expect(read('false')).toBe(false)
		expect(read('1')).toBe(1)
		// `true` was "believe the left-most X-Forwarded-For": now it is one proxy hop.
		expect(read('true')).toBe(1)
		expect(read('2')).toBe(2)
		expect(read('10.0.0.0/8, 127.0.0.1,fd00::/8')).toEqual(['10.0.0.0/8', '127.0.0.1', 'fd00::/8'])
		expect(read('loopback')).toEqual(['loopback'])
		for (const bad of ['yes', '10.0.0.0/33', 'proxy.example.com', '11', '1,,2']) {
			resetEnvCache()
			process.env.TRUST_PROXY = bad
			expect(() => env(), bad).toThrow(/TRUST_PROXY: /)
		}
	})

	it('reads numbers given as text', () => {
		process.env.SESSION_IDLE_DAYS = '0.5'
		process.env.SESSION_MAX_DAYS = '90'
		const e = env()
		expect(e.SESSION_IDLE_DAYS).toBe(0.5)
		expect(e.SESSION_MAX_DAYS).toBe(90)
	})

	it('parses once: later changes need resetEnvCache()', () => {
		process.env.PORT = '4000'
		expect(env().PORT).toBe(4000)
		process.env.PORT = '5000'
		expect(env().PORT).toBe(4000)
		resetEnvCache()
		expect(env().PORT).toBe(5000)
	})
})
