import { describe, expect, test } from 'vitest'

import {
	addValue,
	averageRanks,
	cohensD,
	cultureIndex,
	DEFAULT_TARGETS,
	DEFAULT_WEIGHTS,
	emptySums,
	enps,
	enpsBucket,
	familyAlpha,
	findingCandidates,
	findings,
	type FindingsInput,
	isFavourable,
	laggedSpearman,
	likertScore,
	meanOf,
	measureChange,
	median,
	mergeSums,
	operationalScore,
	percentFavourable,
	percentileCont,
	quartileContrast,
	respondentDimensionScores,
	rtmi,
	rtmiShare,
	shareOfWay,
	spearman,
	type Sums,
	tCdf,
	tQuantile,
	tTwoSidedP,
	varianceOf,
} from '~/reports/stats'

const sums = (xs: number[]): Sums => xs.reduce(addValue, emptySums())

describe('answers to scores', () => {
	test('Likert 1..5 maps to 0..100 in steps of 25; reverse items are flipped first', () => {
		expect([1, 2, 3, 4, 5].map((v) => likertScore(v, false))).toEqual([0, 25, 50, 75, 100])
		// reverse: 6 − v, so agreeing strongly (5) is the worst answer
		expect([1, 2, 3, 4, 5].map((v) => likertScore(v, true))).toEqual([100, 75, 50, 25, 0])
	})

	test('favourable is 4–5 after flipping', () => {
		expect([1, 2, 3, 4, 5].map((v) => isFavourable(v, false))).toEqual([false, false, false, true, true])
		expect([1, 2, 3, 4, 5].map((v) => isFavourable(v, true))).toEqual([true, true, false, false, false])
	})

	test('an answer outside 1..5 is a bug, not a score', () => {
		expect(() => likertScore(0, false)).toThrow(RangeError)
		expect(() => likertScore(6, true)).toThrow(RangeError)
		expect(() => isFavourable(Number.NaN, false)).toThrow(RangeError)
	})

	test('per respondent: mean of their Likert items per dimension; other kinds and blanks do not count', () => {
		const r = respondentDimensionScores([
			{ dimension: 'autonomy', kind: 'likert', value: 4, reverse: false }, // 75, favourable
			{ dimension: 'autonomy', kind: 'likert', value: 5, reverse: false }, // 100, favourable
			{ dimension: 'autonomy', kind: 'likert', value: null, reverse: false }, // skipped
			{ dimension: 'approval', kind: 'likert', value: 2, reverse: true }, // 6−2 = 4 → 75, favourable
			{ dimension: 'approval', kind: 'likert', value: 5, reverse: true }, // 6−5 = 1 → 0
			{ dimension: 'approval', kind: 'count', value: 3, reverse: false }, // not a score
			{ dimension: 'approval', kind: 'hours', value: 24, reverse: false }, // not a score
			{ dimension: 'enps', kind: 'scale10', value: 9, reverse: false }, // eNPS is its own figure
			{ dimension: 'comment', kind: 'text', value: null, reverse: false },
		])
		// autonomy (75 + 100)/2 = 87.5; approval (75 + 0)/2 = 37.5
		expect(r).toEqual({
			autonomy: { score: 87.5, answers: 2, favourable: 2 },
			approval: { score: 37.5, answers: 2, favourable: 1 },
		})
	})

	test('% favourable is answer-level', () => {
		// 3 favourable answers out of 8 = 37.5%
		expect(percentFavourable(3, 8)).toBe(37.5)
		expect(percentFavourable(0, 0)).toBeNull()
	})

	test('culture index: weighted mean over the dimensions present with weight > 0', () => {
		// (20·87.5 + 15·37.5 + 10·50) / (20 + 15 + 10) = 2812.5 / 45 = 62.5; 'other' has no weight
		expect(cultureIndex({ autonomy: 87.5, approval: 37.5, speed: 50, other: 0 }, DEFAULT_WEIGHTS)).toBe(62.5)
		// a zero weight drops the dimension: (20·87.5)/20
		expect(cultureIndex({ autonomy: 87.5, approval: 37.5 }, { autonomy: 20, approval: 0 })).toBe(87.5)
		// a negative weight (a bad setting) is ignored, not subtracted
		expect(cultureIndex({ autonomy: 87.5, approval: 37.5 }, { autonomy: 20, approval: -15 })).toBe(87.5)
		expect(cultureIndex({}, DEFAULT_WEIGHTS)).toBeNull()
		expect(cultureIndex({ other: 40 }, DEFAULT_WEIGHTS)).toBeNull()
	})
})

describe('sufficient statistics', () => {
	test('n, Σx, Σx² give the mean and the sample variance', () => {
		// 2, 4, 4, 4, 5, 5, 7, 9: Σ = 40, Σ² = 232, mean 5, variance (232 − 40²/8)/7 = 32/7
		const s = sums([2, 4, 4, 4, 5, 5, 7, 9])
		expect(s).toEqual({ n: 8, sum: 40, sumsq: 232 })
		expect(meanOf(s)).toBe(5)
		expect(varianceOf(s)).toBeCloseTo(32 / 7, 12)
	})

	test('merging equals adding every value to one', () => {
		expect(mergeSums(sums([2, 4, 4]), sums([4, 5, 5, 7, 9]))).toEqual(sums([2, 4, 4, 4, 5, 5, 7, 9]))
	})

	test('no mean without values, no variance below 2 values, never negative by rounding', () => {
		expect(meanOf(emptySums())).toBeNull()
		expect(varianceOf(sums([3]))).toBeNull()
		expect(varianceOf(sums([0.1, 0.1, 0.1]))).toBe(0)
		// addValue is pure
		const e = emptySums()
		addValue(e, 5)
		expect(e).toEqual({ n: 0, sum: 0, sumsq: 0 })
	})
})

describe('eNPS', () => {
	test('10 answers: 5 promoters, 2 passives, 3 detractors → 50% − 30% = 20', () => {
		const answers = [10, 9, 9, 8, 7, 6, 5, 10, 3, 9]
		const counts = { promoters: 0, passives: 0, detractors: 0 }
		for (const a of answers) {
			const b = enpsBucket(a)
			if (b === 'promoter') counts.promoters++
			else if (b === 'passive') counts.passives++
			else counts.detractors++
		}
		expect(counts).toEqual({ promoters: 5, passives: 2, detractors: 3 })
		expect(enps(counts)).toBe(20)
	})

	test('bucket edges: 6 detractor, 7–8 passive, 9 promoter', () => {
		expect([0, 6, 7, 8, 9, 10].map(enpsBucket)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter'])
		expect(() => enpsBucket(11)).toThrow(RangeError)
		expect(() => enpsBucket(7.5)).toThrow(RangeError)
	})

	test('one decimal, halves away from zero; null without answers', () => {
		// (3 − 1)/7 = 28.571… → 28.6
		expect(enps({ promoters: 3, passives: 3, detractors: 1 })).toBe(28.6)
		// (0 − 1)/16 = −6.25 → −6.3 (not −6.2)
		expect(enps({ promoters: 0, passives: 15, detractors: 1 })).toBe(-6.3)
		// 1/8 = 12.5 exactly
		expect(enps({ promoters: 1, passives: 7, detractors: 0 })).toBe(12.5)
		expect(enps({ promoters: 0, passives: 0, detractors: 4 })).toBe(-100)
		expect(enps({ promoters: 0, passives: 0, detractors: 0 })).toBeNull()
	})
})

describe('operational scores and the RTMI', () => {
	test('100 at or under target, linear to 0 at 4× target, clamped', () => {
		const t = DEFAULT_TARGETS.firstResponseMinutes // 60
		expect(operationalScore(30, t)).toBe(100)
		expect(operationalScore(60, t)).toBe(100) // at target
		// 120 min: 100·(240 − 120)/(3·60) = 66.67
		expect(operationalScore(120, t)).toBeCloseTo(66.667, 3)
		// 150 min: 100·(240 − 150)/180 = 50
		expect(operationalScore(150, t)).toBe(50)
		expect(operationalScore(240, t)).toBe(0) // 4× target
		expect(operationalScore(1000, t)).toBe(0) // beyond: clamped
		expect(operationalScore(null, t)).toBeNull()
		expect(() => operationalScore(30, 0)).toThrow(RangeError)
	})

	test('default weights sum to 100 and cover the seven dimensions and two metrics', () => {
		expect(Object.values(DEFAULT_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100)
		expect(Object.keys(DEFAULT_WEIGHTS).sort()).toEqual(['approval', 'approvalCycle', 'autonomy', 'closeness', 'collaboration', 'firstResponse', 'safety', 'speed', 'voice'].sort())
		expect(DEFAULT_TARGETS).toEqual({ firstResponseMinutes: 60, approvalCycleHours: 24 })
	})

	test('a missing component drops out and the rest re-normalise', () => {
		const components = [
			{ key: 'autonomy', score: 80, weight: 20 },
			{ key: 'approval', score: 60, weight: 15 },
			{ key: 'firstResponse', score: null, weight: 10 }, // no events this period
		]
		// (20·80 + 15·60) / (20 + 15) = 2500 / 35 = 71.43, not 2500 / 45 = 55.6
		expect(rtmi(components)).toBeCloseTo(2500 / 35, 12)
		// with the metric present at 50: (1600 + 900 + 500) / 45 = 66.67
		expect(rtmi([...components.slice(0, 2), { key: 'firstResponse', score: 50, weight: 10 }])).toBeCloseTo(3000 / 45, 12)
		expect(rtmi([{ key: 'firstResponse', score: null, weight: 10 }])).toBeNull()
		expect(rtmi([{ key: 'autonomy', score: 80, weight: 0 }])).toBeNull()
		expect(
			rtmi([
				{ key: 'autonomy', score: 80, weight: 20 },
				{ key: 'approval', score: 60, weight: -15 },
			]),
		).toBe(80)
		// the culture share among what is present: 35/35 here, 35/45 with the metric
		expect(rtmiShare(components, ['autonomy', 'approval'])).toBe(1)
		expect(rtmiShare([...components.slice(0, 2), { key: 'firstResponse', score: 50, weight: 10 }], ['autonomy', 'approval'])).toBeCloseTo(35 / 45, 12)
	})
})

describe('progress', () => {
	test('t quantiles match the textbook table', () => {
		expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 3)
		expect(tQuantile(0.975, 4)).toBeCloseTo(2.776, 3)
		expect(tQuantile(0.975, 5)).toBeCloseTo(2.571, 3)
		expect(tQuantile(0.975, 30)).toBeCloseTo(2.042, 3)
		expect(tQuantile(0.975, 1e9)).toBeCloseTo(1.96, 3)
		expect(tQuantile(0.975, Infinity)).toBeCloseTo(1.959964, 6)
		expect(tQuantile(0.995, 10)).toBeCloseTo(3.169, 3)
		expect(tQuantile(0.025, 5)).toBeCloseTo(-2.571, 3)
		expect(tCdf(2.228139, 10)).toBeCloseTo(0.975, 6)
		expect(tCdf(-2.228139, 10)).toBeCloseTo(0.025, 6)
		expect(tCdf(0, 3)).toBe(0.5)
		expect(tTwoSidedP(2.042272, 30)).toBeCloseTo(0.05, 6)
		expect(() => tQuantile(0.975, 0)).toThrow(RangeError)
	})

	const clusters = (sumsBy: Record<string, number>, n = 2) => Object.entries(sumsBy).map(([cluster, sum]) => ({ cluster, n, sum }))
	// Five teams, two responses each in both periods. Before: every team sums 100 (mean 50).
	// After: A 120, B 140, C 120, D 100, E 120 → mean 600/10 = 60, delta = +10.
	const before = clusters({ A: 100, B: 100, C: 100, D: 100, E: 100 })
	const after = clusters({ A: 120, B: 140, C: 120, D: 100, E: 120 })

	test('team-clustered change: CR2 with Bell–McCaffrey df, as the NumPy oracle computes it', () => {
		// Balanced: every cluster holds 2 of the 10 responses of each period, leverage p = 0.2.
		// aᵍ = (Σₐᵍ − nₐᵍ·60)/10/√0.8 − 0 = 0, 2, 0, −2, 0 (/√0.8) → se² = 8/0.8 = 10 → se = 3.16228
		// With equal clusters Bell–McCaffrey gives G − 1 = 4 df: t(0.975, 4) = 2.77645 → half-width 8.77989
		// tests/oracle/stats_oracle.py clustered_change on these data: se 3.16227766, interval [1.22010967, 18.77989033], df 4
		const r = measureChange(before, after)!
		expect(r.delta).toBeCloseTo(10, 12)
		expect(r.se).toBeCloseTo(3.16227766, 6)
		expect(r.df).toBeCloseTo(4, 9)
		expect(r.clusters).toBe(5)
		expect(r.interval!.low).toBeCloseTo(1.22010967, 6)
		expect(r.interval!.high).toBeCloseTo(18.77989033, 6)
		expect(r.smallestDetectable).toBeCloseTo(8.77989033, 6)
		expect(r.verdict).toBe('up')
		expect(r.method).toBe('team-cluster-cr2')
	})

	test('one large team among small ones: CR2 widens and Bell–McCaffrey lowers the df where CR1 on G − 1 df claimed a rise', () => {
		// A–D: 2 people, E: 12; every baseline mean 50. After: A 70, 70; B 50, 70; C 60, 60; D 40, 60; E twelve 55s.
		// mₐ = 1140/20 = 57, delta = 7. Residual sums after: 26, 6, 6, −14, −24; leverage 0.1 (A–D), 0.6 (E).
		// se² = Σ (r/20/√(1 − p))² = 6.2222 → se 2.49444; Bell–McCaffrey df 1.34862, E carrying most of the weight (the NumPy oracle: [−10.61023, 24.61023]).
		// statsmodels' CR1 on G − 1 = 4 df gives se 2.20794 and [0.86978, 13.13022]: a "real rise" it cannot back.
		const spec = { A: [2, 100, 140], B: [2, 100, 120], C: [2, 100, 120], D: [2, 100, 100], E: [12, 600, 660] } as const
		const r = measureChange(
			Object.entries(spec).map(([cluster, [n, sum]]) => ({ cluster, n, sum })),
			Object.entries(spec).map(([cluster, [n, , sum]]) => ({ cluster, n, sum })),
		)!
		expect(r.delta).toBeCloseTo(7, 12)
		expect(r.se).toBeCloseTo(2.49443826, 6)
		expect(r.df).toBeCloseTo(1.34862385, 6)
		expect(r.interval!.low).toBeCloseTo(-10.61022752, 6)
		expect(r.interval!.high).toBeCloseTo(24.61022752, 6)
		expect(r.verdict).toBe('unclear')
	})

	test('alpha sets the level, and familyAlpha divides it among a family of tests (Bonferroni)', () => {
		expect(familyAlpha(0.05, 1)).toBe(0.05)
		expect(familyAlpha(0.05, 7)).toBeCloseTo(0.05 / 7, 15)
		const wide = measureChange(before, after, { alpha: familyAlpha(0.05, 7) })!
		// t(1 − 0.05/14, 4) = 5.06751 (SciPy) → half-width 16.0249: the same change no longer clears 0
		expect(wide.smallestDetectable).toBeCloseTo(3.16227766 * 5.06751035, 6)
		expect(wide.verdict).toBe('unclear')
	})

	test('the order of clusters and a cluster split over several rows do not matter', () => {
		const split = [...after].reverse().flatMap((c) => [
			{ cluster: c.cluster, n: 1, sum: c.sum / 2 - 3 },
			{ cluster: c.cluster, n: 1, sum: c.sum / 2 + 3 },
		])
		expect(measureChange(before, split)).toEqual(measureChange(before, after))
	})

	test('a change smaller than its half-width is unclear, and says what would count', () => {
		// the same spread around a delta of +5: [−3.78, 13.78]
		const r = measureChange(before, clusters({ A: 110, B: 130, C: 110, D: 90, E: 110 }))!
		expect(r.delta).toBeCloseTo(5, 12)
		expect(r.verdict).toBe('unclear')
		expect(r.smallestDetectable).toBeCloseTo(8.77989033, 6)
		const down = measureChange(after, before)!
		expect(down.verdict).toBe('down')
		expect(down.interval!.high).toBeCloseTo(-1.22010967, 6)
	})

	test('fewer than 5 clusters: no interval, the verdict says so', () => {
		const r = measureChange(before.slice(0, 4), after.slice(0, 4))!
		expect(r).toMatchObject({ interval: null, verdict: 'too-few-clusters', smallestDetectable: null, clusters: 4, se: null })
		expect(r.delta).toBeCloseTo(10, 12) // (120 + 140 + 120 + 100)/8 − 50
		expect(measureChange([], after)).toBeNull()
		expect(() => measureChange([{ cluster: 'A', n: 1.5, sum: 3 }], after)).toThrow(RangeError)
	})

	test('scale and center: the RTMI interval is the culture width in RTMI points, around the RTMI change', () => {
		// culture carries 80% of the RTMI; the RTMI moved 11.2 (culture 10 × 0.8 = 8, plus operations)
		const r = measureChange(before, after, { scale: 0.8, center: 11.2 })!
		expect(r.delta).toBe(11.2)
		expect(r.se).toBeCloseTo(3.16227766 * 0.8, 6)
		expect(r.interval!.low).toBeCloseTo(11.2 - 8.77989033 * 0.8, 6)
		expect(r.interval!.high).toBeCloseTo(11.2 + 8.77989033 * 0.8, 6)
	})

	test('Cohen’s d: the change over the pooled standard deviation', () => {
		// pooled s = √100 = 10 → d = 20/10 = 2
		expect(cohensD(sums([40, 50, 60]), sums([60, 70, 80]))).toBeCloseTo(2, 12)
		expect(cohensD(sums([50, 50]), sums([75, 75, 75]))).toBeNull()
		expect(cohensD(sums([50]), sums([75, 75, 75]))).toBeNull()
	})

	test('share of the way to target', () => {
		// from 50 to 62 toward 75: 12/25 = 0.48
		expect(shareOfWay(50, 62, 75)).toBeCloseTo(0.48, 12)
		expect(shareOfWay(50, 45, 75)).toBeCloseTo(-0.2, 12) // went back
		expect(shareOfWay(50, 80, 75)).toBeCloseTo(1.2, 12) // overshot
		expect(shareOfWay(75, 80, 75)).toBeNull()
	})
})

describe('percentiles as PostgreSQL percentile_cont', () => {
	test('linear interpolation between the closest ranks', () => {
		// position p·(n − 1): 0.5·3 = 1.5 → 20 + 0.5·(30 − 20) = 25
		expect(percentileCont([40, 10, 30, 20], 0.5)).toBe(25)
		// 0.9·3 = 2.7 → 30 + 0.7·10 = 37
		expect(percentileCont([40, 10, 30, 20], 0.9)).toBeCloseTo(37, 12)
		// 1..10 at 0.9: position 8.1 → 9.1, what Postgres answers
		expect(percentileCont([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12)
		expect(percentileCont([7], 0.9)).toBe(7)
		expect(percentileCont([3, 1, 2], 0)).toBe(1)
		expect(percentileCont([3, 1, 2], 1)).toBe(3)
		expect(percentileCont([], 0.5)).toBeNull()
		expect(() => percentileCont([1], 1.5)).toThrow(RangeError)
	})

	test('median, without reordering the caller’s array', () => {
		const values = [5, 1, 4]
		expect(median(values)).toBe(4)
		expect(values).toEqual([5, 1, 4])
		expect(median([1, 2, 3, 10])).toBe(2.5)
	})
})

describe('Spearman', () => {
	test('average ranks for ties', () => {
		expect(averageRanks([10, 20, 20, 30, 40, 50])).toEqual([1, 2.5, 2.5, 4, 5, 6])
		expect(averageRanks([3, 1, 3, 3])).toEqual([3, 1, 3, 3])
	})

	test('6 pairs with a tie on each side, checked by hand', () => {
		// x 1, 2, 2, 3, 4, 5 → ranks 1, 2.5, 2.5, 4, 5, 6      (mean 3.5)
		// y 2, 1, 4, 4, 6, 5 → ranks 2, 1, 3.5, 3.5, 6, 5      (mean 3.5)
		// dx −2.5, −1, −1, 0.5, 1.5, 2.5; dy −1.5, −2.5, 0, 0, 2.5, 1.5
		// Σdx·dy = 3.75 + 2.5 + 0 + 0 + 3.75 + 3.75 = 13.75
		// Σdx² = 6.25 + 1 + 1 + 0.25 + 2.25 + 6.25 = 17; Σdy² = 2.25 + 6.25 + 0 + 0 + 6.25 + 2.25 = 17
		// ρ = 13.75 / √(17·17) = 0.80882
		// t = 0.80882·√(4 / (1 − 0.65420)) = 0.80882·3.40106 = 2.7509 on 4 df → p = 0.0513
		const r = spearman([1, 2, 2, 3, 4, 5], [2, 1, 4, 4, 6, 5])!
		expect(r.rho).toBeCloseTo(13.75 / 17, 12)
		expect(r.n).toBe(6)
		expect(r.p).toBeCloseTo(0.05133, 4)
	})

	test('perfect agreement has p = 0, a reversal ρ = −1; nothing for n < 4 or a constant side', () => {
		expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toEqual({ rho: 1, n: 4, p: 0 })
		expect(spearman([1, 2, 3, 4], [40, 30, 20, 10])).toEqual({ rho: -1, n: 4, p: 0 })
		expect(spearman([1, 2, 3], [1, 2, 3])).toBeNull()
		expect(spearman([1, 2, 3, 4], [5, 5, 5, 5])).toBeNull()
		expect(() => spearman([1, 2, 3, 4], [1, 2, 3])).toThrow()
	})

	test('lags: y copies x two weeks later, so lag 2 gives ρ = 1', () => {
		const mondays = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2025, 11, 1 + 7 * i)).toISOString().slice(0, 10))
		// 2025-12-01 … 2026-02-16: crosses a year end, the weeks stay 7 days apart
		expect(mondays[0]).toBe('2025-12-01')
		expect(mondays[11]).toBe('2026-02-16')
		const xs: Record<string, number[]> = {
			A: [3, 7, 1, 9, 4, 8, 2, 6, 10, 5, 12, 11],
			B: [20, 14, 18, 13, 17, 19, 15, 16, 22, 21, 24, 23],
		}
		const rows = Object.entries(xs).flatMap(([team, x]) =>
			// y(w) = x(w − 2); the first two weeks get values unrelated to x
			x.map((v, w) => ({ team, week: mondays[w]!, x: v, y: w >= 2 ? x[w - 2]! : 100 - w })),
		)
		const table = laggedSpearman(rows)
		// 12 weeks per team, lag L leaves 12 − L pairs per team: 24, 22, 20, 18, 16
		expect(table.map((r) => [r.lag, r.n])).toEqual([
			[0, 24],
			[1, 22],
			[2, 20],
			[3, 18],
			[4, 16],
		])
		const lag2 = table[2]!
		expect(lag2.rho).toBeCloseTo(1, 12)
		for (const r of [table[0]!, table[1]!, table[3]!, table[4]!]) expect(Math.abs(r.rho!)).toBeLessThan(0.9)
		// the strongest lag is the one that was built in
		const best = [...table].sort((a, b) => Math.abs(b.rho ?? 0) - Math.abs(a.rho ?? 0))[0]
		expect(best?.lag).toBe(2)
	})

	test('lags follow the calendar, never cross teams, skip blanks', () => {
		const rows = [
			{ team: 'A', week: '2026-01-05', x: 1, y: 5 },
			{ team: 'A', week: '2026-01-12', x: 2, y: 6 },
			// no row for A in the week of 2026-01-19
			{ team: 'A', week: '2026-01-26', x: 3, y: null },
			{ team: 'B', week: '2026-01-19', x: null, y: 7 },
		]
		// lag 1: A 01-05 → A 01-12 only (A 01-12 → 01-19 has no row; B is another team)
		expect(laggedSpearman(rows, [0, 1, 2])).toEqual([
			{ lag: 0, rho: null, n: 2 }, // A 01-05, A 01-12 (01-26 has no y, B has no x)
			{ lag: 1, rho: null, n: 1 },
			{ lag: 2, rho: null, n: 0 }, // A 01-12 → A 01-26 has no y
		])
		expect(() => laggedSpearman([...rows, { team: 'A', week: '2026-01-05', x: 1, y: 1 }])).toThrow(/Two rows/)
		expect(() => laggedSpearman([{ team: 'A', week: '2026-02-30', x: 1, y: 1 }])).toThrow(/Not a date/)
	})
})

describe('quartile contrast', () => {
	test('8 pairs: median y of the top 2 by x against the bottom 2', () => {
		// q = ⌊8/4⌋ = 2. bottom x 1, 2 → y 60, 50 → median 55; top x 7, 8 → y 20, 16 → median 18
		// ratio 55 / 18 = 3.06: the top quarter answers about 3.1× faster
		const pairs = [60, 50, 55, 40, 30, 25, 20, 16].map((y, i) => ({ x: i + 1, y }))
		const expected = { topMedian: 18, bottomMedian: 55, ratio: 55 / 18, nTop: 2, nBottom: 2 }
		expect(quartileContrast(pairs)).toEqual(expected)
		expect(quartileContrast([...pairs].reverse())).toEqual(expected)
		expect(quartileContrast(pairs.slice(0, 7))).toBeNull()
	})

	test('a tie straddling a boundary stays together, by its average rank', () => {
		// x 1, 1, 1 take ranks 1–3, average 2 ≤ q = 2 → all three in the bottom quarter
		// x 5, 5 take ranks 7–8, average 7.5 > 8 − 2 → both in the top quarter
		const pairs = [
			{ x: 1, y: 30 },
			{ x: 1, y: 40 },
			{ x: 1, y: 50 },
			{ x: 2, y: 99 },
			{ x: 3, y: 99 },
			{ x: 4, y: 99 },
			{ x: 5, y: 10 },
			{ x: 5, y: 20 },
		]
		expect(quartileContrast(pairs)).toEqual({ topMedian: 15, bottomMedian: 40, ratio: 40 / 15, nTop: 2, nBottom: 3 })
		// x 2, 2 take ranks 2–3, average 2.5 > 2 → out: only x = 1 is in the bottom quarter
		const shifted = pairs.map((p, i) => (i === 1 || i === 2 ? { x: 2, y: p.y } : p))
		expect(quartileContrast(shifted)).toMatchObject({ bottomMedian: 30, nBottom: 1 })
	})
})

describe('findings', () => {
	const metric = { label: 'first response time', unit: 'min', action: 'answered customers' }
	const input: FindingsInput = {
		metric,
		dimensions: [
			{
				key: 'autonomy',
				label: 'Decision autonomy',
				lags: [
					{ lag: 0, rho: -0.47, n: 230, p: 1e-12, q: 1e-12, significant: true },
					{ lag: 1, rho: -0.45, n: 221, p: 1e-11, q: 1e-11, significant: true },
					{ lag: 2, rho: -0.48, n: 212, p: 1e-13, q: 1e-13, significant: true },
					{ lag: 3, rho: -0.3, n: 203, p: 1e-5, q: 1e-5, significant: true },
					{ lag: 4, rho: null, n: 3, p: null, q: null, significant: false },
				],
				contrast: { topMedian: 18, bottomMedian: 56, ratio: 56 / 18, nTop: 57, nBottom: 57 },
				// 3 points with se 2: within chance even alone, not a finding
				progress: { delta: 3, se: 2, df: 20, d: 0.2 },
			},
			{
				key: 'approval',
				label: 'Approval friction',
				lags: [{ lag: 0, rho: -0.1, n: 230, p: 0.13, q: 0.13, significant: false }],
				// r = 0.9 / √(0.81 + 4) = 0.410
				progress: { delta: 12, se: 2, df: 20, d: 0.9 },
			},
			{
				key: 'voice',
				label: 'Bottom-up flow',
				// significant but from too few team-weeks
				lags: [{ lag: 0, rho: -0.9, n: 15, p: 0.001, q: 0.001, significant: true }],
				contrast: { topMedian: 10, bottomMedian: 90, ratio: 9, nTop: 3, nBottom: 3 },
			},
			{
				key: 'safety',
				label: 'Safe to try',
				lags: [],
				// r = 0.3 / √(0.09 + 4) = 0.148
				// 4 points with se 1: clears t(1 − 0.05/6, 20) = 2.61 (three dimensions tested)
				progress: { delta: -4, se: 1, df: 20, d: -0.3 },
			},
		],
	}

	test('up to three sentences from the data, strongest first', () => {
		// strengths: autonomy lag 2 |ρ| 0.48 > autonomy contrast (lag-0 |ρ|) 0.47 > approval gain 0.410 > safety loss 0.148
		expect(findings(input)).toEqual([
			'Decision autonomy leads first response time by 2 weeks: teams scoring higher on decision autonomy were faster 2 weeks later (ρ = −0.48, 212 team-weeks, q < 0.001).',
			'Teams in the top quarter for decision autonomy answered customers 3.1× faster (median 18 min vs 56 min).',
			'Approval friction improved most since the baseline: +12 points.',
		])
		const all = findingCandidates(input)
		expect(all.map((f) => [f.kind, f.dimension])).toEqual([
			['correlation', 'autonomy'],
			['contrast', 'autonomy'],
			['progress', 'approval'],
			['progress', 'safety'],
		])
		expect(all[3]?.text).toBe('Safe to try fell most since the baseline: −4 points.')
		expect(all[2]?.strength).toBeCloseTo(0.9 / Math.sqrt(4.81), 12)
	})

	test('progress sentences are controlled over the family of dimensions tested (Bonferroni)', () => {
		// t = 2.5 on 30 df clears 95% alone (t(0.975, 30) = 2.04), not among seven (t(1 − 0.05/14, 30) = 2.84, SciPy)
		const dims = ['autonomy', 'approval', 'speed', 'voice', 'collaboration', 'safety', 'closeness'].map((key, i) => ({
			key,
			label: `Dimension ${key}`,
			lags: [],
			progress: { delta: i === 0 ? 5 : 0.1, se: 2, df: 30, d: 0.3 },
		}))
		expect(findings({ metric, dimensions: dims })).toEqual([])
		expect(findings({ metric, dimensions: dims.slice(0, 1) })).toEqual(['Dimension autonomy improved most since the baseline: +5 points.'])
		// 6 points (t = 3) clears 2.84 among seven
		dims[0]!.progress.delta = 6
		expect(findings({ metric, dimensions: dims })).toEqual(['Dimension autonomy improved most since the baseline: +6 points.'])
	})

	test('direction is read from the sign: more of the dimension with slower replies says slower', () => {
		const f = findings({
			metric,
			dimensions: [
				{
					key: 'autonomy',
					label: 'Decision autonomy',
					lags: [{ lag: 0, rho: 0.35, n: 20, p: 0.03, q: 0.03, significant: true }],
					// says the top quarter is faster, contradicting ρ > 0: not told
					contrast: { topMedian: 20, bottomMedian: 40, ratio: 2, nTop: 5, nBottom: 5 },
				},
			],
		})
		expect(f).toEqual(['Teams scoring higher on decision autonomy had slower first response time in the same week (ρ = 0.35, 20 team-weeks, q = 0.03).'])
	})

	test('a contrast agreeing with a positive ρ reads "slower", with the factor the right way up', () => {
		const f = findings({
			metric,
			dimensions: [
				{
					key: 'autonomy',
					label: 'Decision autonomy',
					lags: [{ lag: 0, rho: 0.35, n: 40, p: 0.03, q: 0.03, significant: true }],
					contrast: { topMedian: 50, bottomMedian: 20, ratio: 0.4, nTop: 10, nBottom: 10 },
				},
			],
		})
		// same strength (the lag-0 |ρ|): the contrast, the more concrete sentence, goes first
		expect(f).toEqual([
			'Teams in the top quarter for decision autonomy answered customers 2.5× slower (median 50 min vs 20 min).',
			'Teams scoring higher on decision autonomy had slower first response time in the same week (ρ = 0.35, 40 team-weeks, q = 0.03).',
		])
	})

	test('nothing is said without evidence: q > 0.05, n < 20, intervals across 0 or too few teams for one', () => {
		const f = findings({
			metric,
			dimensions: [
				{
					key: 'autonomy',
					label: 'Decision autonomy',
					lags: [
						{ lag: 0, rho: -0.5, n: 100, p: 0.02, q: 0.06, significant: false },
						{ lag: 1, rho: -0.8, n: 19, p: 0.0001, q: 0.0001, significant: true },
					],
					contrast: { topMedian: 18, bottomMedian: 56, ratio: 56 / 18, nTop: 25, nBottom: 25 },
					progress: { delta: 10, se: 5, df: 20, d: 0.5 },
				},
				{ key: 'voice', label: 'Bottom-up flow', lags: [], progress: { delta: 30, se: null, df: 3, d: 2 } },
			],
		})
		expect(f).toEqual([])
	})
})
