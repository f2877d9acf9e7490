/**
 * Rollups: the sufficient statistics every report reads, so no request scans raw answers.
 * Submissions add to them in the same statement that stores the response (see
 * pulses/answering.server.ts); `rebuildRollups` recomputes an organisation from the raw tables
 * (after a change of weights, or after a bulk load).
 */
import { type SQL, sql } from 'drizzle-orm'

import { db as defaultDb } from '~/utils/db.server'
import { type Database, resultRows } from '~db/client'
import { NO_TEAM } from '~db/schema'

import { forgetClosedWeeks, lockReleases, releasedWave } from './closed-weeks.server'
import { CULTURE_DIMENSIONS } from './dimensions'
import { forgetReportSettings, getReportSettings, SETTINGS_TTL_SECONDS } from './settings.server'
import { cultureIndex, DEFAULT_WEIGHTS, enpsBucket, respondentDimensionScores } from './stats'

/** Organisations with up to this many responses get new weights applied within the saving request. */
export const INLINE_RECOMPUTE_MAX_RESPONSES = 20_000

/**
 * Each response's score per dimension (mean of its Likert items on 0–100, reversed items
 * flipped), with its number of answers and of favourable ones (4–5 after flipping): what
 * `respondentDimensionScores` in stats.ts computes for one response, in SQL for many.
 */
function perDimensionScores(orgId: string, waves: SQL) {
	return sql`
		select r.wave_id, coalesce(r.team_id, ${NO_TEAM}::uuid) as team_id, r.level, r.id as response_id, wi.dimension::text as dimension,
			avg(case when wi.reverse then (5 - a.value) * 25 else (a.value - 1) * 25 end) as score,
			count(*) as answers,
			count(*) filter (where (case when wi.reverse then 6 - a.value else a.value end) >= 4) as favourable
		from responses r
		join answers a on a.org_id = r.org_id and a.response_id = r.id
		join wave_items wi on wi.org_id = a.org_id and wi.wave_id = a.wave_id and wi.position = a.position
		where r.org_id = ${orgId} and ${waves} and wi.kind = 'likert' and a.value is not null
		group by 1, 2, 3, 4, 5`
}

/** Each response's culture index (weighted mean of its dimension scores), summed per wave, team and level. */
function cultureSums(orgId: string, weights: Record<string, number>, waves: SQL) {
	const weightRows = sql.join(
		CULTURE_DIMENSIONS.map((d) => sql`(${d}::text, ${weights[d] ?? 0}::float8)`),
		sql`, `,
	)
	return sql`
		with per_dimension as (${perDimensionScores(orgId, waves)}), culture as (
			select p.wave_id, p.team_id, p.level, p.response_id, sum(p.score * w.weight) / sum(w.weight) as score
			from per_dimension p join (values ${weightRows}) as w(dimension, weight) on w.dimension = p.dimension
			where w.weight > 0
			group by p.wave_id, p.team_id, p.level, p.response_id
		)
		select wave_id, team_id, level, count(*)::int as n, sum(score)::float8 as s, sum(score * score)::float8 as ss
		from culture group by wave_id, team_id, level`
}

/**
 * Recomputes the culture rows (the only ones that depend on the weights) without holding up
 * releases: the waves of released weeks, whose responses are final, are computed first with no
 * lock taken; then one short transaction (releases of the organisation wait for it) swaps them
 * in and recomputes every other wave (those released meanwhile; open ones have no rows yet).
 */
export async function recomputeCulture(orgId: string, weights: Record<string, number>) {
	const closed = resultRows<{ id: string }>(await defaultDb().execute(sql`select id::text as id from waves where org_id = ${orgId} and ${releasedWave}`)).map((w) => w.id)
	const closedIds = sql`${sql.param(closed)}::text[]::uuid[]`
	const computed = await defaultDb().transaction(async (tx) => {
		await tx.execute(sql`set local work_mem = '256MB'`)
		await tx.execute(sql`set local jit = off`)
		return resultRows<{ wave_id: string; team_id: string; level: string; n: number; s: number; ss: number }>(
			await tx.execute(cultureSums(orgId, weights, sql`r.wave_id = any(${closedIds})`)),
		)
	})
	await defaultDb().transaction(async (tx) => {
		await tx.execute(sql`set local jit = off`)
		await lockReleases(tx, orgId)
		// Nothing else writes culture rows meanwhile (releases of this organisation wait above;
		// a rebuild takes this lock too).
		await tx.execute(sql`lock table response_rollups in share row exclusive mode`)
		await tx.execute(sql`delete from response_rollups where org_id = ${orgId} and dimension = 'culture'`)
		if (computed.length)
			await tx.execute(sql`
				insert into response_rollups (org_id, wave_id, team_id, level, dimension, respondents, score_sum, score_sumsq, answers, favourable, detractors)
				select ${orgId}::uuid, c.wave_id, c.team_id, c.level, 'culture', c.n, c.s, c.ss, c.n, 0, 0
				from unnest(${sql.param(computed.map((c) => c.wave_id))}::text[]::uuid[], ${sql.param(computed.map((c) => c.team_id))}::text[]::uuid[],
					${sql.param(computed.map((c) => c.level))}::text[]::level[], ${sql.param(computed.map((c) => Number(c.n)))}::int[],
					${sql.param(computed.map((c) => Number(c.s)))}::float8[], ${sql.param(computed.map((c) => Number(c.ss)))}::float8[]) as c(wave_id, team_id, level, n, s, ss)`)
		await tx.execute(sql`
			insert into response_rollups (org_id, wave_id, team_id, level, dimension, respondents, score_sum, score_sumsq, answers, favourable, detractors)
			select ${orgId}::uuid, c.wave_id, c.team_id, c.level, 'culture', c.n, c.s, c.ss, c.n, 0, 0
			from (${cultureSums(orgId, weights, sql`r.wave_id <> all(${closedIds})`)}) as c`)
	})
	forgetClosedWeeks()
}

/**
 * The background job: recomputes the culture rollups of one organisation whose weights changed
 * (claimed, so two instances never both do it); returns how many it recomputed (0 or 1).
 */
export async function recomputeStaleCulture({ settleSeconds = SETTINGS_TTL_SECONDS + 5 } = {}): Promise<number> {
	// Not before every instance has let go of the old weights it keeps for a few seconds, so no
	// submission adds a culture score with old weights after the recompute.
	const [claim] = resultRows<{ org_id: string; stale: string; weights: Record<string, number> }>(
		await defaultDb().execute(sql`
			update report_settings set rollups_claimed_until = now() + interval '30 minutes'
			where org_id = (
				select org_id from report_settings
				where rollups_stale_since is not null and rollups_stale_since <= now() - make_interval(secs => ${settleSeconds}::float8)
					and (rollups_claimed_until is null or rollups_claimed_until < now())
				limit 1 for update skip locked)
			returning org_id::text as org_id, rollups_stale_since::text as stale, weights`),
	)
	if (!claim) return 0
	try {
		await recomputeCulture(claim.org_id, { ...DEFAULT_WEIGHTS, ...claim.weights })
		// Weights saved again meanwhile leave it stale, for the next run.
		await defaultDb().execute(sql`
			update report_settings set rollups_built_at = now(), rollups_claimed_until = null,
				rollups_stale_since = case when rollups_stale_since::text = ${claim.stale} then null else rollups_stale_since end
			where org_id = ${claim.org_id}::uuid`)
		forgetReportSettings(claim.org_id)
	} catch (error) {
		await defaultDb().execute(sql`update report_settings set rollups_claimed_until = null where org_id = ${claim.org_id}::uuid`)
		throw error
	}
	return 1
}

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
	await database.transaction(async (tx) => {
		// Grouping every answer by response sorts a lot: give it memory rather than disk.
		await tx.execute(sql`set local work_mem = '256MB'`)
		await tx.execute(sql`set local jit = off`)
		// Submissions wait until this commits (they add to rows this deletes and writes again);
		// only the small organisations rebuilt within a request, and bulk loads, come here.
		await tx.execute(sql`lock table participation_rollups, response_rollups in share row exclusive mode`)
		await writeRollups(tx, orgId, null, weights)
	})
	forgetClosedWeeks()
}

/** The rollups of some waves (a week being released), from their responses and invitations, within the caller's transaction. */
export async function rebuildWaveRollups(tx: Database, orgId: string, waveIds: string[], weights: Record<string, number>) {
	await writeRollups(tx, orgId, waveIds, weights)
}

/** Deletes and writes again the rollups of the waves given (every wave when null). */
async function writeRollups(tx: Database, orgId: string, waveIds: string[] | null, weights: Record<string, number>) {
	const ids = waveIds && sql`${sql.param(waveIds)}::text[]::uuid[]`
	const waves = ids ? sql`wave_id = any(${ids})` : sql`true`
	const waveFilter = ids ? sql`r.wave_id = any(${ids})` : sql`true`
	await tx.execute(sql`delete from response_rollups where org_id = ${orgId} and ${waves}`)
	await tx.execute(sql`delete from participation_rollups where org_id = ${orgId} and ${waves}`)
	await tx.execute(sql`
		insert into participation_rollups (org_id, wave_id, team_id, level, invited, answered)
		select org_id, wave_id, coalesce(team_id, ${NO_TEAM}::uuid), level, count(*), count(*) filter (where answered)
		from invitations where org_id = ${orgId} and ${waves}
		group by 1, 2, 3, 4`)
	await tx.execute(sql`
		with per_dimension as (${perDimensionScores(orgId, waveFilter)}), enps as (
			select r.wave_id, coalesce(r.team_id, ${NO_TEAM}::uuid) as team_id, r.level, a.value
			from responses r
			join answers a on a.org_id = r.org_id and a.response_id = r.id
			join wave_items wi on wi.org_id = a.org_id and wi.wave_id = a.wave_id and wi.position = a.position
			where r.org_id = ${orgId} and ${waveFilter} and wi.dimension = 'enps' and wi.kind = 'scale10' and a.value is not null
		)
		insert into response_rollups (org_id, wave_id, team_id, level, dimension, respondents, score_sum, score_sumsq, answers, favourable, detractors)
		select ${orgId}::uuid, wave_id, team_id, level, dimension, count(*), sum(score), sum(score * score), sum(answers), sum(favourable), 0
		from per_dimension group by wave_id, team_id, level, dimension
		union all
		select ${orgId}::uuid, wave_id, team_id, level, 'enps', count(*), sum(value), sum(value * value), count(*), count(*) filter (where value >= 9), count(*) filter (where value <= 6)
		from enps group by wave_id, team_id, level`)
	await tx.execute(sql`
		insert into response_rollups (org_id, wave_id, team_id, level, dimension, respondents, score_sum, score_sumsq, answers, favourable, detractors)
		select ${orgId}::uuid, c.wave_id, c.team_id, c.level, 'culture', c.n, c.s, c.ss, c.n, 0, 0
		from (${cultureSums(orgId, weights, waveFilter)}) as c`)
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
