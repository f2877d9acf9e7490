/**
 * An action's change over its team's weeks against an independent implementation: OLS of the
 * score on a "since" indicator with CR2 standard errors clustered by week and Bell–McCaffrey
 * degrees of freedom, as `measureChange` computes it with each week a cluster. Reference values
 * from `clustered_change` in tests/oracle/stats_oracle.py (statsmodels' OLS, NumPy matrices):
 *
 *   # y: every response's score; x: 0 before, 1 since; g: the response's week
 *   clustered_change(y, x, g)
 */
import { describe, expect, test } from 'vitest'

import { changeOverWeeks } from '~/actions/measure-action.server'
import { addValue, emptySums, type Sums } from '~/reports/stats'

const sumsOf = (values: number[]): Sums => values.reduce((s, v) => addValue(s, v), emptySums())

describe('an action measured over its weeks', () => {
	test('a clear rise over six weeks: delta and interval as the oracle computes them (24.52 [11.09, 37.95])', () => {
		const before = [sumsOf([50, 75, 25, 100, 50]), sumsOf([75, 50, 50, 25]), sumsOf([50, 50, 75])]
		const after = [sumsOf([75, 100, 75, 50, 100]), sumsOf([100, 75, 75, 100]), sumsOf([75, 50, 100, 75])]
		const m = changeOverWeeks(before, after)
		expect(m.verdict).toBe('up')
		expect(m.delta).toBeCloseTo(24.519230769230766, 9)
		expect(m.interval!.low).toBeCloseTo(11.09157039, 6)
		expect(m.interval!.high).toBeCloseTo(37.94689115, 6)
		expect(m.smallestDetectable).toBeCloseTo((37.94689115 - 11.09157039) / 2, 6)
		const fall = changeOverWeeks(after, before)
		expect(fall.verdict).toBe('down')
		expect(fall.delta).toBeCloseTo(-24.519230769230766, 9)
	})

	test('no clear change when the interval spans zero (the oracle: −0.62 [−11.49, 10.24])', () => {
		const m = changeOverWeeks([sumsOf([50, 75, 50]), sumsOf([75, 50, 75]), sumsOf([60, 70])], [sumsOf([75, 50, 75]), sumsOf([50, 50, 75, 60]), sumsOf([55, 65, 70])])
		expect(m.verdict).toBe('unclear')
		expect(m.delta).toBeCloseTo(-0.6249999999999947, 9)
		expect(m.interval!.low).toBeCloseTo(-11.49470937, 6)
		expect(m.interval!.high).toBeCloseTo(10.24470937, 6)
	})

	test('fewer than two weeks with answers on a side, or fewer than five weeks in all: too few to tell, no interval', () => {
		const none = { delta: null, interval: null, verdict: 'too-few-clusters', smallestDetectable: null }
		expect(changeOverWeeks([sumsOf([50, 75, 25])], [sumsOf([75, 100]), sumsOf([50, 75])])).toEqual(none)
		expect(changeOverWeeks([sumsOf([50, 75]), sumsOf([75])], [sumsOf([75, 100]), emptySums()])).toEqual(none)
		expect(changeOverWeeks([], [])).toEqual(none)
		// Four weeks: a delta, but no interval and no verdict beyond "too few".
		const four = changeOverWeeks([sumsOf([50, 50]), sumsOf([50, 75])], [sumsOf([75, 75]), sumsOf([75, 100])])
		expect(four).toMatchObject({ delta: 25, interval: null, verdict: 'too-few-clusters', smallestDetectable: null })
	})
})
