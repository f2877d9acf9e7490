import { describe, expect, test } from 'vitest'

import { driverAnalysis, type RespondentRow, rhoInterval } from '~/reports/drivers'
import { spearman } from '~/reports/stats'

const DIMS = [
	{ key: 'autonomy', label: 'Decision autonomy' },
	{ key: 'approval', label: 'Low approval friction' },
	{ key: 'speed', label: 'Response speed' },
	{ key: 'voice', label: 'Bottom-up flow' },
]
const WEIGHTS = { autonomy: 20, approval: 15, speed: 10, voice: 10 }

// 40 respondents: eNPS 0..10 cycling; autonomy (the lowest scores) follows eNPS closely, the others do not.
function rows(autonomyFollows: boolean, n = 40): RespondentRow[] {
	return Array.from({ length: n }, (_, i) => {
		const enps = i % 11
		return {
			enps,
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
})
