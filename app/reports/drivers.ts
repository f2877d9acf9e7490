/**
 * What matters most: for one group in one released week, how strongly each dimension goes
 * with an outcome (eNPS, or the culture index) across its respondents, with a 95% interval,
 * and the priority matrix (score vs importance) with the suggested focus. Pure; the rows come
 * through the gate (Gate.respondents), which gives them only for a shown group of at least
 * DRIVERS_MIN_RESPONDENTS responses. docs/METHOD.md §8 says the same in words and
 * tests/oracle/stats_oracle.py recomputes it with SciPy.
 */
import { cultureIndex, MIN_CLUSTERS, spearman, tQuantile } from './stats'

/** Below this many responses, importances are too noisy to rank (±0.36 on ρ at n = 30). */
export const DRIVERS_MIN_RESPONDENTS = 30

const Z975 = 1.959963984540054

/** One response: its dimension scores (0–100, dimensions it answered) and its eNPS answer (0–10) if asked. */
export interface RespondentRow {
	scores: Record<string, number>
	enps: number | null
	/** The row's cluster: the nearest team at or above its own shown that week, inside the group (METHOD §8). */
	cluster: string
}

/** A response's answers as read from the database, before the gate names its cluster. */
export type RespondentAnswers = Omit<RespondentRow, 'cluster'>

/** Changes whenever the figures of the analysis change for the same inputs (stored analyses are keyed by it). */
export const DRIVERS_METHOD = 'spearman-respondent/cluster-jackknife-v1'

export type DriverOutcome = 'culture' | 'enps'

export type DriverHidden = 'fewer-than-30' | 'several-pulses' | 'group-hidden' | 'not-asked' | 'no-released-week'

export type DriverResult =
	| { shown: false; hiddenBecause: DriverHidden }
	| {
			shown: true
			/** The released week the respondents answered in (each person once). */
			week: string
			/** Responses with the outcome. */
			n: number
			method: 'spearman-respondent'
			/** Clusters (teams shown that week, METHOD §8) the rows fall in; intervals need at least MIN_CLUSTERS. */
			clusters: number
			/** low/high: the 95% interval of ρ, null with fewer than MIN_CLUSTERS clusters ("too few teams to tell"). */
			importances: { dimension: string; label: string; importance: number; low: number | null; high: number | null; n: number }[]
			priorities: { dimension: string; label: string; score: number; importance: number; focus: boolean }[]
			focus: { dimension: string; label: string } | null
			/** The focus rule's lines: the highest score in the bottom quarter, the median importance. */
			cuts: { score: number; importance: number }
	  }

/**
 * importance of dimension d = Spearman's ρ across respondents between their score on d and the
 * outcome: the eNPS answer, or for the culture index the index of the *other* dimensions
 * (weights re-normalised without d), so a dimension is not correlated with itself. 95%
 * interval that respects teams (`clusteredRhoInterval`): Fisher's z ± t(0.975, G − 1) × the
 * larger of the Bonett–Wright and the delete-one-team jackknife standard errors; none with
 * fewer than MIN_CLUSTERS teams.
 *
 * Priorities: each dimension's score (the group's mean that week) against its importance. The
 * focus is, among the bottom quarter of scores (the ⌈m/4⌉ lowest of m dimensions), one of high
 * importance — at least the median importance and its interval above 0 — the most important
 * of them; none if no dimension qualifies. Ties break on the dimension key.
 */
export function driverAnalysis(
	rows: readonly RespondentRow[],
	outcome: DriverOutcome,
	dimensions: readonly { key: string; label: string }[],
	weights: Record<string, number>,
	week: string,
): DriverResult {
	const outcomeOf = (r: RespondentRow, leaveOut: string): number | null => {
		if (outcome === 'enps') return r.enps
		const rest = Object.fromEntries(Object.entries(r.scores).filter(([k]) => k !== leaveOut))
		return cultureIndex(rest, weights)
	}
	const withOutcome = rows.filter((r) => (outcome === 'enps' ? r.enps !== null : Object.keys(r.scores).length > 0))
	if (outcome === 'enps' && withOutcome.length === 0) return { shown: false, hiddenBecause: 'not-asked' }
	if (withOutcome.length < DRIVERS_MIN_RESPONDENTS) return { shown: false, hiddenBecause: 'fewer-than-30' }
	const importances: Extract<DriverResult, { shown: true }>['importances'] = []
	const scores = new Map<string, number>()
	for (const d of dimensions) {
		const xs: number[] = []
		const ys: number[] = []
		const cs: string[] = []
		for (const r of withOutcome) {
			const x = r.scores[d.key]
			const y = outcomeOf(r, d.key)
			if (x === undefined || y === null) continue
			xs.push(x)
			ys.push(y)
			cs.push(r.cluster)
		}
		if (xs.length < DRIVERS_MIN_RESPONDENTS) continue
		scores.set(d.key, xs.reduce((s, x) => s + x, 0) / xs.length)
		const r = spearman(xs, ys)
		if (!r) continue
		const interval = clusteredRhoInterval(xs, ys, cs)
		importances.push({ dimension: d.key, label: d.label, importance: r.rho, low: interval?.low ?? null, high: interval?.high ?? null, n: r.n })
	}
	if (!importances.length) return { shown: false, hiddenBecause: 'fewer-than-30' }
	const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
	const sortedImportance = importances.map((i) => i.importance).sort((a, b) => a - b)
	const medianImportance = sortedImportance[Math.floor((sortedImportance.length - 1) / 2)]!
	const byScore = [...importances].sort((a, b) => scores.get(a.dimension)! - scores.get(b.dimension)! || byKey(a.dimension, b.dimension))
	const bottom = new Set(byScore.slice(0, Math.ceil(importances.length / 4)).map((i) => i.dimension))
	const qualifies = (i: (typeof importances)[number]) => bottom.has(i.dimension) && i.importance >= medianImportance && i.low !== null && i.low > 0
	const priorities = importances.map((i) => ({ dimension: i.dimension, label: i.label, score: scores.get(i.dimension)!, importance: i.importance, focus: false }))
	const best = importances.filter(qualifies).sort((a, b) => b.importance - a.importance || byKey(a.dimension, b.dimension))[0]
	for (const p of priorities) p.focus = p.dimension === best?.dimension
	return {
		shown: true,
		week,
		n: withOutcome.length,
		method: 'spearman-respondent',
		clusters: new Set(withOutcome.map((r) => r.cluster)).size,
		importances: [...importances].sort((a, b) => b.importance - a.importance || byKey(a.dimension, b.dimension)),
		priorities,
		focus: best ? { dimension: best.dimension, label: best.label } : null,
		cuts: { score: scores.get(byScore[bottom.size - 1]!.dimension)!, importance: medianImportance },
	}
}

/**
 * 95% interval of a Spearman ρ on n independent pairs: Fisher's z ± 1.96 × √((1 + ρ²/2)/(n − 3))
 * (Bonett & Wright 2000). What the product printed before the clustered interval; kept for the
 * coverage simulation's "before" column.
 */
export function rhoInterval(rho: number, n: number): { low: number; high: number } {
	if (n <= 3) return { low: -1, high: 1 }
	const r = Math.max(-0.999999, Math.min(0.999999, rho))
	const z = Math.atanh(r)
	const se = Math.sqrt((1 + (r * r) / 2) / (n - 3))
	return { low: Math.tanh(z - Z975 * se), high: Math.tanh(z + Z975 * se) }
}

/**
 * The 95% interval of Spearman's ρ over rows that fall in teams (clusters), or null with fewer
 * than MIN_CLUSTERS clusters or when a team's removal leaves ρ undefined. People in one team
 * are alike (they share a lead, a workload, a week), so their rows are not independent and the
 * Bonett–Wright interval, which assumes they are, covers only 0.903–0.935 in the simulation
 * (METHOD §8). On Fisher's z = atanh ρ:
 *
 *   z₋g       = atanh of ρ without team g's rows, for each of the G teams
 *   se²_JK    = (G − 1)/G · Σ_g (z₋g − mean z₋g)²         the delete-one-team jackknife
 *   se²_BW    = (1 + ρ²/2)/(n − 3)                         Bonett–Wright (independent rows)
 *   interval  = tanh(z ± t(0.975, G − 1) · max(se_JK, se_BW))
 *
 * The jackknife lets teams be unlike each other and people within a team alike; the floor keeps
 * it from being narrower than the independent-rows interval when the G replicates happen to agree.
 */
export function clusteredRhoInterval(xs: readonly number[], ys: readonly number[], clusters: readonly string[]): { low: number; high: number } | null {
	const ids = [...new Set(clusters)].sort()
	const g = ids.length
	if (g < MIN_CLUSTERS) return null
	const all = spearman(xs, ys)
	if (!all) return null
	const clamp = (r: number) => Math.max(-0.999999, Math.min(0.999999, r))
	const zs: number[] = []
	for (const r of rhoWithoutEachCluster(xs, ys, clusters, ids)) {
		if (r === null) return null
		zs.push(Math.atanh(clamp(r)))
	}
	const mean = zs.reduce((s, z) => s + z, 0) / g
	const jackknife = ((g - 1) / g) * zs.reduce((s, z) => s + (z - mean) ** 2, 0)
	const rho = clamp(all.rho)
	const bonettWright = (1 + (rho * rho) / 2) / (all.n - 3)
	const half = tQuantile(0.975, g - 1) * Math.sqrt(Math.max(jackknife, bonettWright))
	const z = Math.atanh(rho)
	return { low: Math.tanh(z - half), high: Math.tanh(z + half) }
}

/**
 * Spearman's ρ of the rows outside each cluster in turn (null where `spearman` would give none):
 * what `spearman` gives on those rows, without ranking them again G times. A row's average rank
 * depends only on its value and how many of the remaining rows lie below and at that value, so
 * the rows are counted once by distinct value and by distinct (x, y) pair, and each cluster's
 * counts are subtracted: O(G × pairs) instead of O(G × n log n) — at 1,000 teams and 65,000
 * people, seconds instead of the better part of an hour per week analysed.
 */
function rhoWithoutEachCluster(xs: readonly number[], ys: readonly number[], clusters: readonly string[], ids: readonly string[]): (number | null)[] {
	const n = xs.length
	const xValues = [...new Set(xs)].sort((a, b) => a - b)
	const yValues = [...new Set(ys)].sort((a, b) => a - b)
	const xIndex = new Map(xValues.map((v, i) => [v, i]))
	const yIndex = new Map(yValues.map((v, i) => [v, i]))
	const ny = yValues.length
	const xTotal = new Array<number>(xValues.length).fill(0)
	const yTotal = new Array<number>(ny).fill(0)
	const pairTotal = new Map<number, number>()
	const byCluster = new Map(ids.map((id) => [id, { n: 0, x: new Map<number, number>(), y: new Map<number, number>(), pairs: new Map<number, number>() }]))
	for (let i = 0; i < n; i++) {
		const xi = xIndex.get(xs[i]!)!
		const yi = yIndex.get(ys[i]!)!
		const pair = xi * ny + yi
		xTotal[xi]!++
		yTotal[yi]!++
		pairTotal.set(pair, (pairTotal.get(pair) ?? 0) + 1)
		const c = byCluster.get(clusters[i]!)!
		c.n++
		c.x.set(xi, (c.x.get(xi) ?? 0) + 1)
		c.y.set(yi, (c.y.get(yi) ?? 0) + 1)
		c.pairs.set(pair, (c.pairs.get(pair) ?? 0) + 1)
	}
	// Average ranks of each distinct value among `counts` rows (ties share the mean of their places), minus the mean rank.
	const centredRanks = (counts: number[], m: number) => {
		const out = new Array<number>(counts.length)
		let below = 0
		for (let v = 0; v < counts.length; v++) {
			out[v] = below + (counts[v]! + 1) / 2 - (m + 1) / 2
			below += counts[v]!
		}
		return out
	}
	return ids.map((id) => {
		const c = byCluster.get(id)!
		const m = n - c.n
		if (m < 4) return null
		const xCounts = [...xTotal]
		const yCounts = [...yTotal]
		for (const [v, k] of c.x) xCounts[v]! -= k
		for (const [v, k] of c.y) yCounts[v]! -= k
		const rx = centredRanks(xCounts, m)
		const ry = centredRanks(yCounts, m)
		let sxx = 0
		let syy = 0
		for (let v = 0; v < xCounts.length; v++) sxx += xCounts[v]! * rx[v]! * rx[v]!
		for (let v = 0; v < ny; v++) syy += yCounts[v]! * ry[v]! * ry[v]!
		if (sxx === 0 || syy === 0) return null
		let sxy = 0
		for (const [pair, k] of pairTotal) {
			const left = k - (c.pairs.get(pair) ?? 0)
			if (left) sxy += left * rx[Math.floor(pair / ny)]! * ry[pair % ny]!
		}
		return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)))
	})
}
