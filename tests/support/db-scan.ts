/**
 * Where in the whole database some strings are stored: every text, JSON and array column of every
 * table, searched for each needle. The attack tests' way of saying "this id is kept nowhere but…".
 */
import { sql } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

/** The `table.column`s (sorted, each once) holding any of `needles` as a substring. */
export async function columnsHolding(needles: string[]): Promise<string[]> {
	const columns = resultRows<{ table_name: string; column_name: string }>(
		await db().execute(
			sql`select table_name, column_name from information_schema.columns where table_schema = current_schema() and data_type in ('text', 'jsonb', 'json', 'character varying', 'ARRAY')`,
		),
	)
	const found = new Set<string>()
	for (const { table_name, column_name } of columns) {
		for (const needle of needles) {
			const [hit] = resultRows<{ n: number }>(
				await db().execute(sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text like ${'%' + needle + '%'}`),
			)
			if (hit!.n) found.add(`${table_name}.${column_name}`)
		}
	}
	return [...found].sort()
}
