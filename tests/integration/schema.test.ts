/**
 * The schema can be distributed by organisation: every tenant table has org_id, and every
 * primary key, unique constraint and foreign key between tenant tables includes it.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { db } from '~/utils/db.server'
import { COORDINATOR_LOCAL_TABLES, REFERENCE_TABLES } from '~db/citus'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../support/db'

useTestDatabase()

// The tenant root (its id is the org id), the pre-sign-in throttle and the e-mail domains that
// lead to an organisation's single sign-on, documented in db/schema.ts — on Citus the reference
// and coordinator-local tables of db/citus.ts.
const NOT_TENANT = new Set<string>([...REFERENCE_TABLES, ...COORDINATOR_LOCAL_TABLES, '__drizzle_migrations'])

async function rows<T>(query: ReturnType<typeof sql>) {
	return resultRows<T>(await db().execute(query))
}

describe('multi-tenant schema', () => {
	test('every tenant table carries org_id', async () => {
		const tables = await rows<{ table_name: string; has_org: boolean }>(sql`
			select t.table_name, exists (select 1 from information_schema.columns c
				where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'org_id') as has_org
			from information_schema.tables t where t.table_schema = 'public' and t.table_type = 'BASE TABLE'`)
		expect(tables.length).toBeGreaterThan(4)
		const missing = tables.filter((t) => !NOT_TENANT.has(t.table_name) && !t.has_org).map((t) => t.table_name)
		expect(missing).toEqual([])
	})

	test('every primary key, unique constraint and foreign key of a tenant table includes org_id', async () => {
		const constraints = await rows<{ table_name: string; conname: string; contype: string; columns: string[] }>(sql`
			select rel.relname as table_name, con.conname, con.contype::text as contype,
				array(select att.attname::text from unnest(con.conkey) k join pg_attribute att on att.attrelid = con.conrelid and att.attnum = k) as columns
			from pg_constraint con join pg_class rel on rel.oid = con.conrelid join pg_namespace ns on ns.oid = rel.relnamespace
			where ns.nspname = 'public' and con.contype in ('p', 'u', 'f')`)
		const offending = constraints
			.filter((c) => !NOT_TENANT.has(c.table_name))
			// The reference to the organisation itself is org_id alone, which is the point.
			.filter((c) => !c.columns.includes('org_id'))
			.map((c) => `${c.table_name}.${c.conname}`)
		expect(constraints.length).toBeGreaterThan(10)
		expect(offending).toEqual([])
	})

	test('the anonymity threshold can never be stored below 3', async () => {
		await expect(db().execute(sql`insert into organizations (slug, name, anonymity_k) values ('low-k', 'Low', 2)`)).rejects.toThrow()
	})

	test('on Citus: tenant tables are distributed by org_id and co-located, the others reference or local; on PostgreSQL and PGlite, nothing to do', async () => {
		const citus = (await rows<{ n: number }>(sql`select count(*)::int as n from pg_extension where extname = 'citus'`))[0]!.n > 0
		// Elsewhere the migrator's Citus step finds no extension and leaves the tables alone.
		if (!citus) return
		const placed = await rows<{ name: string; method: string | null; model: string | null; column: string | null; colocation: number | null }>(sql`
			select c.relname as name, p.partmethod::text as method, p.repmodel::text as model,
				case when p.partmethod = 'h' then column_to_column_name(p.logicalrelid, p.partkey) end as column, p.colocationid as colocation
			from pg_class c join pg_namespace n on n.oid = c.relnamespace left join pg_dist_partition p on p.logicalrelid = c.oid
			where n.nspname = 'public' and c.relkind = 'r'`)
		const tenant = placed.filter((t) => !NOT_TENANT.has(t.name))
		expect(tenant.length).toBeGreaterThan(30)
		expect(tenant.filter((t) => t.method !== 'h' || t.column !== 'org_id').map((t) => t.name)).toEqual([])
		expect(new Set(tenant.map((t) => t.colocation)).size).toBe(1)
		for (const name of REFERENCE_TABLES) expect(placed.find((t) => t.name === name)).toMatchObject({ method: 'n', model: 't' })
		for (const name of COORDINATOR_LOCAL_TABLES) expect(placed.find((t) => t.name === name)).toMatchObject({ method: null })
		// The keys dropped around distribution are all back.
		const keys = await rows<{ n: number }>(
			sql`select count(*)::int as n from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = 'public' and c.contype = 'f'`,
		)
		expect(keys[0]!.n).toBeGreaterThan(50)
	})
})
