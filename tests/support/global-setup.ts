/**
 * Prepares one migrated database that every test file copies: a PGlite data folder dump
 * (a copy loads in about half a second), or, with TEST_DATABASE_URL, a PostgreSQL template
 * database (CREATE DATABASE … TEMPLATE is a file copy). When TEST_DATABASE_URL is a Citus
 * coordinator there is no template (a copy would miss the workers' shards): each file builds its
 * own distributed database (tests/support/citus.ts).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'

import { openDatabase } from '../../db/client'
import { citusWorkers } from './citus'

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string
		postgresTemplate: string
		/** JSON of the Citus workers ([{ host, port }]), '' when not on Citus. */
		citusWorkers: string
	}
}

export default async function setup(project: TestProject) {
	const url = process.env.TEST_DATABASE_URL
	if (url) {
		const workers = await citusWorkers(url)
		project.provide('citusWorkers', workers ? JSON.stringify(workers) : '')
		if (workers) {
			project.provide('postgresTemplate', '')
			project.provide('pgliteTemplate', '')
			return
		}
		const name = `son_tmpl_${process.pid}_${Date.now()}`
		const admin = postgres(url, { max: 1, onnotice: () => {} })
		await admin.unsafe(`create database ${name}`)
		const handle = openDatabase({ url: withDatabase(url, name), max: 1 })
		await handle.migrate()
		await handle.close()
		project.provide('postgresTemplate', name)
		project.provide('pgliteTemplate', '')
		return async () => {
			await admin.unsafe(`drop database if exists ${name} with (force)`)
			await admin.end()
		}
	}
	project.provide('citusWorkers', '')
	const pglite = await PGlite.create()
	const handle = openDatabase({ pglite })
	await handle.migrate()
	const dump = await pglite.dumpDataDir('none')
	await pglite.close()
	const file = path.join(os.tmpdir(), `son-template-${process.pid}.tar`)
	fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
	project.provide('pgliteTemplate', file)
	project.provide('postgresTemplate', '')
	return () => fs.rmSync(file, { force: true })
}

export function withDatabase(url: string, database: string) {
	const u = new URL(url)
	u.pathname = `/${database}`
	return u.toString()
}
