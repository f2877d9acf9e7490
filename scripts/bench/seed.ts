/**
 * `npm run bench:seed -- --people N [--weeks N --teams N]` (needs DATABASE_URL): how long a large
 * organisation takes to build on a scratch PostgreSQL database (scripts/bench/large-org.ts: set-based
 * inserts and team assignment, answers written in the shape a release leaves them, each week
 * decided by the app's release rule, rollups rebuilt by the app), against writing the
 * same number of held rows once into a bare table in the same run. Target: 100,000 people × 26
 * weeks within 10 minutes. --keep leaves the database for `bench:dashboard -- --reuse NAME`.
 *
 * `npm run bench:seed` without --people: how long the demo seed takes on the embedded database (what a newcomer
 * waits for on the first `npm start`), against migrating the same fresh database in the same
 * run. Target: the seed within 25 s on a quiet 2-core machine. The seed releases 26 weeks (the
 * answers shuffled into responses, invitations rewritten, rollups and decisions computed), so
 * the release is part of what is timed.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { sql } from 'drizzle-orm'
import postgres from 'postgres'

import { seedDemo } from '../../app/demo/seed.server'
import { installDatabase } from '../../app/utils/db.server'
import { openDatabase } from '../../db/client'
import { buildLargeOrganization } from './large-org'
import { countFlag, databaseCpu, requireDatabaseUrl, scratchDatabase, writeReport } from './support'

if (process.argv.includes('--people')) await seedLarge()
else await seedDemoBench()

async function seedLarge() {
	const people = countFlag('people', 100_000)
	const weeks = countFlag('weeks', 26)
	const teams = countFlag('teams', Math.max(20, Math.round(people / 100)))
	const scratch = await scratchDatabase(requireDatabaseUrl(), 'son_bench_seed')
	const handle = openDatabase({ url: scratch.url, max: 4 })
	installDatabase(handle)
	try {
		await handle.migrate()
		const admin = postgres(requireDatabaseUrl(), { max: 1, onnotice: () => {} })
		const cpu = await databaseCpu(admin, scratch.name)
		const loadBefore = os.loadavg()
		const t = performance.now()
		const built = await buildLargeOrganization(handle.db, { people, teams, weeks, events: 50_000, log: (m) => console.log(`[seed] ${m}`) })
		const seedSeconds = (performance.now() - t) / 1000
		// CPU of the backends still connected at the end (the pool's; short-lived ones are not counted).
		const seedCpu = await cpu.since()
		await admin.end()
		// The baseline: as many rows as the held answers, with the same JSON, into a bare table.
		const b = performance.now()
		await handle.db.execute(sql`
			create unlogged table bench_baseline as
			select gen_random_uuid() as id, (select jsonb_agg(jsonb_build_object('position', p, 'text', null, 'value', floor(random() * 5) + 1 + g * 0) order by p) from generate_series(0, 5) p) as answers
			from generate_series(1, ${built.counts.responses}) g`)
		const baselineSeconds = (performance.now() - b) / 1000
		const report = {
			database: 'PostgreSQL',
			people,
			teams,
			weeks,
			responses: built.counts.responses,
			answers: built.counts.answers,
			weeksReleased: built.released,
			seedSeconds: +seedSeconds.toFixed(1),
			phases: built.phases,
			seedDatabaseCpuSeconds: +seedCpu.toFixed(1),
			baselineSeconds: +baselineSeconds.toFixed(2),
			ratioSeedToBaseline: +(seedSeconds / baselineSeconds).toFixed(1),
			loadAverage: { before: loadBefore.map((x) => +x.toFixed(2)), after: os.loadavg().map((x) => +x.toFixed(2)) },
			targets: { seedSeconds: people >= 100_000 && weeks >= 26 ? 600 : null },
		}
		const file = writeReport(`seed-${people}`, report)
		console.log(JSON.stringify(report, null, 2))
		console.log(`written to ${file}`)
	} finally {
		await handle.close()
		// --keep: left for `bench:dashboard -- --reuse NAME`, which then measures this organisation.
		if (process.argv.includes('--keep')) console.log(`kept the database ${scratch.name} (drop it when done)`)
		else await scratch.drop()
	}
}

async function seedDemoBench() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'son-bench-seed-'))
	const handle = openDatabase({ dataDir: dir })
	installDatabase(handle)
	try {
		let t = performance.now()
		await handle.migrate()
		const migrateSeconds = (performance.now() - t) / 1000
		t = performance.now()
		await seedDemo()
		const seedSeconds = (performance.now() - t) / 1000
		const report = {
			database: 'PGlite',
			migrateSeconds: +migrateSeconds.toFixed(2),
			seedSeconds: +seedSeconds.toFixed(2),
			ratioSeedToMigrate: +(seedSeconds / migrateSeconds).toFixed(1),
			loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
			targets: { seedSeconds: 25 },
		}
		const file = writeReport('seed', report)
		console.log(JSON.stringify(report, null, 2))
		console.log(`written to ${file}`)
	} finally {
		await handle.close()
		fs.rmSync(dir, { recursive: true, force: true })
	}
}
