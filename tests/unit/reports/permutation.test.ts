import { describe, expect, test } from 'vitest'

import { benjaminiHochberg, permutationPlan, teamPermutationTests } from '~/reports/permutation'
import { laggedSpearman, type TeamWeekRow } from '~/reports/stats'

const week = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10)

describe('Benjamini–Hochberg', () => {
	test('q in the input order, as statsmodels multipletests(method="fdr_bh")', () => {
		// sorted 0.005, 0.01, 0.03, 0.04 → 4p/i = 0.02, 0.02, 0.04, 0.04, running minimum from the top
		expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005])).toEqual([0.02, 0.04, 0.04, 0.02])
		// a large p early does not lift a smaller one later; capped at 1
		expect(benjaminiHochberg([0.9, 0.8, 0.001])).toEqual([0.9, 0.9, 0.003])
		expect(benjaminiHochberg([])).toEqual([])
	})
})

describe('whole-team permutation test', () => {
	// Three teams, two weeks each, ρ = −1 over the six pairs: as strong as it gets.
	const rows: TeamWeekRow[] = [
		{ team: 'A', week: week(0), x: 1, y: 60 },
		{ team: 'A', week: week(1), x: 2, y: 50 },
		{ team: 'B', week: week(0), x: 3, y: 40 },
		{ team: 'B', week: week(1), x: 4, y: 30 },
		{ team: 'C', week: week(0), x: 5, y: 20 },
		{ team: 'C', week: week(1), x: 6, y: 10 },
	]

	test('with three teams the smallest p is 1/6, however strong ρ: only whole teams are re-paired', () => {
		expect(laggedSpearman(rows, [0])[0]).toMatchObject({ rho: -1, n: 6 })
		const r = teamPermutationTests(rows, [0])
		expect(r).toMatchObject({ teams: 3, exact: true, permutations: 6 })
		// Of the 3! pairings of x series with y series only the observed one reaches |T| = 1.
		expect(r.tests[0]!.p).toBeCloseTo(1 / 6, 12)
	})

	test('the order of the rows and the names of teams do not change p', () => {
		const a = teamPermutationTests(rows, [0, 1])
		const b = teamPermutationTests([...rows].reverse(), [0, 1])
		expect(b).toEqual(a)
	})

	test('no test without four pairs; teams without both series are left out of the pairings', () => {
		const r = teamPermutationTests([...rows, { team: 'D', week: week(0), x: 9, y: null }], [0, 1, 2])
		expect(r.teams).toBe(3)
		// lag 1 pairs week 0 with week 1 inside each team: 3 pairs
		expect(r.tests.map((t) => t.p)).toEqual([expect.any(Number), null, null])
	})

	test('more than 7 teams: 1999 permutations from the shared seed, the same every time', () => {
		const many: TeamWeekRow[] = Array.from({ length: 9 }, (_, t) =>
			Array.from({ length: 4 }, (_, w) => ({ team: `T${t}`, week: week(w), x: t + w / 10, y: 100 - t * 5 + ((t * 7 + w * 3) % 11) })),
		).flat()
		const plan = permutationPlan(9)
		expect(plan).toMatchObject({ teams: 9, exact: false })
		expect(plan.perms).toHaveLength(1999)
		// every draw is a permutation of the nine teams
		for (const p of plan.perms.slice(0, 50)) expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
		const first = teamPermutationTests(many, [0])
		expect(teamPermutationTests(many, [0])).toEqual(first)
		// a strong team-level ordering: p small but never below 1/2000 in a sample
		expect(first.tests[0]!.p).toBeGreaterThanOrEqual(1 / 2000)
		expect(first.tests[0]!.p).toBeLessThan(0.01)
	})
})
