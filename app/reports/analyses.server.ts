/**
 * Analyses of released weeks stored once, not recomputed on a view: the correlations'
 * permutation tests (seconds of CPU at hundreds of teams, growing with the square of their
 * number) and the drivers. The release job computes those of the organisation's default view
 * right after a release (`analyseAfterRelease` in after-release.server.ts), so every view of it, in
 * any process and after a restart, reads one row. Any other view computes its own on first need
 * and keeps it in the process's bounded cache: a view never writes.
 *
 * The key is the organisation and a digest of exactly what the analysis is computed from (for
 * the correlations, the team-weeks the gate showed; for the drivers, the weeks, group, level,
 * settings and team tree): a changed input is another key, so a stored row is never read for
 * inputs it was not computed from, and it only ever holds what that view would have shown.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash } from 'node:crypto'

import { and, eq } from 'drizzle-orm'

import { tenantCache } from '~/utils/cache.server'
import { db } from '~/utils/db.server'
import { reportAnalyses } from '~db/schema'

type Kind = 'correlations' | 'drivers'

// Only the release job stores (reads write nothing: tests/integration/reports/reads-write-nothing.test.ts).
const storing = new AsyncLocalStorage<true>()

/** Runs `work` with the analyses it computes stored: the release job's part, never a view's. */
export function storingAnalyses<T>(work: () => Promise<T>): Promise<T> {
	return storing.run(true, work)
}

// A view's own analyses (other inputs than the stored ones), kept by this process, bounded per
// organisation; the key is the digest of their exact inputs, so an entry is never stale.
const viewed = tenantCache<{ result: unknown }>({ name: 'analyses of views other than the stored ones', perTenant: 50 })

/**
 * The stored analysis of `kind` for these inputs; else computed now — and stored when the release
 * job asks (once: a concurrent second writer keeps the first), kept in this process otherwise.
 */
export async function storedAnalysis<T>(orgId: string, kind: Kind, week: string, inputs: unknown, compute: () => T | Promise<T>): Promise<T> {
	const inputKey = createHash('sha256').update(JSON.stringify(inputs)).digest('base64url')
	const cacheKey = `${kind}|${inputKey}`
	const kept = viewed.get(orgId, cacheKey)
	if (kept) return kept.result as T
	const [hit] = await db()
		.select({ result: reportAnalyses.result })
		.from(reportAnalyses)
		.where(and(eq(reportAnalyses.orgId, orgId), eq(reportAnalyses.kind, kind), eq(reportAnalyses.inputKey, inputKey)))
	if (hit) return hit.result as T
	const result = await compute()
	if (storing.getStore()) await db().insert(reportAnalyses).values({ orgId, kind, inputKey, week, result }).onConflictDoNothing()
	else viewed.set(orgId, cacheKey, { result })
	return result
}
