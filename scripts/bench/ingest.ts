/**
 * `npm run bench:ingest -- [--events 1000000] [--batch 5000] [--concurrency 4] [--keep]`
 *
 * On the PostgreSQL server of DATABASE_URL (never the embedded database): starts the app,
 * posts the events to POST /api/v1/events in batches, then inserts the same rows straight
 * through the `postgres` driver into a twin organisation, and times the weekly aggregate over
 * the year of events. Writes bench-results/ingest.json and prints it. Targets: ≥ 20,000
 * events/s through the API, API/driver ratio ≥ 0.5, weekly aggregate ≤ 200 ms.
 */
import os from 'node:os'
import { parseArgs } from 'node:util'

import postgres from 'postgres'

import { createApiKey } from '../../app/api/api-keys.server'
import { createOrganization, createTeamPath } from '../../app/demo/factories.server'
import { teamIdsByPath } from '../../app/metrics/ingest.server'
import { weeklyMetrics } from '../../app/metrics/weekly.server'
import { addDays, todayIn } from '../../app/metrics/weeks'
import { dbHandle } from '../../app/utils/db.server'
import { requireDatabaseUrl, runConcurrently, startApp, writeReport } from './support'

const { values } = parseArgs({
	options: {
		events: { type: 'string', default: '1000000' },
		batch: { type: 'string', default: '5000' },
		concurrency: { type: 'string', default: '4' },
		keep: { type: 'boolean', default: false },
	},
})
const EVENTS = Number(values.events)
const BATCH = Number(values.batch)
const CONCURRENCY = Number(values.concurrency)
const TIME_ZONE = 'Europe/Berlin'
const url = requireDatabaseUrl()
if (!(EVENTS > 0 && BATCH > 0 && BATCH <= 5000 && CONCURRENCY > 0)) {
	console.error('--events must be positive, --batch between 1 and 5000, --concurrency positive.')
	process.exit(2)
}
const log = (m: string) => console.error(`[bench] ${m}`)

// 8 divisions of 5 teams: events go to the 40 leaf teams.
const TEAM_PATHS = Array.from({ length: 40 }, (_, i) => `Division ${Math.floor(i / 5) + 1}/Team ${(i % 5) + 1}`)

/** mulberry32: the same events on every run. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296
	}
}

interface BenchEvent {
	id: string
	type: 'customer_response' | 'approval'
	team: string
	startedAt: string
	endedAt: string | null
	channel?: string | null
	approvals?: number | null
	outcome?: 'approved' | 'rejected' | null
}

function makeEvents(n: number): BenchEvent[] {
	const rnd = random(42)
	const end = Date.now() - 3_600_000
	const start = end - 364 * 86_400_000
	const channels = ['twitter', 'facebook', 'email', 'phone', 'chat']
	const out: BenchEvent[] = new Array(n)
	for (let i = 0; i < n; i++) {
		const started = start + Math.floor(rnd() * (end - start))
		const open = rnd() < 0.05
		const team = TEAM_PATHS[Math.floor(rnd() * TEAM_PATHS.length)]!
		if (rnd() < 0.7) {
			const minutes = Math.exp(rnd() * 6) // 1 minute to ~7 hours, skewed short
			out[i] = {
				id: `e${i}`,
				type: 'customer_response',
				team,
				startedAt: new Date(started).toISOString(),
				endedAt: open ? null : new Date(Math.min(end, started + minutes * 60_000)).toISOString(),
				channel: channels[i % 5]!,
			}
		} else {
			const hours = Math.exp(rnd() * 4.5)
			const decided = open ? null : new Date(Math.min(end, started + hours * 3_600_000)).toISOString()
			out[i] = {
				id: `e${i}`,
				type: 'approval',
				team,
				startedAt: new Date(started).toISOString(),
				endedAt: decided,
				approvals: 1 + Math.floor(rnd() * 4),
				outcome: decided ? (rnd() < 0.85 ? 'approved' : 'rejected') : null,
			}
		}
	}
	return out
}

/** Runs the jobs with at most `concurrency` at a time, logging progress; returns the wall time in ms. */
async function timed(jobs: (() => Promise<void>)[], concurrency: number, label: string) {
	let done = 0
	const { seconds } = await runConcurrently(jobs, concurrency, async (job) => {
		await job()
		if (++done % 40 === 0) log(`${label}: ${done}/${jobs.length} batches`)
	})
	return seconds * 1000
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

async function main() {
	const handle = dbHandle()
	await handle.migrate()
	const stamp = Date.now().toString(36)
	const apiOrg = await createOrganization(handle.db, { slug: `bench-api-${stamp}`, name: 'Bench (API)', timeZone: TIME_ZONE })
	const directOrg = await createOrganization(handle.db, { slug: `bench-direct-${stamp}`, name: 'Bench (driver)', timeZone: TIME_ZONE })
	for (const p of TEAM_PATHS) {
		await createTeamPath(handle.db, apiOrg.id, p)
		await createTeamPath(handle.db, directOrg.id, p)
	}
	const key = await createApiKey(apiOrg.id, 'bench')
	if (!key.ok) throw new Error('Could not create the API key.')

	log(`generating ${EVENTS.toLocaleString('en')} events…`)
	const events = makeEvents(EVENTS)
	const batches: BenchEvent[][] = []
	for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH))
	const bodies = batches.map((b) => JSON.stringify({ events: b }))

	log('starting the app…')
	const server = await startApp(url)
	const sql = postgres(url, { max: CONCURRENCY, onnotice: () => {} })
	let summary: Record<string, unknown>
	try {
		// Warm up one connection path each way (not counted): the first request compiles code.
		const warm = await fetch(`${server.url}/api/v1/teams`, { headers: { Authorization: `Bearer ${key.value.key}` } })
		if (!warm.ok) throw new Error(`GET /api/v1/teams answered ${warm.status}`)

		log(`API: ${batches.length} batches of ${BATCH}, ${CONCURRENCY} at a time…`)
		const apiMs = await timed(
			bodies.map((body, i) => async () => {
				const r = await fetch(`${server.url}/api/v1/events`, {
					method: 'POST',
					headers: { Authorization: `Bearer ${key.value.key}`, 'Content-Type': 'application/json' },
					body,
				})
				const answer = (await r.json()) as { inserted?: number }
				if (r.status !== 200 || answer.inserted !== batches[i]!.length) throw new Error(`Batch ${i} answered ${r.status}: ${JSON.stringify(answer).slice(0, 500)}`)
			}),
			CONCURRENCY,
			'API',
		)

		const teamIds = await teamIdsByPath(directOrg.id)
		const columns = ['org_id', 'external_id', 'type', 'team_id', 'started_at', 'ended_at', 'channel', 'approvals', 'outcome'] as const
		const rows = batches.map((b) =>
			b.map((e) => ({
				org_id: directOrg.id,
				external_id: e.id,
				type: e.type,
				team_id: teamIds.get(e.team)!,
				started_at: e.startedAt,
				ended_at: e.endedAt,
				channel: e.channel ?? null,
				approvals: e.approvals ?? null,
				outcome: e.outcome ?? null,
			})),
		)
		log(`driver: the same ${batches.length} batches as plain multi-row INSERTs…`)
		const directMs = await timed(
			rows.map((batch) => async () => {
				await sql`insert into metric_events ${sql(batch, ...columns)}`
			}),
			CONCURRENCY,
			'driver',
		)

		// What autovacuum would do shortly after a bulk load; without statistics the planner guesses.
		await sql`analyze metric_events`
		const today = todayIn(TIME_ZONE)
		const query = { from: addDays(today, -364), to: today, team: null }
		// The first read after the load recomputes every stale team-week (the server's background
		// job normally does this within seconds of ingest); the reads after it are what users see.
		const inProcess: number[] = []
		let firstReadMs = 0
		for (let i = 0; i < 6; i++) {
			const t = performance.now()
			const report = await weeklyMetrics(apiOrg.id, TIME_ZONE, query)
			if (i > 0) inProcess.push(performance.now() - t)
			else firstReadMs = performance.now() - t
			if (!report || report.rows.reduce((n, r) => n + r.count, 0) !== EVENTS) throw new Error('The weekly aggregate does not count every event.')
		}
		const rollup: number[] = []
		for (let i = 0; i < 4; i++) {
			const t = performance.now()
			await weeklyMetrics(apiOrg.id, TIME_ZONE, { ...query, team: 'Division 1' })
			if (i > 0) rollup.push(performance.now() - t)
		}
		const overHttp: number[] = []
		for (let i = 0; i < 4; i++) {
			const t = performance.now()
			const r = await fetch(`${server.url}/api/v1/metrics/weekly?from=${query.from}&to=${query.to}`, { headers: { Authorization: `Bearer ${key.value.key}` } })
			await r.arrayBuffer()
			if (!r.ok) throw new Error(`GET /api/v1/metrics/weekly answered ${r.status}`)
			if (i > 0) overHttp.push(performance.now() - t)
		}

		const apiRate = EVENTS / (apiMs / 1000)
		const directRate = EVENTS / (directMs / 1000)
		const [pg] = await sql<{ version: string }[]>`select version()`
		summary = {
			when: new Date().toISOString(),
			postgres: pg!.version.split(' on ')[0],
			cpus: os.cpus().length,
			events: EVENTS,
			batch: BATCH,
			concurrency: CONCURRENCY,
			api: { seconds: round(apiMs / 1000, 2), eventsPerSecond: Math.round(apiRate) },
			driver: { seconds: round(directMs / 1000, 2), eventsPerSecond: Math.round(directRate) },
			ratio: round(apiRate / directRate, 2),
			weeklyAggregate: {
				period: `${query.from}..${query.to}`,
				teams: TEAM_PATHS.length,
				medianMs: round(median(inProcess)),
				firstReadWithRefreshMs: round(firstReadMs),
				minMs: round(Math.min(...inProcess)),
				rollupOneDivisionMedianMs: round(median(rollup)),
				overHttpMedianMs: round(median(overHttp)),
			},
			targets: {
				apiEventsPerSecond: { target: 20_000, met: apiRate >= 20_000 },
				ratio: { target: 0.5, met: apiRate / directRate >= 0.5 },
				weeklyAggregateMs: { target: 200, met: median(inProcess) <= 200 },
			},
		}
	} finally {
		await server.stop()
		if (!values.keep) {
			log('removing the bench organisations…')
			await sql`delete from metric_events where org_id in (${apiOrg.id}, ${directOrg.id})`
			await sql`delete from organizations where id in (${apiOrg.id}, ${directOrg.id})`
		}
		await sql.end()
		await handle.close()
	}
	writeReport('ingest', summary)
	console.log(JSON.stringify(summary, null, 2))
}

main().catch((error) => {
	console.error(error instanceof Error ? error.stack : error)
	process.exit(1)
})
