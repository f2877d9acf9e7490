/**
 * An action's change over its team's weeks against statsmodels (an independent implementation):
 * OLS of the score on a "since" indicator with standard errors clustered by week (CR1, t on
 * weeks − 1 df), as `measureChange` computes it with each week a cluster. Reference values from
 * statsmodels 0.13 (Debian's python3-statsmodels):
 *
 *   import numpy as np, statsmodels.api as sm
 *   # y: every response's score; x: 0 before, 1 since; g: the response's week
 *   sm.OLS(y, sm.add_constant(x)).fit(cov_type='cluster', cov_kwds={'groups': g}, use_t=True)
 */
import { describe, expect, test } from 'vitest'

import { changeOverWeeks } from '~/actions/measure-action.server'
import { addValue, emptySums, type Sums } from '~/reports/stats'

const sumsOf = (values: number[]): Sums => values.reduce((s, v) => addValue(s, v), emptySums())

describe('an action measured over its weeks', () => {
	test('a clear rise over six weeks: delta and interval as statsmodels computes them (24.52 [13.54, 35.50])', () => {
		const before = [sumsOf([50, 75, 25, 100, 50]), sumsOf([75, 50, 50, 25]), sumsOf([50, 50, 75])]
		const after = [sumsOf([75, 100, 75, 50, 100]), sumsOf([100, 75, 75, 100]), sumsOf([75, 50, 100, 75])]
		const m = changeOverWeeks(before, after)
		expect(m.verdict).toBe('up')
		expect(m.delta).toBeCloseTo(24.519230769230766, 9)
		expect(m.interval!.low).toBeCloseTo(13.53542276, 6)
		expect(m.interval!.high).toBeCloseTo(35.50303878, 6)
		expect(m.smallestDetectable).toBeCloseTo((35.50303878 - 13.53542276) / 2, 6)
		const fall = changeOverWeeks(after, before)
		expect(fall.verdict).toBe('down')
		expect(fall.delta).toBeCloseTo(-24.519230769230766, 9)
	})

	test('no clear change when the interval spans zero (statsmodels: −0.62 [−9.37, 8.12])', () => {
		const m = changeOverWeeks([sumsOf([50, 75, 50]), sumsOf([75, 50, 75]), sumsOf([60, 70])], [sumsOf([75, 50, 75]), sumsOf([50, 50, 75, 60]), sumsOf([55, 65, 70])])
		expect(m.verdict).toBe('unclear')
		expect(m.delta).toBeCloseTo(-0.6249999999999947, 9)
		expect(m.interval!.low).toBeCloseTo(-9.3749668, 6)
		expect(m.interval!.high).toBeCloseTo(8.1249668, 6)
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
