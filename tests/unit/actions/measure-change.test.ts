/**
 * measureChange against SciPy (an independent implementation): the Welch difference of the
 * pooled responses of two periods given as per-week sums, its 95% interval and the smallest
 * change these data would detect. Reference values from scipy 1.17:
 *
 *   from scipy import stats; import numpy as np
 *   b = [50,75,25,100,50, 75,50,50,25]; a = [75,100,75,50,100, 100,75,75,100]
 *   r = stats.ttest_ind(a, b, equal_var=False); ci = r.confidence_interval(0.95)
 *   se = np.sqrt(np.var(a, ddof=1)/9 + np.var(b, ddof=1)/9)
 *   (stats.t.ppf(.975, r.df) + stats.t.ppf(.8, r.df)) * se
 */
import { describe, expect, test } from 'vitest'

import { measureChange } from '~/actions/measure-action.server'
import { addValue, emptySums, type Sums } from '~/reports/stats'

const sumsOf = (values: number[]): Sums => values.reduce((s, v) => addValue(s, v), emptySums())

describe('measureChange', () => {
	test('a clear rise: delta, interval and smallest detectable change as SciPy computes them', () => {
		const before = [sumsOf([50, 75, 25, 100, 50]), sumsOf([75, 50, 50, 25])]
		const after = [sumsOf([75, 100, 75, 50, 100]), sumsOf([100, 75, 75, 100])]
		const m = measureChange(before, after)
		expect(m.verdict).toBe('up')
		expect(m.delta).toBeCloseTo(27.77777777777777, 9)
		expect(m.interval!.low).toBeCloseTo(6.3814909192118385, 6)
		expect(m.interval!.high).toBeCloseTo(49.1740646363437, 6)
		expect(m.smallestDetectable).toBeCloseTo(30.07874948073228, 6)
	})

	test('no clear change when the interval spans zero (SciPy: −0.36 [−16.62, 15.90]); a fall is "down"', () => {
		const m = measureChange([sumsOf([50, 75, 50]), sumsOf([75, 50, 75])], [sumsOf([75, 50, 75]), sumsOf([50, 50, 75, 60])])
		expect(m.verdict).toBe('unclear')
		expect(m.delta).toBeCloseTo(-0.3571428571428541, 9)
		expect(m.interval!.low).toBeCloseTo(-16.615636997441282, 6)
		expect(m.interval!.high).toBeCloseTo(15.901351283155574, 6)
		const fall = measureChange([sumsOf([75, 100, 75, 50, 100]), sumsOf([100, 75, 75, 100])], [sumsOf([50, 75, 25, 100, 50]), sumsOf([75, 50, 50, 25])])
		expect(fall.verdict).toBe('down')
		expect(fall.delta).toBeCloseTo(-27.77777777777777, 9)
	})

	test('fewer than two weeks on a side (empty weeks do not count): too few clusters, no figure', () => {
		const none = { delta: null, interval: null, verdict: 'too-few-clusters', smallestDetectable: null }
		expect(measureChange([sumsOf([50, 75, 25])], [sumsOf([75, 100]), sumsOf([50, 75])])).toEqual(none)
		expect(measureChange([sumsOf([50, 75]), sumsOf([75])], [sumsOf([75, 100]), emptySums()])).toEqual(none)
		expect(measureChange([], [])).toEqual(none)
	})

	test('no spread on either side: the interval is the point and nothing smaller is detectable', () => {
		const m = measureChange([sumsOf([50, 50]), sumsOf([50])], [sumsOf([75, 75]), sumsOf([75])])
		expect(m).toEqual({ delta: 25, interval: { low: 25, high: 25 }, verdict: 'up', smallestDetectable: 0 })
	})
})
