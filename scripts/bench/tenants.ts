/**
 * `npm run bench:tenants` (needs DATABASE_URL): many small organisations on one database, as a
 * hosted instance holds them — by default 100 organisations of 60 people in 8 teams with 12
 * weeks of a weekly pulse each. It measures what one organisation's size does not show:
 * - the release job over every organisation's held weeks at once (seconds per organisation-week);
 * - each organisation's first dashboard view (its first request since the start: nothing of it is
 *   cached), then warm views of organisations taken at random;
 * - the server's memory after the first organisation's view and after every organisation's (the
 *   caches are bounded per organisation and in all, so it must level off, not grow with tenants);
 * against, in the same run, the plain SQL aggregate of one organisation's figures.
 * Flags: --tenants N --people N --teams N --weeks N --requests N; --keep leaves the database.
 */
import { sql } from 'drizzle-orm'

import { releaseAndAnalyse } from '../../app/reports/after-release.server'
import { installDatabase } from '../../app/utils/db.server'
import { openDatabase, resultRows } from '../../db/client'
import { buildLargeOrganization, timePlainAggregate } from './large-org'
import { countFlag, databaseCpu, httpRequest, percentile, requireDatabaseUrl, scratchDatabase, startApp, writeReport } from './support'

const TENANTS = countFlag('tenants', 100)
const PEOPLE = countFlag('people', 60)
const TEAMS = countFlag('teams', 8)
const WEEKS = countFlag('weeks', 12)
const REQUESTS = countFlag('requests', 200)
const log = (m: string) => console.log(`[bench] ${m}`)
const keep = process.argv.includes('--keep')

const scratch = await scratchDatabase(requireDatabaseUrl(), 'son_bench_tenants')
const handle = openDatabase({ url: scratch.url, max: 4 })
installDatabase(handle)
const admin = (await import('postgres')).default(requireDatabaseUrl(), { max: 1, onnotice: () => {} })
try {
	await handle.migrate()
	const db = handle.db
	const tenants: { id: string; exec: string }[] = []
	let lastMonday = new Date()
	const buildStart = performance.now()
	for (let i = 0; i < TENANTS; i++) {
		// Held, not released: the release job below releases every organisation's weeks in one run.
		const built = await buildLargeOrganization(db, { people: PEOPLE, teams: TEAMS, weeks: WEEKS, events: 500, slug: `t${i}`, heldWeeks: WEEKS })
		tenants.push({ id: built.org.id, exec: built.exec.email })
		lastMonday = built.lastMonday
		if ((i + 1) % 10 === 0) log(`${i + 1} of ${TENANTS} organisations built`)
	}
	const buildSeconds = (performance.now() - buildStart) / 1000
	await db.execute(sql`analyze`)

	const cpu = await databaseCpu(admin, scratch.name)
	const releaseStart = performance.now()
	const released = await releaseAndAnalyse()
	const releaseSeconds = (performance.now() - releaseStart) / 1000
	const releaseDbCpuSeconds = await cpu.since()
	log(`released ${released} organisation-weeks in ${releaseSeconds.toFixed(1)} s (PostgreSQL CPU ${releaseDbCpuSeconds.toFixed(1)} s)`)
	await db.execute(sql`analyze`)
	const [counts] = resultRows<{ responses: number; orgs: number }>(
		await db.execute(sql`select (select count(*) from responses)::int as responses, (select count(*) from organizations)::int as orgs`),
	)

	const to = lastMonday.toISOString().slice(0, 10)
	const from = new Date(lastMonday.getTime() - (WEEKS - 1) * 7 * 86_400_000).toISOString().slice(0, 10)
	// The plain aggregate of one organisation, as bench:dashboard times it: the baseline of the run.
	const plain: number[] = []
	for (const t of tenants.slice(0, 5)) plain.push(await timePlainAggregate(db, t.id, from, to))

	const app = await startApp(scratch.url)
	const rssAtStartMb = app.peakRssMb()
	const cookies: string[] = []
	for (const t of tenants) {
		const login = await httpRequest(`${app.url}/login`, {
			method: 'POST',
			headers: { Origin: app.url, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: t.exec, password: 'bench-password-1' }).toString(),
		})
		if (login.status !== 302 && login.status !== 303 && login.status !== 204) throw new Error(`sign-in answered ${login.status}`)
		cookies.push(String(login.headers['set-cookie']).split(';')[0]!)
	}
	const dashboard = `${app.url}/dashboard?from=${from}&to=${to}`
	const view = async (cookie: string) => {
		const started = performance.now()
		const r = await httpRequest(dashboard, { headers: { Cookie: cookie } })
		if (r.status !== 200) throw new Error(`dashboard answered ${r.status}`)
		return performance.now() - started
	}
	// Each organisation's first view: nothing of that organisation is in any cache yet.
	const first: number[] = []
	let rssAfterFirstTenantMb: number | null = null
	for (const [i, cookie] of cookies.entries()) {
		first.push(await view(cookie))
		if (i === 0) rssAfterFirstTenantMb = app.peakRssMb()
	}
	const rssAfterEveryTenantMb = app.peakRssMb()
	// Warm views of organisations taken at random (a fixed sequence, so runs compare).
	const warm: number[] = []
	let seed = 1
	for (let i = 0; i < REQUESTS; i++) {
		seed = (seed * 48271) % 2147483647
		warm.push(await view(cookies[seed % cookies.length]!))
	}
	const serverPeakRssMb = app.peakRssMb()
	await app.stop()

	const plainMs = percentile(plain, 50)
	const firstP95 = percentile(first, 95)
	const report = {
		tenants: TENANTS,
		peoplePerTenant: PEOPLE,
		teamsPerTenant: TEAMS,
		weeks: WEEKS,
		organizations: counts!.orgs,
		responses: counts!.responses,
		loadAverage: (await import('node:os')).loadavg().map((l) => +l.toFixed(1)),
		buildSeconds: +buildSeconds.toFixed(1),
		release: {
			organisationWeeks: released,
			seconds: +releaseSeconds.toFixed(2),
			postgresCpuSeconds: +releaseDbCpuSeconds.toFixed(2),
			msPerOrganisationWeek: +((releaseSeconds * 1000) / Math.max(1, released)).toFixed(1),
		},
		firstViewPerTenant: { p50: +percentile(first, 50).toFixed(1), p95: +firstP95.toFixed(1), max: +Math.max(...first).toFixed(1) },
		warmViewRandomTenant: { p50: +percentile(warm, 50).toFixed(1), p95: +percentile(warm, 95).toFixed(1) },
		plainAggregateMs: +plainMs.toFixed(1),
		ratioFirstP95ToPlain: +(firstP95 / plainMs).toFixed(2),
		rssAtStartMb,
		rssAfterFirstTenantMb,
		rssAfterEveryTenantMb,
		serverPeakRssMb,
		targets: { firstViewMs: 1000, serverPeakRssMb: 400 },
	}
	const file = writeReport(`tenants-${TENANTS}x${PEOPLE}`, report)
	console.log(JSON.stringify(report, null, 2))
	console.log(`written to ${file}`)
} finally {
	await admin.end()
	await handle.close()
	if (keep) console.log(`kept the database ${scratch.name} (drop it when done)`)
	else await scratch.drop()
}
