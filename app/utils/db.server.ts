/**
 * The one way app/ reaches the database (nothing else in app/ imports `~db/client`):
 * - `db()` for a query or to open a transaction: `db().transaction(async (tx) => …)`;
 * - a helper that is one step of its caller's transaction takes `tx: Tx` as its first argument
 *   and never falls back to `db()` (no optional handle: it either runs on its own or inside);
 * - `prepared(sql)` for a hot raw statement of a fixed shape, `resultRows` to read a raw result;
 * - `dbHandle()` only for the server's life (migrate, ping, close): runtime.server.ts, /healthz.
 * The architecture test keeps it so.
 */
import path from 'node:path'

import type { SQL } from 'drizzle-orm'

import { type Database, type DbHandle, isConnectionError, openDatabase, resultRows } from '~db/client'

import { env } from './env.server'

/** The database or the caller's transaction: the first argument of a helper that runs inside one. */
export type Tx = Database

export { isConnectionError, resultRows }

// One handle per process. Kept on globalThis so that a rebuilt server bundle in development
// reuses it instead of opening the embedded database a second time.
const holder = globalThis as typeof globalThis & { __stateOfNowDb?: DbHandle }

/** The handle for this process, opened on first use from the environment. Its life only: migrate, ping, close. */
export function dbHandle(): DbHandle {
	if (!holder.__stateOfNowDb) {
		const e = env()
		holder.__stateOfNowDb = e.DATABASE_URL ? openDatabase({ url: e.DATABASE_URL, max: e.DATABASE_POOL_MAX }) : openDatabase({ dataDir: path.join(e.DATA_DIR, 'pgdata') })
	}
	return holder.__stateOfNowDb
}

export function db(): Database {
	return dbHandle().db
}

/** One raw statement run prepared (one round trip on PostgreSQL); see `DbHandle.prepared`. */
export function prepared<T = Record<string, unknown>>(statement: SQL): Promise<T[]> {
	return dbHandle().prepared<T>(statement)
}

/** Tests and scripts install a handle they opened themselves. */
export function installDatabase(handle: DbHandle | undefined) {
	holder.__stateOfNowDb = handle
}
