/**
 * Requests and headers through the real HTTP server (Express in front of Remix), because that is
 * where the Origin check and the response headers live: a path Express and Remix read
 * differently, and the headers every response must carry.
 */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEMO_ACCOUNTS } from '~/demo/seed.server'
import { type RunningServer, startServer } from './support/server'

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
	server = await startServer({ env: { BACKGROUND_JOBS: '0' } })
	const login = await raw(server, 'POST', '/login', { ...FORM, Origin: server.url }, form({ email: admin.email, password: admin.password }))
	expect(login.status).toBe(302)
	cookie = String(login.headers['set-cookie']).split(';')[0]!
})
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
