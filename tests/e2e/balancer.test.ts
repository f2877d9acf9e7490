/**
 * Three app instances on one PostgreSQL database behind HAProxy (the configuration of
 * docs/operations.md): a rolling restart under steady load — sign-in pages, API reads with a key,
 * pulse submissions by e-mailed link — answers no 5xx at the balancer (seen by the client and in
 * HAProxy's own log and stats), stores every submission once, and although three schedulers and
 * three mailers run, releases the week once and sends each e-mail once.
 * Needs TEST_DATABASE_URL (as in CI) and /usr/sbin/haproxy. Counting, never timing: every wait is
 * a generous deadline, so a machine at load 20 only makes it slower.
 */
import fs from 'node:fs'
import path from 'node:path'

import { and, eq, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, describe, expect, test } from 'vitest'

import { createApiKey } from '~/api/api-keys.server'
import { openWave } from '~/pulses/waves.server'
import { listItems } from '~/surveys/items.server'
import { saveSurvey } from '~/surveys/surveys.server'
import { db, dbHandle } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { heldResponses, mailOutbox, releasedWeeks, responses, waves } from '~db/schema'

import { makeOrg, makeTeam, makeUser } from '../support/fixtures'
import { haproxyInstalled, type RunningBalancer, startHaproxy } from './support/haproxy'
import { mailsTo } from './support/mail'
import { freePort, type RunningServer, SERVER_START_MS, startServer } from './support/server'

const url = process.env.TEST_DATABASE_URL
const PEOPLE = 30
const GOOD = { 'item-0': '4', 'item-1': '9', 'item-2': 'Fewer sign-offs.' }

describe.skipIf(!url || !haproxyInstalled)('three instances behind HAProxy on PostgreSQL', () => {
	const maintenance = url ? postgres(url, { max: 1, onnotice: () => {} }) : null
	const name = `son_e2e_ha_${Date.now()}_${Math.random().toString(36).slice(2, 7)}`
	const servers: RunningServer[] = []
	let balancer: RunningBalancer | undefined

	afterAll(async () => {
		await balancer?.stop()
		for (const s of servers) await s.stop('SIGKILL')
		if (process.env.DATABASE_URL) await dbHandle().close()
		await maintenance?.unsafe(`drop database if exists ${name} with (force)`)
		await maintenance?.end()
	})

	test(
		'a rolling restart under load: no 5xx, each submission stored once, the week released once, each mail sent once',
		async () => {
			await maintenance!.unsafe(`create database ${name}`)
			const databaseUrl = new URL(url!)
			databaseUrl.pathname = `/${name}`
			const lbPort = await freePort()
			const ports = [await freePort(), await freePort(), await freePort()]
			const env = {
				DATABASE_URL: databaseUrl.toString(),
				// Links in e-mails and the origin check name the balancer, as in production.
				APP_URL: `http://localhost:${lbPort}`,
				SCHEDULER_INTERVAL_SECONDS: '1',
				RELEASE_SETTLE_SECONDS: '1',
				API_RATE_LIMIT_PER_MINUTE: '1000000',
			}
			// The first migrates and seeds; the others start on a database already up to date.
			const dataDirs: string[] = []
			for (let i = 0; i < 3; i++) {
				const s = await startServer({ env, port: ports[i], args: i === 0 ? [] : ['--no-seed'] })
				servers.push(s)
				dataDirs.push(s.dataDir)
			}
			balancer = await startHaproxy({ port: lbPort, servers: ports.map((port, i) => ({ name: `s${i}`, port })) })
			const lb = balancer
			const upCount = async () => (await lb.stats()).filter((r) => r.pxname === 'app' && /^s\d$/.test(r.svname!) && r.status === 'UP').length
			await expect.poll(upCount, { timeout: 60_000, interval: 500 }).toBe(3)

			// An organisation of its own (the test process on the same database), a key, and a wave whose
			// invitations the instances' mailers send.
			process.env.DATABASE_URL = databaseUrl.toString()
			resetEnvCache()
			const org = await makeOrg({ anonymityK: 3 })
			const team = await makeTeam(org.id, 'Floor')
			const emails: string[] = []
			for (let i = 0; i < PEOPLE; i++) emails.push((await makeUser(org.id, { teamId: team, email: `floor${i}@ha.example`, password: null })).email)
			const key = await createApiKey(org.id, 'load')
			if (!key.ok) throw new Error('no key')
			const bank = await listItems(org.id)
			const saved = await saveSurvey(org.id, null, {
				name: 'Rolling pulse',
				itemIds: ['autonomy.resolve', 'enps.recommend', 'comment.open'].map((k) => bank.find((b) => b.key === k)!.id),
				audience: 'everyone',
				teamIds: [],
				cadence: 'weekly',
				weekday: '1',
				sendTime: '09:00',
				openDays: '7',
				reminderDaysBeforeClose: '0',
				anonymityK: '3',
			})
			if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
			const now = Date.now()
			const waveId = (await openWave(
				{ orgId: org.id, id: saved.value.id, anonymityK: 3 },
				{ periodStart: '2026-03-02', opensAt: new Date(now - 60_000), closesAt: new Date(now + 86_400_000), reminderAt: null },
			))!
			const linkOf = async (to: string) => {
				for (const dir of dataDirs) for (const m of await mailsTo(dir, to)) return m.text.match(/\/p\/([^\s\]>)"]+)/)?.[1]
				return undefined
			}
			const links: string[] = []
			await expect
				.poll(
					async () => {
						links.length = 0
						for (const e of emails) {
							const l = await linkOf(e)
							if (l) links.push(l)
						}
						return links.length
					},
					{ timeout: 120_000, interval: 1000 },
				)
				.toBe(PEOPLE)

			// Steady load through the balancer until the restarts are over.
			const statuses: Record<string, (number | 'thanks')[]> = { login: [], api: [], submit: [] }
			const failures: string[] = []
			let running = true
			const hit = async (kind: string, path: string, init: RequestInit = {}) => {
				try {
					const r = await fetch(`${lb.url}${path}`, { redirect: 'manual', ...init, signal: AbortSignal.timeout(120_000) })
					await r.arrayBuffer()
					// A stored submission is a 303 to the thank-you page.
					statuses[kind]!.push(r.status === 303 && r.headers.get('location')?.startsWith('/thanks?') ? 'thanks' : r.status)
				} catch (error) {
					failures.push(`${kind} ${path}: ${String(error)}`)
				}
			}
			const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
			const readers = [0, 1].map(async () => {
				while (running) {
					await hit('login', '/login')
					await hit('api', '/api/v1/teams', { headers: { Authorization: `Bearer ${key.value.key}` } })
				}
			})
			const pending = [...links]
			const submitted: string[] = []
			const submitter = (async () => {
				// Spread over the restarts (and every link used, however long they take).
				while (pending.length) {
					const token = pending.shift()!
					await hit('submit', `/p/${token}`, {
						method: 'POST',
						headers: { Origin: lb.url, 'Content-Type': 'application/x-www-form-urlencoded' },
						body: new URLSearchParams(GOOD),
					})
					submitted.push(token)
					if (running) await pause(1500)
				}
			})()

			// One at a time, started again on its port and data folder, back in once its health check
			// passes. The first two are drained: out of the balancer (no new requests), their requests
			// finished, then SIGTERM. The last gets SIGTERM while still in rotation: it stops accepting
			// at once and finishes what it has, the balancer retries a refused connection on another
			// instance and takes this one out when its health check fails.
			for (let i = 0; i < 3; i++) {
				const s = `s${i}`
				await pause(2000)
				const drained = i < 2
				if (drained) {
					await lb.command(`set server app/${s} state maint`)
					await expect.poll(async () => (await lb.stat(s)).scur, { timeout: 60_000, interval: 200 }).toBe('0')
				}
				expect(await servers[i]!.stop('SIGTERM')).toBe(0)
				if (!drained) await expect.poll(async () => (await lb.stat(s)).status, { timeout: 60_000, interval: 200 }).toBe('DOWN')
				servers[i] = await startServer({ env, port: ports[i], dataDir: dataDirs[i], args: ['--no-seed'] })
				if (drained) await lb.command(`set server app/${s} state ready`)
				await expect.poll(async () => (await lb.stat(s)).status, { timeout: 60_000, interval: 500 }).toBe('UP')
			}
			await pause(2000)
			running = false
			await Promise.all([...readers, submitter])

			// The client saw no failure and no 5xx, and did see work done throughout.
			expect(failures).toEqual([])
			const all = Object.values(statuses).flat()
			expect(all.filter((st) => st !== 'thanks' && st >= 500)).toEqual([])
			expect(statuses.login!.every((st) => st === 200)).toBe(true)
			expect(statuses.api!.every((st) => st === 200)).toBe(true)
			expect(statuses.submit).toEqual(links.map(() => 'thanks'))
			expect(statuses.login!.length).toBeGreaterThan(20)
			console.info(`balancer: ${statuses.login!.length} sign-in pages, ${statuses.api!.length} API reads, ${statuses.submit!.length} submissions, no 5xx`)
			// HAProxy agrees: its log (one line per request) and its stats count no 5xx.
			// (HAProxy logs and counts a request when its stream ends, a moment after the client has the
			// answer; on a busy machine a line can be dropped when its stdout pipe is full, and is counted.)
			await expect.poll(async () => lb.logLines().length + (await lb.droppedLogs()), { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(all.length)
			const logged = lb.logLines()
			expect(logged.filter((l) => Number(l.slice(0, 3)) >= 500)).toEqual([])
			// Every instance served some of it (the log names the server).
			for (let i = 0; i < 3; i++) expect(logged.some((l) => l.split(' ')[1] === `s${i}`)).toBe(true)
			await expect
				.poll(
					async () => {
						const f = await lb.stat('FRONTEND')
						return Number(f.hrsp_2xx) + Number(f.hrsp_3xx)
					},
					{ timeout: 60_000, interval: 500 },
				)
				.toBeGreaterThanOrEqual(all.length)
			const front = await lb.stat('FRONTEND')
			expect(front.hrsp_5xx).toBe('0')
			const back = await lb.stat('BACKEND')
			expect(back.hrsp_5xx).toBe('0')
			console.info(`balancer: ${back.wretr} retries, ${back.wredis} redispatches`)

			// Each submission stored once.
			const held = await db()
				.select({ n: sql<number>`count(*)::int` })
				.from(heldResponses)
				.where(and(eq(heldResponses.orgId, org.id), eq(heldResponses.waveId, waveId)))
			expect(held[0]!.n).toBe(PEOPLE)

			// Closed now: the three schedulers race to release its week; one does, once.
			await db()
				.update(waves)
				.set({ closedAt: sql`now()`, closesAt: sql`least(${waves.closesAt}, now())` })
				.where(and(eq(waves.orgId, org.id), eq(waves.id, waveId)))
			const released = () => db().select().from(releasedWeeks).where(eq(releasedWeeks.orgId, org.id))
			await expect.poll(async () => (await released()).length, { timeout: 120_000, interval: 1000 }).toBe(1)
			const moved = await db()
				.select({ n: sql<number>`count(*)::int` })
				.from(responses)
				.where(and(eq(responses.orgId, org.id), eq(responses.waveId, waveId)))
			expect(moved[0]!.n).toBe(PEOPLE)

			// Every queued message of the organisation sent, each once: one file per outbox row across
			// the three data folders, and one invitation per person.
			const outbox = () => db().select().from(mailOutbox).where(eq(mailOutbox.orgId, org.id))
			await expect.poll(async () => (await outbox()).filter((m) => m.status !== 'sent').length, { timeout: 120_000, interval: 1000 }).toBe(0)
			const rows = await outbox()
			const files = dataDirs.flatMap((d) => (fs.existsSync(path.join(d, 'mail')) ? fs.readdirSync(path.join(d, 'mail')) : []))
			// Each row's file exactly once (a failure names the rows, not only a count).
			const notOnce = rows.filter((r) => files.filter((f) => f === r.fileName).length !== 1)
			expect(notOnce.map((r) => ({ kind: r.kind, channel: r.channel, fileName: r.fileName, copies: files.filter((f) => f === r.fileName).length }))).toEqual([])
			const invitations = rows.filter((r) => r.kind === 'pulse_invitation')
			expect(invitations.map((r) => r.toEmail).sort()).toEqual([...emails].sort())
			let delivered = 0
			for (const e of emails) for (const d of dataDirs) delivered += (await mailsTo(d, e)).length
			expect(delivered).toBe(rows.filter((r) => emails.includes(r.toEmail)).length)
			expect((await released()).length).toBe(1)
		},
		3 * SERVER_START_MS + 600_000,
	)
})
