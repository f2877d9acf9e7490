/**
 * The server process on real PostgreSQL: a stopped database gives a clear 503 within 5 s and
 * the app recovers by itself (also when the database was down at start-up); SIGTERM lets the
 * requests in flight finish before the process exits.
 * Needs TEST_DATABASE_URL (as in CI); the database is reached through a proxy the test cuts.
 */
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { freePort, type RunningServer, SERVER_START_MS, startServer, WITH_SERVER_START_MS } from './support/server'
import { startProxy } from './support/tcp-proxy'

const url = process.env.TEST_DATABASE_URL
const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!

describe.skipIf(!url)('resilience on PostgreSQL', () => {
	let maintenance: postgres.Sql
	const databases: string[] = []
	const servers: RunningServer[] = []

	beforeAll(() => {
		maintenance = postgres(url!, { max: 1, onnotice: () => {} })
	})
	afterAll(async () => {
		for (const s of servers) await s.stop('SIGKILL')
		for (const d of databases) await maintenance.unsafe(`drop database if exists ${d} with (force)`)
		await maintenance.end()
	})

	async function freshDatabaseBehindProxy() {
		const name = `son_e2e_${Date.now()}_${Math.random().toString(36).slice(2, 7)}`
		await maintenance.unsafe(`create database ${name}`)
		databases.push(name)
		const target = new URL(url!)
		const proxy = await startProxy({ host: target.hostname, port: Number(target.port || 5432) }, await freePort())
		const viaProxy = new URL(url!)
		viaProxy.port = String(proxy.port)
		viaProxy.pathname = `/${name}`
		return { proxy, databaseUrl: viaProxy.toString() }
	}

	// An answer at all, not a hung request: a generous abort only (how fast it answers is for a
	// benchmark, not for a suite that must pass on a busy machine).
	async function get(base: string, path: string, cookie?: string) {
		const r = await fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {}, signal: AbortSignal.timeout(30_000) })
		return { status: r.status, body: await r.text() }
	}

	async function signInCookie(origin: string) {
		const login = await fetch(`${origin}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: admin.email, password: admin.password }),
		})
		expect(login.status).toBe(302)
		return login.headers.get('set-cookie')!.split(';')[0]!
	}

	test(
		'a stopped database answers 503 (never a hung request), and the app recovers without a restart',
		async () => {
			const { proxy, databaseUrl } = await freshDatabaseBehindProxy()
			await proxy.up()
			const server = await startServer({ env: { DATABASE_URL: databaseUrl } })
			servers.push(server)
			const cookie = await signInCookie(server.url)
			const home = () => get(server.url, '/home', cookie)
			expect((await home()).status).toBe(200)

			await proxy.down()
			// At once (the app has not noticed yet) and a little later (it knows): both 503.
			const first = await home()
			expect(first.status).toBe(503)
			expect(first.body).toContain('The database is not answering')
			// Once the app has noticed (its next probe): the page that says so, still 503 at every request.
			let page = await home()
			const statuses = [page.status]
			await expect
				.poll(
					async () => {
						page = await home()
						statuses.push(page.status)
						return page.body.includes('Temporarily unavailable') ? page.status : `${page.status} ${page.body.slice(0, 80)}`
					},
					{ timeout: 60_000, interval: 250 },
				)
				.toBe(503)
			expect(new Set(statuses)).toEqual(new Set([503]))
			expect(page.body).not.toMatch(/at .*\.js:\d+/)
			const health = await get(server.url, '/healthz')
			expect(health.status, health.body).toBe(503)

			await proxy.up()
			await expect.poll(async () => (await home()).status, { timeout: 15_000, interval: 250 }).toBe(200)
			expect((await get(server.url, '/healthz')).status).toBe(200)
			await proxy.down()
		},
		WITH_SERVER_START_MS,
	)

	test(
		'a server started while the database is down serves 503, then migrates and serves when it is back',
		async () => {
			const { proxy, databaseUrl } = await freshDatabaseBehindProxy()
			const server = await startServer({ env: { DATABASE_URL: databaseUrl }, waitForReady: false })
			servers.push(server)
			const early = await get(server.url, '/login')
			expect(early.status).toBe(503)
			await proxy.up()
			await expect.poll(() => server.output(), { timeout: SERVER_START_MS }).toContain('Ready:')
			expect(server.output()).toContain('Seeded the demo organisation')
			expect((await get(server.url, '/login')).status).toBe(200)
			await proxy.down()
		},
		WITH_SERVER_START_MS,
	)

	test(
		'SIGTERM lets a request in flight finish, then the process exits cleanly',
		async () => {
			const { proxy, databaseUrl } = await freshDatabaseBehindProxy()
			await proxy.up()
			const server = await startServer({ env: { DATABASE_URL: databaseUrl } })
			const origin = server.url
			const cookie = await signInCookie(origin)
			const lines = ['email,name,team,role,level,manager_email']
			for (let i = 0; i < 5000; i++) lines.push(`drain${i}@corp.example,Drain ${i},Drain/Team ${i % 20},employee,frontline,`)
			const form = new FormData()
			form.set('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'people.csv')
			// The file creates 21 teams (Drain and its 20 sub-teams): confirmed, as the page's confirming button sends them.
			form.set('createTeams', ['Drain', ...Array.from({ length: 20 }, (_, i) => `Drain/Team ${i}`)].join('\n'))
			const watcher = postgres(databaseUrl, { max: 1, onnotice: () => {} })
			const inFlight = fetch(`${origin}/admin/people/import`, { method: 'POST', headers: { Origin: origin, Cookie: cookie }, body: form })
			// SIGTERM once the import is at work in the database (a fixed pause may come before the
			// request has even arrived on a loaded machine): its transaction is open and inserting people.
			await expect
				.poll(
					async () =>
						(
							await watcher<
								{ n: number }[]
							>`select count(*)::int as n from pg_stat_activity where datname = current_database() and xact_start is not null and state <> 'idle' and query ilike 'insert into "users"%'`
						)[0]!.n,
					{ timeout: 120_000, interval: 5 },
				)
				.toBeGreaterThan(0)
			await watcher.end()
			const exited = server.stop('SIGTERM')
			const response = await inFlight
			expect(response.status).toBe(200)
			expect(await response.text()).toContain('Import complete.')
			expect(await exited).toBe(0)
			expect(server.output()).toContain('SIGTERM: finishing requests in flight')
			const [row] = await postgres(databaseUrl, { max: 1 })`select count(*)::int as n from users where email like 'drain%'`.then(async (r) => r)
			expect(row!.n).toBe(5000)
			await proxy.down()
		},
		WITH_SERVER_START_MS,
	)
})
