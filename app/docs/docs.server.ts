/** The project's docs as a deployed server has them: read from docs/ under the working folder (where `npm start` runs). */
import fs from 'node:fs/promises'
import path from 'node:path'

const SERVED = { api: 'api.md', method: 'METHOD.md' } as const

export async function readDoc(name: keyof typeof SERVED): Promise<string | null> {
	try {
		return await fs.readFile(path.join(process.cwd(), 'docs', SERVED[name]), 'utf8')
	} catch {
		return null
	}
}
