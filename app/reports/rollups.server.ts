/**
 * Rollups: the sufficient statistics every report reads, so no request scans raw answers.
 * Submissions add to them in the same statement that stores the response (see
 * pulses/answering.server.ts); `rebuildRollups` recomputes an organisation from the raw tables
 * (after a change of weights, or after a bulk load).
 */
import { sql } from 'drizzle-orm'
import type { Database } from '~db/client'
import { NO_TEAM } from '~db/schema'
import { db as defaultDb } from '~/utils/db.server'
import { forgetClosedWeeks } from './closed-weeks.server'
import { CULTURE_DIMENSIONS } from './dimensions'
import { getReportSettings } from './settings.server'
import { cultureIndex, enpsBucket, respondentDimensionScores } from './stats'

/** Per-dimension contributions of one response, in the shape the rollup upsert takes. */
export interface RollupRow {
	dimension: string
	score: number
	answers: number
	favourable: number
	detractors: number
}

/** `weights` defaults to the stored ones; a caller saving new weights passes them with its transaction. */
export async function rebuildRollups(orgId: string, database: Database = defaultDb(), weightsOverride?: Record<string, number>) {
	const weights = weightsOverride ?? (await getReportSettings(orgId)).weights
	const weightRows = sql.join(
		CULTURE_DIMENSIONS.map((d) => sql`(${d}::text, ${weights[d] ?? 0}::float8)`),
		sql`, `,
	)
	await database.transaction(async (tx) => {
		// Grouping every answer by response sorts a lot: give it memory rather than disk.
		await tx.execute(sql`set local work_mem = '256MB'`)
		await tx.execute(sql`set local jit = off`)
		await tx.execute(sql`delete from response_rollups where org_id = ${orgId}`)
		await tx.execute(sql`delete from participation_rollups where org_id = ${orgId}`)
		await tx.execute(sql`
			insert into participation_rollups (org_id, wave_id, team_id, level, invited, answered)
			select org_id, wave_id, coalesce(team_id, ${NO_TEAM}::uuid), level, count(*), count(*) filter (where answered)
			from invitations where org_id = ${orgId}
			group by 1, 2, 3, 4`)
		await tx.execute(sql`
			with per_dimension as (
				select r.wave_id, coalesce(r.team_id, ${NO_TEAM}::uuid) as team_id, r.level, r.id as response_id, wi.dimension::text as dimension,
					avg(case when wi.reverse then (5 - a.value) * 25 else (a.value - 1) * 25 end) as score,
					count(*) as answers,
					count(*) filter (where (case when wi.reverse then 6 - a.value else a.value end) >= 4) as favourable
				from responses r
				join answers a on a.org_id = r.org_id and a.response_id = r.id
				join wave_items wi on wi.org_id = a.org_id and wi.wave_id = a.wave_id and wi.position = a.position
				where r.org_id = ${orgId} and wi.kind = 'likert' and a.value is not null
				group by 1, 2, 3, 4, 5
			), culture as (
				select p.wave_id, p.team_id, p.level, p.response_id, sum(p.score * w.weight) / sum(w.weight) as score
				from per_dimension p join (values ${weightRows}) as w(dimension, weight) on w.dimension = p.dimension
				where w.weight > 0
				group by p.wave_id, p.team_id, p.level, p.response_id
			), enps as (
				select r.wave_id, coalesce(r.team_id, ${NO_TEAM}::uuid) as team_id, r.level, a.value
				from responses r
				join answers a on a.org_id = r.org_id and a.response_id = r.id
				join wave_items wi on wi.org_id = a.org_id and wi.wave_id = a.wave_id and wi.position = a.position
				where r.org_id = ${orgId} and wi.dimension = 'enps' and wi.kind = 'scale10' and a.value is not null
			)
			insert into response_rollups (org_id, wave_id, team_id, level, dimension, respondents, score_sum, score_sumsq, answers, favourable, detractors)
			select ${orgId}::uuid, wave_id, team_id, level, dimension, count(*), sum(score), sum(score * score), sum(answers), sum(favourable), 0
			from per_dimension group by wave_id, team_id, level, dimension
			union all
			select ${orgId}::uuid, wave_id, team_id, level, 'culture', count(*), sum(score), sum(score * score), count(*), 0, 0
			from culture group by wave_id, team_id, level
			union all
			select ${orgId}::uuid, wave_id, team_id, level, 'enps', count(*), sum(value), sum(value * value), count(*), count(*) filter (where value >= 9), count(*) filter (where value <= 6)
			from enps group by wave_id, team_id, level`)
	})
	forgetClosedWeeks()
}

/** The upsert of one response's contributions, for the submission statement (CTE `claimed`). */
export function rollupUpsert(orgId: string, waveId: string, rows: RollupRow[]) {
	const values = sql.join(
		rows.map((r) => sql`(${r.dimension}::text, ${r.score}::float8, ${r.answers}::int, ${r.favourable}::int, ${r.detractors}::int)`),
		sql`, `,
	)
	return sql`
		insert into response_rollups (org_id, wave_id, team_id, level, dimension, respondents, score_sum, score_sumsq, answers, favourable, detractors)
		select ${orgId}::uuid, ${waveId}::uuid, coalesce(c.team_id, ${NO_TEAM}::uuid), c.level, d.dimension, 1, d.score, d.score * d.score, d.answers, d.favourable, d.detractors
		from claimed c, (values ${values}) as d(dimension, score, answers, favourable, detractors)
		on conflict (org_id, wave_id, team_id, level, dimension) do update set
			respondents = response_rollups.respondents + 1,
			score_sum = response_rollups.score_sum + excluded.score_sum,
			score_sumsq = response_rollups.score_sumsq + excluded.score_sumsq,
			answers = response_rollups.answers + excluded.answers,
			favourable = response_rollups.favourable + excluded.favourable,
			detractors = response_rollups.detractors + excluded.detractors
		returning 1`
}

/** What one response adds to the rollups: its per-dimension scores, culture index and eNPS. */
export function rollupRowsFor(
	items: { position: number; kind: string; dimension: string; reverse: boolean }[],
	answered: { position: number; value: number | null }[],
	weights: Record<string, number>,
): RollupRow[] {
	const byPosition = new Map(items.map((i) => [i.position, i]))
	const rows: RollupRow[] = []
	const perDimension = respondentDimensionScores(
		answered.flatMap((a) => {
			const item = byPosition.get(a.position)
			return item ? [{ dimension: item.dimension, kind: item.kind, value: a.value, reverse: item.reverse }] : []
		}),
	)
	const scores: Record<string, number> = {}
	for (const [dimension, s] of Object.entries(perDimension)) {
		rows.push({ dimension, score: s.score, answers: s.answers, favourable: s.favourable, detractors: 0 })
		scores[dimension] = s.score
	}
	const culture = cultureIndex(scores, weights)
	if (culture !== null) rows.push({ dimension: 'culture', score: culture, answers: 1, favourable: 0, detractors: 0 })
	for (const a of answered) {
		const item = byPosition.get(a.position)
		if (item?.dimension === 'enps' && item.kind === 'scale10' && a.value !== null) {
			const bucket = enpsBucket(a.value)
			rows.push({ dimension: 'enps', score: a.value, answers: 1, favourable: bucket === 'promoter' ? 1 : 0, detractors: bucket === 'detractor' ? 1 : 0 })
			break
		}
	}
	return rows
}
