/**
 * Volume: a 200,000-row CSV of events goes through whole. How fast is for `npm run bench:ingest`;
 * this only says that a file this large imports, streamed, reporting progress on the way. It runs
 * in `npm run test:volume` (once in CI, on PostgreSQL), not in every `npm test`.
 */
import { count, eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'

import { importEventsCsv } from '~/metrics/csv-import.server'
import { db } from '~/utils/db.server'
import { metricEvents } from '~db/schema'

import { useTestDatabase } from '../support/db'
import { makeOrg, makeTeam } from '../support/fixtures'

useTestDatabase()

const HEADER = 'id,type,team,startedAt,endedAt,channel,approvals,outcome'
let orgId: string

beforeAll(async () => {
	orgId = (await makeOrg()).id
	await makeTeam(orgId, 'Care/Social')
	await makeTeam(orgId, 'Marketing')
})

async function* chunks(text: string, size = 7919) {
	const bytes = new TextEncoder().encode(text)
	for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

function file(n: number) {
	const lines = [HEADER]
	const t0 = Date.UTC(2025, 0, 1)
	for (let i = 0; i < n; i++) {
		const started = new Date(t0 + i * 97_000).toISOString()
		if (i % 3 === 2)
			lines.push(`big-${i},approval,Marketing,${started},${i % 2 ? '' : new Date(t0 + i * 97_000 + 7_200_000).toISOString()},,${1 + (i % 3)},${i % 2 ? '' : 'approved'}`)
		else lines.push(`big-${i},customer_response,Care/Social,${started},${i % 10 === 0 ? '' : new Date(t0 + i * 97_000 + 1_800_000).toISOString()},twitter,,`)
	}
	return `${lines.join('\r\n')}\r\n`
}

test('200,000 rows import whole, reporting progress on the way', async () => {
	const progress: string[] = []
	const r = await importEventsCsv(orgId, chunks(file(200_000)), { onProgress: (p) => progress.push(p.phase) })
	expect(r).toEqual({ ok: true, rows: 200_000, counts: { inserted: 200_000, updated: 0 } })
	expect(progress.filter((p) => p === 'checking').length).toBeGreaterThanOrEqual(20)
	expect(progress.filter((p) => p === 'saving').length).toBeGreaterThanOrEqual(40)
	const [n] = await db().select({ n: count() }).from(metricEvents).where(eq(metricEvents.orgId, orgId))
	expect(n!.n).toBe(200_000)
}, 1_200_000) // A generous limit: correctness at volume, not speed (timed by npm run bench:ingest); on a busy 2-core machine this takes minutes.
