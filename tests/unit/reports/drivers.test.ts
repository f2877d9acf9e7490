import { describe, expect, test } from 'vitest'

import { clusteredRhoInterval, driverAnalysis, type RespondentRow, rhoInterval } from '~/reports/drivers'
import { spearman, tQuantile } from '~/reports/stats'

const DIMS = [
	{ key: 'autonomy', label: 'Decision autonomy' },
	{ key: 'approval', label: 'Low approval friction' },
	{ key: 'speed', label: 'Response speed' },
	{ key: 'voice', label: 'Bottom-up flow' },
]
const WEIGHTS = { autonomy: 20, approval: 15, speed: 10, voice: 10 }

// 40 respondents in 8 teams: eNPS 0..10 cycling; autonomy (the lowest scores) follows eNPS closely, the others do not.
function rows(autonomyFollows: boolean, n = 40, teams = 8): RespondentRow[] {
	return Array.from({ length: n }, (_, i) => {
		const enps = i % 11
		return {
			enps,
			cluster: `T${i % teams}`,
			scores: {
				autonomy: autonomyFollows ? 10 + enps * 2 + (i % 3) : 10 + ((i * 7) % 10),
				approval: 50 + ((i * 5) % 7),
				speed: 80 + ((i * 7) % 10),
				voice: 60 + ((i * 3) % 10),
			},
		}
	})
}

describe('driver analysis', () => {
	test('the Bonett–Wright interval of ρ: ρ = 0.5 on 39 respondents', () => {
		// z = atanh 0.5 = 0.549306; se = √((1 + 0.125)/36) = 0.176777; ±1.959964 × se = ±0.346477
		// → tanh(0.202829) = 0.200094, tanh(0.895784) = 0.714238
		const r = rhoInterval(0.5, 39)
		expect(r.low).toBeCloseTo(0.200094, 5)
		expect(r.high).toBeCloseTo(0.714238, 5)
	})

	test('importance is Spearman’s ρ with the outcome; the focus is the low-scoring, clearly important dimension', () => {
		const data = rows(true)
		const r = driverAnalysis(data, 'enps', DIMS, WEIGHTS, '2026-03-02')
		if (!r.shown) throw new Error('shown')
		expect(r.n).toBe(40)
		const autonomy = r.importances.find((i) => i.dimension === 'autonomy')!
		expect(autonomy.importance).toBeCloseTo(
			spearman(
				data.map((d) => d.scores.autonomy!),
				data.map((d) => d.enps!),
			)!.rho,
			12,
		)
		expect(r.importances[0]!.dimension).toBe('autonomy') // most important first
		expect(r.priorities.find((p) => p.dimension === 'autonomy')).toMatchObject({ focus: true })
		expect(r.priorities.filter((p) => p.focus)).toHaveLength(1)
		expect(r.focus).toEqual({ dimension: 'autonomy', label: 'Decision autonomy' })
	})

	test('no focus when the lowest scores are not clearly important', () => {
		const r = driverAnalysis(rows(false), 'enps', DIMS, WEIGHTS, '2026-03-02')
		if (!r.shown) throw new Error('shown')
		expect(r.focus).toBeNull()
		expect(r.priorities.every((p) => !p.focus)).toBe(true)
	})

	test('for the culture index a dimension is set against the index of the other dimensions, not itself', () => {
		const data = rows(true)
		const r = driverAnalysis(data, 'culture', DIMS, WEIGHTS, '2026-03-02')
		if (!r.shown) throw new Error('shown')
		const rest = data.map((d) => (15 * d.scores.approval! + 10 * d.scores.speed! + 10 * d.scores.voice!) / 35)
		const expected = spearman(
			data.map((d) => d.scores.autonomy!),
			rest,
		)!.rho
		expect(r.importances.find((i) => i.dimension === 'autonomy')!.importance).toBeCloseTo(expected, 12)
	})

	test('fewer than 30 respondents, or no eNPS asked: nothing, with the reason', () => {
		expect(driverAnalysis(rows(true, 29), 'enps', DIMS, WEIGHTS, '2026-03-02')).toEqual({ shown: false, hiddenBecause: 'fewer-than-30' })
		const noEnps = rows(true).map((r) => ({ ...r, enps: null }))
		expect(driverAnalysis(noEnps, 'enps', DIMS, WEIGHTS, '2026-03-02')).toEqual({ shown: false, hiddenBecause: 'not-asked' })
	})

	test('the interval respects teams: Fisher z ± t(G − 1) × the larger of the delete-one-team jackknife and Bonett–Wright', () => {
		const data = rows(true)
		const xs = data.map((d) => d.scores.autonomy!)
		const ys = data.map((d) => d.enps!)
		const cs = data.map((d) => d.cluster)
		// By hand: leave each of the 8 teams out, atanh of ρ of the rest.
		const zs = [...new Set(cs)].map((c) => {
			const keep = data.filter((d) => d.cluster !== c)
			return Math.atanh(
				spearman(
					keep.map((d) => d.scores.autonomy!),
					keep.map((d) => d.enps!),
				)!.rho,
			)
		})
		const mean = zs.reduce((a, b) => a + b, 0) / 8
		const jackknife = (7 / 8) * zs.reduce((a, z) => a + (z - mean) ** 2, 0)
		const rho = spearman(xs, ys)!.rho
		const se = Math.sqrt(Math.max(jackknife, (1 + (rho * rho) / 2) / 37))
		const got = clusteredRhoInterval(xs, ys, cs)!
		expect(got.low).toBeCloseTo(Math.tanh(Math.atanh(rho) - tQuantile(0.975, 7) * se), 12)
		expect(got.high).toBeCloseTo(Math.tanh(Math.atanh(rho) + tQuantile(0.975, 7) * se), 12)
		// Never narrower than the interval for independent people.
		const independent = rhoInterval(rho, 40)
		expect(got.low).toBeLessThanOrEqual(independent.low)
		expect(got.high).toBeGreaterThanOrEqual(independent.high)
		const r = driverAnalysis(data, 'enps', DIMS, WEIGHTS, '2026-03-02')
		if (!r.shown) throw new Error('shown')
		expect(r.clusters).toBe(8)
		expect(r.importances.find((i) => i.dimension === 'autonomy')).toMatchObject({ low: got.low, high: got.high })
	})

	test('a team that drives ρ alone widens the interval (the jackknife sees it; independent rows do not)', () => {
		// Seven teams with no relation, one team of ten whose people all score high on both.
		const data: RespondentRow[] = Array.from({ length: 45 }, (_, i) => {
			const big = i < 10
			return { cluster: big ? 'Big' : `T${i % 7}`, enps: big ? 9 + (i % 2) : (i * 7) % 9, scores: { autonomy: big ? 90 + (i % 3) : ((i * 13) % 11) * 5 } }
		})
		const xs = data.map((d) => d.scores.autonomy!)
		const ys = data.map((d) => d.enps!)
		const got = clusteredRhoInterval(
			xs,
			ys,
			data.map((d) => d.cluster),
		)!
		const independent = rhoInterval(spearman(xs, ys)!.rho, 45)
		expect(independent.low).toBeGreaterThan(0) // "clearly important" if people were independent
		expect(got.low).toBeLessThan(independent.low - 0.1)
	})

	test('fewer than 5 teams: importances without an interval, and no focus named on them', () => {
		const r = driverAnalysis(rows(true, 40, 4), 'enps', DIMS, WEIGHTS, '2026-03-02')
		if (!r.shown) throw new Error('shown')
		expect(r.clusters).toBe(4)
		expect(r.importances.every((i) => i.low === null && i.high === null)).toBe(true)
		expect(r.focus).toBeNull()
	})
})
