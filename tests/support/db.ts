/**
 * A fresh database for one test file, copied from the migrated template and installed as the
 * app's database: `useTestDatabase()` at the top of a file that touches the database.
 */
import fs from 'node:fs'

import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { afterAll, beforeAll, inject } from 'vitest'

import { installDatabase } from '~/utils/db.server'
import { type DbHandle, openDatabase } from '~db/client'

import { type CitusNode, createCitusDatabase, dropCitusDatabase } from './citus'
import { withDatabase } from './global-setup'

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL)

export async function openTestDatabase(): Promise<DbHandle & { drop(): Promise<void> }> {
	const citus = inject('citusWorkers')
	if (citus) {
		const url = process.env.TEST_DATABASE_URL!
		const workers = JSON.parse(citus) as CitusNode[]
		const name = `son_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
		const handle = openDatabase({ url: await createCitusDatabase(url, workers, name), max: 4 })
		await handle.migrate()
		return {
			...handle,
			async drop() {
				await handle.close()
				await dropCitusDatabase(url, workers, name)
			},
		}
	}
	const pgTemplate = inject('postgresTemplate')
	if (pgTemplate) {
		const url = process.env.TEST_DATABASE_URL!
		const name = `son_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
		const admin = postgres(url, { max: 1, onnotice: () => {} })
		await admin.unsafe(`create database ${name} template ${pgTemplate}`)
		const handle = openDatabase({ url: withDatabase(url, name), max: 4 })
		return {
			...handle,
			async drop() {
				await handle.close()
				await admin.unsafe(`drop database if exists ${name} with (force)`)
				await admin.end()
			},
		}
	}
	const dump = fs.readFileSync(inject('pgliteTemplate'))
	const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) })
	const handle = openDatabase({ pglite })
	return { ...handle, drop: () => handle.close() }
}

export function useTestDatabase() {
	let handle: Awaited<ReturnType<typeof openTestDatabase>> | undefined
	beforeAll(async () => {
		handle = await openTestDatabase()
		installDatabase(handle)
	})
	afterAll(async () => {
		installDatabase(undefined)
		await handle?.drop()
	})
	return {
		get handle() {
			if (!handle) throw new Error('The test database is opened in beforeAll.')
			return handle
		},
	}
}
