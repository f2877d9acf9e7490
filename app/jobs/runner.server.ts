/**
 * The one runner of the background jobs: a timer per job, never two runs of a job at once in
 * this process, and a failed run retried at a later tick with a pause that doubles.
 */
import { isConnectionError } from '~/utils/db.server'

import type { Job } from './registry.server'

/** How long to wait after `failures` failures in a row before the next run (0 after a success). */
export function backoffMs(job: Pick<Job, 'everyMs' | 'retry'>, failures: number): number {
	if (failures <= 0) return 0
	return Math.min(job.everyMs() * 2 ** (failures - 1), job.retry.maxBackoffMs)
}

export interface RunnerHooks {
	log: (message: string) => void
	/** Whether a run may start now (the server is not stopping, the database is migrated). */
	mayRun: () => boolean
	/** An unreachable database: the health check is told, and the next tick tries again. */
	onConnectionError: () => void
	/** Each run, so shutdown can wait for the ones under way. */
	track: (run: Promise<unknown>) => void
	now?: () => number
}

/** Starts every job on its own interval; returns the timers (shutdown clears them). */
export function startJobs(jobs: readonly Job[], hooks: RunnerHooks): NodeJS.Timeout[] {
	const now = hooks.now ?? Date.now
	return jobs.map((job) => {
		let busy = false
		let failures = 0
		let notBefore = 0
		return setInterval(() => {
			if (busy || !hooks.mayRun() || now() < notBefore) return
			busy = true
			const run = job
				.run()
				.then(() => {
					failures = 0
				})
				.catch((error) => {
					if (isConnectionError(error)) return hooks.onConnectionError()
					failures++
					notBefore = now() + backoffMs(job, failures)
					hooks.log(`${job.name} failed: ${error instanceof Error ? error.message : String(error)}`)
				})
				.finally(() => {
					busy = false
				})
			hooks.track(run)
		}, job.everyMs())
	})
}
