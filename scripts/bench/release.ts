/**
 * `npm run bench:release -- --people N [--weeks N --teams N]` (needs DATABASE_URL, a PostgreSQL
 * server on this machine): the release of one week of a large organisation. Builds the
 * organisation with every week held (scripts/bench/large-org.ts), releases all weeks but the last
 * through the app's release (so `responses`, `answers` and the rollups hold what they hold in
 * production), then times the release of the last week: wall-clock, and the CPU seconds of the
 * PostgreSQL backends serving the scratch database (from /proc, so the server must be local).
 *
 * The in-run baseline: before that release, the same week's held responses and invitations are
 * read once and written once into bare unlogged tables (no index, no key), and their answers
 * expanded into rows — the least any release that rewrites the week must do — timed the same way.
 * Target: one week at 100,000 people within 5 s of PostgreSQL CPU. --keep leaves the database.
 */
import os from 'node:os'

import { sql } from 'drizzle-orm'
import postgres from 'postgres'

import { releaseWeek } from '../../app/reports/release.server'
import { installDatabase } from '../../app/utils/db.server'
import { openDatabase, resultRows } from '../../db/client'
import { buildLargeOrganization } from './large-org'
import { countFlag, databaseCpu, requireDatabaseUrl, scratchDatabase, writeReport } from './support'

const PEOPLE = countFlag('people', 20_000)
const WEEKS = countFlag('weeks', 26)
const TEAMS = countFlag('teams', Math.max(20, Math.round(PEOPLE / 100)))
const log = (m: string) => console.log(`[bench] ${m}`)
const scratch = await scratchDatabase(requireDatabaseUrl(), 'son_bench_release')
const handle = openDatabase({ url: scratch.url, max: 4 })
installDatabase(handle)
const admin = postgres(requireDatabaseUrl(), { max: 1, onnotice: () => {} })
try {
	await handle.migrate()
	const db = handle.db
	const built = await buildLargeOrganization(db, { people: PEOPLE, teams: TEAMS, weeks: WEEKS, events: 10_000, heldWeeks: 1, log })
	const weeks = resultRows<{ week: string }>(await db.execute(sql`select distinct week::text as week from waves where org_id = ${built.org.id} order by 1`)).map((w) => w.week)
	const now = new Date()
	await db.execute(sql`vacuum analyze`)
	const last = weeks.at(-1)!
	const [size] = resultRows<{ responses: number; invitations: number }>(
		await db.execute(sql`
			select (select count(*) from held_responses h join waves w on w.org_id = h.org_id and w.id = h.wave_id where w.org_id = ${built.org.id} and w.week = ${last}::date)::int as responses,
				(select count(*) from invitations i join waves w on w.org_id = i.org_id and w.id = i.wave_id where w.org_id = ${built.org.id} and w.week = ${last}::date)::int as invitations`),
	)

	// The baseline: the week's rows read and written once into bare tables, in one transaction.
	const baseCpu = await databaseCpu(admin, scratch.name)
	let t = performance.now()
	await db.transaction(async (tx) => {
		await tx.execute(sql`set local jit = off`)
		await tx.execute(sql`
			create unlogged table bench_held as
			select gen_random_uuid() as id, h.wave_id, h.team_id, h.level, h.comment, a.position, a.value, a.text
			from held_responses h join waves w on w.org_id = h.org_id and w.id = h.wave_id, jsonb_to_recordset(h.answers) as a(position int, value float8, text text)
			where w.org_id = ${built.org.id} and w.week = ${last}::date`)
		await tx.execute(sql`
			create unlogged table bench_invitations as
			select i.* from invitations i join waves w on w.org_id = i.org_id and w.id = i.wave_id where w.org_id = ${built.org.id} and w.week = ${last}::date`)
	})
	const baselineSeconds = (performance.now() - t) / 1000
	const baselineCpuSeconds = await baseCpu.since()
	await db.execute(sql`drop table bench_held, bench_invitations`)

	const loadBefore = os.loadavg()
	const releaseCpu = await databaseCpu(admin, scratch.name)
	t = performance.now()
	const phases: Record<string, number> = {}
	if (!(await releaseWeek(built.org.id, last, now, phases))) throw new Error(`week ${last} was not released`)
	const releaseSeconds = (performance.now() - t) / 1000
	const releaseCpuSeconds = await releaseCpu.since()
	const report = {
		database: 'PostgreSQL',
		people: PEOPLE,
		teams: TEAMS,
		weeks: WEEKS,
		week: { responses: size!.responses, invitations: size!.invitations },
		releaseSeconds: +releaseSeconds.toFixed(2),
		releaseCpuSeconds: +releaseCpuSeconds.toFixed(2),
		baselineSeconds: +baselineSeconds.toFixed(2),
		baselineCpuSeconds: +baselineCpuSeconds.toFixed(2),
		ratioCpuToBaseline: +(releaseCpuSeconds / baselineCpuSeconds).toFixed(2),
		/** Wall milliseconds of each step of the release (its transaction), in order. */
		releasePhasesMs: phases,
		buildPhases: built.phases,
		loadAverage: { before: loadBefore.map((x) => +x.toFixed(2)), after: os.loadavg().map((x) => +x.toFixed(2)) },
		targets: { releaseCpuSeconds: PEOPLE >= 100_000 ? 5 : null },
	}
	const file = writeReport(`release-${PEOPLE}`, report)
	console.log(JSON.stringify(report, null, 2))
	console.log(`written to ${file}`)
} finally {
	await handle.close()
	await admin.end()
	if (process.argv.includes('--keep')) console.log(`kept the database ${scratch.name} (drop it when done)`)
	else await scratch.drop()
}
