/**
 * An action's effect against control teams (app/actions/control-change.ts), worked by hand;
 * t quantiles from SciPy (stats.t.ppf(0.975, 4) = 2.776445).
 */
import { describe, expect, test } from 'vitest'

import { changeAgainstControls, type TeamSides } from '~/actions/control-change'
import { addValue, emptySums, type Sums } from '~/reports/stats'

const sumsOf = (values: number[]): Sums => values.reduce((s, v) => addValue(s, v), emptySums())
// Before 50, 60, 70 (mean 60, s² 100); since the same shifted by `d`: D = d, v = 100/3 + 100/3.
const team = (d: number): TeamSides => ({ before: sumsOf([50, 60, 70]), since: sumsOf([50 + d, 60 + d, 70 + d]) })

describe('an action against control teams', () => {
	test('the effect is the team’s change minus the controls’ mean change; se² = max(s²_D − v̄, 0) + v₀ + s²_D/J', () => {
		// D₀ = 20; controls 0, 2, 4, 6, 8: mean 4, s²_D = 10 < v̄ = 66.67 → se² = 0 + 66.67 + 10/5 = 68.67
		const r = changeAgainstControls(team(20), [0, 2, 4, 6, 8].map(team))
		expect(r.delta).toBeCloseTo(16, 12)
		expect(r.se).toBeCloseTo(8.286535, 5)
		expect(r.df).toBe(4)
		expect(r.interval!.low).toBeCloseTo(-7.00711, 4)
		expect(r.interval!.high).toBeCloseTo(39.00711, 4)
		expect(r.verdict).toBe('unclear')
		expect(r.controls).toBe(5)
	})

	test('teams that move a lot by themselves widen the interval: the spread of their changes counts', () => {
		// controls 0, 20, 40, 60, 80: mean 40, s²_D = 1000 → se² = (1000 − 66.67) + 66.67 + 200 = 1200
		const r = changeAgainstControls(team(20), [0, 20, 40, 60, 80].map(team))
		expect(r.delta).toBeCloseTo(-20, 12)
		expect(r.se).toBeCloseTo(34.641016, 5)
		expect(r.interval!.low).toBeCloseTo(-116.17888, 4)
		expect(r.interval!.high).toBeCloseTo(76.17888, 4)
	})

	test('fewer than 5 control teams with two answers a side: too few teams to tell', () => {
		const few = [0, 2, 4, 6].map(team)
		const thin = { before: sumsOf([50]), since: sumsOf([60, 70]) }
		expect(changeAgainstControls(team(20), [...few, thin])).toEqual({
			delta: null,
			interval: null,
			verdict: 'too-few-clusters',
			smallestDetectable: null,
			controls: 4,
			se: null,
			df: null,
		})
		expect(changeAgainstControls(thin, [0, 2, 4, 6, 8].map(team)).verdict).toBe('too-few-clusters')
	})
})
