/**
 * The data folder holds the embedded database (every answer), the undelivered e-mails (live pulse
 * and password links) and the connector key: only the account that runs the server may read it.
 * PGlite creates its files 0666 whatever the umask (its file system layer sets the mode itself),
 * so modes are set here: folders 0700, files 0600, on the way in (a folder made by an earlier
 * version is fixed at start) and again once the server has migrated and seeded. Files PGlite adds
 * while running may be 0666, but inside a 0700 folder nobody else can reach them.
 */
import fs from 'node:fs'
import path from 'node:path'

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** Makes `dir` if needed and sets it and everything under it private; answers how many modes it changed. */
export function keepPrivate(dir: string): number {
	const root = path.resolve(dir)
	fs.mkdirSync(root, { recursive: true, mode: PRIVATE_DIR_MODE })
	let changed = 0
	const set = (p: string, mode: number, current: number) => {
		if ((current & 0o777) === mode) return
		fs.chmodSync(p, mode)
		changed++
	}
	const walk = (p: string) => {
		const s = fs.lstatSync(p)
		// A link is followed by nobody here: its target is not ours to change.
		if (s.isSymbolicLink()) return
		if (s.isDirectory()) {
			set(p, PRIVATE_DIR_MODE, s.mode)
			for (const name of fs.readdirSync(p)) walk(path.join(p, name))
		} else if (s.isFile()) set(p, PRIVATE_FILE_MODE, s.mode)
	}
	walk(root)
	return changed
}
