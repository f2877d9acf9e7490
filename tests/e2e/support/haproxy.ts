/**
 * HAProxy (Debian's package, /usr/sbin/haproxy) in front of several app instances on loopback:
 * the configuration docs/operations.md shows (health check on /healthz, retries, redispatch),
 * its log read from its stdout, and its runtime socket to drain a server and read the stats CSV.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const HAPROXY = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy'
export const haproxyInstalled = fs.existsSync(HAPROXY)

/** One row of `show stat` (the stats CSV), by column name. */
export type StatRow = Record<string, string>

export interface RunningBalancer {
	url: string
	port: number
	/** The log lines so far, one per request: `<status> <server> <method> <uri>`. */
	logLines: () => string[]
	/**
	 * Log lines HAProxy dropped (`show info` DroppedLogs): it writes its log to stdout without
	 * blocking, so a line is dropped, and counted, when the pipe is full on a busy machine.
	 */
	droppedLogs: () => Promise<number>
	/** A runtime API command (e.g. `set server app/s1 state maint`); its answer. */
	command: (line: string) => Promise<string>
	stats: () => Promise<StatRow[]>
	/** The row of one server (`s0`…), or of FRONTEND / BACKEND. */
	stat: (name: string) => Promise<StatRow>
	stop: () => Promise<void>
	process: ChildProcess
}

/** The configuration: also the example of docs/operations.md, with ports and paths filled in. */
export function haproxyConfig(options: { port: number; servers: { name: string; port: number }[]; socket: string }) {
	return `global
	stats socket ${options.socket} mode 600 level admin
	log stdout format raw local0

defaults
	mode http
	log global
	log-format "%ST %s %HM %HU"
	option http-server-close
	timeout connect 5s
	timeout client 120s
	timeout server 120s
	timeout check 10s
	retries 3
	option redispatch 1
	retry-on conn-failure empty-response response-timeout

frontend web
	bind 127.0.0.1:${options.port}
	default_backend app

backend app
	balance roundrobin
	option httpchk
	http-check send meth GET uri /healthz
	http-check expect status 200
	default-server check inter 1s fall 2 rise 2
${options.servers.map((s) => `\tserver ${s.name} 127.0.0.1:${s.port}`).join('\n')}
`
}

export async function startHaproxy(options: { port: number; servers: { name: string; port: number }[] }): Promise<RunningBalancer> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'son-haproxy-'))
	const socket = path.join(dir, 'admin.sock')
	const config = path.join(dir, 'haproxy.cfg')
	fs.writeFileSync(config, haproxyConfig({ ...options, socket }))
	const child = spawn(HAPROXY, ['-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] })
	let out = ''
	let err = ''
	child.stdout!.on('data', (d) => (out += d))
	child.stderr!.on('data', (d) => (err += d))
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))

	const command = (line: string) =>
		new Promise<string>((resolve, reject) => {
			let answer = ''
			const c = net.connect(socket, () => c.end(`${line}\n`))
			c.on('data', (d) => (answer += d))
			c.on('end', () => resolve(answer))
			c.on('error', reject)
		})
	const stats = async () => {
		const [head, ...rows] = (await command('show stat')).trim().split('\n')
		const names = head!.replace(/^# /, '').split(',')
		return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i]!, v])))
	}
	const deadline = Date.now() + 30_000
	while (!fs.existsSync(socket)) {
		if (child.exitCode !== null) throw new Error(`haproxy exited:\n${err}`)
		if (Date.now() > deadline) throw new Error(`haproxy did not start:\n${err}`)
		await new Promise((r) => setTimeout(r, 100))
	}
	return {
		url: `http://localhost:${options.port}`,
		port: options.port,
		logLines: () => out.split('\n').filter((l) => /^\d{3} /.test(l)),
		droppedLogs: async () => Number((await command('show info')).match(/^DroppedLogs: (\d+)/m)?.[1] ?? 0),
		command,
		stats,
		stat: async (name) => (await stats()).find((r) => r.pxname === 'app' && r.svname === name) ?? (await stats()).find((r) => r.svname === name)!,
		async stop() {
			if (child.exitCode === null) child.kill('SIGTERM')
			await exited
			fs.rmSync(dir, { recursive: true, force: true })
		},
		process: child,
	}
}
