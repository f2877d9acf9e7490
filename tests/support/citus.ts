/**
 * A test database on a Citus cluster. Copying a template copies the coordinator only (the shards
 * live on the workers), so each test file gets a database created on every node, joined into a
 * cluster of its own and migrated (the migrator distributes the tables). TEST_DATABASE_URL names a
 * database of the coordinator that has the `citus` extension (`cluster.sh start DIR` makes one);
 * its pg_dist_node gives the workers.
 */
import postgres from 'postgres'

export interface CitusNode {
	host: string
	port: number
}

const quiet = { max: 1, onnotice: () => {} } as const
/** An advisory lock key of the test harness: joining a database's workers, one file at a time. */
const ADD_NODE_LOCK = 7_382_401

/** The workers of the cluster behind `url`, or null when its database has no Citus. */
export async function citusWorkers(url: string): Promise<CitusNode[] | null> {
	const sql = postgres(url, quiet)
	try {
		const [ext] = await sql`select 1 as yes from pg_extension where extname = 'citus'`
		if (!ext) return null
		const nodes = await sql<{ host: string; port: number }[]>`
			select nodename as host, nodeport as port from pg_dist_node
			where groupid <> 0 and noderole = 'primary' order by nodeid`
		return nodes.map((n) => ({ host: n.host, port: Number(n.port) }))
	} finally {
		await sql.end({ timeout: 5 })
	}
}

function nodeUrl(url: string, node: CitusNode | null, database: string): string {
	const u = new URL(url)
	u.pathname = `/${database}`
	if (node) {
		u.hostname = node.host
		u.port = String(node.port)
	}
	return u.toString()
}

async function onNode<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
	const sql = postgres(url, quiet)
	try {
		return await fn(sql)
	} finally {
		await sql.end({ timeout: 5 })
	}
}

/**
 * Creates `name` on the coordinator and every worker with the extension, and joins the workers.
 * Few shards per table (the tests hold a handful of rows; 32 shards per table per database would
 * make every file's migration slow), still spread over both workers.
 */
export async function createCitusDatabase(url: string, workers: CitusNode[], name: string): Promise<string> {
	const coordinator = new URL(url)
	for (const node of [null, ...workers]) {
		await onNode(nodeUrl(url, node, 'postgres'), (sql) => sql.unsafe(`create database ${name}`))
		await onNode(nodeUrl(url, node, name), (sql) => sql`create extension if not exists citus`)
	}
	// Adding a node writes the current role into that worker's shared catalog: two files adding
	// nodes at once collided there ("tuple concurrently updated", then "failure on connection
	// marked as essential"). One file at a time, under an advisory lock in the coordinator's
	// `postgres` database, which every file's lock shares (one connection: max 1).
	await onNode(nodeUrl(url, null, 'postgres'), async (lock) => {
		await lock`select pg_advisory_lock(${ADD_NODE_LOCK})`
		try {
			await onNode(nodeUrl(url, null, name), async (sql) => {
				await sql.unsafe(`alter database ${name} set citus.shard_count = 4`)
				await sql`select citus_set_coordinator_host(${coordinator.hostname}, ${Number(coordinator.port || 5432)})`
				for (const w of workers) await sql`select citus_add_node(${w.host}, ${w.port})`
			})
		} finally {
			await lock`select pg_advisory_unlock(${ADD_NODE_LOCK})`
		}
	})
	return nodeUrl(url, null, name)
}

export async function dropCitusDatabase(url: string, workers: CitusNode[], name: string): Promise<void> {
	for (const node of [null, ...workers]) {
		await onNode(nodeUrl(url, node, 'postgres'), (sql) => sql.unsafe(`drop database if exists ${name} with (force)`))
	}
}
