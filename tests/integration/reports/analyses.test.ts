/**
 * Analyses at release, not at first view: the release job computes the permutation tests and
 * the drivers of the organisation's default view and stores them; a view reads them (the stored
 * row is what it shows), a view with other inputs computes and stores its own, and nothing of
 * one organisation is read for another.
 */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { analyseAfterRelease } from '~/reports/after-release.server'
import { mindsetReport } from '~/reports/mindset.server'
import { db } from '~/utils/db.server'
import { mulberry32 } from '~/utils/seeded-random'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'
import { buildStatsOrg } from '../../support/stats-org'

useTestDatabase()

const WEEKS = ['2026-03-02', '2026-03-09', '2026-03-16']
const AFTER = new Date('2026-03-23T12:00:00Z')
// The dashboard's default view on AFTER: the 26 weeks up to the latest released one.
const DEFAULT = { from: '2025-09-22', to: '2026-03-22', teamId: null, level: null }

const build = () =>
	buildStatsOrg({
		teams: [
			{ path: 'Care/Big', people: 31 },
			{ path: 'Ops', people: 31 },
		],
		weeks: WEEKS,
		answer: (team, person, week) => {
			const rnd = mulberry32(`${team}|${person}|${week}`)
			const a = 1 + Math.floor(rnd() * 5)
			return { autonomy: a, approval: 1 + Math.floor(rnd() * 5), speed: Math.min(5, a + Math.floor(rnd() * 2)), enps: Math.min(10, 2 * a + Math.floor(rnd() * 2)) }
		},
		events: (team, week) => Array.from({ length: 6 }, (_, i) => 20 + ((week * 7 + i * 3 + team.length) % 40)),
	})

const stored = async (orgId: string) =>
	resultRows<{ kind: string; n: number }>(await db().execute(sql`select kind, count(*)::int as n from report_analyses where org_id = ${orgId} group by kind order by kind`))

let orgId: string
let otherId: string
beforeAll(async () => {
	orgId = (await build()).orgId
	otherId = (await build()).orgId
}, 600_000)

describe('analyses of released weeks', () => {
	test('the release job stores the default view’s, and that view reads them instead of computing', async () => {
		await db().execute(sql`delete from report_analyses`)
		await analyseAfterRelease(orgId, AFTER)
		expect(await stored(orgId)).toEqual([
			{ kind: 'correlations', n: 1 },
			{ kind: 'drivers', n: 1 },
		])
		const computed = (await mindsetReport(orgId, DEFAULT, null))!
		expect(computed.correlationTest.teams).toBe(2)
		expect(computed.drivers.culture).toMatchObject({ shown: true })
		// The view added nothing: it found both.
		expect(await stored(orgId)).toEqual([
			{ kind: 'correlations', n: 1 },
			{ kind: 'drivers', n: 1 },
		])
		// What it shows is the stored row (marked here), not a fresh computation.
		await db().execute(sql`update report_analyses set result = jsonb_set(result::jsonb, '{test,permutations}', '4321')::json where org_id = ${orgId} and kind = 'correlations'`)
		expect((await mindsetReport(orgId, DEFAULT, null))!.correlationTest.permutations).toBe(4321)
		// Another organisation with the very same answers reads nothing of the first's; its view
		// (before its own release job ran) computes them and stores nothing: a read never writes.
		expect((await mindsetReport(otherId, DEFAULT, null))!.correlationTest.permutations).toBe(computed.correlationTest.permutations)
		expect(await stored(otherId)).toEqual([])
	})

	test('a view with other inputs (one team, one level) computes its own once, keeps it in the process, and equals a fresh computation', async () => {
		const teams = resultRows<{ id: string }>(await db().execute(sql`select id::text as id from teams where org_id = ${orgId} and path = 'Ops'`))
		const query = { ...DEFAULT, teamId: teams[0]!.id, level: 'frontline' as const }
		const first = (await mindsetReport(orgId, query, null))!
		const rows = await stored(orgId)
		const again = (await mindsetReport(orgId, query, null))!
		expect(await stored(orgId)).toEqual(rows)
		expect(again.drivers).toEqual(first.drivers)
		expect(again.correlations).toEqual(first.correlations)
		// Computed afresh (nothing stored): the same as what was stored and read.
		await db().execute(sql`delete from report_analyses where org_id = ${orgId}`)
		const fresh = (await mindsetReport(orgId, query, null))!
		expect(fresh.drivers).toEqual(first.drivers)
		expect(fresh.correlations).toEqual(first.correlations)
	})
})
