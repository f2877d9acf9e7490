/**
 * Culture ↔ speed over team-weeks of teams without sub-teams (their events are their own), using
 * only team-weeks the gate shows for the survey side. Each ρ is tested by re-pairing whole
 * teams' series (permutation.ts) and the tests are held together to a false-discovery rate
 * (Benjamini–Hochberg over every dimension × lag). Released weeks give the same team-weeks view
 * after view: the result is remembered by its exact input.
 */
import { createHash } from 'node:crypto'

import { tenantCache } from '~/utils/cache.server'

import { CULTURE_DIMENSIONS, REPORT_LABELS } from '../dimensions'
import { benjaminiHochberg, FDR, teamPermutationTests } from '../permutation'
import { laggedSpearman, quartileContrast, type TestedLag } from '../stats'
import type { SectionContext } from './context'

/** One team-week: `team` is a stable key (the team's path), `scores` null when the survey figures are hidden that week. */
export type TeamWeek = { team: string; week: string; scores: Record<string, number | null> | null; y: number | null }

export const LAGS = [0, 1, 2, 3, 4] as const

const memo = tenantCache<ReturnType<typeof compute>>({ name: 'culture–speed correlations', perTenant: 20, max: 100 })

function compute(teamWeeks: TeamWeek[]) {
	const perDimension = CULTURE_DIMENSIONS.map((d) => {
		const rows = teamWeeks.map((tw) => ({ team: tw.team, week: tw.week, x: tw.scores?.[d] ?? null, y: tw.y }))
		const pairs = rows.filter((r) => r.x !== null && r.y !== null).map((r) => ({ x: r.x!, y: r.y! }))
		const tested = teamPermutationTests(rows, LAGS)
		return { dimension: d, label: REPORT_LABELS[d], rhos: laggedSpearman(rows, LAGS), tested, contrast: quartileContrast(pairs) }
	})
	// The family: every ρ that could be tested, across dimensions and lags.
	const family = perDimension.flatMap((x) => x.rhos.map((r, i) => ({ x, i, p: r.rho === null ? null : x.tested.tests[i]!.p })).filter((t) => t.p !== null))
	const qs = benjaminiHochberg(family.map((t) => t.p!))
	const qOf = new Map(family.map((t, j) => [`${t.x.dimension} ${t.i}`, qs[j]!]))
	const dimensions = perDimension.map((x) => ({
		dimension: x.dimension,
		label: x.label,
		lags: x.rhos.map((r, i): TestedLag => {
			const q = qOf.get(`${x.dimension} ${i}`)
			const p = x.tested.tests[i]!.p
			return r.rho === null || q === undefined || p === null
				? { lag: r.lag, rho: null, n: r.n, p: null, q: null, significant: false }
				: { lag: r.lag, rho: r.rho, n: r.n, p, q, significant: q <= FDR }
		}),
		contrast: x.contrast,
	}))
	const t = perDimension.find((x) => x.tested.teams > 0)?.tested ?? perDimension[0]!.tested
	return {
		dimensions,
		test: { method: 'team-permutation' as const, teams: t.teams, permutations: t.permutations, exact: t.exact, fdr: FDR, tests: family.length },
	}
}

/**
 * The team-weeks of the leaf teams: the survey side where the gate shows the team that week,
 * the team's median first reply (minutes) wherever it has one. Lagged pairs then follow the
 * rule of METHOD.md §6: x where shown in week w, y in week w + L whether or not the survey is
 * shown then (response times are the team's own operational data, not answers).
 */
export function teamWeeksOf(c: SectionContext, leaves: { id: string; key: string }[], firstReply: Map<string, number>): TeamWeek[] {
	return leaves.flatMap((t) =>
		c.weeks.flatMap((w) => {
			const scores = c.gate.weekScores(t.id, w)
			const y = firstReply.get(`${t.id} ${w}`) ?? null
			return scores || y !== null ? [{ team: t.key, week: w, scores, y }] : []
		}),
	)
}

export function correlationsSection(orgId: string, teamWeeks: TeamWeek[]) {
	const key = createHash('sha1').update(JSON.stringify(teamWeeks)).digest('base64')
	const hit = memo.get(orgId, key)
	if (hit) return hit
	const result = compute(teamWeeks)
	memo.set(orgId, key, result)
	return result
}
