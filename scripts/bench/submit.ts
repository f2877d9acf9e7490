/**
 * `npm run bench:submit` (needs DATABASE_URL): pulse submissions through HTTP against the built
 * app — 50 concurrent clients posting the pulse form to /p/<token> — and, in the same run, the
 * same database writes issued directly through the driver. Prints submissions/s, p50/p99
 * latency, the ratio app/driver, and checks that every acknowledged submission is stored.
 * Flags: --submissions N (per phase, default 10000), --concurrency N (default 50),
 * --workers N (server processes, default 1).
 */
import os from 'node:os'

import { eq, sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import postgres from 'postgres'

import { createOrganization, createTeamPath } from '../../app/demo/factories.server'
import { readAnswers } from '../../app/pulses/answer-form'
import { mintInvitationLink, SURVEY_SECRET_LENGTH } from '../../app/pulses/invitation-links.server'
import { submissionStatement } from '../../app/pulses/submission-statement.server'
import { openWave } from '../../app/pulses/waves.server'
import { listItems } from '../../app/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '../../app/surveys/surveys.server'
import { installDatabase } from '../../app/utils/db.server'
import { hashSecret, parseOrgToken } from '../../app/utils/token.server'
import { openDatabase, resultRows } from '../../db/client'
import { waveItems } from '../../db/schema'
import { countFlag, databaseCpu, httpRequest, percentile, requireDatabaseUrl, runConcurrently, scratchDatabase, startApp, writeReport } from './support'

const N = countFlag('submissions', 10_000)
const CONCURRENCY = countFlag('concurrency', 50)
// Server processes (WEB_CONCURRENCY): one per core is how the app is meant to run on PostgreSQL.
const WORKERS = countFlag('workers', 1)

const scratch = await scratchDatabase(requireDatabaseUrl(), 'son_bench_submit')
const handle = openDatabase({ url: scratch.url, max: 10 })
installDatabase(handle)
try {
	await handle.migrate()
	const db = handle.db
	console.log(`Preparing ${2 * N} invitations…`)
	const org = await createOrganization(db, { slug: 'bench', name: 'Bench', timeZone: 'Europe/London' })
	const teamIds = [] as string[]
	for (let t = 0; t < 20; t++) teamIds.push(await createTeamPath(db, org.id, `Division ${t % 4}/Team ${t}`))
	await db.execute(sql`insert into users (org_id, email, name, team_id)
		select ${org.id}, 'p' || g || '@bench.example', 'Person ' || g, (array[${sql.join(
			teamIds.map((id) => sql`${id}::uuid`),
			sql`, `,
		)}])[1 + g % 20]
		from generate_series(1, ${2 * N}) g`)
	const bank = await listItems(org.id)
	const keys = ['autonomy.resolve', 'approval.waits', 'speed.hours', 'voice.reaches', 'safety.mistake', 'enps.recommend']
	const saved = await saveSurvey(org.id, null, {
		name: 'Bench pulse',
		itemIds: keys.map((k) => bank.find((b) => b.key === k)!.id),
		audience: 'everyone',
		teamIds: [],
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '7',
		reminderDaysBeforeClose: '0',
		anonymityK: '5',
	})
	if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
	await setSurveyStatus(org.id, saved.value.id, 'active')
	const now = new Date()
	const waveId = (await openWave(
		{ orgId: org.id, id: saved.value.id, anonymityK: 5 },
		{ periodStart: '2000-01-03', opensAt: new Date(now.getTime() - 60_000), closesAt: new Date(now.getTime() + 86_400_000), reminderAt: null },
	))!
	await db.execute(sql`delete from mail_outbox`)
	const invitations = resultRows<{ id: string }>(await db.execute(sql`select id from invitations where wave_id = ${waveId} order by id`))
	const httpInvitations = invitations.slice(0, N)
	const driverInvitations = invitations.slice(N, 2 * N)
	// A link for every invitation, as the e-mails carry: posted to the app in phase 1, and its
	// token id and secret hash given to the statement in phase 2.
	const links = new Map<string, string>()
	await runConcurrently(invitations, 8, async (inv) => void links.set(inv.id, await mintInvitationLink(org.id, inv.id, waveId)))
	const tokens = httpInvitations.map((inv) => links.get(inv.id)!)
	const form = (i: number) =>
		new URLSearchParams({
			'item-0': String(1 + (i % 5)),
			'item-1': String(1 + ((i * 3) % 5)),
			'item-2': String(1 + ((i * 7) % 5)),
			'item-3': '4',
			'item-4': '3',
			'item-5': String(i % 11),
		})

	// Phase 1: through the app.
	const app = await startApp(scratch.url, WORKERS)
	let acknowledged = 0
	let errors = 0
	// Warm-up on pages that store nothing, so JIT and connection set-up are not timed.
	await runConcurrently(
		Array.from({ length: 200 }, (_, i) => i),
		CONCURRENCY,
		async () => void (await httpRequest(`${app.url}/p/not-a-token`)),
	)
	const monitor = postgres(scratch.url, { max: 1, onnotice: () => {} })
	const appDbCpu = await databaseCpu(monitor, scratch.name)
	const cpuBefore = app.cpuSeconds()
	const clientCpuBefore = process.cpuUsage()
	const http = await runConcurrently(
		tokens.map((t, i) => [t, i] as const),
		CONCURRENCY,
		async ([token, i]) => {
			const r = await httpRequest(`${app.url}/p/${token}`, {
				method: 'POST',
				headers: { Origin: app.url, 'Content-Type': 'application/x-www-form-urlencoded' },
				body: form(i).toString(),
			})
			if (r.status === 303 && String(r.headers.location).startsWith('/thanks')) acknowledged++
			else errors++
		},
	)
	// Where the time went, robust to others using the machine: CPU per submission of the server
	// process (WEB_CONCURRENCY 1), of this client and of PostgreSQL.
	const appCpuMs = ((app.cpuSeconds() - cpuBefore) * 1000) / N
	const clientCpu = process.cpuUsage(clientCpuBefore)
	const clientCpuMs = (clientCpu.user + clientCpu.system) / 1000 / N
	const appDbCpuMs = ((await appDbCpu.since()) * 1000) / N
	await app.stop()

	// Phase 2: the same database writes straight through the driver: the very statement the
	// app issues for a submission (check the link, claim its invitation, hold the answers, count
	// participation), rendered by the app's own builder and sent with postgres-js as a prepared
	// statement, as the app sends it, with no HTTP and no Remix.
	const driverDbCpu = await databaseCpu(monitor, scratch.name)
	const driverClientCpuBefore = process.cpuUsage()
	const client = postgres(scratch.url, { max: 20, onnotice: () => {} })
	const dialect = new PgDialect()
	const items = await db.select().from(waveItems).where(eq(waveItems.waveId, waveId)).orderBy(waveItems.position)
	let driverStored = 0
	const direct = await runConcurrently(
		driverInvitations.map((inv, i) => [links.get(inv.id)!, i] as const),
		CONCURRENCY,
		async ([token, i]) => {
			// The link as the e-mail carries it (organisation, token id, secret), read as the app reads it.
			const link = parseOrgToken(token, SURVEY_SECRET_LENGTH)!
			const parsed = readAnswers(items, Object.fromEntries(form(i)))
			const query = dialect.sqlToQuery(
				submissionStatement({
					orgId: org.id,
					waveId,
					claim: { tokenId: link.id, secretHash: hashSecret(link.secret) },
					now: new Date(),
					comment: parsed.comment,
					commentLocale: null,
					replyKeyHash: null,
					answers: parsed.answers,
				}),
			)
			// Prepared, as the app sends it (db/client.ts `prepared`): the baseline does the same database work.
			const [row] = await client.unsafe(query.sql, query.params as never[], { prepare: true })
			if (row?.stored === 1) driverStored++
		},
	)
	const driverDbCpuMs = ((await driverDbCpu.since()) * 1000) / N
	const driverClientCpu = process.cpuUsage(driverClientCpuBefore)
	const driverClientCpuMs = (driverClientCpu.user + driverClientCpu.system) / 1000 / N
	await client.end()
	await monitor.end()

	const [stored] = resultRows<{ n: number }>(await db.execute(sql`select count(*)::int as n from held_responses`))
	const storedViaApp = stored!.n - driverStored
	const appRate = N / http.seconds
	const driverRate = N / direct.seconds
	const report = {
		submissions: N,
		concurrency: CONCURRENCY,
		workers: WORKERS,
		app: {
			perSecond: Math.round(appRate),
			p50ms: +percentile(http.latencies, 50).toFixed(1),
			p99ms: +percentile(http.latencies, 99).toFixed(1),
			errors,
			acknowledged,
			stored: storedViaApp,
			cpuMsPerSubmission: { server: +appCpuMs.toFixed(2), client: +clientCpuMs.toFixed(2), database: +appDbCpuMs.toFixed(2) },
		},
		driver: {
			stored: driverStored,
			perSecond: Math.round(driverRate),
			p50ms: +percentile(direct.latencies, 50).toFixed(1),
			p99ms: +percentile(direct.latencies, 99).toFixed(1),
			cpuMsPerSubmission: { client: +driverClientCpuMs.toFixed(2), database: +driverDbCpuMs.toFixed(2) },
		},
		ratio: +(appRate / driverRate).toFixed(2),
		/** The machine's load average (1 minute) when the run ended: rates swing with it, the ratio and CPU less. */
		loadAverage: +os.loadavg()[0]!.toFixed(1),
		targets: { perSecond: 500, ratio: 0.5 },
	}
	report.app.stored = storedViaApp
	const file = writeReport('submit', report)
	console.log(`\nPulse submissions, ${N} per phase, ${CONCURRENCY} concurrent clients, ${WORKERS} server processes`)
	console.log(`  app (HTTP):    ${report.app.perSecond}/s  p50 ${report.app.p50ms} ms  p99 ${report.app.p99ms} ms  errors ${errors}`)
	const cpu = report.app.cpuMsPerSubmission
	console.log(`                 CPU per submission: server ${cpu.server} ms${WORKERS > 1 ? ' (primary only)' : ''}, client ${cpu.client} ms, PostgreSQL ${cpu.database} ms`)
	console.log(`  driver direct: ${report.driver.perSecond}/s  p50 ${report.driver.p50ms} ms  p99 ${report.driver.p99ms} ms`)
	console.log(`                 CPU per submission: client ${report.driver.cpuMsPerSubmission.client} ms, PostgreSQL ${report.driver.cpuMsPerSubmission.database} ms`)
	console.log(`  ratio app/driver: ${report.ratio}   (targets: ≥ 500/s, ratio ≥ 0.5)`)
	console.log(`  acknowledged ${acknowledged}, stored ${storedViaApp}: ${acknowledged === storedViaApp ? 'equal' : 'MISMATCH'}`)
	console.log(`  written to ${file}`)
	if (driverStored !== driverInvitations.length) console.log(`  the driver phase stored ${driverStored} of ${driverInvitations.length}: its figures are not comparable`)
	if (errors || acknowledged !== storedViaApp || driverStored !== driverInvitations.length) process.exitCode = 1
} finally {
	await handle.close()
	await scratch.drop()
}
