/**
 * The Citus step of the migrator. drizzle-kit knows nothing of Citus, so after the SQL migrations
 * (on the coordinator) this step places every table, and runs only when the `citus` extension is
 * present:
 *
 * - tenant tables (every table with an `org_id` not listed below) are distributed by `org_id`,
 *   all co-located, so a query of one organisation runs on one node and keys between tenant
 *   tables hold shard by shard;
 * - `organizations` and the global lookups (`sso_domains`, found by domain before the
 *   organisation is known) are reference tables, copied to every node;
 * - `sign_in_throttle` stays a plain table on the coordinator: its keys are addresses across
 *   organisations, and its upsert computes timestamps Citus will not replicate.
 *
 * Distributing a table that has foreign keys to `organizations` is refused (Citus would first
 * have made it a "Citus local" table), so the keys touching a table being placed are dropped,
 * the tables placed, and the keys re-added — in one transaction. It is idempotent: a table
 * already where it belongs is left alone, so a later migration's new table is placed at the next
 * start. Every unique key of a distributed table must include org_id (Citus enforces uniqueness
 * shard by shard); tests/integration/schema.test.ts checks that on every database.
 */
import type postgres from 'postgres'

export const REFERENCE_TABLES = ['organizations', 'sso_domains'] as const
export const COORDINATOR_LOCAL_TABLES = ['sign_in_throttle'] as const
export const DISTRIBUTION_COLUMN = 'org_id'

type Placement = 'distributed' | 'reference' | 'local'

/** Where a table of the public schema belongs; null for a table the app does not own. */
export function placementOf(table: string, columns: readonly string[]): Placement | null {
	if ((REFERENCE_TABLES as readonly string[]).includes(table)) return 'reference'
	if ((COORDINATOR_LOCAL_TABLES as readonly string[]).includes(table)) return 'local'
	return columns.includes(DISTRIBUTION_COLUMN) ? 'distributed' : null
}

export async function hasCitus(sql: postgres.Sql): Promise<boolean> {
	const rows = await sql`select 1 from pg_extension where extname = 'citus'`
	return rows.length > 0
}

/** Places every table; returns the tables it moved (empty when all were in place). */
export async function applyCitusPlacement(sql: postgres.Sql): Promise<string[]> {
	if (!(await hasCitus(sql))) return []
	const tables = await sql<{ name: string; columns: string[]; method: string | null; model: string | null }[]>`
		select c.relname as name,
			array(select a.attname::text from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
			p.partmethod::text as method, p.repmodel::text as model
		from pg_class c
		join pg_namespace n on n.oid = c.relnamespace
		left join pg_dist_partition p on p.logicalrelid = c.oid
		where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
		order by c.relname`
	const current = (t: (typeof tables)[number]): Placement => (t.method === 'h' ? 'distributed' : t.method === 'n' && t.model === 't' ? 'reference' : 'local')
	const isCitusLocal = (t: (typeof tables)[number]) => t.method === 'n' && t.model !== 't'
	// SET LOCAL inside a transaction goes on to the workers it touches (the audit log's retention
	// sets son.audit_retention for the triggers on the shards; work_mem and jit follow too).
	const [database] = await sql<{ db: string }[]>`select current_database() as db`
	await sql.unsafe(`alter database ${ident(database!.db)} set citus.propagate_set_commands to 'local'`)
	const pending = tables.filter((t) => {
		const want = placementOf(t.name, t.columns)
		if (want === null) return false
		// A plain local table is what 'local' means; a "Citus local" one (made so by a key to a
		// reference table) is turned back into a plain one.
		return want !== current(t) || (want === 'local' && isCitusLocal(t))
	})
	if (!pending.length) return []
	const anchor = tables.find((t) => current(t) === 'distributed')?.name
	const names = pending.map((t) => t.name)

	await sql.begin(async (tx) => {
		// DDL on many shards in one transaction: Citus asks for one connection per node.
		await tx`set local citus.multi_shard_modify_mode to 'sequential'`
		// The audit log's append-only triggers: created on every shard (the functions they call
		// are propagated with them).
		await tx`set local citus.enable_unsafe_triggers to on`
		const keys = await tx<{ owner: string; name: string; definition: string }[]>`
			select k.conrelid::regclass::text as owner, k.conname as name, pg_get_constraintdef(k.oid) as definition
			from pg_constraint k
			where k.contype = 'f'
				and (k.conrelid::regclass::text = any(${names}) or k.confrelid::regclass::text = any(${names}))
			order by k.conname`
		for (const k of keys) await tx.unsafe(`alter table ${ident(k.owner)} drop constraint ${ident(k.name)}`)
		for (const t of pending) {
			const still = await tx`
				select 1 from pg_dist_partition where logicalrelid = ${t.name}::regclass and partmethod = 'n' and repmodel <> 't'`
			if (still.length) await tx`select undistribute_table(${t.name}::regclass)`
		}
		for (const t of pending) {
			if (placementOf(t.name, t.columns) === 'reference') await tx`select create_reference_table(${t.name}::regclass)`
		}
		let colocateWith = anchor ?? 'default'
		for (const t of pending) {
			if (placementOf(t.name, t.columns) !== 'distributed') continue
			await tx`select create_distributed_table(${t.name}::regclass, ${DISTRIBUTION_COLUMN}, colocate_with => ${colocateWith})`
			if (colocateWith === 'default') colocateWith = t.name
		}
		for (const k of keys) await tx.unsafe(`alter table ${ident(k.owner)} add constraint ${ident(k.name)} ${k.definition}`)
	})
	return names
}

function ident(name: string): string {
	return `"${name.replaceAll('"', '""')}"`
}
