/**
 * Coverage of the intervals the product prints, on simulated organisations where nothing
 * changed: the core of `npm run sim:coverage` (scripts/sim-coverage.ts) and of its fast version
 * in the test suite. It runs the product's own functions (`measureChange`, `findingCandidates`)
 * on data drawn from a seeded generator, so the same seed always gives the same table.
 *
 * The organisation: G teams of unequal, realistic sizes (log-normal, median 7, from 3 to 60
 * people), four baseline and four latest weeks, each person answering a week with probability
 * 0.75, seven dimensions. A response's score is the sum of a team effect, a team's own change
 * between the periods (teams move, the organisation as a whole does not: the null), a
 * team-week shock, a person effect and noise, then rounded to the 12.5-point steps of two
 * Likert items and kept within 0–100. Dimensions share part of each effect (correlation 0.36),
 * as real dimensions do. Under this null the true change is 0 for every dimension.
 */
import { changeAgainstControls } from '~/actions/control-change'
import { addValue, type ClusterSums, emptySums, findingCandidates, type FindingsInput, measureChange, tQuantile } from '~/reports/stats'
import { mulberry32 } from '~/utils/seeded-random'

export const DIMENSIONS = ['autonomy', 'approval', 'speed', 'voice', 'collaboration', 'safety', 'closeness'] as const
const WEEKS_PER_PERIOD = 4
const ANSWER_RATE = 0.75
// Standard deviations, in points of 0–100.
const SD = { team: 8, teamChange: 5, teamWeek: 3, person: 10, noise: 15 }
// A shared part and an own part per dimension: corr = SHARED² = 0.36.
const SHARED = 0.6
const OWN = Math.sqrt(1 - SHARED * SHARED)

export type Random = () => number

export function normal(rnd: Random): number {
	// Box–Muller; 1 − u keeps the logarithm finite.
	const u = 1 - rnd()
	const v = rnd()
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/** Team sizes: log-normal with median 7 (σ of the log 0.8), whole people from 3 to 60. */
export function teamSizes(rnd: Random, teams: number): number[] {
	return Array.from({ length: teams }, () => Math.min(60, Math.max(3, Math.round(Math.exp(Math.log(7) + 0.8 * normal(rnd))))))
}

/** Effects correlated across dimensions: one shared draw and one per dimension. */
function correlated(rnd: Random, sd: number): number[] {
	const shared = normal(rnd)
	return DIMENSIONS.map(() => sd * (SHARED * shared + OWN * normal(rnd)))
}

function likertSteps(x: number): number {
	return Math.min(100, Math.max(0, Math.round(x / 12.5) * 12.5))
}

/** One organisation where nothing changed: per dimension, each team's count and sum per period. */
export function nullOrganisation(rnd: Random, teams: number): { before: ClusterSums[]; after: ClusterSums[] }[] {
	const out = DIMENSIONS.map(() => ({ before: [] as ClusterSums[], after: [] as ClusterSums[] }))
	teamSizes(rnd, teams).forEach((size, g) => {
		const team = correlated(rnd, SD.team)
		const people = Array.from({ length: size }, () => correlated(rnd, SD.person))
		for (const period of ['before', 'after'] as const) {
			const change = correlated(rnd, SD.teamChange)
			const n = DIMENSIONS.map(() => 0)
			const sum = DIMENSIONS.map(() => 0)
			for (let w = 0; w < WEEKS_PER_PERIOD; w++) {
				const shock = correlated(rnd, SD.teamWeek)
				for (const person of people) {
					if (rnd() >= ANSWER_RATE) continue
					DIMENSIONS.forEach((_, d) => {
						n[d]! += 1
						sum[d]! += likertSteps(60 + team[d]! + change[d]! + shock[d]! + person[d]! + SD.noise * normal(rnd))
					})
				}
			}
			DIMENSIONS.forEach((_, d) => out[d]![period].push({ cluster: `T${g}`, n: n[d]!, sum: sum[d]! }))
		}
	})
	return out
}

/** CR1 on G − 1 df, the method the product used before CR2: kept here only to show the difference. */
export function cr1Covers(before: readonly ClusterSums[], after: readonly ClusterSums[]): boolean {
	const nb = before.reduce((s, c) => s + c.n, 0)
	const na = after.reduce((s, c) => s + c.n, 0)
	const mb = before.reduce((s, c) => s + c.sum, 0) / nb
	const ma = after.reduce((s, c) => s + c.sum, 0) / na
	const ids = [...new Set([...before, ...after].map((c) => c.cluster))]
	let meat = 0
	for (const id of ids) {
		const b = before.find((c) => c.cluster === id) ?? { n: 0, sum: 0 }
		const a = after.find((c) => c.cluster === id) ?? { n: 0, sum: 0 }
		const x = (a.sum - a.n * ma) / na - (b.sum - b.n * mb) / nb
		meat += x * x
	}
	const g = ids.length
	const se = Math.sqrt((g / (g - 1)) * ((na + nb - 1) / (na + nb - 2)) * meat)
	return Math.abs(ma - mb) <= tQuantile(0.975, g - 1) * se
}

export interface ProgressCoverage {
	teams: number
	replicates: number
	/** share of 95% intervals (CR2, Bell–McCaffrey df) containing the true change 0, first dimension */
	coverage: number
	/** the same with CR1 on G − 1 df */
	coverageCr1: number
	/** mean Bell–McCaffrey df */
	meanDf: number
	/** share of organisations given any "improved most" / "fell most" sentence (Bonferroni over the seven dimensions) */
	nullSentences: number
	/** the same without the multiplicity control (any dimension's 95% interval clear of 0) */
	nullSentencesUncontrolled: number
}

export function progressCoverage(input: { teams: number; replicates: number; seed: string }): ProgressCoverage {
	const rnd = mulberry32(input.seed)
	let covered = 0
	let coveredCr1 = 0
	let dfSum = 0
	let sentences = 0
	let uncontrolled = 0
	for (let r = 0; r < input.replicates; r++) {
		const org = nullOrganisation(rnd, input.teams)
		const changes = org.map((x) => measureChange(x.before, x.after)!)
		const first = changes[0]!
		if (first.interval!.low <= 0 && first.interval!.high >= 0) covered++
		if (cr1Covers(org[0]!.before, org[0]!.after)) coveredCr1++
		dfSum += first.df
		if (changes.some((c) => c.verdict === 'up' || c.verdict === 'down')) uncontrolled++
		const findings: FindingsInput = {
			metric: { label: 'first response time', unit: 'min', action: 'answered customers' },
			dimensions: changes.map((c, d) => ({ key: DIMENSIONS[d]!, label: DIMENSIONS[d]!, lags: [], progress: { delta: c.delta, se: c.se, df: c.df, d: null } })),
		}
		if (findingCandidates(findings).some((f) => f.kind === 'progress')) sentences++
	}
	const n = input.replicates
	return {
		teams: input.teams,
		replicates: n,
		coverage: covered / n,
		coverageCr1: coveredCr1 / n,
		meanDf: dfSum / n,
		nullSentences: sentences / n,
		nullSentencesUncontrolled: uncontrolled / n,
	}
}

export interface ActionCoverage {
	autocorrelation: number
	replicates: number
	/** share of the weeks-as-clusters 95% intervals (changeOverWeeks' method) containing 0 */
	coverage: number
	/** share of replicates with an interval at all (≥ 5 weeks) */
	measured: number
}

/**
 * An action's effect where nothing changed: one team of 8 people, 4 weeks before and 8 since,
 * each week a cluster as `changeOverWeeks` does, while the team's weekly mood follows an AR(1)
 * with the given autocorrelation (SD 5 points) — the mood persists from one week to the next.
 */
export function actionCoverage(input: { autocorrelation: number; replicates: number; seed: string }): ActionCoverage {
	const rnd = mulberry32(input.seed)
	const rho = input.autocorrelation
	let covered = 0
	let measured = 0
	for (let r = 0; r < input.replicates; r++) {
		const people = Array.from({ length: 8 }, () => SD.person * normal(rnd))
		let mood = 5 * normal(rnd)
		const weeks: ClusterSums[] = []
		for (let w = 0; w < 12; w++) {
			mood = rho * mood + Math.sqrt(1 - rho * rho) * 5 * normal(rnd)
			let n = 0
			let sum = 0
			for (const p of people) {
				if (rnd() >= ANSWER_RATE) continue
				n++
				sum += likertSteps(60 + mood + p + SD.noise * normal(rnd))
			}
			weeks.push({ cluster: `W${w}`, n, sum })
		}
		const m = measureChange(weeks.slice(0, 4), weeks.slice(4))
		if (!m || !m.interval) continue
		measured++
		if (m.interval.low <= 0 && m.interval.high >= 0) covered++
	}
	return { autocorrelation: rho, replicates: input.replicates, coverage: measured ? covered / measured : NaN, measured: measured / input.replicates }
}

/**
 * The control-team design (app/actions/control-change.ts) on the same kind of data: G teams of
 * unequal sizes, each with its own AR(1) weekly mood (SD 5), an organisation-wide weekly shock
 * (SD 3) every team shares, 4 weeks before and 8 since; the action team is the first, the
 * others are its controls. Nothing changed.
 */
export function controlCoverage(input: { teams: number; autocorrelation: number; replicates: number; seed: string }): ActionCoverage {
	const rnd = mulberry32(input.seed)
	const rho = input.autocorrelation
	let covered = 0
	let measured = 0
	for (let r = 0; r < input.replicates; r++) {
		const shocks = Array.from({ length: 12 }, () => 3 * normal(rnd))
		const sides = teamSizes(rnd, input.teams).map((size) => {
			const people = Array.from({ length: size }, () => SD.person * normal(rnd))
			let mood = 5 * normal(rnd)
			const side = { before: emptySums(), since: emptySums() }
			for (let w = 0; w < 12; w++) {
				mood = rho * mood + Math.sqrt(1 - rho * rho) * 5 * normal(rnd)
				for (const p of people) {
					if (rnd() >= ANSWER_RATE) continue
					const key = w < 4 ? 'before' : 'since'
					side[key] = addValue(side[key], likertSteps(60 + mood + shocks[w]! + p + SD.noise * normal(rnd)))
				}
			}
			return side
		})
		const m = changeAgainstControls(sides[0]!, sides.slice(1))
		if (!m.interval) continue
		measured++
		if (m.interval.low <= 0 && m.interval.high >= 0) covered++
	}
	return { autocorrelation: rho, replicates: input.replicates, coverage: measured ? covered / measured : NaN, measured: measured / input.replicates }
}
