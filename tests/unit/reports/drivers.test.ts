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

	test('the delete-one-team replicates are exactly ρ recomputed without each team (ties, continuous scores, a team holding one value)', () => {
		let seed = 12345
		const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
		for (let trial = 0; trial < 60; trial++) {
			const teams = 5 + Math.floor(rand() * 12)
			const n = 20 + Math.floor(rand() * 200)
			const continuous = trial % 3 === 0
			const cs = Array.from({ length: n }, (_, i) => `T${i % teams}`)
			const xs = cs.map((c, i) => (continuous ? rand() * 100 : trial % 5 === 1 && c === 'T0' ? 50 : Math.floor(rand() * 5) * 25 + (i % 2)))
			const ys = xs.map((x) => (continuous ? x / 10 + rand() * 5 : Math.min(10, Math.max(0, Math.round(x / 12 + rand() * 4 - 2)))))
			const got = clusteredRhoInterval(xs, ys, cs)
			// The same interval from ρ recomputed on the rows left, team by team.
			const ids = [...new Set(cs)].sort()
			const rs = ids.map((id) => {
				const keep = cs.flatMap((c, i) => (c === id ? [] : [i]))
				return spearman(
					keep.map((i) => xs[i]!),
					keep.map((i) => ys[i]!),
				)
			})
			const all = spearman(xs, ys)
			if (!all || rs.some((r) => r === null)) {
				expect(got, `trial ${trial}`).toBeNull()
				continue
			}
			const clamp = (r: number) => Math.max(-0.999999, Math.min(0.999999, r))
			const zs = rs.map((r) => Math.atanh(clamp(r!.rho)))
			const mean = zs.reduce((a, b) => a + b, 0) / ids.length
			const jackknife = ((ids.length - 1) / ids.length) * zs.reduce((a, z) => a + (z - mean) ** 2, 0)
			const rho = clamp(all.rho)
			const half = tQuantile(0.975, ids.length - 1) * Math.sqrt(Math.max(jackknife, (1 + (rho * rho) / 2) / (all.n - 3)))
			expect(got, `trial ${trial}`).not.toBeNull()
			expect(got!.low).toBeCloseTo(Math.tanh(Math.atanh(rho) - half), 12)
			expect(got!.high).toBeCloseTo(Math.tanh(Math.atanh(rho) + half), 12)
		}
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
