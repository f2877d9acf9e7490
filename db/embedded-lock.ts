/**
 * Who has the embedded database open. PGlite is PostgreSQL inside one process: a second process
 * opening the same data folder would corrupt it, and nothing in PGlite stops it. The server
 * writes `<data folder>.pid` (beside the folder, so it is never part of a backup) while it
 * runs; backup and restore refuse while that process is alive.
 */
import fs from 'node:fs'
import path from 'node:path'

const lockFile = (dataDir: string) => `${path.resolve(dataDir)}.pid`

/** The pid of a live process holding the folder, or null (no lock file, or a stale one). */
export function embeddedHolder(dataDir: string): number | null {
	let pid: number
	try {
		pid = Number(fs.readFileSync(lockFile(dataDir), 'utf8').trim())
	} catch {
		return null
	}
	if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null
	try {
		process.kill(pid, 0)
		return pid
	} catch (error) {
		// EPERM: alive, but someone else's.
		return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null
	}
}

/** Marks the folder as this process's until it exits. */
export function holdEmbedded(dataDir: string) {
	const file = lockFile(dataDir)
	fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
	fs.writeFileSync(file, String(process.pid), { mode: 0o600 })
	process.on('exit', () => {
		try {
			if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file)
		} catch {
			// Already gone, or never ours: nothing to clean up on the way out.
		}
	})
}
