/**
 * `npm run db:backup -- [--out file]`: a dump of the embedded database (PGlite), taken with the
 * server stopped (PGlite is one process: a second one cannot open the folder the server holds).
 * With DATABASE_URL set, use pg_dump instead (docs/operations.md).
 */
import path from 'node:path'
import { parseArgs } from 'node:util'

import { env } from '../app/utils/env.server'
import { backupEmbedded, BackupRefused } from '../db/backup'

const { values } = parseArgs({ options: { out: { type: 'string' } } })
const e = env()
if (e.DATABASE_URL) {
	console.error('DATABASE_URL is set: back up PostgreSQL with pg_dump, e.g.\n  pg_dump --format=custom --file=stateofnow.dump "$DATABASE_URL"\n(docs/operations.md, "Backups").')
	process.exit(2)
}
const out = values.out ?? path.join('backups', `stateofnow-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`)
try {
	const r = await backupEmbedded(path.join(e.DATA_DIR, 'pgdata'), out)
	console.log(`Backup written: ${r.file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB). Restore with: npm run db:restore -- ${r.file}`)
} catch (error) {
	if (!(error instanceof BackupRefused)) throw error
	console.error(error.message)
	process.exitCode = 1
}
