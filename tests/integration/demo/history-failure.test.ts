/**
 * A demo history that fails half-way leaves nothing of its organisation behind. The failure is
 * made to come right after the release, when the released responses and answers exist: those, and
 * the answered rows, have no key to their waves (decisions 0027 and 0038), so the clean-up must
 * delete them itself; deleting the organisation does not take them.
 */
import { sql } from 'drizzle-orm'
import { expect, test, vi } from 'vitest'

import { DEMO_SLUG, seedDemo } from '~/demo/seed.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'

// The release runs as in the demo (without the analyses after it, which are not what this tests);
// then the history fails, as a crash half-way through would.
vi.mock('~/reports/after-release.server', () => ({
	releaseAndAnalyse: async (now: Date) => {
		await releaseDueWeeks(now)
		throw new Error('the demo history failed on purpose')
	},
}))

useTestDatabase()

test('a failed demo history removes the organisation with every released response, answer and answered row', async () => {
	await expect(seedDemo()).rejects.toThrow('the demo history failed on purpose')
	const orgColumns = resultRows<{ table_name: string }>(
		await db().execute(sql`select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'org_id' order by table_name`),
	)
	const left: Record<string, number> = {}
	for (const { table_name } of orgColumns) {
		const [row] = resultRows<{ n: number }>(await db().execute(sql`select count(*)::int as n from ${sql.identifier(table_name)}`))
		if (Number(row!.n) > 0) left[table_name] = Number(row!.n)
	}
	// The one marker the clean-up knowingly leaves (it names an organisation that no longer exists).
	delete left['metric_dirty_ranges']
	expect(left).toEqual({})
	expect(resultRows(await db().execute(sql`select 1 from organizations where slug = ${DEMO_SLUG}`))).toHaveLength(0)
})
