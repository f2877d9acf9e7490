/**
 * The benchmarks' scratch database: a run that keeps it (`npm run bench:dashboard -- --keep`)
 * must still exit. It hung when the admin connection that created the database stayed open
 * until a drop() that a kept run never calls.
 */
import { spawn } from 'node:child_process'

import postgres from 'postgres'
import { expect, test } from 'vitest'

const url = process.env.TEST_DATABASE_URL

test.skipIf(!url)(
	'a process that creates a scratch database and keeps it exits by itself',
	async () => {
		const script = `
			import { scratchDatabase } from './scripts/bench/support.ts'
			const scratch = await scratchDatabase(process.env.SCRATCH_URL, 'son_bench_exit')
			console.log(scratch.name)`
		const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
			env: { ...process.env, SCRATCH_URL: url },
			stdio: ['ignore', 'pipe', 'pipe'],
		})
		let out = ''
		child.stdout.on('data', (d) => (out += d))
		child.stderr.on('data', (d) => (out += d))
		// Creating a database takes a second or two even at load 20; a process still there after a
		// minute is one that does not exit.
		const code = await new Promise<number | 'still running'>((resolve) => {
			const timer = setTimeout(() => {
				child.kill('SIGKILL')
				resolve('still running')
			}, 60_000)
			child.on('exit', (c) => {
				clearTimeout(timer)
				resolve(c ?? -1)
			})
		})
		const name = /son_bench_exit_\d+/.exec(out)?.[0]
		if (name) {
			const admin = postgres(url!, { max: 1, onnotice: () => {} })
			await admin.unsafe(`drop database if exists ${name} with (force)`)
			await admin.end()
		}
		expect(name, out).toBeDefined()
		expect(code, out).toBe(0)
	},
	120_000,
)
