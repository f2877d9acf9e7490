/**
 * The one database client. `DATABASE_URL` unset → PGlite (embedded PostgreSQL) persisted in a
 * folder; set → a PostgreSQL server through the `postgres` driver. Everything above this file
 * sees the same drizzle `Database` and never knows which one it talks to.
 */

import { PGlite } from '@electric-sql/pglite'
import type { SQL } from 'drizzle-orm'
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'

import { applyCitusPlacement } from './citus'
import { migrationsFolder } from './paths'
import { keepPrivate } from './private-files'
import * as schema from './schema'

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>

export interface DbHandle {
	db: Database
	kind: 'pglite' | 'postgres'
	/**
	 * Runs one raw statement as a prepared statement and returns its rows. On PostgreSQL that is
	 * one round trip: a statement run through drizzle is unnamed, and postgres-js then asks the
	 * server for its parameter types before sending them — two round trips and two socket writes.
	 * For hot statements of a fixed shape only: the driver keeps each distinct text prepared on
	 * each connection.
	 */
	prepared<T = Record<string, unknown>>(statement: SQL): Promise<T[]>
	/** Resolves when `select 1` answers within the time, rejects otherwise. */
	ping(timeoutMs?: number): Promise<void>
	/**
	 * Applies pending migrations; safe to call from several processes at once on PostgreSQL. On a
	 * Citus coordinator it then places the tables (db/citus.ts).
	 */
	migrate(): Promise<void>
	close(): Promise<void>
}

export type OpenOptions = { url: string; max?: number } | { dataDir: string } | { pglite: PGlite }

const dialect = new PgDialect()

// Any key; it only has to be the same for every instance of the app.
const MIGRATION_LOCK = 7_146_003_201

export function openDatabase(options: OpenOptions): DbHandle {
	if ('url' in options) return openPostgres(options.url, options.max)
	const client = 'pglite' in options ? options.pglite : (keepPrivate(options.dataDir), new PGlite(options.dataDir))
	const db = drizzlePglite(client, { schema }) as unknown as Database
	return {
		db,
		kind: 'pglite',
		prepared: async <T>(statement: SQL) => resultRows<T>(await db.execute(statement)),
		// In-process: a slow answer means busy (a release, a seed), not unreachable, so the ping
		// waits its turn; a closed database still fails at once.
		ping: async () => {
			if (client.closed) throw new DatabaseUnavailableError('closed')
			await client.query('select 1')
		},
		migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
		close: async () => {
			if (!client.closed) await client.close()
		},
	}
}

function openPostgres(url: string, max = 10): DbHandle {
	const client = postgres(url, {
		max,
		// A stopped server must turn into a clear 503 quickly, not a hung request.
		connect_timeout: 3,
		idle_timeout: 60,
		onnotice: () => {},
	})
	const db = drizzlePostgres(client, { schema }) as unknown as Database
	return {
		db,
		kind: 'postgres',
		async prepared<T>(statement: SQL) {
			const query = dialect.sqlToQuery(statement)
			return (await client.unsafe(query.sql, query.params as never[], { prepare: true })) as unknown as T[]
		},
		ping: (timeoutMs = 3000) => withTimeout(client`select 1`, timeoutMs).then(() => {}),
		async migrate() {
			// A client of exactly one connection, so the advisory lock and the migration share it
			// and two instances starting together migrate one after the other.
			const single = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} })
			try {
				await single`select pg_advisory_lock(${MIGRATION_LOCK})`
				await migratePostgres(drizzlePostgres(single), { migrationsFolder })
				// On a Citus coordinator: distribute the tenant tables (db/citus.ts); else nothing.
				await applyCitusPlacement(single)
				await single`select pg_advisory_unlock(${MIGRATION_LOCK})`
			} finally {
				await single.end({ timeout: 5 })
			}
		},
		close: () => client.end({ timeout: 5 }),
	}
}

function withTimeout<T>(p: PromiseLike<T>, ms: number): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(new DatabaseUnavailableError('timed out')), ms)
		Promise.resolve(p).then(
			(v) => (clearTimeout(timer), resolve(v)),
			(e) => (clearTimeout(timer), reject(e)),
		)
	})
}

export class DatabaseUnavailableError extends Error {
	constructor(reason: string) {
		super(`The database is not answering (${reason}).`)
		this.name = 'DatabaseUnavailableError'
	}
}

const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'ETIMEDOUT',
	'EPIPE',
	'CONNECT_TIMEOUT',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'57P01', // admin_shutdown
	'57P02', // crash_shutdown
	'57P03', // cannot_connect_now
])

/** True when an error (or its cause) means the database cannot be reached, not a bad query. */
export function isConnectionError(error: unknown): boolean {
	for (let e = error, depth = 0; e && depth < 5; depth++) {
		if (e instanceof DatabaseUnavailableError) return true
		const code = (e as { code?: unknown }).code
		if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true
		e = (e as { cause?: unknown }).cause
	}
	return false
}

/** The rows of a raw `db.execute`: postgres-js returns an array, PGlite `{ rows }`. */
export function resultRows<T>(result: unknown): T[] {
	return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? [])
}
