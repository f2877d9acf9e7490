/**
 * Every figure the product shows is computed here, from plain numbers: no I/O, no database.
 * docs/METHOD.md describes the same rules in words a people-analytics lead can check by hand;
 * keep the two in step.
 */

// ---------------------------------------------------------------------------------------------
// Answers → scores

/** A Likert answer 1..5 on the 0..100 scale; reverse items are flipped first (agreeing is bad). */
export function likertScore(value: number, reverse: boolean): number {
	checkLikert(value)
	const v = reverse ? 6 - value : value
	return ((v - 1) / 4) * 100
}

/** Agree or strongly agree, after flipping reverse items. */
export function isFavourable(value: number, reverse: boolean): boolean {
	checkLikert(value)
	return (reverse ? 6 - value : value) >= 4
}

// A value outside 1..5 means a bug upstream; a silently wrong score would be worse than an error.
function checkLikert(value: number) {
	if (!Number.isFinite(value) || value < 1 || value > 5) throw new RangeError(`A Likert answer is 1 to 5, got ${value}.`)
}

export interface DimensionScore {
	/** mean 0..100 of this respondent's Likert items in the dimension */
	score: number
	/** Likert items answered */
	answers: number
	/** of which 4–5 after flipping */
	favourable: number
}

/**
 * One respondent's score per dimension: the mean of their Likert items in it. Only `likert`
 * answers count; counts, hours, 0–10 and text feed other figures. Dimensions without an
 * answered Likert item are absent rather than 0, so they drop out of every mean.
 */
export function respondentDimensionScores(answers: { dimension: string; kind: string; value: number | null; reverse: boolean }[]): Record<string, DimensionScore> {
	const acc = new Map<string, { sum: number; answers: number; favourable: number }>()
	for (const a of answers) {
		if (a.kind !== 'likert' || a.value === null) continue
		const cur = acc.get(a.dimension) ?? { sum: 0, answers: 0, favourable: 0 }
		cur.sum += likertScore(a.value, a.reverse)
		cur.answers += 1
		if (isFavourable(a.value, a.reverse)) cur.favourable += 1
		acc.set(a.dimension, cur)
	}
	const out: Record<string, DimensionScore> = {}
	for (const [dimension, c] of acc) out[dimension] = { score: c.sum / c.answers, answers: c.answers, favourable: c.favourable }
	return out
}

/** % favourable is answer-level: favourable answers over all Likert answers in the group. */
export function percentFavourable(favourable: number, answers: number): number | null {
	return answers > 0 ? (favourable / answers) * 100 : null
}

/**
 * A weighted mean of the dimension scores present with weight > 0 (the culture index, per
 * respondent or per group). Dimensions not asked drop out and the rest are re-normalised.
 */
export function cultureIndex(scores: Record<string, number>, weights: Record<string, number>): number | null {
	let num = 0
	let den = 0
	for (const [key, score] of Object.entries(scores)) {
		const w = weights[key] ?? 0
		if (!(w > 0) || !Number.isFinite(score)) continue
		num += w * score
		den += w
	}
	return den > 0 ? num / den : null
}

// ---------------------------------------------------------------------------------------------
// Sufficient statistics: the rollups store n, Σx and Σx² so groups, teams and weeks add up

export interface Sums {
	n: number
	sum: number
	sumsq: number
}

export function emptySums(): Sums {
	return { n: 0, sum: 0, sumsq: 0 }
}

export function addValue(s: Sums, x: number): Sums {
	return { n: s.n + 1, sum: s.sum + x, sumsq: s.sumsq + x * x }
}

export function mergeSums(a: Sums, b: Sums): Sums {
	return { n: a.n + b.n, sum: a.sum + b.sum, sumsq: a.sumsq + b.sumsq }
}

export function meanOf(s: Sums): number | null {
	return s.n > 0 ? s.sum / s.n : null
}

/** Sample variance (n − 1). Σx² − (Σx)²/n can dip a hair below 0 by rounding: clamp it. */
export function varianceOf(s: Sums): number | null {
	if (s.n < 2) return null
	return Math.max(0, (s.sumsq - (s.sum * s.sum) / s.n) / (s.n - 1))
}

// ---------------------------------------------------------------------------------------------
// eNPS

export type EnpsBucket = 'promoter' | 'passive' | 'detractor'

export function enpsBucket(v: number): EnpsBucket {
	if (!Number.isInteger(v) || v < 0 || v > 10) throw new RangeError(`An eNPS answer is a whole number 0 to 10, got ${v}.`)
	return v >= 9 ? 'promoter' : v >= 7 ? 'passive' : 'detractor'
}

/** % promoters (9–10) − % detractors (0–6), −100..100, to one decimal, halves away from zero. */
export function enps(counts: { promoters: number; passives: number; detractors: number }): number | null {
	const n = counts.promoters + counts.passives + counts.detractors
	if (n <= 0) return null
	// in tenths of a point first, so 1/8 = 12.5 is not 12.499999…
	return roundHalfAway(((counts.promoters - counts.detractors) * 1000) / n) / 10
}

function roundHalfAway(x: number): number {
	return Math.sign(x) * Math.round(Math.abs(x))
}

// ---------------------------------------------------------------------------------------------
// Operational scores and the Real-Time Mindset Index

export const CULTURE_KEYS = ['autonomy', 'approval', 'speed', 'voice', 'collaboration', 'safety', 'closeness'] as const
export const OPERATIONAL_SCORE_KEYS = ['firstResponse', 'approvalCycle'] as const
export type WeightKey = (typeof CULTURE_KEYS)[number] | (typeof OPERATIONAL_SCORE_KEYS)[number]

/**
 * Sum to 100, so a weight reads as "points of the index". Autonomy and approval friction carry
 * the most: they are the levers the real-time mindset is about; the two operational metrics
 * together weigh 20, enough to move the index, not enough to drown what people say.
 */
export const DEFAULT_WEIGHTS: Readonly<Record<WeightKey, number>> = Object.freeze({
	autonomy: 20,
	approval: 15,
	speed: 10,
	voice: 10,
	collaboration: 10,
	safety: 10,
	closeness: 5,
	firstResponse: 10,
	approvalCycle: 10,
})

export const DEFAULT_TARGETS = Object.freeze({ firstResponseMinutes: 60, approvalCycleHours: 24 })

/**
 * 100 at or under target, 0 at four times the target or worse, a straight line between: at
 * 2× target a team is a third of the way down. Linear so anyone can check it on paper; the
 * 4× floor keeps one disastrous week from sinking the index below what culture scores say.
 */
export function operationalScore(medianValue: number | null, target: number): number | null {
	if (!(target > 0) || !Number.isFinite(target)) throw new RangeError(`A target is a positive number, got ${target}.`)
	if (medianValue === null || !Number.isFinite(medianValue)) return null
	const score = (100 * (4 * target - medianValue)) / (3 * target)
	return Math.min(100, Math.max(0, score))
}

export interface RtmiComponent {
	key: string
	score: number | null
	weight: number
}

/** Weighted mean of the components that have a score; missing ones drop out, the rest re-normalise. */
export function rtmi(components: RtmiComponent[]): number | null {
	let num = 0
	let den = 0
	for (const c of components) {
		if (c.score === null || !Number.isFinite(c.score) || !(c.weight > 0)) continue
		num += c.weight * c.score
		den += c.weight
	}
	return den > 0 ? num / den : null
}

/**
 * The share of the RTMI that the given keys carry among the components that have a score:
 * the `scale` that turns a change of the culture index into points of the RTMI.
 */
export function rtmiShare(components: RtmiComponent[], keys: readonly string[]): number | null {
	let part = 0
	let total = 0
	for (const c of components) {
		if (c.score === null || !Number.isFinite(c.score) || !(c.weight > 0)) continue
		total += c.weight
		if (keys.includes(c.key)) part += c.weight
	}
	return total > 0 ? part / total : null
}

// ---------------------------------------------------------------------------------------------
// Progress: baseline vs latest

/** One cluster's responses in one period: how many, and the sum of their scores. */
export interface ClusterSums {
	/** A stable id of the cluster (a team, a team × level, a week …), the same in both periods. */
	cluster: string
	n: number
	sum: number
}

export type ChangeVerdict = 'up' | 'down' | 'unclear' | 'too-few-clusters'

export interface MeasuredChange {
	/** mean(after) − mean(before), every response weighing the same, times `scale` */
	delta: number
	/** 95% interval around delta (1 − alpha with `alpha`); null with fewer than MIN_CLUSTERS clusters */
	interval: { low: number; high: number } | null
	/** 'up' / 'down' when the interval clears 0, 'unclear' when it contains 0 */
	verdict: ChangeVerdict
	/** the half-width: the smallest change (±, in the same points) that these clusters could tell from chance */
	smallestDetectable: number | null
	/** clusters with a response in either period */
	clusters: number
	/** CR2 cluster-robust standard error of delta (times |scale|), null below MIN_CLUSTERS */
	se: number | null
	/** Bell–McCaffrey degrees of freedom of the t quantile (not a whole number; working model in measureChange); clusters − 1 below MIN_CLUSTERS */
	df: number
	method: 'team-cluster-cr2'
}

/** Fewer clusters than this cannot tell a change from noise: no interval is printed, the verdict says so. */
export const MIN_CLUSTERS = 5

/**
 * The significance level of each test in a family of m, so that the chance of any false "moved"
 * among them stays ≤ alpha (Bonferroni; valid whatever the tests' dependence).
 */
export function familyAlpha(alpha: number, m: number): number {
	if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha is strictly between 0 and 1, got ${alpha}.`)
	return m > 1 ? alpha / m : alpha
}

/**
 * Verdicts of a family of changes (every dimension whose change could be tested, i.e. has an se):
 * each tested at familyAlpha(FINDINGS_ALPHA, m), so with nothing changed the chance that any of
 * them reads "up" or "down" stays ≤ 5% whatever their correlation. What every sentence or label
 * that picks dimensions out of all of them says (the findings' "improved most", the dashboard's
 * "Moved most"); a change without an se is 'too-few-clusters'.
 */
export function familyVerdicts(changes: readonly { delta: number; se: number | null; df: number }[]): ChangeVerdict[] {
	const tested = changes.filter((c) => c.se !== null && c.df > 0).length
	const level = familyAlpha(FINDINGS_ALPHA, tested)
	return changes.map((c) => {
		if (c.se === null || !(c.df > 0)) return 'too-few-clusters'
		const half = tQuantile(1 - level / 2, c.df) * c.se
		return Math.abs(c.delta) > half ? (c.delta > 0 ? 'up' : 'down') : 'unclear'
	})
}

/**
 * The change of a mean between two periods with a 95% interval that respects clusters: the
 * same people answer week after week and sit in teams that move together, so responses are
 * not independent, teams (clusters) are. This is the OLS regression of the score on a
 * "latest period" indicator with the bias-reduced cluster-robust variance CR2 (Bell &
 * McCaffrey 2002) and Student's t on the Bell–McCaffrey degrees of freedom (Imbens & Kolesár
 * 2016; Pustejovsky & Tipton 2018), see docs/METHOD.md §5. CR1 with t on G − 1 df, which this
 * replaced, covered only 0.90–0.93 with realistic unequal team sizes (scripts/sim-coverage.ts).
 *
 * In this two-period design the leverage of cluster g is diagonal — pᵦᵍ = nᵦᵍ/Nᵦ and
 * pₐᵍ = nₐᵍ/Nₐ — and everything follows from counts and sums (no Σx² needed):
 *
 *     rᵦᵍ = Σᵦᵍ − nᵦᵍ·mᵦ,  rₐᵍ = Σₐᵍ − nₐᵍ·mₐ           (cluster g's residual sums)
 *     fᵦᵍ = (1 − pᵦᵍ)^(−½),  fₐᵍ = (1 − pₐᵍ)^(−½)       (0 when p = 1: a pseudo-inverse)
 *     aᵍ  = rₐᵍ·fₐᵍ/Nₐ − rᵦᵍ·fᵦᵍ/Nᵦ                     se² = Σᵍ aᵍ²
 *     αᵍ  = pₐᵍ·fₐᵍ,  βᵍ = pᵦᵍ·fᵦᵍ,  Sᵦ = Σᵍ nᵦᵍ²,  Sₐ = Σᵍ nₐᵍ²
 *     Bᵍʰ = [g = h](βᵍ² + αᵍ²) + βᵍβʰ(Sᵦ/Nᵦ − nᵦᵍ − nᵦʰ)/Nᵦ + αᵍαʰ(Sₐ/Nₐ − nₐᵍ − nₐʰ)/Nₐ
 *     df  = tr(B)² / tr(B²)
 *     interval = delta ± t(1 − alpha/2, df) · se
 *
 * B is G'ΩG of Imbens & Kolesár (2016, §4) under the working model that each team's responses
 * in a period share one effect (Ω a block of ones per team and period): in pulse data the
 * team's own move between the periods is what makes responses alike, and then the df say how
 * unequal the teams' weights are (G − 1 when they are equal). Their working model of independent
 * responses gave df too high with unequal teams (coverage 0.93–0.95 at 12–30 teams in the
 * simulation); this one keeps ≥ 0.96. A cluster may be missing from one period (n = 0 there). `scale`
 * multiplies delta, bounds and se (e.g. the culture part's share of the RTMI); `center`
 * replaces delta as the interval's centre (the RTMI change, of which this is the sampled
 * part); `alpha` (default 0.05) sets the level. Null when a period has no response. This is the
 * one function every before/after comparison calls: the headline, each dimension's progress,
 * an action's effect. tests/oracle/stats_oracle.py recomputes it with NumPy from the raw answers.
 */
export function measureChange(
	before: readonly ClusterSums[],
	after: readonly ClusterSums[],
	options: { scale?: number; center?: number; alpha?: number } = {},
): MeasuredChange | null {
	const scale = options.scale ?? 1
	const alpha = options.alpha ?? 0.05
	if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha is strictly between 0 and 1, got ${alpha}.`)
	const byCluster = new Map<string, { nb: number; sb: number; na: number; sa: number }>()
	const at = (id: string) => {
		let c = byCluster.get(id)
		if (!c) byCluster.set(id, (c = { nb: 0, sb: 0, na: 0, sa: 0 }))
		return c
	}
	for (const x of before) {
		checkCluster(x)
		const c = at(x.cluster)
		c.nb += x.n
		c.sb += x.sum
	}
	for (const x of after) {
		checkCluster(x)
		const c = at(x.cluster)
		c.na += x.n
		c.sa += x.sum
	}
	let nb = 0
	let sb = 0
	let na = 0
	let sa = 0
	for (const c of byCluster.values()) {
		nb += c.nb
		sb += c.sb
		na += c.na
		sa += c.sa
	}
	if (nb === 0 || na === 0) return null
	const mb = sb / nb
	const ma = sa / na
	const delta = options.center ?? (ma - mb) * scale
	const clusters = [...byCluster.values()].filter((c) => c.nb + c.na > 0)
	const g = clusters.length
	if (g < MIN_CLUSTERS)
		return { delta, interval: null, verdict: 'too-few-clusters', smallestDetectable: null, clusters: g, se: null, df: Math.max(0, g - 1), method: 'team-cluster-cr2' }
	// (1 − p)^(−½), the CR2 adjustment; a cluster holding a whole period has residual sum 0 there.
	const adjust = (p: number) => (p < 1 - 1e-12 ? 1 / Math.sqrt(1 - p) : 0)
	let meat = 0
	const alphas: number[] = []
	const betas: number[] = []
	for (const c of clusters) {
		const fb = adjust(c.nb / nb)
		const fa = adjust(c.na / na)
		meat += (((c.sa - c.na * ma) * fa) / na - ((c.sb - c.nb * mb) * fb) / nb) ** 2
		alphas.push((c.na / na) * fa)
		betas.push((c.nb / nb) * fb)
	}
	// Bell–McCaffrey df under the working model of a shared effect per team and period (B = G'ΩG of
	// Imbens & Kolesár with Ω = one block of ones per team-period), in O(G²) from counts.
	let sqB = 0
	let sqA = 0
	for (const c of clusters) {
		sqB += c.nb * c.nb
		sqA += c.na * c.na
	}
	let trace = 0
	let traceSq = 0
	for (let i = 0; i < g; i++) {
		const ci = clusters[i]!
		for (let j = 0; j < g; j++) {
			const cj = clusters[j]!
			const bij =
				(i === j ? betas[i]! ** 2 + alphas[i]! ** 2 : 0) + (betas[i]! * betas[j]! * (sqB / nb - ci.nb - cj.nb)) / nb + (alphas[i]! * alphas[j]! * (sqA / na - ci.na - cj.na)) / na
			if (i === j) trace += bij
			traceSq += bij * bij
		}
	}
	const df = traceSq > 0 ? (trace * trace) / traceSq : g - 1
	const se = Math.sqrt(meat) * Math.abs(scale)
	const half = tQuantile(1 - alpha / 2, df) * se
	const interval = { low: delta - half, high: delta + half }
	const verdict: ChangeVerdict = interval.low > 0 ? 'up' : interval.high < 0 ? 'down' : 'unclear'
	return { delta, interval, verdict, smallestDetectable: half, clusters: g, se, df, method: 'team-cluster-cr2' }
}

function checkCluster(x: ClusterSums) {
	if (!Number.isInteger(x.n) || x.n < 0 || !Number.isFinite(x.sum))
		throw new RangeError(`Cluster "${x.cluster}": n must be a whole number ≥ 0 and the sum finite, got n = ${x.n}, sum = ${x.sum}.`)
}

/**
 * One group's change from one week to a later one (the digests' week-over-week figure and the
 * index alert), with a 95% Welch interval over the two weeks' responses (unequal variances,
 * Welch–Satterthwaite df). A group compared with itself a week later: team effects cancel, and
 * with two weeks there is no spread of weeks to cluster on, so the responses of each week are
 * taken as independent draws (the same people answering both weeks makes this cautious, not
 * optimistic, for a difference). METHOD.md §5 says so. Null with fewer than 2 responses a side.
 */
export function weekOverWeekChange(before: Sums, after: Sums): { delta: number; low: number; high: number; df: number } | null {
	if (before.n < 2 || after.n < 2) return null
	const v1 = varianceOf(before)! / before.n
	const v2 = varianceOf(after)! / after.n
	const se = Math.sqrt(v1 + v2)
	const delta = after.sum / after.n - before.sum / before.n
	if (se === 0) return { delta, low: delta, high: delta, df: before.n + after.n - 2 }
	const df = (v1 + v2) ** 2 / (v1 ** 2 / (before.n - 1) + v2 ** 2 / (after.n - 1))
	const half = tQuantile(0.975, df) * se
	return { delta, low: delta - half, high: delta + half, df }
}

/** (latest − baseline) over the pooled standard deviation; null without spread or with n < 2. */
export function cohensD(baseline: Sums, latest: Sums): number | null {
	if (baseline.n < 2 || latest.n < 2) return null
	const pooled = ((baseline.n - 1) * varianceOf(baseline)! + (latest.n - 1) * varianceOf(latest)!) / (baseline.n + latest.n - 2)
	if (!(pooled > 0)) return null
	return (latest.sum / latest.n - baseline.sum / baseline.n) / Math.sqrt(pooled)
}

/** How far along the road from baseline to target: 0 = not moved, 1 = arrived, < 0 = went back. */
export function shareOfWay(baseline: number, latest: number, target: number): number | null {
	if (![baseline, latest, target].every(Number.isFinite) || target === baseline) return null
	return (latest - baseline) / (target - baseline)
}

// ---------------------------------------------------------------------------------------------
// Percentiles (the same rule as PostgreSQL's percentile_cont, so app and SQL figures agree)

export function percentileCont(values: readonly number[], p: number): number | null {
	if (!(p >= 0 && p <= 1)) throw new RangeError(`A percentile is between 0 and 1, got ${p}.`)
	if (values.length === 0) return null
	const sorted = [...values].sort((a, b) => a - b)
	const pos = p * (sorted.length - 1)
	const lo = Math.floor(pos)
	const hi = Math.ceil(pos)
	const a = sorted[lo]!
	const b = sorted[hi]!
	return a + (pos - lo) * (b - a)
}

export function median(values: readonly number[]): number | null {
	return percentileCont(values, 0.5)
}

// ---------------------------------------------------------------------------------------------
// Distributions: Student's t through the regularized incomplete beta function

const LANCZOS = [
	0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
	1.5056327351493116e-7,
]

function lnGamma(x: number): number {
	if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x)
	const z = x - 1
	let a = LANCZOS[0]!
	for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i)
	const t = z + 7.5
	return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}

const TINY = 1e-300
const EPS = 1e-15

// Continued fraction for I_x(a, b) by the modified Lentz method (Numerical Recipes §6.4).
function betaContinuedFraction(a: number, b: number, x: number): number {
	const qab = a + b
	const qap = a + 1
	const qam = a - 1
	let c = 1
	let d = 1 - (qab * x) / qap
	if (Math.abs(d) < TINY) d = TINY
	d = 1 / d
	let h = d
	for (let m = 1; m <= 10_000; m++) {
		const m2 = 2 * m
		let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
		d = 1 + aa * d
		if (Math.abs(d) < TINY) d = TINY
		c = 1 + aa / c
		if (Math.abs(c) < TINY) c = TINY
		d = 1 / d
		h *= d * c
		aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
		d = 1 + aa * d
		if (Math.abs(d) < TINY) d = TINY
		c = 1 + aa / c
		if (Math.abs(c) < TINY) c = TINY
		d = 1 / d
		const del = d * c
		h *= del
		if (Math.abs(del - 1) < EPS) break
	}
	return h
}

/** Regularized incomplete beta I_x(a, b); `y` = 1 − x passed separately to keep its precision. */
function incompleteBeta(a: number, b: number, x: number, y: number): number {
	if (x <= 0) return 0
	if (y <= 0) return 1
	const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(y))
	if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a
	return 1 - (front * betaContinuedFraction(b, a, y)) / b
}

// Regularized upper incomplete gamma Q(a, x), for the normal tail (Numerical Recipes §6.2).
function upperGamma(a: number, x: number): number {
	if (x <= 0) return 1
	const gln = lnGamma(a)
	if (x < a + 1) {
		let ap = a
		let sum = 1 / a
		let del = sum
		for (let n = 0; n < 10_000; n++) {
			ap += 1
			del *= x / ap
			sum += del
			if (Math.abs(del) < Math.abs(sum) * EPS) break
		}
		return 1 - sum * Math.exp(-x + a * Math.log(x) - gln)
	}
	let b = x + 1 - a
	let c = 1 / TINY
	let d = 1 / b
	let h = d
	for (let i = 1; i < 10_000; i++) {
		const an = -i * (i - a)
		b += 2
		d = an * d + b
		if (Math.abs(d) < TINY) d = TINY
		c = b + an / c
		if (Math.abs(c) < TINY) c = TINY
		d = 1 / d
		const del = d * c
		h *= del
		if (Math.abs(del - 1) < EPS) break
	}
	return Math.exp(-x + a * Math.log(x) - gln) * h
}

// Beyond this the t and the normal differ by less than 1e-6 in the quantiles used here, and the
// continued fraction would need thousands of terms.
const NORMAL_DF = 1e7

/** P(T > t) for t ≥ 0: the upper tail, computed directly so small p-values keep their digits. */
function tUpperTail(t: number, df: number): number {
	if (t === Infinity) return 0
	if (df >= NORMAL_DF) return 0.5 * upperGamma(0.5, (t * t) / 2)
	const t2 = t * t
	return 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2))
}

function checkDf(df: number) {
	if (!(df > 0)) throw new RangeError(`Degrees of freedom must be positive, got ${df}.`)
}

/** Student's t cumulative distribution P(T ≤ t) with df > 0 (non-integer df allowed, Infinity = normal). */
export function tCdf(t: number, df: number): number {
	checkDf(df)
	if (Number.isNaN(t)) return NaN
	const tail = tUpperTail(Math.abs(t), df)
	return t >= 0 ? 1 - tail : tail
}

/** Two-sided p-value for a t statistic. */
export function tTwoSidedP(t: number, df: number): number {
	checkDf(df)
	return Math.min(1, 2 * tUpperTail(Math.abs(t), df))
}

/**
 * The t quantile: the t with P(T ≤ t) = p. Found by bisection on the upper tail, which is
 * monotone, so it cannot fail to converge; 1e-13 relative is far below any figure shown.
 */
export function tQuantile(p: number, df: number): number {
	checkDf(df)
	if (!(p > 0 && p < 1)) throw new RangeError(`A probability strictly between 0 and 1, got ${p}.`)
	if (p === 0.5) return 0
	if (p < 0.5) return -tQuantile(1 - p, df)
	const q = 1 - p
	let lo = 0
	let hi = 1
	while (tUpperTail(hi, df) > q) {
		lo = hi
		hi *= 2
	}
	for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
		const mid = (lo + hi) / 2
		if (tUpperTail(mid, df) > q) lo = mid
		else hi = mid
	}
	return (lo + hi) / 2
}

// ---------------------------------------------------------------------------------------------
// Rank correlation

/** 1-based ranks, ties get the average of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
	const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v)
	const ranks = new Array<number>(values.length)
	let start = 0
	while (start < order.length) {
		let end = start
		while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++
		const rank = (start + end) / 2 + 1
		for (let k = start; k <= end; k++) ranks[order[k]!.i] = rank
		start = end + 1
	}
	return ranks
}

export interface SpearmanResult {
	rho: number
	n: number
	p: number
}

/**
 * Spearman's ρ as Pearson's r on average ranks (exact with ties), two-sided p from
 * t = ρ·√((n − 2)/(1 − ρ²)) on n − 2 df. Null below 4 pairs or when either side is constant.
 */
export function spearman(xs: readonly number[], ys: readonly number[]): SpearmanResult | null {
	if (xs.length !== ys.length) throw new Error(`spearman needs pairs: ${xs.length} x values, ${ys.length} y values.`)
	const n = xs.length
	if (n < 4) return null
	const rx = averageRanks(xs)
	const ry = averageRanks(ys)
	const mean = (n + 1) / 2
	let sxy = 0
	let sxx = 0
	let syy = 0
	for (let i = 0; i < n; i++) {
		const dx = rx[i]! - mean
		const dy = ry[i]! - mean
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if (sxx === 0 || syy === 0) return null
	const rho = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)))
	const rest = 1 - rho * rho
	const p = rest <= 1e-15 ? 0 : tTwoSidedP(rho * Math.sqrt((n - 2) / rest), n - 2)
	return { rho, n, p }
}

export type LagResult = { lag: number; rho: number; n: number } | { lag: number; rho: null; n: number }

/** A lag's ρ with its team-respecting test (permutation.ts): p, the Benjamini–Hochberg q over every test examined, and q ≤ FDR. */
export type TestedLag =
	{ lag: number; rho: number; n: number; p: number; q: number; significant: boolean } | { lag: number; rho: null; n: number; p: null; q: null; significant: false }

export interface TeamWeekRow {
	team: string
	/** ISO date of the week's Monday */
	week: string
	x: number | null
	y: number | null
}

/**
 * For lag L, x of (team, week w) is paired with y of (team, w + L weeks): a strong ρ at L = 2
 * means x *leads* y by two weeks. Pairs never cross teams. One row per team-week; a row may
 * carry only x or only y (the pairing rule of METHOD.md §6: x where the team's survey figures
 * are shown in w, y wherever the team has a response time in w + L). ρ only: its test is
 * permutation.ts, which respects teams.
 */
export function laggedSpearman(rows: readonly TeamWeekRow[], lags: readonly number[] = [0, 1, 2, 3, 4]): LagResult[] {
	// Numeric keys (team number × a day range no calendar reaches, plus the day): dashboards pass
	// thousands of team-weeks per dimension, and building string keys dominated the cost.
	const teamNo = new Map<string, number>()
	const days = new Map<string, number>()
	const ys = new Map<number, number>()
	const seen = new Set<number>()
	const xs: { key: number; x: number }[] = []
	for (const r of rows) {
		let day = days.get(r.week)
		if (day === undefined) days.set(r.week, (day = dayOf(r.week)))
		let t = teamNo.get(r.team)
		if (t === undefined) teamNo.set(r.team, (t = teamNo.size))
		const key = t * DAY_SPAN + day
		if (seen.has(key)) throw new Error(`Two rows for team ${r.team} in the week of ${r.week}.`)
		seen.add(key)
		if (r.y !== null && Number.isFinite(r.y)) ys.set(key, r.y)
		if (r.x !== null && Number.isFinite(r.x)) xs.push({ key, x: r.x })
	}
	return lags.map((lag) => {
		const px: number[] = []
		const py: number[] = []
		for (const { key, x } of xs) {
			const y = ys.get(key + 7 * lag)
			if (y === undefined) continue
			px.push(x)
			py.push(y)
		}
		const r = spearman(px, py)
		return r ? { lag, rho: r.rho, n: r.n } : { lag, rho: null, n: px.length }
	})
}

// Days since 1970 stay far below this for any date a report can ask for (year 9999 is ~2.9M).
const DAY_SPAN = 10_000_000

function dayOf(date: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
	const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN
	if (!m || new Date(ms).toISOString().slice(0, 10) !== date) throw new Error(`Not a date: ${date}`)
	return ms / 86_400_000
}

// ---------------------------------------------------------------------------------------------
// Quartile contrast

export interface QuartileContrast {
	topMedian: number
	bottomMedian: number
	/** bottomMedian / topMedian; null when the top median is 0 */
	ratio: number | null
	nTop: number
	nBottom: number
}

/**
 * Median y in the top quarter of x against the bottom quarter. Quarters by rank: with
 * q = ⌊n/4⌋, the bottom quarter holds the pairs whose x has average rank ≤ q, the top quarter
 * those with average rank > n − q. A tie straddling a boundary stays together (in or out by its
 * average rank), so the answer never depends on the order of the input; groups can then be
 * smaller than q. Null below 8 pairs or when a quarter ends up empty.
 */
export function quartileContrast(pairs: readonly { x: number; y: number }[]): QuartileContrast | null {
	const n = pairs.length
	if (n < 8) return null
	const q = Math.floor(n / 4)
	const ranks = averageRanks(pairs.map((p) => p.x))
	const top: number[] = []
	const bottom: number[] = []
	pairs.forEach((p, i) => {
		const r = ranks[i]!
		if (r <= q) bottom.push(p.y)
		else if (r > n - q) top.push(p.y)
	})
	const topMedian = median(top)
	const bottomMedian = median(bottom)
	if (topMedian === null || bottomMedian === null) return null
	return { topMedian, bottomMedian, ratio: topMedian === 0 ? null : bottomMedian / topMedian, nTop: top.length, nBottom: bottom.length }
}

// ---------------------------------------------------------------------------------------------
// Findings: plain sentences chosen from the data

export const FINDING_MIN_PAIRS = 20
/** The chance, with nothing changed, of any progress sentence among all the dimensions tested. */
export const FINDINGS_ALPHA = 0.05

export interface FindingsInput {
	/** The response-time metric the dimensions are correlated with; lower is better. */
	metric: {
		/** e.g. 'first response time' */
		label: string
		/** e.g. 'min' */
		unit: string
		/** what teams do faster, e.g. 'answered customers' */
		action: string
	}
	dimensions: {
		key: string
		/** e.g. 'Decision autonomy' */
		label: string
		/** laggedSpearman of (dimension score, metric) over team-weeks, with the team-respecting test and its BH q */
		lags: readonly TestedLag[]
		/** quartileContrast of same-week (dimension score, metric) pairs */
		contrast?: QuartileContrast | null
		/**
		 * baseline → latest for the dimension score (measureChange: its CR2 standard error, null
		 * with too few teams, and Bell–McCaffrey df), with Cohen's d
		 */
		progress?: { delta: number; se: number | null; df: number; d: number | null } | null
	}[]
}

export interface Finding {
	kind: 'contrast' | 'correlation' | 'progress'
	dimension: string
	/** effect size on the correlation scale, |ρ| or r from d, used to put the strongest first */
	strength: number
	text: string
	/**
	 * The same sentence as a catalogue key under `findings.` and its values, for the pages to say
	 * in the reader's language (`text` stays English for the API). Numbers are raw; `dimension` is
	 * the dimension's key.
	 */
	words: FindingWords
}

export type FindingWords =
	| { key: 'sameWeek' | 'leads'; faster: boolean; dimension: string; lag: number; rho: number; n: number; q: number }
	| { key: 'contrast'; faster: boolean; dimension: string; factor: number; top: number; bottom: number }
	| { key: 'improved' | 'fell'; dimension: string; delta: number }

const KIND_ORDER: Record<Finding['kind'], number> = { contrast: 0, correlation: 1, progress: 2 }

/**
 * Every finding the data supports, strongest first. Correlations count only when their test
 * survives the false-discovery-rate control (`significant`: Benjamini–Hochberg q ≤ 0.05 over
 * every dimension × lag examined, p from whole-team permutations) on at least 20 team-weeks;
 * per dimension the surviving lag with the largest |ρ| is told. A quartile contrast is told
 * only when the same-week correlation survives and points the same way, since a contrast of
 * two medians carries no test of its own. Progress is told for the biggest gain and the biggest
 * loss whose change clears 0 at the Bonferroni level over every dimension tested
 * (familyAlpha(0.05, m): an interval of 1 − 0.05/m around the change, CR2 and Bell–McCaffrey df). All three kinds rank on one scale: |ρ|, or
 * r = d/√(d² + 4) for progress; ties break on the dimension key, so the order never depends on
 * the order of the input.
 */
export function findingCandidates(input: FindingsInput): Finding[] {
	const out: Finding[] = []
	const m = input.metric
	for (const dim of input.dimensions) {
		const name = lowerFirst(dim.label)
		const significant = dim.lags.filter((l): l is Extract<TestedLag, { rho: number }> => l.rho !== null && l.n >= FINDING_MIN_PAIRS && l.significant)
		const best = [...significant].sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho) || a.lag - b.lag)[0]
		if (best) {
			const faster = best.rho < 0 ? 'faster' : 'slower'
			const stats = `(ρ = ${signed(best.rho, 2, false, false)}, ${best.n} team-weeks, q ${qText(best.q)})`
			const text =
				best.lag === 0
					? `Teams scoring higher on ${name} had ${faster} ${m.label} in the same week ${stats}.`
					: `${dim.label} leads ${m.label} by ${weeks(best.lag)}: teams scoring higher on ${name} were ${faster} ${weeks(best.lag)} later ${stats}.`
			const words: FindingWords = { key: best.lag === 0 ? 'sameWeek' : 'leads', faster: best.rho < 0, dimension: dim.key, lag: best.lag, rho: best.rho, n: best.n, q: best.q }
			out.push({ kind: 'correlation', dimension: dim.key, strength: Math.abs(best.rho), text, words })
		}
		const same = significant.find((l) => l.lag === 0)
		const c = dim.contrast
		if (same && c && c.ratio !== null && c.ratio > 0) {
			const agrees = same.rho < 0 ? c.ratio > 1 : c.ratio < 1
			const factor = c.ratio >= 1 ? c.ratio : 1 / c.ratio
			if (agrees && Number(factor.toFixed(1)) > 1) {
				const text = `Teams in the top quarter for ${name} ${m.action} ${factor.toFixed(1)}× ${c.ratio > 1 ? 'faster' : 'slower'} (median ${amount(c.topMedian)} ${m.unit} vs ${amount(c.bottomMedian)} ${m.unit}).`
				const words: FindingWords = { key: 'contrast', faster: c.ratio > 1, dimension: dim.key, factor: Number(factor.toFixed(1)), top: c.topMedian, bottom: c.bottomMedian }
				out.push({ kind: 'contrast', dimension: dim.key, strength: Math.abs(same.rho), text, words })
			}
		}
	}
	// Every dimension whose change could be tested is one family: each is tested at
	// familyAlpha(FINDINGS_ALPHA, m), so with nothing changed the chance of any "improved most" or
	// "fell most" sentence stays ≤ 5% (without it, 25–30% of null organisations got one).
	const verdicts = familyVerdicts(input.dimensions.map((dim) => dim.progress ?? { delta: 0, se: null, df: 0 }))
	const moved = input.dimensions.flatMap((dim, i) => (verdicts[i] === 'up' || verdicts[i] === 'down' ? [{ dim, p: dim.progress! }] : []))
	const gain = moved.filter((x) => x.p.delta > 0).sort((a, b) => b.p.delta - a.p.delta || compareKey(a.dim.key, b.dim.key))[0]
	const loss = moved.filter((x) => x.p.delta < 0).sort((a, b) => a.p.delta - b.p.delta || compareKey(a.dim.key, b.dim.key))[0]
	for (const [x, verb] of [
		[gain, 'improved most'],
		[loss, 'fell most'],
	] as const) {
		if (!x) continue
		const d = x.p.d
		const strength = d === null ? 0 : Math.abs(d) / Math.sqrt(d * d + 4)
		const words: FindingWords = { key: verb === 'improved most' ? 'improved' : 'fell', dimension: x.dim.key, delta: x.p.delta }
		out.push({ kind: 'progress', dimension: x.dim.key, strength, text: `${x.dim.label} ${verb} since the baseline: ${signed(x.p.delta, 1, true, true)} points.`, words })
	}
	return out.sort((a, b) => b.strength - a.strength || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareKey(a.dimension, b.dimension))
}

/** Up to `max` sentences from findingCandidates, strongest first. */
export function findings(input: FindingsInput, max = 3): string[] {
	return topFindings(input, max).map((f) => f.text)
}

/** The same findings with their words for the pages (`findings` gives the API's English sentences). */
export function topFindings(input: FindingsInput, max = 3): Finding[] {
	return findingCandidates(input).slice(0, max)
}

function lowerFirst(label: string): string {
	// 'Decision autonomy' → 'decision autonomy', but leave 'eNPS' or 'CX' alone
	return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label
}

function weeks(n: number): string {
	return n === 1 ? '1 week' : `${n} weeks`
}

// A true minus sign, and no trailing '.0' when trimming ("+12 points", "+0.4 points")
function signed(x: number, digits: number, trim: boolean, plus: boolean): string {
	let s = Math.abs(x).toFixed(digits)
	if (trim) s = s.replace(/\.0+$/, '')
	if (Number(s) === 0) return s
	return (x < 0 ? '−' : plus ? '+' : '') + s
}

function compareKey(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0
}

/** A q as people read it: "< 0.001" below a thousandth, else "= " and two significant digits. */
function qText(q: number): string {
	return q < 0.001 ? '< 0.001' : `= ${Number(q.toPrecision(2))}`
}

function amount(x: number): string {
	return Math.abs(x) >= 10 ? String(Math.round(x)) : String(Number(x.toFixed(1)))
}
