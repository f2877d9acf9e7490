/**
 * What the server process does besides answering requests: bring the database up to date,
 * seed the demo on an empty database, run the background jobs, and report its health.
 * The start script reaches this through the server build (`entry.server` re-exports it), so
 * the process holds exactly one database handle.
 */
import { purgeAllExpired } from '~/audit/retention.server'
import { deleteStaleSessions } from '~/auth/sessions.server'
import { databaseIsEmpty, DEMO_ACCOUNTS, seedDemo } from '~/demo/seed.server'
import { deleteStaleSsoLogins } from '~/identity/oidc.server'
import { refreshAllWeekly } from '~/metrics/weekly.server'
import { deliverDueMail } from '~/notifications/mail.server'
import { schedulerTick } from '~/pulses/scheduler.server'
import { recomputeStaleCulture } from '~/reports/rollups.server'
import { db, dbHandle } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { isConnectionError } from '~db/client'

type Log = (message: string) => void

const state = {
	migrated: false,
	/** Migrated and, where asked, seeded: until then every page (and /healthz) says "starting". */
	ready: false,
	available: true,
	checkedAt: 0,
	checking: undefined as Promise<boolean> | undefined,
	timers: [] as NodeJS.Timeout[],
	running: new Set<Promise<unknown>>(),
	stopping: false,
}

/**
 * Migrates (retrying while the database is unreachable, so a server started before its
 * database recovers by itself), then seeds the demo organisation when the database is empty.
 */
export async function boot(options: { seedWhenEmpty: boolean; log: Log }) {
	const { log } = options
	for (let attempt = 1; !state.migrated && !state.stopping; attempt++) {
		try {
			await dbHandle().migrate()
			state.migrated = true
			state.available = true
			break
		} catch (error) {
			if (!isConnectionError(error)) throw error
			state.available = false
			if (attempt === 1) log('The database is not answering; pages answer 503 until it does. Retrying…')
			await new Promise((r) => setTimeout(r, 2000))
		}
	}
	if (options.seedWhenEmpty && (await databaseIsEmpty(db()))) {
		await seedDemo(db())
		log('Seeded the demo organisation "demo". Sign in with:')
		for (const a of DEMO_ACCOUNTS) log(`  ${a.role.padEnd(9)} ${a.email}  ${a.password}`)
	}
	state.ready = true
}

/** Whether boot has finished (migrations applied, demo seeded): a load balancer sends nothing before. */
export const isReady = () => state.ready

/**
 * The embedded database is migrated before the server listens: PGlite runs on this thread, so
 * while it opens and migrates no request could be answered anyway, and a port that is closed
 * until then says "not up yet" more plainly than connections that hang and are then reset.
 */
export async function migrateEmbedded() {
	await dbHandle().migrate()
	state.migrated = true
}

/** Starts the periodic jobs; each run is awaited by shutdown before the database closes. */
export function startBackgroundJobs(log: Log) {
	if (!env().BACKGROUND_JOBS) return
	const every = (ms: number, name: string, job: () => Promise<unknown>) => {
		let busy = false
		state.timers.push(
			setInterval(() => {
				if (busy || state.stopping || !state.migrated) return
				busy = true
				const run = job()
					.catch((error) => {
						if (isConnectionError(error)) state.available = false
						else log(`${name} failed: ${error instanceof Error ? error.message : String(error)}`)
					})
					.finally(() => {
						busy = false
						state.running.delete(run)
					})
				state.running.add(run)
			}, ms),
		)
	}
	every(3000, 'mail delivery', () => deliverDueMail())
	every(env().SCHEDULER_INTERVAL_SECONDS * 1000, 'scheduler', () => schedulerTick())
	every(5000, 'weekly metrics refresh', () => refreshAllWeekly())
	every(5000, 'culture index recompute', () => recomputeStaleCulture())
	every(3_600_000, 'session clean-up', () => deleteStaleSessions())
	every(3_600_000, 'single sign-on clean-up', () => deleteStaleSsoLogins())
	// Retention is counted in months: hourly is more than daily enough, and idempotent (indexed cut-offs).
	every(3_600_000, 'retention', () => purgeAllExpired())
}

/**
 * Whether the database answers, checked at most once a second (and at once while it is
 * known to be down), so a stopped database turns into a 503 within the ping timeout.
 */
export async function databaseAvailable(): Promise<boolean> {
	if (!state.ready) return false
	if (state.available && Date.now() - state.checkedAt < 1000) return true
	state.checking ??= dbHandle()
		.ping(2000)
		.then(
			() => true,
			() => false,
		)
		.then((ok) => {
			state.available = ok
			state.checkedAt = Date.now()
			state.checking = undefined
			return ok
		})
	return state.checking
}

/** Called by the server's error handler: a connection error marks the database as down. */
export function noteError(error: unknown) {
	if (isConnectionError(error)) state.available = false
}

export async function shutdown() {
	state.stopping = true
	for (const t of state.timers) clearInterval(t)
	await Promise.allSettled([...state.running])
	await dbHandle().close()
}
