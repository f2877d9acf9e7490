/** Shared by the benchmarks: a scratch database, the built server, timing and the report. */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'

import postgres from 'postgres'

import { projectRoot } from '../../db/paths'

/** `--name N` from the command line: a whole number ≥ 1, or the fallback; anything else stops with a message. */
export function countFlag(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`)
	if (i < 0) return fallback
	const value = Number(process.argv[i + 1])
	if (!Number.isInteger(value) || value < 1) {
		console.error(`--${name} takes a whole number of at least 1, not "${process.argv[i + 1] ?? ''}".`)
		process.exit(2)
	}
	return value
}

export function requireDatabaseUrl(): string {
	const url = process.env.DATABASE_URL
	if (!url) {
		console.error('Set DATABASE_URL to a PostgreSQL server (the benchmark creates and drops its own database there).')
		process.exit(2)
	}
	return url
}

/** A fresh database on the server of `url` (or the existing one named `reuse`), dropped by `drop()`. */
export async function scratchDatabase(url: string, benchPrefix: string, reuse: string | null = null) {
	// BENCH_DATABASE_PREFIX renames the leading "son_bench" (several people sharing one server).
	const prefix = benchPrefix.replace(/^son_bench/, process.env.BENCH_DATABASE_PREFIX ?? 'son_bench')
	const seedPrefix = 'son_bench_seed'.replace(/^son_bench/, process.env.BENCH_DATABASE_PREFIX ?? 'son_bench')
	// The name goes into CREATE/DROP DATABASE: only names this function makes are accepted back.
	// (A large organisation kept by `bench:seed -- --people N --keep` is accepted too.)
	if (reuse !== null && !new RegExp(`^(${prefix}|${seedPrefix})_\\d+$`).test(reuse)) {
		console.error(`--reuse takes a database a --keep run of this benchmark (or of bench:seed) left, named like ${prefix}_1234567890123.`)
		process.exit(2)
	}
	const name = reuse ?? `${prefix}_${Date.now()}`
	// One short-lived admin connection per statement: one held open until drop() would keep the
	// process alive after a --keep run, which never drops.
	const asAdmin = async (statement: string) => {
		const admin = postgres(url, { max: 1, onnotice: () => {} })
		try {
			await admin.unsafe(statement)
		} finally {
			await admin.end()
		}
	}
	if (!reuse) await asAdmin(`create database ${name}`)
	const u = new URL(url)
	u.pathname = `/${name}`
	return {
		name,
		url: u.toString(),
		drop: () => asAdmin(`drop database if exists ${name} with (force)`),
	}
}

export async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo
			s.close(() => resolve(port))
		})
	})
}

/** Builds if needed and starts the app as `npm start` does, on a database of ours. */
export async function startApp(databaseUrl: string, workers = 1) {
	spawnSync(process.execPath, ['scripts/start.mjs', '--build-only'], { cwd: projectRoot, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } })
	const port = await freePort()
	// BENCH_PROFILE_DIR=/some/dir writes a CPU profile of the app process there.
	const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []
	// The benchmarks measure throughput, not the per-key rate limit: it is lifted (unless set).
	// What `npm start` runs: the server built to plain JavaScript (scripts/start.mjs).
	const child = spawn(process.execPath, [...profile, 'scripts/start.mjs', '--no-seed'], {
		cwd: projectRoot,
		env: {
			API_RATE_LIMIT_PER_MINUTE: '1000000',
			...process.env,
			NODE_ENV: 'production',
			PORT: String(port),
			DATABASE_URL: databaseUrl,
			BACKGROUND_JOBS: '0',
			APP_URL: `http://localhost:${port}`,
			WEB_CONCURRENCY: String(workers),
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let out = ''
	child.stdout.on('data', (d) => (out += d))
	child.stderr.on('data', (d) => (out += d))
	const deadline = Date.now() + 60_000
	while ((out.match(/Ready:/g) ?? []).length < workers) {
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The app did not start:\n${out}`)
		await new Promise((r) => setTimeout(r, 100))
	}
	return {
		url: `http://localhost:${port}`,
		output: () => out,
		/** Peak resident memory of the server process so far, in MB (Linux; null elsewhere or with several workers). */
		peakRssMb: () => {
			if (workers > 1) return null
			try {
				const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]
				return kb ? Math.round(Number(kb) / 1024) : null
			} catch {
				return null
			}
		},
		/** CPU seconds (user + system) the server process has used so far (Linux; 0 elsewhere). */
		cpuSeconds: () => processCpuSeconds(child.pid),
		stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
	}
}

/** CPU seconds (user + system) a process has used so far (Linux; 0 elsewhere or when it is gone). */
export function processCpuSeconds(pid: number | undefined): number {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
		return (Number(fields[11]) + Number(fields[12])) / 100 // utime + stime, in clock ticks of 1/100 s
	} catch {
		return 0
	}
}

/**
 * CPU seconds used so far by the PostgreSQL server processes serving database `name` (they must
 * be on this machine): a baseline from `databaseCpu(name)` and the total since from `.since()`.
 */
export async function databaseCpu(admin: postgres.Sql, name: string) {
	const pids = async () => (await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name}`).map((r) => r.pid)
	const before = new Map((await pids()).map((pid) => [pid, processCpuSeconds(pid)]))
	return {
		async since() {
			let total = 0
			for (const pid of await pids()) total += processCpuSeconds(pid) - (before.get(pid) ?? 0)
			return total
		},
	}
}

/** Runs `jobs` through `concurrency` workers; returns each job's latency in ms. */
export async function runConcurrently<T>(jobs: T[], concurrency: number, run: (job: T) => Promise<void>) {
	const latencies: number[] = []
	let next = 0
	const started = performance.now()
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < jobs.length) {
				const job = jobs[next++]!
				const t = performance.now()
				await run(job)
				latencies.push(performance.now() - t)
			}
		}),
	)
	return { seconds: (performance.now() - started) / 1000, latencies }
}

export function percentile(values: number[], p: number) {
	const sorted = [...values].sort((a, b) => a - b)
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

export function writeReport(name: string, report: Record<string, unknown>) {
	const dir = path.join(projectRoot, 'bench-results')
	fs.mkdirSync(dir, { recursive: true })
	const file = path.join(dir, `${name}.json`)
	fs.writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), ...report }, null, 2)}\n`)
	return file
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })

/** A lean HTTP client for load (node:http with keep-alive; fetch costs the client more CPU). */
export function httpRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
	return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
		const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (res) => {
			let body = ''
			res.setEncoding('utf8')
			res.on('data', (c) => (body += c))
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
		})
		req.on('error', reject)
		if (options.body) req.end(options.body)
		else req.end()
	})
}
