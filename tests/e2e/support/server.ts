/** Starts the built app as `npm start` does, on a free port with its own data folder. */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export interface RunningServer {
	url: string
	port: number
	dataDir: string
	process: ChildProcess
	output: () => string
	stop(signal?: NodeJS.Signals): Promise<number | null>
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer()
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo
			s.close(() => resolve(port))
		})
		s.on('error', reject)
	})
}

/**
 * How long a server may take to say it is ready: building, migrating and seeding the demo take
 * about 15 s on an idle 2-core machine and several minutes at load 20 (what CI sees); a deadline
 * is only there so a server that never starts fails the test instead of hanging it.
 */
export const SERVER_START_MS = 300_000
/** The timeout of a hook or test that starts a server (and then does a little more). */
export const WITH_SERVER_START_MS = SERVER_START_MS + 120_000

/**
 * `dataDir`: a folder to start on (default: a new empty one); `args`: flags for scripts/start.mjs,
 * e.g. --no-seed; `port`: a given port (default: a free one), e.g. to restart behind a balancer.
 */
export async function startServer(
	options: { env?: Record<string, string>; waitForReady?: boolean; dataDir?: string; args?: string[]; port?: number } = {},
): Promise<RunningServer> {
	const port = options.port ?? (await freePort())
	const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'son-e2e-'))
	let out = ''
	const child = spawn(process.execPath, ['scripts/start.mjs', ...(options.args ?? [])], {
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(port),
			DATA_DIR: dataDir,
			APP_URL: `http://localhost:${port}`,
			DATABASE_URL: '',
			...options.env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	child.stdout!.on('data', (d) => (out += d))
	child.stderr!.on('data', (d) => (out += d))
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
	const server: RunningServer = {
		url: `http://localhost:${port}`,
		port,
		dataDir,
		process: child,
		output: () => out,
		async stop(signal = 'SIGTERM') {
			if (child.exitCode === null) child.kill(signal)
			return exited
		},
	}
	const deadline = Date.now() + SERVER_START_MS
	const marker = options.waitForReady === false ? 'Listening on' : 'Ready:'
	while (!out.includes(marker)) {
		if (child.exitCode !== null) throw new Error(`The server exited:\n${out}`)
		if (Date.now() > deadline) throw new Error(`The server did not start:\n${out}`)
		await new Promise((r) => setTimeout(r, 100))
	}
	return server
}
