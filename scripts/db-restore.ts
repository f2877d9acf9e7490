/**
 * `npm run db:restore -- <file> [--force]`: builds the embedded database folder (DATA_DIR/pgdata)
 * from a `db:backup` file. Refuses while the server runs; refuses over an existing database
 * unless --force, which keeps the old folder aside as pgdata.before-restore-<time>.
 * Mail files (DATA_DIR/mail) are not part of the backup.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'

import { env } from '../app/utils/env.server'
import { BackupRefused, restoreEmbedded } from '../db/backup'

const { values, positionals } = parseArgs({ options: { force: { type: 'boolean' } }, allowPositionals: true })
const e = env()
if (e.DATABASE_URL) {
	console.error(
		'DATABASE_URL is set: restore PostgreSQL with pg_restore, e.g.\n  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" stateofnow.dump\n(docs/operations.md, "Backups").',
	)
	process.exit(2)
}
if (positionals.length !== 1) {
	console.error('Usage: npm run db:restore -- <backup file> [--force]')
	process.exit(2)
}
try {
	const dataDir = path.join(e.DATA_DIR, 'pgdata')
	const r = await restoreEmbedded(positionals[0]!, dataDir, { force: values.force })
	console.log(`Restored into ${dataDir}.${r.keptAside ? ` The database that was there is kept in ${r.keptAside}.` : ''} Start the server with npm start.`)
} catch (error) {
	if (!(error instanceof BackupRefused)) throw error
	console.error(error.message)
	process.exitCode = 1
}
