/**
 * A group's change from one week to the next (digests and the index alert): the Welch interval
 * against SciPy 1.10 (Debian's python3-scipy):
 *
 *   b = [50,75,25,100,50,75,50]; a = [25,50,25,0,50,25,50,25]
 *   stats.ttest_ind(a, b, equal_var=False).statistic   # −2.644941841469061 = delta / se
 *   Welch–Satterthwaite df = 10.821306296620962; delta ± stats.t.ppf(0.975, df) · se
 */
import { describe, expect, test } from 'vitest'

import { addValue, emptySums, type Sums, weekOverWeekChange } from '~/reports/stats'

const sumsOf = (values: number[]): Sums => values.reduce((s, v) => addValue(s, v), emptySums())

describe('a week against the one before', () => {
	test('a fall beyond its interval, as SciPy computes it', () => {
		const c = weekOverWeekChange(sumsOf([50, 75, 25, 100, 50, 75, 50]), sumsOf([25, 50, 25, 0, 50, 25, 50, 25]))!
		expect(c.delta).toBeCloseTo(-29.464285714285715, 9)
		expect(c.df).toBeCloseTo(10.821306296620962, 9)
		expect(c.low).toBeCloseTo(-54.032443984401226, 6)
		expect(c.high).toBeCloseTo(-4.8961274441702045, 6)
	})

	test('fewer than two responses on a side: no change to tell; no spread: the interval is the point', () => {
		expect(weekOverWeekChange(sumsOf([50]), sumsOf([75, 100]))).toBeNull()
		expect(weekOverWeekChange(sumsOf([50, 50]), sumsOf([75, 75]))).toMatchObject({ delta: 25, low: 25, high: 25 })
	})
})
