/**
 * Rollups: the sufficient statistics every report reads, so no request scans raw answers.
 * Submissions add to them in the same statement that stores the response (see
 * pulses/answering.server.ts); `rebuildRollups` recomputes an organisation from the raw tables
 * (after a change of weights, or after a bulk load).
 */
import { type SQL, sql } from 'drizzle-orm'

import { db, resultRows, type Tx } from '~/utils/db.server'
import { lockReleases } from '~/utils/release-lock.server'
import { NO_TEAM } from '~db/schema'

import { forgetClosedWeeks, releasedWave } from './closed-weeks.server'
import { CULTURE_DIMENSIONS } from './dimensions'
import { forgetReportSettings, getReportSettings, SETTINGS_TTL_SECONDS } from './settings.server'
import { cultureIndex, DEFAULT_WEIGHTS, enpsBucket, respondentDimensionScores } from './stats'

/** Organisations with up to this many responses get new weights applied within the saving request. */
export const INLINE_RECOMPUTE_MAX_RESPONSES = 20_000

/**
 * One row per answer (wave_id, team_id, level, response_id, position, value) of the released
 * responses matching `waves` (a condition on `r.wave_id`).
 */
function releasedAnswers(orgId: string, waves: SQL) {
	return sql`
		select r.wave_id, r.team_id, r.level, r.id as response_id, a.position, a.value
		from responses r join answers a on a.org_id = r.org_id and a.response_id = r.id
		where r.org_id = ${orgId} and ${waves}`
}

/**
 * The same rows from the holding table, for a week being released: read from the held rows
 * before they move, the rollups need not read back (and join) what the release has just written.
 */
export function heldAnswers(orgId: string, waveIds: string[]) {
	return sql`
		select h.wave_id, h.team_id, h.level, h.id as response_id, a.position, a.value
		from held_responses h, jsonb_to_recordset(h.answers) as a(position int, value float8)
		where h.org_id = ${orgId} and h.wave_id = any(${sql.param(waveIds)}::text[]::uuid[])
		-- Expanded once, then joined to the wave's few items (not a look-up of the items per response).
		offset 0`
}

/**
 * Each response's score per dimension (mean of its Likert items on 0–100, reversed items
 * flipped), with its number of answers and of favourable ones (4–5 after flipping): what
 * `respondentDimensionScores` in stats.ts computes for one response, in SQL for many, from the
 * answer rows of `source` (releasedAnswers or heldAnswers).
 */
function perDimensionScores(orgId: string, source: SQL) {
	return sql`
		select r.wave_id, coalesce(r.team_id, ${NO_TEAM}::uuid) as team_id, r.level, r.response_id, wi.dimension::text as dimension,
			avg(case when wi.reverse then (5 - r.value) * 25 else (r.value - 1) * 25 end) as score,
			count(*) as answers,
			count(*) filter (where (case when wi.reverse then 6 - r.value else r.value end) >= 4) as favourable
		from (${source}) r
		join wave_items wi on wi.org_id = ${orgId} and wi.wave_id = r.wave_id and wi.position = r.position
		where wi.kind = 'likert' and r.value is not null
		group by 1, 2, 3, 4, 5`
}

/** Each response's culture index (weighted mean of its dimension scores), from the rows of `perDimension` (a relation shaped as perDimensionScores). */
function culturePerResponse(perDimension: SQL, weights: Record<string, number>) {
	const weightRows = sql.join(
		CULTURE_DIMENSIONS.map((d) => sql`(${d}::text, ${weights[d] ?? 0}::float8)`),
		sql`, `,
	)
	return sql`
		select p.wave_id, p.team_id, p.level, p.response_id, sum(p.score * w.weight) / sum(w.weight) as score
		from ${perDimension} p join (values ${weightRows}) as w(dimension, weight) on w.dimension = p.dimension
		where w.weight > 0
		group by p.wave_id, p.team_id, p.level, p.response_id`
}

/** Each response's culture index, summed per wave, team and level. */
function cultureSums(orgId: string, weights: Record<string, number>, source: SQL) {
	return sql`
		with per_dimension as (${perDimensionScores(orgId, source)}), culture as (${culturePerResponse(sql`per_dimension`, weights)})
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
	const closed = resultRows<{ id: string }>(await db().execute(sql`select id::text as id from waves where org_id = ${orgId} and ${releasedWave}`)).map((w) => w.id)
	const closedIds = sql`${sql.param(closed)}::text[]::uuid[]`
	const computed = await db().transaction(async (tx) => {
		await tx.execute(sql`set local work_mem = '256MB'`)
		await tx.execute(sql`set local jit = off`)
		return resultRows<{ wave_id: string; team_id: string; level: string; n: number; s: number; ss: number }>(
			await tx.execute(cultureSums(orgId, weights, releasedAnswers(orgId, sql`r.wave_id = any(${closedIds})`))),
		)
	})
	await db().transaction(async (tx) => {
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
			from (${cultureSums(orgId, weights, releasedAnswers(orgId, sql`r.wave_id <> all(${closedIds})`))}) as c`)
	})
	forgetClosedWeeks(orgId)
}

/**
 * The background job: recomputes the culture rollups of one organisation whose weights changed
 * (claimed, so two instances never both do it); returns how many it recomputed (0 or 1).
 */
export async function recomputeStaleCulture({ settleSeconds = SETTINGS_TTL_SECONDS + 5 } = {}): Promise<number> {
	// Not before every instance has let go of the old weights it keeps for a few seconds, so no
	// submission adds a culture score with old weights after the recompute.
	const due = sql`rollups_stale_since is not null and rollups_stale_since <= now() - make_interval(secs => ${settleSeconds}::float8)
		and (rollups_claimed_until is null or rollups_claimed_until < now())`
	// Which organisations wait (a read that locks nothing), then a claim of one of them by a
	// conditional update of its own row: on Citus each statement runs on one shard, and of two
	// instances claiming the same organisation the second finds it claimed and moves on.
	const candidates = resultRows<{ org_id: string }>(await db().execute(sql`select org_id from report_settings where ${due} limit 20`))
	let claim: { org_id: string; stale: string; weights: Record<string, number> } | undefined
	for (const { org_id: orgId } of candidates) {
		;[claim] = resultRows<{ org_id: string; stale: string; weights: Record<string, number> }>(
			await db().execute(sql`
				update report_settings set rollups_claimed_until = now() + interval '30 minutes'
				where org_id = ${orgId}::uuid and ${due}
				returning org_id, rollups_stale_since as stale, weights`),
		)
		if (claim) break
	}
	if (!claim) return 0
	try {
		await recomputeCulture(claim.org_id, { ...DEFAULT_WEIGHTS, ...claim.weights })
		// Weights saved again meanwhile leave it stale, for the next run.
		await db().execute(sql`
			update report_settings set rollups_built_at = now(), rollups_claimed_until = null,
				-- The stamp read back has lost its microseconds; a save meanwhile is later by far more.
				rollups_stale_since = case when rollups_stale_since < ${new Date(new Date(claim.stale).getTime() + 1).toISOString()}::timestamptz then null else rollups_stale_since end
			where org_id = ${claim.org_id}::uuid`)
		forgetReportSettings(claim.org_id)
	} catch (error) {
		await db().execute(sql`update report_settings set rollups_claimed_until = null where org_id = ${claim.org_id}::uuid`)
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

/** Every rollup of an organisation again, with its stored weights, in a transaction of its own. */
export async function rebuildRollups(orgId: string) {
	const { weights } = await getReportSettings(orgId)
	await db().transaction((tx) => rebuildAllRollups(tx, orgId, weights))
	forgetClosedWeeks(orgId)
}

/** Every rollup of an organisation again with the weights given, within the caller's transaction (saving new weights). */
export async function rebuildAllRollups(tx: Tx, orgId: string, weights: Record<string, number>) {
	// Grouping every answer by response sorts a lot: give it memory rather than disk.
	await tx.execute(sql`set local work_mem = '256MB'`)
	await tx.execute(sql`set local jit = off`)
	// Submissions wait until this commits (they add to rows this deletes and writes again);
	// only the small organisations rebuilt within a request, and bulk loads, come here.
	await tx.execute(sql`lock table participation_rollups, response_rollups in share row exclusive mode`)
	await writeRollups(tx, orgId, null, weights)
	forgetClosedWeeks(orgId)
}

/**
 * The rollups of some waves (a week being released), within the caller's transaction: from their
 * invitations, and from the answer rows of `source` (the week's held answers, read before they move).
 */
export async function rebuildWaveRollups(tx: Tx, orgId: string, waveIds: string[], weights: Record<string, number>, source: SQL) {
	await writeRollups(tx, orgId, waveIds, weights, source)
}

/** Deletes and writes again the rollups of the waves given (every wave when null), from the answer rows of `source` (their released answers when not given). */
async function writeRollups(tx: Tx, orgId: string, waveIds: string[] | null, weights: Record<string, number>, source?: SQL) {
	const ids = waveIds && sql`${sql.param(waveIds)}::text[]::uuid[]`
	const waves = ids ? sql`wave_id = any(${ids})` : sql`true`
	const answers = source ?? releasedAnswers(orgId, ids ? sql`r.wave_id = any(${ids})` : sql`true`)
	await tx.execute(sql`delete from response_rollups where org_id = ${orgId} and ${waves}`)
	await tx.execute(sql`delete from participation_rollups where org_id = ${orgId} and ${waves}`)
	await tx.execute(sql`
		insert into participation_rollups (org_id, wave_id, team_id, level, invited, answered)
		select i.org_id, i.wave_id, coalesce(i.team_id, ${NO_TEAM}::uuid), i.level, count(*), count(a.invitation_id)
		from invitations i left join answered_invitations a on a.org_id = i.org_id and a.wave_id = i.wave_id and a.invitation_id = i.id
			-- Said again for the answered rows: the planner does not carry \`= any(…)\` across the join (it read every week's).
			${ids ? sql`and a.wave_id = any(${ids})` : sql``}
		where i.org_id = ${orgId} and ${ids ? sql`i.wave_id = any(${ids})` : sql`true`}
		group by 1, 2, 3, 4`)
	// The per-response scores once (materialized), for the dimensions and for the culture index.
	await tx.execute(sql`
		with per_dimension as materialized (${perDimensionScores(orgId, answers)}),
		culture as (${culturePerResponse(sql`per_dimension`, weights)}),
		enps as (
			select r.wave_id, coalesce(r.team_id, ${NO_TEAM}::uuid) as team_id, r.level, r.value
			from (${answers}) r
			join wave_items wi on wi.org_id = ${orgId} and wi.wave_id = r.wave_id and wi.position = r.position
			where wi.dimension = 'enps' and wi.kind = 'scale10' and r.value is not null
		)
		insert into response_rollups (org_id, wave_id, team_id, level, dimension, respondents, score_sum, score_sumsq, answers, favourable, detractors)
		select ${orgId}::uuid, wave_id, team_id, level, dimension, count(*), sum(score), sum(score * score), sum(answers), sum(favourable), 0
		from per_dimension group by wave_id, team_id, level, dimension
		union all
		select ${orgId}::uuid, wave_id, team_id, level, 'enps', count(*), sum(value), sum(value * value), count(*), count(*) filter (where value >= 9), count(*) filter (where value <= 6)
		from enps group by wave_id, team_id, level
		union all
		select ${orgId}::uuid, wave_id, team_id, level, 'culture', count(*), sum(score), sum(score * score), count(*), 0, 0
		from culture group by wave_id, team_id, level`)
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
