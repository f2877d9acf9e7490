/**
 * Backups of the embedded database (PGlite): a backup is PGlite's own dump of its data folder
 * (a gzipped tarball, `dumpDataDir`), taken with the server stopped; a restore builds a new data
 * folder from it. For PostgreSQL use pg_dump / pg_restore (docs/operations.md).
 */
import fs from 'node:fs'
import path from 'node:path'

import { PGlite } from '@electric-sql/pglite'

import { embeddedHolder } from './embedded-lock'
import { keepPrivate } from './private-files'

export class BackupRefused extends Error {}

function refuseWhileHeld(dataDir: string, what: string) {
	const pid = embeddedHolder(dataDir)
	if (pid)
		throw new BackupRefused(
			`The server (process ${pid}) has the embedded database in ${dataDir} open; PGlite is one process, so ${what} cannot open it alongside. Stop the server (SIGTERM), then run this again.`,
		)
}

const hasFiles = (dir: string) => fs.existsSync(dir) && fs.readdirSync(dir).length > 0

/** Writes a dump of `dataDir` (the PGlite folder, e.g. DATA_DIR/pgdata) to `outFile`. */
export async function backupEmbedded(dataDir: string, outFile: string): Promise<{ file: string; bytes: number }> {
	if (!hasFiles(dataDir)) throw new BackupRefused(`There is no embedded database in ${dataDir}.`)
	refuseWhileHeld(dataDir, 'a backup')
	const pglite = await PGlite.create(dataDir)
	try {
		// A checkpoint first, so the dump holds every committed change in the data files.
		await pglite.exec('checkpoint')
		const dump = await pglite.dumpDataDir('gzip')
		const bytes = Buffer.from(await dump.arrayBuffer())
		fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true })
		// Written aside, then renamed: a half-written file never looks like a backup.
		fs.writeFileSync(`${outFile}.partial`, bytes, { mode: 0o600 })
		fs.renameSync(`${outFile}.partial`, outFile)
		return { file: outFile, bytes: bytes.length }
	} finally {
		await pglite.close()
	}
}

/**
 * Builds `dataDir` from a dump. An existing database there is kept aside as
 * `<dataDir>.before-restore-<time>` with `force`, and refused without it; so is a folder the
 * server has open (with `force` too: restoring under a running server would corrupt both).
 */
export async function restoreEmbedded(file: string, dataDir: string, options: { force?: boolean } = {}): Promise<{ keptAside: string | null }> {
	if (!fs.existsSync(file)) throw new BackupRefused(`No backup file ${file}.`)
	refuseWhileHeld(dataDir, 'a restore')
	let keptAside: string | null = null
	if (hasFiles(dataDir)) {
		if (!options.force) throw new BackupRefused(`${dataDir} already holds a database. Add --force to keep it aside and restore over it.`)
		keptAside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
		fs.renameSync(dataDir, keptAside)
	}
	const staging = `${dataDir}.restoring`
	fs.rmSync(staging, { recursive: true, force: true })
	fs.mkdirSync(staging, { recursive: true })
	try {
		const pglite = await PGlite.create(staging, { loadDataDir: new Blob([fs.readFileSync(file)]) })
		// Proof that it opens and answers before it takes the folder's place.
		await pglite.query('select count(*) from organizations')
		await pglite.close()
		fs.renameSync(staging, dataDir)
		keepPrivate(dataDir)
	} catch (error) {
		fs.rmSync(staging, { recursive: true, force: true })
		if (keptAside) fs.renameSync(keptAside, dataDir)
		throw error instanceof BackupRefused ? error : new BackupRefused(`That file is not a backup this app can restore: ${error instanceof Error ? error.message : String(error)}`)
	}
	return { keptAside }
}
