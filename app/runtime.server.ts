/**
 * What the server process does besides answering requests: bring the database up to date,
 * seed the demo on an empty database, run the background jobs, and report its health.
 * The start script reaches this through the server build (`entry.server` re-exports it), so
 * the process holds exactly one database handle.
 */
import { databaseIsEmpty, DEMO_ACCOUNTS, seedDemo } from '~/demo/seed.server'
import { JOBS } from '~/jobs/registry.server'
import { startJobs } from '~/jobs/runner.server'
import { dbHandle, isConnectionError } from '~/utils/db.server'
import { env } from '~/utils/env.server'

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
	if (options.seedWhenEmpty && (await databaseIsEmpty())) {
		await seedDemo()
		log('Seeded the demo organisation "demo". Sign in with:')
		for (const a of DEMO_ACCOUNTS) log(`  ${a.role.padEnd(9)} ${a.email}  ${a.password}`)
	}
	state.ready = true
}

/** Whether boot has finished (migrations applied, demo seeded): a load balancer sends nothing before. */
export const isReady = () => state.ready

/** Still booting with a database that answers (migrating, seeding): pages say "starting", not "unavailable". */
export const isStarting = () => !state.ready && state.available

/**
 * The embedded database is migrated before the server listens: PGlite runs on this thread, so
 * while it opens and migrates no request could be answered anyway, and a port that is closed
 * until then says "not up yet" more plainly than connections that hang and are then reset.
 */
export async function migrateEmbedded() {
	await dbHandle().migrate()
	state.migrated = true
}

/** Starts the background jobs of the registry; each run is awaited by shutdown before the database closes. */
export function startBackgroundJobs(log: Log) {
	if (!env().BACKGROUND_JOBS) return
	state.timers.push(
		...startJobs(JOBS, {
			log,
			mayRun: () => !state.stopping && state.migrated,
			onConnectionError: () => {
				state.available = false
			},
			track: (run) => {
				state.running.add(run)
				void run.finally(() => state.running.delete(run))
			},
		}),
	)
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
