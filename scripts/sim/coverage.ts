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
import { clusteredRhoInterval, type DriverOutcome, DRIVERS_MIN_RESPONDENTS, type RespondentRow, rhoInterval } from '~/reports/drivers'
import {
	addValue,
	type ClusterSums,
	cultureIndex,
	DEFAULT_WEIGHTS,
	emptySums,
	familyVerdicts,
	findingCandidates,
	type FindingsInput,
	measureChange,
	spearman,
	tQuantile,
	weekOverWeekChange,
} from '~/reports/stats'
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
	/** share of organisations whose "Moved most" (the two largest moves) says "more than chance" for either (family verdicts) */
	nullMovedMost: number
	/** the same with each dimension's own 95% verdict (what the dashboard said before) */
	nullMovedMostUncontrolled: number
}

export function progressCoverage(input: { teams: number; replicates: number; seed: string }): ProgressCoverage {
	const rnd = mulberry32(input.seed)
	let covered = 0
	let coveredCr1 = 0
	let dfSum = 0
	let sentences = 0
	let uncontrolled = 0
	let movedMost = 0
	let movedMostUncontrolled = 0
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
		// "Moved most": the two largest moves (as dimensionChangesSection orders them), with the family verdict.
		const family = familyVerdicts(changes)
		const top = changes
			.map((c, d) => ({ c, d, family: family[d]! }))
			.sort((a, b) => Math.abs(b.c.delta) - Math.abs(a.c.delta) || DIMENSIONS[a.d]!.localeCompare(DIMENSIONS[b.d]!))
			.slice(0, 2)
		if (top.some((x) => x.family === 'up' || x.family === 'down')) movedMost++
		if (top.some((x) => x.c.verdict === 'up' || x.c.verdict === 'down')) movedMostUncontrolled++
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
		nullMovedMost: movedMost / n,
		nullMovedMostUncontrolled: movedMostUncontrolled / n,
	}
}

export interface ActionCoverage {
	autocorrelation: number
	replicates: number
	/** share of the 95% intervals containing 0 */
	coverage: number
	/** share of replicates with an interval at all (≥ 5 weeks, or ≥ 5 control teams) */
	measured: number
}

/**
 * An action's effect where nothing changed: one team of 8 people, 4 weeks before and 8 since,
 * each week a cluster (how the product measured actions before the control teams), while the team's weekly mood follows an AR(1)
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
 * The control-team design (app/actions/control-change.ts, what the product measures an action
 * with) on the same kind of data: G teams of unequal sizes, each with its own AR(1) weekly mood
 * (SD 5), an organisation-wide weekly shock (SD 3) every team shares, `before` weeks before and
 * `since` weeks since (default 4 and 8); the action team is the first, the others are its
 * controls. Nothing changed.
 */
export function controlCoverage(input: { teams: number; autocorrelation: number; replicates: number; seed: string; before?: number; since?: number }): ActionCoverage {
	const rnd = mulberry32(input.seed)
	const rho = input.autocorrelation
	const before = input.before ?? 4
	const weeks = before + (input.since ?? 8)
	let covered = 0
	let measured = 0
	for (let r = 0; r < input.replicates; r++) {
		const shocks = Array.from({ length: weeks }, () => 3 * normal(rnd))
		const sides = teamSizes(rnd, input.teams).map((size) => {
			const people = Array.from({ length: size }, () => SD.person * normal(rnd))
			let mood = 5 * normal(rnd)
			const side = { before: emptySums(), since: emptySums() }
			for (let w = 0; w < weeks; w++) {
				mood = rho * mood + Math.sqrt(1 - rho * rho) * 5 * normal(rnd)
				for (const p of people) {
					if (rnd() >= ANSWER_RATE) continue
					const key = w < before ? 'before' : 'since'
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

/**
 * The digests' week-over-week interval (`weekOverWeekChange`, Welch) on a group of G teams of the
 * sizes above whose people's expected scores did not change between two consecutive weeks: each
 * person answers each week with probability 0.75 (so mostly the same people), a score is the
 * team effect, the person effect and noise, rounded to Likert steps. What varies is who answered
 * and their answer noise; the truth is the group's unchanged mean (a shock shared by a team that
 * week would be a real change of that week, which the digest is there to report).
 */
export function weekOverWeekCoverage(input: { teams: number; replicates: number; seed: string }): { coverage: number; measured: number } {
	const rnd = mulberry32(input.seed)
	let covered = 0
	let measured = 0
	for (let r = 0; r < input.replicates; r++) {
		const weeks = [emptySums(), emptySums()]
		for (const size of teamSizes(rnd, input.teams)) {
			const team = SD.team * normal(rnd)
			for (let p = 0; p < size; p++) {
				const person = SD.person * normal(rnd)
				for (const w of [0, 1]) if (rnd() < ANSWER_RATE) weeks[w] = addValue(weeks[w]!, likertSteps(60 + team + person + SD.noise * normal(rnd)))
			}
		}
		const c = weekOverWeekChange(weeks[0]!, weeks[1]!)
		if (!c) continue
		measured++
		// The truth: the group's expected mean did not change; rounding to steps is the same both weeks.
		if (c.low <= 0 && c.high >= 0) covered++
	}
	return { coverage: measured ? covered / measured : NaN, measured: measured / input.replicates }
}

/**
 * One week of a group of G teams (sizes above), each person answering with probability 0.75:
 * the rows the driver analysis reads (app/reports/drivers.ts), with each row's team as its
 * cluster. A person's score on a dimension is the team effect, the team's mood that week, the
 * person's effect and noise (as above, correlated 0.36 across dimensions), rounded to Likert
 * steps; their eNPS answer (0–10) follows their own culture (the mean of their true dimension
 * effects, team's included) plus a team-wide eNPS effect and noise, rounded and kept in 0–10.
 */
export function driversWeek(rnd: Random, teams: number): RespondentRow[] {
	const rows: RespondentRow[] = []
	teamSizes(rnd, teams).forEach((size, g) => {
		const team = correlated(rnd, SD.team)
		const shock = correlated(rnd, SD.teamWeek)
		const teamEnps = 0.8 * normal(rnd)
		for (let p = 0; p < size; p++) {
			const person = correlated(rnd, SD.person)
			if (rnd() >= ANSWER_RATE) continue
			const scores: Record<string, number> = {}
			let culture = 0
			DIMENSIONS.forEach((d, i) => {
				const truth = team[i]! + shock[i]! + person[i]!
				culture += truth / DIMENSIONS.length
				scores[d] = likertSteps(60 + truth + SD.noise * normal(rnd))
			})
			const enps = Math.min(10, Math.max(0, Math.round(7 + 0.12 * culture + teamEnps + 1.6 * normal(rnd))))
			rows.push({ scores, enps, cluster: `T${g}` })
		}
	})
	return rows
}

const DRIVER_WEIGHTS: Record<string, number> = { ...DEFAULT_WEIGHTS }

/**
 * Autonomy's pairs with the outcome and each pair's cluster, as driverAnalysis builds them (the
 * outcome for the culture index leaves autonomy out); tests/unit/reports/drivers.test.ts checks
 * that driverAnalysis prints clusteredRhoInterval of exactly these.
 */
function autonomyPairs(rows: readonly RespondentRow[], outcome: DriverOutcome): { xs: number[]; ys: number[]; cs: string[] } {
	const xs: number[] = []
	const ys: number[] = []
	const cs: string[] = []
	for (const r of rows) {
		const rest = Object.fromEntries(Object.entries(r.scores).filter(([k]) => k !== 'autonomy'))
		const y = outcome === 'enps' ? r.enps : cultureIndex(rest, DRIVER_WEIGHTS)
		if (y === null || r.scores.autonomy === undefined) continue
		xs.push(r.scores.autonomy)
		ys.push(y)
		cs.push(r.cluster)
	}
	return { xs, ys, cs }
}

const truths = new Map<DriverOutcome, number>()

/**
 * The true importance the driver interval is about: Spearman's ρ between autonomy and the
 * outcome across the people of organisations like these (every team a draw from the same kind),
 * estimated once from 1000 organisations of 10 teams pooled (about 73,000 people; its own error,
 * about ±0.005, is a sixtieth of the interval's half-width and moves a coverage by less than its
 * Monte Carlo error).
 */
export function driverTruth(outcome: DriverOutcome): number {
	if (!truths.size) {
		const rnd = mulberry32('state-of-now/sim-coverage/v1/drivers/truth')
		const rows: RespondentRow[] = []
		for (let o = 0; o < 1000; o++) for (const r of driversWeek(rnd, 10)) rows.push(r)
		for (const o of ['enps', 'culture'] as const) {
			const { xs, ys } = autonomyPairs(rows, o)
			truths.set(o, spearman(xs, ys)!.rho)
		}
	}
	return truths.get(outcome)!
}

export interface DriverCoverage {
	teams: number
	outcome: DriverOutcome
	replicates: number
	/** the true ρ (driverTruth) */
	truth: number
	/** share of groups with at least 30 respondents and 5 teams, so an interval (the others show none) */
	measured: number
	/** share of the product's intervals (driverAnalysis, autonomy) that contain the true ρ */
	coverage: number
	/** the same for the Bonett–Wright interval on independent rows (what the product printed before) */
	coverageIndependent: number
}

/** The driver interval (clusteredRhoInterval, as driverAnalysis prints it) on one released week of G teams (driversWeek): autonomy's importance for the outcome. */
export function driverCoverage(input: { teams: number; outcome: DriverOutcome; replicates: number; seed: string }): DriverCoverage {
	const truth = driverTruth(input.outcome)
	const rnd = mulberry32(input.seed)
	let measured = 0
	let covered = 0
	let coveredIndependent = 0
	for (let r = 0; r < input.replicates; r++) {
		const { xs, ys, cs } = autonomyPairs(driversWeek(rnd, input.teams), input.outcome)
		if (xs.length < DRIVERS_MIN_RESPONDENTS) continue
		const rho = spearman(xs, ys)
		const interval = rho && clusteredRhoInterval(xs, ys, cs)
		if (!rho || !interval) continue
		measured++
		if (interval.low <= truth && truth <= interval.high) covered++
		const independent = rhoInterval(rho.rho, rho.n)
		if (independent.low <= truth && truth <= independent.high) coveredIndependent++
	}
	return {
		teams: input.teams,
		outcome: input.outcome,
		replicates: input.replicates,
		truth,
		measured: measured / input.replicates,
		coverage: measured ? covered / measured : NaN,
		coverageIndependent: measured ? coveredIndependent / measured : NaN,
	}
}
