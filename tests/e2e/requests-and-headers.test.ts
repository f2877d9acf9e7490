/**
 * Requests and headers through the real HTTP server (Express in front of Remix), because that is
 * where the Origin check and the response headers live: a path Express and Remix read
 * differently, and the headers every response must carry.
 */
import http from 'node:http'

import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'
import { DEFAULT_RETRY_AFTER_SECONDS } from '~/utils/security-headers.server'

import { launchBrowser, signIn, watchForPageErrors } from './support/browser'
import { type RunningServer, startServer, WITH_SERVER_START_MS } from './support/server'

const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!

interface RawAnswer {
	status: number
	headers: http.IncomingHttpHeaders
	body: string
}

/** A request sent exactly as written: fetch() would resolve `%2e%2e` before sending it. */
function raw(server: RunningServer, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port: server.port, method, path, headers: { Host: `localhost:${server.port}`, ...headers } }, (res) => {
			let text = ''
			res.setEncoding('utf8')
			res.on('data', (d) => (text += d))
			res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }))
		})
		req.on('error', reject)
		if (body) req.write(body)
		req.end()
	})
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }

let server: RunningServer
let cookie: string

beforeAll(async () => {
	// An https APP_URL, as behind a TLS-terminating proxy: the server must then send HSTS.
	server = await startServer({ env: { BACKGROUND_JOBS: '0', APP_URL: 'https://pulse.example.test' } })
	const login = await raw(server, 'POST', '/login', { ...FORM, Origin: server.url }, form({ email: admin.email, password: admin.password }))
	expect(login.status).toBe(302)
	cookie = String(login.headers['set-cookie']).split(';')[0]!
}, WITH_SERVER_START_MS)
afterAll(async () => {
	await server?.stop()
})

async function teamNames() {
	const page = await raw(server, 'GET', '/admin/teams', { Cookie: cookie })
	expect(page.status).toBe(200)
	return page.body
}

describe('the Origin check', () => {
	test.each(['/api/%2e%2e/admin/teams', '/api/../admin/teams', '/api/%2E%2E/admin/teams', '/api/.%2e/admin/teams'])(
		'%s with a session cookie and no Origin is refused, and creates nothing',
		async (path) => {
			const name = `Injected ${Math.random().toString(36).slice(2, 8)}`
			const r = await raw(server, 'POST', path, { ...FORM, Cookie: cookie }, form({ intent: 'create', name }))
			expect(r.status).toBe(403)
			expect(await teamNames()).not.toContain(name)
		},
	)

	test('the same form from this site still works, and a bearer-key API call needs no Origin', async () => {
		const name = `Allowed ${Math.random().toString(36).slice(2, 8)}`
		const ok = await raw(server, 'POST', '/admin/teams', { ...FORM, Cookie: cookie, Origin: server.url }, form({ intent: 'create', name }))
		expect(ok.status).toBe(200)
		expect(await teamNames()).toContain(name)
		// No key: the API answers itself (401), it is not mistaken for a cross-site form.
		const api = await raw(server, 'POST', '/api/v1/events', { 'Content-Type': 'application/json', Authorization: 'Bearer son_not.a-key' }, '{"events":[]}')
		expect(api.status).toBe(401)
		const keyless = await raw(server, 'POST', '/api/v1/events', { 'Content-Type': 'application/json' }, '{"events":[]}')
		expect(keyless.status).toBe(401)
	})
})

describe('response headers', () => {
	test('a page carries a nonce-based CSP, and every script on it carries that nonce', async () => {
		const a = await raw(server, 'GET', '/login')
		const b = await raw(server, 'GET', '/login')
		expect(a.status).toBe(200)
		const csp = String(a.headers['content-security-policy'])
		const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1]
		expect(nonce).toBeTruthy()
		for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'", "form-action 'self'"]) {
			expect(csp).toContain(directive)
		}
		expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
		// A fresh nonce for every response, so one read from a page cannot be reused.
		expect(String(b.headers['content-security-policy'])).not.toContain(nonce!)
		const scripts = [...a.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
		expect(scripts.length).toBeGreaterThan(0)
		for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
		// The nonce is in no script's text (the loader data), where injected markup could read it.
		expect(a.body.split(nonce!).length - 1).toBe(scripts.length)
	})

	test('under an https APP_URL every response says to use https only (HSTS), static files too', async () => {
		for (const path of ['/login', '/healthz', '/favicon.svg', '/no-such-page']) {
			const r = await raw(server, 'GET', path)
			expect(r.headers['strict-transport-security'], path).toBe('max-age=31536000; includeSubDomains')
			expect(r.headers['x-content-type-options'], path).toBe('nosniff')
		}
	})

	test('nothing a signed-in person receives may be stored by a cache; public build files may', async () => {
		for (const path of ['/home', '/admin/teams', '/admin/people', '/dashboard', '/admin/people/export', '/api/v1/teams', '/no-such-page', '/login']) {
			const r = await raw(server, 'GET', path, { Cookie: cookie })
			expect(r.headers['cache-control'], `${path} (${r.status})`).toMatch(/no-store/)
		}
		const signedInForm = await raw(server, 'POST', '/admin/teams', { ...FORM, Cookie: cookie, Origin: server.url }, form({ intent: 'create', name: '' }))
		expect(signedInForm.headers['cache-control']).toMatch(/no-store/)
		// The sign-in answer sets the session cookie: not for a cache either.
		const login = await raw(server, 'POST', '/login', { ...FORM, Origin: server.url }, form({ email: admin.email, password: admin.password }))
		expect(login.headers['set-cookie']).toBeTruthy()
		expect(login.headers['cache-control']).toMatch(/no-store/)
		// Any HTML page, signed in or not, is rendered for whoever asked.
		expect((await raw(server, 'GET', '/login')).headers['cache-control']).toMatch(/no-store/)
		const page = await raw(server, 'GET', '/login')
		const asset = /\/build\/[^"]+\.js/.exec(page.body)![0]
		const built = await raw(server, 'GET', asset, { Cookie: cookie })
		expect(built.status).toBe(200)
		expect(built.headers['cache-control']).toMatch(/immutable/)
	})

	test('in the browser the policy is enforced, and the dashboard with its charts breaks none of it', async () => {
		const exec = DEMO_ACCOUNTS.find((a) => a.role === 'executive')!
		const browser = await launchBrowser()
		try {
			const page = await browser.newPage()
			const errors = watchForPageErrors(page)
			// Installed by the browser tooling, so it runs whatever the page's policy says.
			await page.addInitScript(() => {
				const seen: string[] = []
				;(window as unknown as { cspViolations: string[] }).cspViolations = seen
				document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`))
			})
			// The https APP_URL makes the cookie Secure, which Chromium keeps for http://localhost too.
			await signIn(page, server.url, exec.email, exec.password)
			await page.goto(`${server.url}/dashboard`)
			await page.locator('canvas').first().waitFor()
			expect(await page.locator('canvas').count()).toBeGreaterThan(1)
			// The app is hydrated (client navigation works), so its scripts ran under the policy.
			await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click()
			await page.waitForURL(`${server.url}/home`)
			// A script without the nonce, as an injection would add, is refused.
			await page.evaluate(() => {
				const s = document.createElement('div')
				s.innerHTML = '<img src="/no-such-image.png" onerror="window.injected = true">'
				document.body.append(s)
			})
			await expect.poll(() => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations.length)).toBeGreaterThan(0)
			expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected ?? false)).toBe(false)
			const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)
			// The injected handler, and nothing of the app's own.
			expect(violations).toEqual(['script-src-attr inline'])
			expect(errors.filter((e) => !/inline event handler/i.test(e))).toEqual([])
		} finally {
			await browser.close()
		}
	})

	// Last: it blocks sign-in from this client address for a while.
	test('a throttled sign-in (a plain form post, no JavaScript) answers 429 with Retry-After', async () => {
		const email = 'nobody-here@example.com'
		let last: RawAnswer | undefined
		for (let i = 0; i < 6; i++) {
			last = await raw(server, 'POST', '/login', { ...FORM, Origin: server.url }, form({ email, password: `guess number ${i}` }))
		}
		expect(last!.status).toBe(429)
		// The throttle's own time left (15 minutes' block), not only the server's fallback.
		expect(Number(last!.headers['retry-after'])).toBeGreaterThan(DEFAULT_RETRY_AFTER_SECONDS)
		expect(last!.body).toContain('Too many failed attempts')
	})
})
