/**
 * `npm run bench:quick-start`: what a newcomer waits for. Clones this repository's committed
 * HEAD into a scratch folder, runs `npm install`, then `npm start`, and polls /healthz (a new
 * connection each time, as uptime checks do) until it has answered 200 for 5 s in a row.
 * Reports the install, the start (build, migrate, seed) and the total, with the start's own
 * phases taken from its log, and the same run's `node -e ''` start-up as a baseline of how busy
 * the machine is. Target: serving steadily within 90 s of `npm install` starting, on a quiet
 * 2-core machine with a warm npm cache.
 * Flags: --cold (an empty npm cache of its own, as on a first install).
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

import { projectRoot } from '../../db/paths'
import { freePort, writeReport } from './support'

const cold = process.argv.includes('--cold')
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'son-quick-start-'))
const clone = path.join(scratch, 'state-of-now')
const seconds = (from: number) => +((performance.now() - from) / 1000).toFixed(1)

function status(url: string): Promise<number> {
	return new Promise((resolve) => {
		const request = http.get(url, { agent: false, timeout: 10_000 }, (response) => {
			response.resume()
			response.on('end', () => resolve(response.statusCode ?? 0))
		})
		request.on('timeout', () => request.destroy())
		request.on('error', () => resolve(0))
	})
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
	return new Promise<{ code: number | null; output: string }>((resolve) => {
		const child = spawn(command, args, { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'] })
		let output = ''
		child.stdout.on('data', (d) => (output += d))
		child.stderr.on('data', (d) => (output += d))
		child.on('exit', (code) => resolve({ code, output }))
	})
}

try {
	let t = performance.now()
	execFileSync(process.execPath, ['-e', ''])
	const nodeBaselineSeconds = (performance.now() - t) / 1000

	execFileSync('git', ['clone', '--quiet', '--no-hardlinks', projectRoot, clone])
	// As a newcomer's shell has it: no NODE_ENV or DATABASE_URL of ours, the clone's own data folder.
	const inherited = Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && name !== 'DATABASE_URL')
	// (NODE_ENV is typed as always present; unset is what a newcomer has, and what keeps npm
	// install from leaving out the dev dependencies.)
	const env = { ...Object.fromEntries(inherited), DATA_DIR: path.join(clone, 'data') } as unknown as NodeJS.ProcessEnv
	if (cold) env.npm_config_cache = path.join(scratch, 'npm-cache')

	const started = performance.now()
	const install = await run('npm', ['install', '--no-audit', '--no-fund'], env)
	if (install.code !== 0) throw new Error(`npm install failed:\n${install.output}`)
	const installSeconds = seconds(started)
	const installWarnings = install.output.split('\n').filter((l) => l.startsWith('npm warn')).length

	const port = await freePort()
	t = performance.now()
	const server = spawn('npm', ['start'], {
		cwd: clone,
		env: { ...env, PORT: String(port), APP_URL: `http://localhost:${port}` },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	})
	let log = ''
	const marks: Record<string, number> = {}
	const mark = (name: string, pattern: string) => {
		if (!marks[name] && log.includes(pattern)) marks[name] = seconds(t)
	}
	const onData = (d: Buffer) => {
		log += d
		mark('built', 'Listening on')
		mark('seeded', 'Seeded the demo')
		mark('ready', 'Ready:')
	}
	server.stdout.on('data', onData)
	server.stderr.on('data', onData)

	let firstOk: number | null = null
	let okSince: number | null = null
	let flaps = 0
	const deadline = performance.now() + 600_000
	while (okSince === null || performance.now() - okSince < 5000) {
		if (server.exitCode !== null) throw new Error(`npm start exited:\n${log}`)
		if (performance.now() > deadline) throw new Error(`Not serving after 600 s:\n${log}`)
		const s = await status(`http://localhost:${port}/healthz`)
		if (s === 200) {
			firstOk ??= seconds(t)
			okSince ??= performance.now()
		} else if (okSince !== null) {
			flaps++
			okSince = null
		}
		await new Promise((r) => setTimeout(r, 200))
	}
	const steadySeconds = seconds(t) - 5
	// npm, and the server under it: the whole process group.
	process.kill(-server.pid!, 'SIGTERM')
	await new Promise((r) => server.on('exit', r))

	const report = {
		npmCache: cold ? 'empty' : 'warm',
		installSeconds,
		installWarnings,
		startSeconds: {
			listening: marks.built ?? null,
			seeded: marks.seeded ?? null,
			ready: marks.ready ?? null,
			firstHealthy: firstOk,
			steady: +steadySeconds.toFixed(1),
		},
		healthFlapsAfterFirstOk: flaps,
		totalSeconds: +(installSeconds + steadySeconds).toFixed(1),
		nodeBaselineSeconds: +nodeBaselineSeconds.toFixed(3),
		ratioTotalToNodeStart: +((installSeconds + steadySeconds) / nodeBaselineSeconds).toFixed(0),
		loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
		targets: { totalSeconds: 90, healthFlapsAfterFirstOk: 0 },
	}
	const file = writeReport(cold ? 'quick-start-cold' : 'quick-start', report)
	console.log(JSON.stringify(report, null, 2))
	console.log(`written to ${file}`)
} finally {
	fs.rmSync(scratch, { recursive: true, force: true })
}
