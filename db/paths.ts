import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The project folder, found from this file whether it runs from source or from build/. */
function findRoot(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url))
	for (let i = 0; i < 6; i++) {
		if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'db'))) return dir
		dir = path.dirname(dir)
	}
	return process.cwd()
}

export const projectRoot = findRoot()
export const migrationsFolder = path.join(projectRoot, 'db', 'migrations')
