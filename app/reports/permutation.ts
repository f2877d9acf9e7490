/**
 * Tests for rank correlations over team-weeks that respect how the data was sampled: a team's
 * weeks are not independent of each other (the same people, the same habits), teams are. So the
 * null distribution comes from re-pairing whole teams' series — the survey series of team a
 * with the response-time series of team b — never from shuffling single weeks. Then
 * Benjamini–Hochberg over every test examined. Pure; docs/METHOD.md §6 says the same in words,
 * and tests/oracle/stats_oracle.py recomputes it with SciPy.
 */
import { sharedCache } from '~/utils/cache.server'
import { mulberry32 } from '~/utils/seeded-random'

import { averageRanks, type TeamWeekRow } from './stats'

/** Every permutation of the teams is enumerated up to this many (7 teams = 5040); beyond, a seeded sample. */
export const EXACT_PERMUTATIONS_MAX = 5040
/** Random permutations drawn when there are too many to enumerate. */
export const SAMPLED_PERMUTATIONS = 1999
/** The seed of the sampled permutations, shared with the oracle: the same data gives the same p every time. */
export const PERMUTATION_SEED = 'state-of-now/team-permutations/v1'
/** The false-discovery rate the findings are held to. */
export const FDR = 0.05

export interface PermutationPlan {
	teams: number
	/** every permutation (p exact), or a seeded sample of SAMPLED_PERMUTATIONS (p estimated, Monte Carlo error ≈ √(p(1−p)/1999)) */
	exact: boolean
	perms: Int32Array[]
	/** the same permutations end to end (permutation k at k·teams), for the tight loop */
	flat: Int32Array
}

/**
 * The permutations of g teams the tests use: all g! of them (the identity included) when that
 * is at most 5040, else SAMPLED_PERMUTATIONS uniform random ones from mulberry32 on
 * PERMUTATION_SEED (Fisher–Yates, i from g − 1 down to 1, j = ⌊u·(i + 1)⌋).
 */
export function permutationPlan(g: number): PermutationPlan {
	const kept = plans.get(g)
	if (kept) return kept
	const plan = makePlan(g)
	plans.set(g, plan)
	return plan
}

// A plan depends only on the number of teams: made once per process (a few hundred KB at most).
const plans = sharedCache<number, PermutationPlan>({ name: 'permutation plans by number of teams', max: 64 })

function makePlan(g: number): PermutationPlan {
	let count = 1
	for (let i = 2; i <= g && count <= EXACT_PERMUTATIONS_MAX; i++) count *= i
	if (count <= EXACT_PERMUTATIONS_MAX) {
		const perms = allPermutations(g)
		return { teams: g, exact: true, perms, flat: flatten(perms, g) }
	}
	const next = mulberry32(PERMUTATION_SEED)
	const perms: Int32Array[] = []
	for (let b = 0; b < SAMPLED_PERMUTATIONS; b++) {
		const p = Int32Array.from({ length: g }, (_, i) => i)
		for (let i = g - 1; i > 0; i--) {
			const j = Math.floor(next() * (i + 1))
			const t = p[i]!
			p[i] = p[j]!
			p[j] = t
		}
		perms.push(p)
	}
	return { teams: g, exact: false, perms, flat: flatten(perms, g) }
}

function flatten(perms: Int32Array[], g: number): Int32Array {
	const flat = new Int32Array(perms.length * g)
	perms.forEach((p, k) => flat.set(p, k * g))
	return flat
}

// In lexicographic order, so the list (and the oracle's itertools.permutations) is the same everywhere.
function allPermutations(g: number): Int32Array[] {
	const out: Int32Array[] = []
	const cur = new Int32Array(g)
	const used = new Array<boolean>(g).fill(false)
	const place = (i: number) => {
		if (i === g) {
			out.push(cur.slice())
			return
		}
		for (let v = 0; v < g; v++) {
			if (used[v]) continue
			used[v] = true
			cur[i] = v
			place(i + 1)
			used[v] = false
		}
	}
	place(0)
	return out
}

export interface TeamTest {
	lag: number
	/** two-sided permutation p of the rank correlation, re-pairing whole teams; null without pairs to test */
	p: number | null
}

/**
 * For each lag L: the statistic T is Pearson's correlation of ranks over the pairs
 * (x of team t in week w, y of team t in week w + L), the ranks taken once over all x values
 * and all y values of the tested teams (the teams with both an x and a y), so a permutation only
 * re-pairs values and T of the identity is the observed one. Under a permutation π, team t's x
 * series is paired with team π(t)'s y series by the same calendar rule. p = share of the
 * permutations with |T_π| ≥ |T| (exact), or (1 + that count) / (1 + B) (sampled).
 *
 * Cost: ranks once; per lag, the pair sums of every (team, team) combination once
 * (teams² × weeks); then each permutation is a sum over teams: teams × permutations per lag.
 */
export function teamPermutationTests(
	rows: readonly TeamWeekRow[],
	lags: readonly number[],
	plan?: PermutationPlan,
): { tests: TeamTest[]; teams: number; exact: boolean; permutations: number } {
	const teamsWithX = new Set<string>()
	const teamsWithY = new Set<string>()
	for (const r of rows) {
		if (isValue(r.x)) teamsWithX.add(r.team)
		if (isValue(r.y)) teamsWithY.add(r.team)
	}
	// Sorted by the team's key (a path, stable from one seed to the next), so the sampled plan maps to the same teams.
	const teams = [...teamsWithX].filter((t) => teamsWithY.has(t)).sort(compareText)
	const g = teams.length
	const usePlan = plan ?? permutationPlan(g)
	if (usePlan.teams !== g) throw new Error(`A plan for ${usePlan.teams} teams, given ${g}.`)
	const index = new Map(teams.map((t, i) => [t, i]))
	const xRows = rows.filter((r) => index.has(r.team) && isValue(r.x))
	const yRows = rows.filter((r) => index.has(r.team) && isValue(r.y))
	const rx = averageRanks(xRows.map((r) => r.x!))
	const ry = averageRanks(yRows.map((r) => r.y!))
	const weekNo = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 604_800_000)
	let first = Infinity
	let last = -Infinity
	for (const r of [...xRows, ...yRows]) {
		const w = weekNo(r.week)
		first = Math.min(first, w)
		last = Math.max(last, w)
	}
	const span = g ? last - first + 1 : 0
	// Dense per team: x rank and y rank by week (NaN when absent).
	const xr = teams.map(() => new Float64Array(span).fill(NaN))
	const yr = teams.map(() => new Float64Array(span).fill(NaN))
	xRows.forEach((r, i) => (xr[index.get(r.team)!]![weekNo(r.week) - first] = rx[i]!))
	yRows.forEach((r, i) => (yr[index.get(r.team)!]![weekNo(r.week) - first] = ry[i]!))

	const tests = lags.map((lag) => {
		// sums[(a·g + b)·6 + k]: n, Σx, Σy, Σx², Σy², Σxy over weeks where x of a and y of b (L weeks on) exist
		const sums = new Float64Array(g * g * 6)
		for (let a = 0; a < g; a++) {
			const xa = xr[a]!
			for (let b = 0; b < g; b++) {
				const yb = yr[b]!
				let n = 0
				let sx = 0
				let sy = 0
				let sxx = 0
				let syy = 0
				let sxy = 0
				for (let w = 0; w + lag < span; w++) {
					const x = xa[w]!
					const y = yb[w + lag]!
					// NaN (no value) is the only number unequal to itself
					if (x !== x || y !== y) continue
					n++
					sx += x
					sy += y
					sxx += x * x
					syy += y * y
					sxy += x * y
				}
				const o = (a * g + b) * 6
				sums[o] = n
				sums[o + 1] = sx
				sums[o + 2] = sy
				sums[o + 3] = sxx
				sums[o + 4] = syy
				sums[o + 5] = sxy
			}
		}
		// The observed statistic (the identity pairing), then each permutation's: a sum over teams of
		// the precomputed pair sums, no allocation in the loop.
		let n = 0
		let sx = 0
		let sy = 0
		let sxx = 0
		let syy = 0
		let sxy = 0
		for (let a = 0; a < g; a++) {
			const o = (a * g + a) * 6
			n += sums[o]!
			sx += sums[o + 1]!
			sy += sums[o + 2]!
			sxx += sums[o + 3]!
			syy += sums[o + 4]!
			sxy += sums[o + 5]!
		}
		if (n < 4) return { lag, p: null }
		const threshold = Math.abs(pearsonFromSums(n, sx, sy, sxx, syy, sxy)) - 1e-12
		const flat = usePlan.flat
		const count = usePlan.perms.length
		let extreme = 0
		for (let k = 0, base = 0; k < count; k++, base += g) {
			n = sx = sy = sxx = syy = sxy = 0
			for (let a = 0; a < g; a++) {
				const o = (a * g + flat[base + a]!) * 6
				n += sums[o]!
				sx += sums[o + 1]!
				sy += sums[o + 2]!
				sxx += sums[o + 3]!
				syy += sums[o + 4]!
				sxy += sums[o + 5]!
			}
			if (Math.abs(pearsonFromSums(n, sx, sy, sxx, syy, sxy)) >= threshold) extreme++
		}
		const p = usePlan.exact ? extreme / count : (1 + extreme) / (1 + count)
		return { lag, p }
	})
	return { tests, teams: g, exact: usePlan.exact, permutations: usePlan.perms.length }
}

/**
 * Benjamini–Hochberg adjusted p-values (q), in the input's order: q₍ᵢ₎ = min over j ≥ i of
 * m·p₍ⱼ₎/j, capped at 1. A test is a discovery at false-discovery rate α when q ≤ α.
 */
export function benjaminiHochberg(ps: readonly number[]): number[] {
	const m = ps.length
	const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i)
	const q = new Array<number>(m)
	let running = 1
	for (let r = m - 1; r >= 0; r--) {
		const { p, i } = order[r]!
		running = Math.min(running, (m * p) / (r + 1))
		q[i] = Math.min(1, running)
	}
	return q
}

/** Pearson's r from pair sums; 0 without spread on either side (a pairing with nothing to correlate). */
function pearsonFromSums(n: number, sx: number, sy: number, sxx: number, syy: number, sxy: number): number {
	const vx = n * sxx - sx * sx
	const vy = n * syy - sy * sy
	return n >= 2 && vx > 0 && vy > 0 ? (n * sxy - sx * sy) / Math.sqrt(vx * vy) : 0
}

function isValue(v: number | null): v is number {
	return v !== null && Number.isFinite(v)
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0
}
