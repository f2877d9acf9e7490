/**
 * `npm run bench:seed`: how long the demo seed takes on the embedded database (what a newcomer
 * waits for on the first `npm start`), against migrating the same fresh database in the same
 * run. Target: the seed within 25 s on a quiet 2-core machine. The seed releases 26 weeks (the
 * answers shuffled into responses, invitations rewritten, rollups and decisions computed), so
 * the release is part of what is timed.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { seedDemo } from '../../app/demo/seed.server'
import { installDatabase } from '../../app/utils/db.server'
import { openDatabase } from '../../db/client'
import { writeReport } from './support'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'son-bench-seed-'))
const handle = openDatabase({ dataDir: dir })
installDatabase(handle)
try {
	let t = performance.now()
	await handle.migrate()
	const migrateSeconds = (performance.now() - t) / 1000
	t = performance.now()
	await seedDemo(handle.db)
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
