/**
 * `npm run bench:dashboard` (needs DATABASE_URL): builds a large organisation on a scratch
 * PostgreSQL database — by default 20,000 people in 200 teams, two years of weekly pulses of 6
 * items at 65% participation (about 1.35M responses, 8M answers) and a year of response-time
 * events — then loads the executive dashboard and the reports API repeatedly over HTTP (p50/p95)
 * and, in the same run, times the plain SQL aggregate over the raw tables for the same figures.
 * Flags: --people N --teams N --weeks N --events N --requests N; --keep leaves the scratch
 * database in place and prints its name, --reuse NAME measures again on such a database
 * without building it (the report then gives the database's own size, whatever the flags say).
 */
import os from 'node:os'

import { sql } from 'drizzle-orm'

import { createApiKey } from '../../app/api/api-keys.server'
import { installDatabase } from '../../app/utils/db.server'
import { openDatabase, resultRows } from '../../db/client'
import { buildLargeOrganization, timePlainAggregate } from './large-org'
import { countFlag, databaseCpu, httpRequest, percentile, requireDatabaseUrl, scratchDatabase, startApp, writeReport } from './support'

const PEOPLE = countFlag('people', 20_000)
const TEAMS = countFlag('teams', 200)
const WEEKS = countFlag('weeks', 104)
const EVENTS = countFlag('events', 500_000)
const REQUESTS = countFlag('requests', 40)
const log = (m: string) => console.log(`[bench] ${m}`)
const flag = (name: string) => process.argv.includes(`--${name}`)
const reuse = flag('reuse') ? process.argv[process.argv.indexOf('--reuse') + 1]! : null
const scratch = await scratchDatabase(requireDatabaseUrl(), 'son_bench_dashboard', reuse)
const handle = openDatabase({ url: scratch.url, max: 4 })
installDatabase(handle)
const admin = (await import('postgres')).default(requireDatabaseUrl(), { max: 1, onnotice: () => {} })
try {
	await handle.migrate()
	const db = handle.db
	const built = reuse ? await reusedOrganization() : await buildOrganization()
	const { org, exec, lastMonday, counts } = built
	// A reused database says itself how large it is: the report (and its file name) follow it,
	// not flags that may have been left off (they named a 100k run dashboard-20000).
	const size = 'size' in built ? built.size : { people: PEOPLE, teams: TEAMS, weeks: WEEKS, events: EVENTS }
	const to = lastMonday.toISOString().slice(0, 10)
	const from = new Date(lastMonday.getTime() - 25 * 7 * 86_400_000).toISOString().slice(0, 10)
	// The plain aggregate: the dashboard's weekly dimension scores straight from the raw tables.
	const plain: number[] = []
	for (let i = 0; i < 3; i++) plain.push(await timePlainAggregate(db, org.id, from, to))

	const app = await startApp(scratch.url)
	const serverStartRssMb = app.peakRssMb()
	const login = await httpRequest(`${app.url}/login`, {
		method: 'POST',
		headers: { Origin: app.url, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: exec.email, password: 'bench-password-1' }).toString(),
	})
	const cookie = String(login.headers['set-cookie']).split(';')[0]!
	const key = await createApiKey(org.id, 'bench')
	if (!key.ok) throw new Error('key')
	const measure = async (label: string, url: string, headers: Record<string, string>) => {
		const times: number[] = []
		for (let i = 0; i < REQUESTS + 3; i++) {
			const t = performance.now()
			const r = await httpRequest(url, { headers })
			if (r.status !== 200) throw new Error(`${label} answered ${r.status}`)
			if (i >= 3) times.push(performance.now() - t)
		}
		return { p50: +percentile(times, 50).toFixed(1), p95: +percentile(times, 95).toFixed(1), first: undefined as number | undefined }
	}
	// The first view of each report page after the start (nothing of the organisation in any
	// cache): wall time, CPU seconds of the server and of the PostgreSQL backends serving it
	// (comparable when other work shares the machine), and the page's size.
	const firstView = async (path: string) => {
		const cpu0 = app.cpuSeconds()
		const dbCpu = await databaseCpu(admin, scratch.name)
		const t0 = performance.now()
		const r = await httpRequest(`${app.url}${path}`, { headers: { Cookie: cookie } })
		const ms = performance.now() - t0
		const cpuSeconds = +(app.cpuSeconds() - cpu0).toFixed(2)
		if (r.status !== 200) throw new Error(`${path} answered ${r.status}`)
		return { ms: +ms.toFixed(1), cpuSeconds, dbCpuSeconds: +(await dbCpu.since()).toFixed(2), kb: Math.round(Buffer.byteLength(r.body) / 1024) }
	}
	const first = await firstView(`/dashboard?from=${from}&to=${to}`)
	const firstMs = first.ms
	// The other report pages an executive's first visit reaches, each for the first time.
	const firstResults = await firstView('/results')
	const firstComments = await firstView('/comments')
	const dashboard = await measure('dashboard', `${app.url}/dashboard?from=${from}&to=${to}`, { Cookie: cookie })
	const reports = await measure('reports API', `${app.url}/api/v1/reports/mindset?from=${from}&to=${to}`, { Authorization: `Bearer ${key.value.key}` })
	// The same page filtered: one division with its teams, and managers only (the level cube).
	const oneDivision = await measure('dashboard, one division', `${app.url}/dashboard?from=${from}&to=${to}&team=${encodeURIComponent('Division 1')}`, { Cookie: cookie })
	const managersOnly = await measure('dashboard, managers only', `${app.url}/dashboard?from=${from}&to=${to}&level=manager`, { Cookie: cookie })
	const serverPeakRssMb = app.peakRssMb()
	await app.stop()

	const plainMs = percentile(plain, 50)
	const report = {
		people: size.people,
		teams: size.teams,
		weeks: size.weeks,
		responses: counts!.responses,
		answers: counts!.answers,
		events: size.events,
		window: { from, to },
		/** The machine's load average (1 minute) when the run ended: wall-clock times grow with it. */
		loadAverage: +os.loadavg()[0]!.toFixed(1),
		dashboard: { ...dashboard, firstMs: +firstMs.toFixed(1), firstCpuSeconds: first.cpuSeconds, firstDbCpuSeconds: first.dbCpuSeconds, firstKb: first.kb },
		/** First views of the other report pages, right after the dashboard's. */
		resultsFirst: firstResults,
		commentsFirst: firstComments,
		reportsApi: reports,
		dashboardOneDivision: oneDivision,
		dashboardManagersOnly: managersOnly,
		serverStartRssMb,
		serverPeakRssMb,
		plainAggregateMs: +plainMs.toFixed(1),
		ratioP95ToPlain: +(Math.max(dashboard.p95, reports.p95, oneDivision.p95, managersOnly.p95) / plainMs).toFixed(3),
		ratioFirstToPlain: +(firstMs / plainMs).toFixed(3),
		targets: { p95Ms: 150, ratio: 0.2, firstMs: 1000, serverPeakRssMb: 400 },
	}
	const file = writeReport(`dashboard-${size.people}`, report)
	console.log(JSON.stringify(report, null, 2))
	console.log(`written to ${file}`)
} finally {
	await admin.end()
	await handle.close()
	if (flag('keep') || reuse) console.log(`kept the database ${scratch.name} (drop it when done)`)
	else await scratch.drop()
}

async function reusedOrganization() {
	const db = handle.db
	const [row] = resultRows<{ id: string; exec_email: string; responses: number; answers: number; last: string; people: number; teams: number; weeks: number; events: number }>(
		await db.execute(sql`select o.id::text as id, u.email as exec_email,
			(select count(*) from responses)::int as responses, (select count(*) from answers)::int as answers,
			(select max(opens_at) from waves)::text as last,
			-- The people asked in the last week, the teams (divisions included, as --teams counts them), the weeks and the events.
			(select count(distinct i.user_id) from invitations i join waves w on w.org_id = i.org_id and w.id = i.wave_id
				where w.org_id = o.id and w.week = (select max(week) from waves where org_id = o.id))::int as people,
			(select count(*) from teams t where t.org_id = o.id)::int as teams,
			(select count(distinct week) from waves where org_id = o.id)::int as weeks,
			(select count(*) from metric_events where org_id = o.id)::int as events
			from organizations o join users u on u.org_id = o.id and u.role = 'executive' where o.slug = 'bench'`),
	)
	if (!row) throw new Error(`No bench organisation in ${scratch.name}.`)
	const lastMonday = new Date(row.last)
	const size = { people: Number(row.people), teams: Number(row.teams), weeks: Number(row.weeks), events: Number(row.events) }
	if (size.people !== PEOPLE) log(`the reused database has ${size.people} people (not --people ${PEOPLE}): the report follows the database`)
	return { org: { id: row.id }, exec: { email: row.exec_email }, lastMonday, counts: { responses: row.responses, answers: row.answers }, size }
}

async function buildOrganization() {
	return buildLargeOrganization(handle.db, { people: PEOPLE, teams: TEAMS, weeks: WEEKS, events: EVENTS, log })
}
