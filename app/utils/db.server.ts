import path from 'node:path'

import { type Database, type DbHandle, openDatabase } from '~db/client'

import { env } from './env.server'

// One handle per process. Kept on globalThis so that a rebuilt server bundle in development
// reuses it instead of opening the embedded database a second time.
const holder = globalThis as typeof globalThis & { __stateOfNowDb?: DbHandle }

/** The handle for this process, opened on first use from the environment. */
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

/** Tests and scripts install a handle they opened themselves. */
export function installDatabase(handle: DbHandle | undefined) {
	holder.__stateOfNowDb = handle
}
