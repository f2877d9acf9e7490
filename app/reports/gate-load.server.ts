/**
 * The gate's first part, load: one read of the weeks of a window. A released week is read with
 * the tree, counts and decision stored at its release, then its rollups and participation (kept
 * per process, see closed-weeks.server.ts); a week still open has only live participation, on
 * today's tree. Also the reads a section asks for on first use (a week's responses, comments).
 * Nothing here decides what may be shown (gate-decide.ts) or reads to a section (gate.server.ts).
 */
import { createHash } from 'node:crypto'

import { sql } from 'drizzle-orm'

import { db, resultRows } from '~/utils/db.server'
import { NO_TEAM, type ReleasedCube } from '~db/schema'

import { keepWeek, keptWeek } from './closed-weeks.server'
import { cellId, type CubeNode, ROOT } from './cube'
import { CULTURE_DIMENSIONS } from './dimensions'
import type { RespondentAnswers } from './drivers'
import { addAgg, emptyAgg, isLevel, type LoadedWeeks, type Metric, METRICS, type OpenData, type ReleasedData, type StoredComment } from './gate-data'
import { addWaveCounts, sameCounts, type WaveCounts } from './participation'
import { distinctPeople } from './release.server'
import { participationRows } from './wave-decisions.server'

export interface LoadInput {
	orgId: string
	weeks: string[]
	/** Changes whenever the settings or the rollups built from them change: part of the kept weeks' keys. */
	version: string
	/** Today's tree, for the weeks still open. */
	teams: { id: string; parent_id: string | null; path?: string }[]
}

export async function loadWeeks(input: LoadInput): Promise<LoadedWeeks> {
	const { orgId, weeks } = input
	const first = weeks[0]!
	const last = weeks.at(-1)!
	const releasedRows = resultRows<{ week: string; released_at: string; k: number; comment_k: number; wave_ids: string[]; cube: ReleasedCube }>(
		await db().execute(sql`
			select week::text as week, released_at::text as released_at, k, comment_k, wave_ids, cube from released_weeks
			where org_id = ${orgId} and week between ${first}::date and ${last}::date`),
	)
	const released = new Map<string, ReleasedData>()
	const toRead: ReleasedData[] = []
	const keys = new Map<ReleasedData, string>()
	for (const r of releasedRows) {
		const key = `${input.version}|${r.week}|${r.released_at}`
		const kept = keptWeek<ReleasedData>(orgId, key)
		if (kept) {
			released.set(r.week, kept)
			continue
		}
		const data: ReleasedData = {
			week: r.week,
			waveIds: r.wave_ids,
			cube: r.cube,
			k: Number(r.k),
			commentK: Number(r.comment_k),
			children: childrenOf(r.cube.nodes),
			direct: new Map(),
			waveCounts: new Map(),
			metrics: new Set(),
			stricter: new Map(),
			derived: { hidden: new Map(), participation: new Map(), subtree: new Map(), scores: new Map(), respondentRows: new Map() },
		}
		released.set(r.week, data)
		toRead.push(data)
		keys.set(data, key)
	}
	if (toRead.length) await readReleased(orgId, toRead)
	// Kept only once read whole, so a concurrent request never finds a week half-filled.
	for (const data of toRead) keepWeek(orgId, keys.get(data)!, data)

	const openWeeks = weeks.filter((w) => !released.has(w))
	return { orgId, weeks, released, open: openWeeks.length ? await readOpen(orgId, openWeeks, input.teams) : new Map() }
}

/** Weeks not released yet: only live participation, on today's tree. */
async function readOpen(orgId: string, openWeeks: string[], teams: LoadInput['teams']) {
	const open = new Map<string, OpenData>()
	const nodes: CubeNode[] = [{ id: ROOT, parentId: null }, ...teams.map((t) => ({ id: t.id, parentId: t.parent_id ?? ROOT, ...(t.path !== undefined ? { key: t.path } : {}) }))]
	const known = new Set(teams.map((t) => t.id))
	const waveRows = resultRows<{ week: string; ids: string[] }>(
		await db().execute(
			sql`select week::text as week, array_agg(id::text) as ids from waves where org_id = ${orgId} and week = any(${sql.param(openWeeks)}::text[]::date[]) group by week`,
		),
	)
	for (const w of waveRows) {
		const ids = sql`${sql.param(w.ids)}::text[]::uuid[]`
		const rows = resultRows<{ wave_id: string; team_id: string; level: string; invited: number; answered: number }>(
			await db().execute(
				sql`select wave_id::text as wave_id, team_id::text as team_id, level::text as level, sum(invited)::int as invited, sum(answered)::int as answered from participation_rollups where org_id = ${orgId} and wave_id = any(${ids}) group by 1, 2, 3`,
			),
		)
		const waveCounts = new Map<string, WaveCounts>()
		for (const p of rows) {
			if (!isLevel(p.level)) continue
			const node = p.team_id !== NO_TEAM && known.has(p.team_id) ? p.team_id : ROOT
			addWaveCounts(waveCounts, p.wave_id, node, p.level, Number(p.invited), Number(p.answered))
		}
		open.set(w.week, {
			week: w.week,
			nodes,
			children: childrenOf(nodes),
			invitedPeople: await distinctPeople(db(), orgId, ids, known, false),
			waveCounts: [...waveCounts.values()],
		})
	}
	return open
}

/** Rollups and participation of released weeks, as direct figures per cell of each week's stored tree. */
async function readReleased(orgId: string, weeks: ReleasedData[]) {
	const weekOfWave = new Map<string, ReleasedData>()
	for (const r of weeks) for (const id of r.waveIds) weekOfWave.set(id, r)
	const ids = sql`${sql.param([...weekOfWave.keys()])}::text[]::uuid[]`
	// One row per wave, team, level (and dimension): the tables' keys, so nothing to group.
	const [rollups, participation] = await Promise.all([
		db().execute(sql`
			select wave_id::text as wave_id, team_id::text as team_id, level::text as level, dimension,
				respondents as n, score_sum as s, score_sumsq as ss, answers as a, favourable as f, detractors as d
			from response_rollups where org_id = ${orgId} and wave_id = any(${ids})`),
		participationRows(db(), orgId, ids),
	])
	const nodeOf = (r: ReleasedData, teamId: string) => (teamId !== NO_TEAM && r.children.has(teamId) ? teamId : ROOT)
	const directOf = (r: ReleasedData, c: string) => {
		let f = r.direct.get(c)
		if (!f) r.direct.set(c, (f = { metrics: new Map(), invited: 0, answered: 0 }))
		return f
	}
	for (const x of resultRows<{ wave_id: string; team_id: string; level: string; dimension: string; n: number; s: number; ss: number; a: number; f: number; d: number }>(rollups)) {
		if (!(METRICS as readonly string[]).includes(x.dimension) || !isLevel(x.level)) continue
		const r = weekOfWave.get(x.wave_id)!
		const node = nodeOf(r, x.team_id)
		if (Number(x.n) > 0) r.metrics.add(x.dimension as Metric)
		const agg = { n: Number(x.n), sum: Number(x.s), sumsq: Number(x.ss), answers: Number(x.a), favourable: Number(x.f), detractors: Number(x.d) }
		for (const c of [node, cellId(node, x.level)]) {
			const m = directOf(r, c).metrics
			const a = m.get(x.dimension as Metric) ?? emptyAgg()
			addAgg(a, agg)
			m.set(x.dimension as Metric, a)
		}
	}
	for (const p of participation) {
		if (!isLevel(p.level)) continue
		const r = weekOfWave.get(p.wave_id)!
		const node = nodeOf(r, p.team_id)
		for (const c of [node, cellId(node, p.level)]) {
			const f = directOf(r, c)
			f.invited += Number(p.invited)
			f.answered += Number(p.answered)
		}
		addWaveCounts(r.waveCounts, p.wave_id, node, p.level, Number(p.invited), Number(p.answered))
	}
	// Each wave's participation as its release decided it, where its counts are still those it was decided on.
	for (const r of weeks)
		for (const stored of r.cube.waves ?? []) {
			const w = r.waveCounts.get(stored.id)
			if (w && sameCounts(w.invited, stored.invited)) w.decided = { k: r.k, hidden: new Set(stored.hidden) }
		}
}

/**
 * Each response of some waves (read on a section's first use) with its dimension scores (as the
 * rollups compute them) and its eNPS answer: one row per response, its scores averaged in the
 * database (not a row per answer held in memory).
 */
export async function readRespondents(orgId: string, waveIds: string[]) {
	const score = sql`case when wi.kind = 'scale10' then a.value when wi.reverse then (5 - a.value) * 25 else (a.value - 1) * 25 end`
	const rows = resultRows<{ id: string; team_id: string | null; level: string; scores: (number | null)[]; enps: number | null }>(
		await db().execute(sql`
			select r.id::text as id, r.team_id::text as team_id, r.level::text as level,
				array[${sql.join(
					CULTURE_DIMENSIONS.map((d) => sql`avg(${score}) filter (where wi.kind = 'likert' and wi.dimension = ${d})::float8`),
					sql`, `,
				)}] as scores,
				avg(${score}) filter (where wi.kind = 'scale10')::float8 as enps
			from responses r
			join answers a on a.org_id = r.org_id and a.response_id = r.id
			join wave_items wi on wi.org_id = a.org_id and wi.wave_id = a.wave_id and wi.position = a.position
			where r.org_id = ${orgId} and r.wave_id = any(${sql.param(waveIds)}::text[]::uuid[]) and a.value is not null
				and (wi.kind = 'likert' or (wi.kind = 'scale10' and wi.dimension = 'enps'))
			group by r.id, r.team_id, r.level`),
	)
	return rows.map((x) => {
		const row: RespondentAnswers = { scores: {}, enps: x.enps === null ? null : Number(x.enps) }
		CULTURE_DIMENSIONS.forEach((d, i) => {
			const v = x.scores[i]
			if (v !== null && v !== undefined) row.scores[d] = Number(v)
		})
		return { teamId: x.team_id === NO_TEAM ? null : x.team_id, level: x.level, row }
	})
}

/** The comments of some released weeks, each week's kept with it: found through the partial index, their order key computed once. */
export async function loadComments(orgId: string, toLoad: ReleasedData[]) {
	const weekOfWave = new Map(toLoad.flatMap((r) => r.waveIds.map((id) => [id, r] as const)))
	const loaded = new Map(toLoad.map((r) => [r, [] as StoredComment[]]))
	const rows = resultRows<{ id: string; wave_id: string; team_id: string | null; comment: string; replyable: boolean; comment_locale: string | null }>(
		await db().execute(sql`
			select r.id::text as id, r.wave_id::text as wave_id, r.team_id::text as team_id, r.comment, r.reply_key_hash is not null as replyable, r.comment_locale from responses r
			where r.org_id = ${orgId} and r.comment is not null and r.wave_id = any(${sql.param([...weekOfWave.keys()])}::text[]::uuid[])`),
	)
	for (const c of rows)
		loaded.get(weekOfWave.get(c.wave_id)!)!.push({
			ref: c.id,
			teamId: c.team_id,
			text: c.comment,
			key: createHash('md5').update(c.comment, 'utf8').digest('hex'),
			replyable: Boolean(c.replyable),
			locale: c.comment_locale,
		})
	// Kept only once read whole, so a concurrent view never finds a week's comments half-loaded.
	for (const [r, list] of loaded) r.derived.comments = list
}

/** Comments an admin hid (read on each view: hiding must show at once on every instance). */
export async function hiddenComments(orgId: string): Promise<Set<string>> {
	return new Set(resultRows<{ id: string }>(await db().execute(sql`select response_id::text as id from hidden_comments where org_id = ${orgId}`)).map((h) => h.id))
}

function childrenOf(nodes: CubeNode[]): Map<string, string[]> {
	const out = new Map<string, string[]>(nodes.map((n) => [n.id, [] as string[]]))
	for (const n of nodes) if (n.parentId !== null) out.get(n.parentId)?.push(n.id)
	return out
}
