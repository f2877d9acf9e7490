/**
 * A fresh start on the embedded database, as a newcomer's `npm start` does it: while the server
 * migrates and seeds the demo, /healthz says "starting" (503) and pages say so too; from the
 * first 200 on it stays 200 — a load balancer or an uptime check never sees it flap.
 */
import http from 'node:http'

import { afterAll, expect, test } from 'vitest'

import { type RunningServer, startServer, WITH_SERVER_START_MS } from './support/server'

let server: RunningServer | undefined
afterAll(async () => {
	await server?.stop()
})

type Probe = { status: number | 'refused'; body: string }

// A new connection per probe, as uptime checkers and orchestrators' probes make them. The
// embedded database runs on the server's thread, so while it seeds an answer can wait a long
// time on a busy machine (load 20): the probe waits 2 minutes rather than calling that a failure.
function probe(url: string): Promise<Probe> {
	return new Promise((resolve) => {
		const request = http.get(url, { agent: false, timeout: 120_000 }, (response) => {
			let body = ''
			response.setEncoding('utf8')
			response.on('data', (chunk) => (body += chunk))
			response.on('end', () => resolve({ status: response.statusCode!, body }))
		})
		request.on('timeout', () => request.destroy(new Error('timed out')))
		request.on('error', (error) => resolve({ status: 'refused', body: error.message }))
	})
}

test(
	'/healthz is "starting" while the demo is seeded, then steadily healthy',
	async () => {
		server = await startServer({ waitForReady: false })
		const probes: Probe[] = []
		const pages: Probe[] = []
		// Poll from the moment the port is open until 40 probes after the server says it is ready
		// (a count, not a clock: on a busy machine the probes just take longer).
		let afterReady: number | null = null
		while (afterReady === null || afterReady < 40) {
			const health = await probe(`${server.url}/healthz`)
			probes.push(health)
			if (health.status === 503) pages.push(await probe(`${server.url}/login`))
			if (afterReady !== null) afterReady++
			else if (server.output().includes('Ready:')) afterReady = 0
			if (server.process.exitCode !== null) throw new Error(`The server exited:\n${server.output()}`)
			await new Promise((r) => setTimeout(r, 150))
		}
		const firstOk = probes.findIndex((p) => p.status === 200)
		expect(firstOk, 'healthz never answered 200').toBeGreaterThanOrEqual(0)
		const before = probes.slice(0, firstOk)
		const after = probes.slice(firstOk)
		// Before: "starting", never a 200 (the demo is not there yet) and never "unavailable".
		for (const p of before) {
			expect(`${p.status} ${p.body}`).toMatch(/^503 .*"status":"starting"/)
		}
		expect(before.length, 'the check should have seen the server starting').toBeGreaterThan(0)
		// After: healthy every time, through the first background jobs (scheduler, metrics refresh).
		expect(after.map((p) => p.status).filter((s) => s !== 200)).toEqual([])
		expect(after.length).toBeGreaterThan(10)
		// A page asked for while starting says so (or, once the start is over, is the page itself; which
		// of the two a probe meets depends on the machine's speed, so neither is required): never a 500.
		expect(pages.length).toBeGreaterThan(0)
		// While starting, the database is up: the page must not send anyone looking for a database problem.
		for (const p of pages) {
			const starting = p.status === 503 && p.body.includes('State of Now is starting') && !/unavailable|not answering/i.test(p.body)
			expect(p.status === 200 || starting, `${p.status} ${p.body.slice(0, 400)}`).toBe(true)
		}
	},
	WITH_SERVER_START_MS,
)
