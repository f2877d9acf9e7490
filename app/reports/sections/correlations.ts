/**
 * Culture ↔ speed over team-weeks of teams without sub-teams (their events are their own), using
 * only team-weeks the gate shows. Rank correlations over thousands of team-weeks cost tens of
 * milliseconds, and released weeks give the same team-weeks view after view: remembered by
 * their exact input.
 */
import { createHash } from 'node:crypto'

import { CULTURE_DIMENSIONS, REPORT_LABELS } from '../dimensions'
import { laggedSpearman, quartileContrast } from '../stats'
import type { SectionContext } from './context'

export type TeamWeek = { team: string; week: string; scores: Record<string, number | null>; y: number | null }

const memo = new Map<string, ReturnType<typeof compute>>()

function compute(teamWeeks: TeamWeek[]) {
	return CULTURE_DIMENSIONS.map((d) => {
		const rows = teamWeeks.map((tw) => ({ team: tw.team, week: tw.week, x: tw.scores[d] ?? null, y: tw.y }))
		const pairs = rows.filter((r) => r.x !== null && r.y !== null).map((r) => ({ x: r.x!, y: r.y! }))
		return { dimension: d, label: REPORT_LABELS[d], lags: laggedSpearman(rows), contrast: quartileContrast(pairs) }
	})
}

/** The shown team-weeks of the leaf teams, with the team's median first reply (minutes) that week. */
export function teamWeeksOf(c: SectionContext, leaves: string[], firstReply: Map<string, number>): TeamWeek[] {
	return leaves.flatMap((t) =>
		c.weeks.flatMap((w) => {
			const scores = c.gate.weekScores(t, w)
			return scores ? [{ team: t, week: w, scores, y: firstReply.get(`${t} ${w}`) ?? null }] : []
		}),
	)
}

export function correlationsSection(teamWeeks: TeamWeek[]) {
	const key = createHash('sha1').update(JSON.stringify(teamWeeks)).digest('base64')
	const hit = memo.get(key)
	if (hit) return hit
	const result = compute(teamWeeks)
	if (memo.size >= 100) memo.delete(memo.keys().next().value!)
	memo.set(key, result)
	return result
}
