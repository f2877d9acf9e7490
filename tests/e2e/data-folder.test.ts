/**
 * The data folder (embedded database, undelivered e-mails) is the server's alone: private from the
 * first start, and a folder an earlier version left world-readable is closed at start.
 */
import fs from 'node:fs'
import path from 'node:path'

import { afterAll, expect, test } from 'vitest'

import { type RunningServer, startServer, WITH_SERVER_START_MS } from './support/server'

const servers: RunningServer[] = []
afterAll(async () => {
	for (const s of servers) await s.stop()
})

/** Paths under `dir` whose mode is not 0700 (folders) or 0600 (files), with their mode. */
function notPrivate(dir: string): string[] {
	const out: string[] = []
	const walk = (p: string) => {
		const s = fs.lstatSync(p)
		const mode = s.mode & 0o777
		if (s.isDirectory()) {
			if (mode !== 0o700) out.push(`${path.relative(dir, p) || '.'} ${mode.toString(8)}`)
			for (const name of fs.readdirSync(p)) walk(path.join(p, name))
		} else if (s.isFile() && mode !== 0o600) out.push(`${path.relative(dir, p)} ${mode.toString(8)}`)
	}
	walk(dir)
	return out
}

function openUp(dir: string) {
	const walk = (p: string) => {
		const s = fs.lstatSync(p)
		if (s.isDirectory()) {
			fs.chmodSync(p, 0o777)
			for (const name of fs.readdirSync(p)) walk(path.join(p, name))
		} else if (s.isFile()) fs.chmodSync(p, 0o666)
	}
	walk(dir)
}

test(
	'the first start leaves the database folder private; a start on a world-readable folder closes it',
	async () => {
		const env = { BACKGROUND_JOBS: '0' }
		const first = await startServer({ env, args: ['--no-seed'] })
		servers.push(first)
		const dataDir = first.dataDir
		expect(fs.readdirSync(path.join(dataDir, 'pgdata')).length, 'the embedded database was created').toBeGreaterThan(10)
		// PGlite makes its files 0666 on its own; the server sets them right once it has migrated.
		expect(notPrivate(dataDir)).toEqual([])
		expect(await first.stop()).toBe(0)

		// As an earlier version left it: every file 0666, every folder 0777, an e-mail 0644.
		fs.mkdirSync(path.join(dataDir, 'mail'), { recursive: true })
		fs.writeFileSync(path.join(dataDir, 'mail', 'old-reset.eml'), 'a live password link')
		openUp(dataDir)
		fs.chmodSync(path.join(dataDir, 'mail', 'old-reset.eml'), 0o644)
		expect(notPrivate(dataDir).length).toBeGreaterThan(100)

		const second = await startServer({ env, args: ['--no-seed'], dataDir })
		servers.push(second)
		expect(notPrivate(dataDir)).toEqual([])
		expect(second.output()).toMatch(/Made \d+ files and folders in .* readable by this account only/)
		expect((await fetch(`${second.url}/healthz`)).status).toBe(200)
	},
	2 * WITH_SERVER_START_MS,
)
