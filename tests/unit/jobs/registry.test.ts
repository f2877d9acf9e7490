/** One registry of background jobs, one runner: the list, what each says about itself, and the runner's retries. */
import fs from 'node:fs'
import path from 'node:path'

import { afterEach, describe, expect, it, vi } from 'vitest'

import { type Job, JOBS } from '~/jobs/registry.server'
import { backoffMs, startJobs } from '~/jobs/runner.server'

import { sourceFiles } from '../../support/imports'

describe('the jobs registry', () => {
	it('lists every background job of the server', () => {
		expect(JOBS.map((j) => j.name)).toEqual([
			'mail delivery',
			'scheduler',
			'weekly metrics refresh',
			'culture index recompute',
			'connector backfill',
			'session clean-up',
			'sign-in throttle clean-up',
			'single sign-on clean-up',
			'retention',
		])
	})

	it('says for each what it does, how often, why it runs once across instances, how it retries and what it logs', () => {
		for (const job of JOBS) {
			expect(job.what.length, job.name).toBeGreaterThan(20)
			expect(job.onceAcrossInstances.length, job.name).toBeGreaterThan(20)
			expect(job.logs.length, job.name).toBeGreaterThan(10)
			expect(job.everyMs(), job.name).toBeGreaterThan(0)
			expect(job.retry.maxBackoffMs, job.name).toBeGreaterThanOrEqual(job.everyMs())
		}
	})

	it('the runner is the only timer of the server code', () => {
		const app = path.resolve(__dirname, '../../../app')
		const timers = sourceFiles(app)
			.filter((f) => f.endsWith('.server.ts'))
			.filter((f) => !f.endsWith(path.join('jobs', 'runner.server.ts')))
			.filter((f) => /\bsetInterval\(/.test(fs.readFileSync(f, 'utf8')))
			.map((f) => path.relative(app, f))
		expect(timers).toEqual([])
	})
})

describe('the runner', () => {
	afterEach(() => {
		vi.useRealTimers()
	})

	it('backs off after failures in a row, doubling up to the cap', () => {
		const job = { everyMs: () => 1000, retry: { maxBackoffMs: 5000 } }
		expect([0, 1, 2, 3, 4, 10].map((n) => backoffMs(job, n))).toEqual([0, 1000, 2000, 4000, 5000, 5000])
	})

	/** Runs `job` on the runner for `ticks` intervals of fake time; returns the minute of each run and the log. */
	async function runFor(job: Omit<Job, 'run'>, outcomes: (Error | null)[], ticks: number) {
		vi.useFakeTimers()
		const runsAt: number[] = []
		const log: string[] = []
		let i = 0
		const timers = startJobs(
			[
				{
					...job,
					run: async () => {
						runsAt.push(Date.now())
						const outcome = outcomes[i++] ?? null
						if (outcome) throw outcome
					},
				},
			],
			{ log: (m) => log.push(m), mayRun: () => true, onConnectionError: () => log.push('database down'), track: () => {} },
		)
		const start = Date.now()
		for (let t = 0; t < ticks; t++) await vi.advanceTimersByTimeAsync(job.everyMs())
		for (const t of timers) clearInterval(t)
		return { runs: runsAt.map((at) => (at - start) / job.everyMs()), log }
	}

	const job: Omit<Job, 'run'> = { name: 'probe', what: '', everyMs: () => 1000, onceAcrossInstances: '', retry: { maxBackoffMs: 4000 }, logs: '' }

	it('retries a failed run after a pause that doubles, and runs every tick again after a success', async () => {
		const boom = new Error('boom')
		const { runs, log } = await runFor(job, [boom, boom, null, null], 12)
		// Fails at tick 1 (wait 1 s: tick 2), fails at tick 2 (wait 2 s: tick 4), succeeds at 4, then every tick.
		expect(runs.slice(0, 5)).toEqual([1, 2, 4, 5, 6])
		expect(log).toEqual(['probe failed: boom', 'probe failed: boom'])
	})

	it('an unreachable database is not a failure: the next tick tries again, and the health check is told', async () => {
		const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
		const { runs, log } = await runFor(job, [down, down, null], 4)
		expect(runs).toEqual([1, 2, 3, 4])
		expect(log).toEqual(['database down', 'database down'])
	})
})
