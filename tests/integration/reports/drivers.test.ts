/**
 * "What matters most" against an attacker: importances come from respondent-level rows, so a
 * small group must not be learnt by comparing two of them — a parent against its larger
 * sub-team (the rest is a hidden sibling), a team against its front line (the rest is its two
 * managers), or two windows. Rows are given only for a shown group of at least 30 responses
 * in one released week, and are exactly the responses its shown figures are made of.
 */
import { beforeAll, describe, expect, test } from 'vitest'

import { DRIVERS_MIN_RESPONDENTS } from '~/reports/drivers'
import { type MindsetReport, mindsetReport } from '~/reports/mindset.server'
import { mulberry32 } from '~/utils/seeded-random'
import type { Level } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { buildStatsOrg } from '../../support/stats-org'

useTestDatabase()

const WEEKS = ['2026-03-02', '2026-03-09']
let orgId: string
let teamIds: Record<string, string>

beforeAll(async () => {
	// Care/Big: 33 front line; Care/Small: 2 (under k); Solo: 33 front line and 2 managers.
	const built = await buildStatsOrg({
		teams: [
			{ path: 'Care/Big', people: 33 },
			{ path: 'Care/Small', people: 2 },
			{ path: 'Solo', people: 33, extra: { people: 2, level: 'manager' } },
		],
		weeks: WEEKS,
		answer: (team, person, week) => {
			const rnd = mulberry32(`${team}|${person}|${week}`)
			const a = 1 + Math.floor(rnd() * 5)
			return { autonomy: a, approval: 1 + Math.floor(rnd() * 5), speed: Math.min(5, a + Math.floor(rnd() * 2)), enps: Math.min(10, 2 * a + Math.floor(rnd() * 2)) }
		},
	})
	orgId = built.orgId
	teamIds = built.teamIds
}, 600_000)

const report = async (team: string | null, level: Level | null, to = '2026-03-15') =>
	(await mindsetReport(orgId, { from: WEEKS[0]!, to, teamId: team === null ? null : teamIds[team]!, level }, null))!

describe('driver importances cannot be subtracted', () => {
	test('a parent and its larger sub-team never both show importances when the rest is a hidden small team', async () => {
		const care = await report('Care', null)
		const big = await report('Care/Big', null)
		expect(care.drivers.enps).toMatchObject({ shown: true, n: 35 })
		// Care − Big would be Small's two people: Big is hidden with Small, its importances too.
		expect(big.drivers.enps).toEqual({ shown: false, hiddenBecause: 'group-hidden' })
		expect(big.drivers.culture).toEqual({ shown: false, hiddenBecause: 'group-hidden' })
		expect((await report('Care/Small', null)).drivers.enps).toEqual({ shown: false, hiddenBecause: 'group-hidden' })
	})

	test('a team and its front line never both show importances when the rest is its two managers', async () => {
		const solo = await report('Solo', null)
		const front = await report('Solo', 'frontline')
		const managers = await report('Solo', 'manager')
		expect(solo.drivers.enps).toMatchObject({ shown: true, n: 35 })
		expect(front.drivers.enps.shown).toBe(false)
		expect(managers.drivers.enps.shown).toBe(false)
	})

	test('every pair of nested groups that both show importances differs by 0 or at least k responses', async () => {
		const shown: { team: string | null; level: Level | null; n: number; r: MindsetReport }[] = []
		for (const team of [null, 'Care', 'Care/Big', 'Care/Small', 'Solo'])
			for (const level of [null, 'frontline', 'manager'] as const) {
				const r = await report(team, level)
				const d = r.drivers.enps
				if (d.shown) shown.push({ team, level, n: d.n, r })
			}
		expect(shown.length).toBeGreaterThanOrEqual(3) // the organisation, its front line, Care, Solo
		const inside = (a: (typeof shown)[number], b: (typeof shown)[number]) =>
			(a.team === null || (b.team !== null && (b.team === a.team || b.team.startsWith(`${a.team}/`)))) && (a.level === null || a.level === b.level)
		for (const a of shown)
			for (const b of shown) {
				if (a === b || !inside(a, b)) continue
				const rest = a.n - b.n
				expect(rest === 0 || rest >= 5, `${a.team ?? 'org'}/${a.level ?? 'all'} − ${b.team ?? 'org'}/${b.level ?? 'all'} = ${rest}`).toBe(true)
			}
	})

	test('one released week at a time, exactly the responses of the shown group that week; 30 at least', async () => {
		const both = await report(null, null)
		const first = await report(null, null, '2026-03-08')
		const d = both.drivers.enps
		const e = first.drivers.enps
		if (!d.shown || !e.shown) throw new Error('the organisation is shown')
		expect(d.week).toBe(WEEKS[1])
		expect(e.week).toBe(WEEKS[0])
		// The same population as the week's shown eNPS figure: nothing added, nothing left out.
		const weekFigure = both.trend.find((t) => t.week === WEEKS[1])!
		expect(d.n).toBe(weekFigure.answered)
		expect(d.n).toBeGreaterThanOrEqual(DRIVERS_MIN_RESPONDENTS)
	})
})
