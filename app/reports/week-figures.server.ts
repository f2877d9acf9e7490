/**
 * The figures every report is made of, one week at a time: per team (the organisation root holds
 * people without a team) and per level, the sums of the rollups and the respondents, read once
 * per week and kept while the week can no longer change; and each week's suppression, decided
 * over the whole team × level cube.
 */
import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { resultRows } from '~db/client'
import { type Level, levels, NO_TEAM } from '~db/schema'
import { db } from '~/utils/db.server'
import { type Cell, partitionRelation, type SumRelation, subtreeN, suppress, treeRelations } from './anonymity'
import { keepWeek, keptWeek, SETTLED_WAVE } from './closed-weeks.server'
import { CULTURE_DIMENSIONS } from './dimensions'
import type { Sums } from './stats'

/** The node standing for the whole organisation (and for people without a team). */
export const ROOT = 'org'
export const METRICS = [...CULTURE_DIMENSIONS, 'culture', 'enps'] as const
export type Metric = (typeof METRICS)[number]

export interface Agg {
	n: number
	sum: number
	sumsq: number
	answers: number
	favourable: number
	detractors: number
}
export const empty = (): Agg => ({ n: 0, sum: 0, sumsq: 0, answers: 0, favourable: 0, detractors: 0 })
export const add = (a: Agg, b: Agg) => {
	a.n += b.n
	a.sum += b.sum
	a.sumsq += b.sumsq
	a.answers += b.answers
	a.favourable += b.favourable
	a.detractors += b.detractors
}
export const sums = (a: Agg): Sums => ({ n: a.n, sum: a.sum, sumsq: a.sumsq })

/** A team (with its sub-teams) for all levels, or for one level only. */
export const cellId = (node: string, level: Level | null) => (level ? `${node}|${level}` : node)

export interface WeekFigures {
	metrics: Map<Metric, Agg>
	invited: number
	answered: number
}

/** One week's rollups: direct figures per cell, respondents per team for suppression, subtree sums. */
export interface WeekData {
	waveIds: string[]
	direct: Map<string, WeekFigures>
	counts: WeekCounts
	metrics: Set<Metric>
	/** Subtree sums for all levels (the usual view), filled on first use; per-level sums are per request. */
	allLevels: Map<string, WeekFigures>
}

export async function weekData(orgId: string, tz: string, weeks: string[], teamRows: { id: string; parent_id: string | null }[], version: string) {
	const teamsKnown = new Set(teamRows.map((t) => t.id))
	const teamsKey = createHash('sha1').update(teamRows.map((t) => `${t.id}:${t.parent_id}`).join(',')).digest('base64')
	const first = weeks[0]!
	const last = weeks.at(-1)!
	const waveRows = resultRows<{ week: string; ids: string[]; closed: boolean }>(
		await db().execute(sql`
			select to_char(date_trunc('week', opens_at at time zone ${tz}), 'YYYY-MM-DD') as week, array_agg(id::text order by id) as ids,
				bool_and(${SETTLED_WAVE}) as closed
			from waves where org_id = ${orgId}::uuid and opens_at >= (${first}::date::timestamp at time zone ${tz})
				and opens_at < ((${last}::date + 7)::timestamp at time zone ${tz})
			group by 1`),
	)
	const out = new Map<string, WeekData>()
	const keyOf = new Map<string, string>()
	const toRead: string[] = []
	for (const w of waveRows) {
		const key = `${orgId}|${tz}|${version}|${teamsKey}|${w.ids.join(',')}`
		const kept = w.closed ? keptWeek<WeekData>(key) : undefined
		if (kept) out.set(w.week, kept)
		else {
			toRead.push(...w.ids)
			if (w.closed) keyOf.set(w.week, key)
		}
	}
	const fresh = new Map<string, WeekData>()
	const dataOf = (week: string) => {
		let d = fresh.get(week)
		if (!d) fresh.set(week, (d = { waveIds: [], direct: new Map(), counts: new Map(), metrics: new Set(), allLevels: new Map() }))
		return d
	}
	if (toRead.length) {
		const weekOf = sql`to_char(date_trunc('week', w.opens_at at time zone ${tz}), 'YYYY-MM-DD')`
		const waveIds = sql`${sql.param(toRead)}::text[]::uuid[]`
		const [rollups, participation] = await Promise.all([
			db().execute(sql`
				select ${weekOf} as week, r.team_id::text as team_id, r.level::text as level, r.dimension,
					sum(r.respondents)::int as n, sum(r.score_sum)::float8 as s, sum(r.score_sumsq)::float8 as ss, sum(r.answers)::int as a,
					sum(r.favourable)::int as f, sum(r.detractors)::int as d
				from response_rollups r join waves w on w.org_id = r.org_id and w.id = r.wave_id
				where r.org_id = ${orgId}::uuid and r.wave_id = any(${waveIds})
				group by 1, 2, 3, 4`),
			db().execute(sql`
				select ${weekOf} as week, p.team_id::text as team_id, p.level::text as level, sum(p.invited)::int as invited, sum(p.answered)::int as answered
				from participation_rollups p join waves w on w.org_id = p.org_id and w.id = p.wave_id
				where p.org_id = ${orgId}::uuid and p.wave_id = any(${waveIds})
				group by 1, 2, 3`),
		])
		const nodeOf = (teamId: string) => (teamId === NO_TEAM || !teamsKnown.has(teamId) ? ROOT : teamId)
		const directOf = (data: WeekData, cell: string) => {
			let f = data.direct.get(cell)
			if (!f) data.direct.set(cell, (f = { metrics: new Map(), invited: 0, answered: 0 }))
			return f
		}
		for (const r of resultRows<{ week: string; team_id: string; level: string; dimension: string; n: number; s: number; ss: number; a: number; f: number; d: number }>(rollups)) {
			if (!(METRICS as readonly string[]).includes(r.dimension) || !isLevel(r.level)) continue
			const data = dataOf(r.week)
			const node = nodeOf(r.team_id)
			if (Number(r.n) > 0) data.metrics.add(r.dimension as Metric)
			const x = { n: Number(r.n), sum: Number(r.s), sumsq: Number(r.ss), answers: Number(r.a), favourable: Number(r.f), detractors: Number(r.d) }
			for (const cell of [node, cellId(node, r.level)]) {
				const m = directOf(data, cell).metrics
				const agg = m.get(r.dimension as Metric) ?? empty()
				add(agg, x)
				m.set(r.dimension as Metric, agg)
			}
		}
		for (const p of resultRows<{ week: string; team_id: string; level: string; invited: number; answered: number }>(participation)) {
			if (!isLevel(p.level)) continue
			const data = dataOf(p.week)
			const node = nodeOf(p.team_id)
			for (const cell of [node, cellId(node, p.level)]) {
				const f = directOf(data, cell)
				f.invited += Number(p.invited)
				f.answered += Number(p.answered)
			}
			const c = data.counts.get(node) ?? { all: 0, byLevel: { frontline: 0, manager: 0, leader: 0 } }
			data.counts.set(node, c)
			c.all += Number(p.answered)
			c.byLevel[p.level] += Number(p.answered)
		}
	}
	for (const w of weeks) {
		if (out.has(w)) continue
		const data = fresh.get(w) ?? { waveIds: [], direct: new Map(), counts: new Map(), metrics: new Set(), allLevels: new Map() }
		data.waveIds = waveRows.find((r) => r.week === w)?.ids ?? []
		out.set(w, data)
		const key = keyOf.get(w)
		if (key) keepWeek(key, data)
	}
	return out
}

const isLevel = (l: string): l is Level => (levels as readonly string[]).includes(l)

// Weeks are independent (no relation spans two weeks), and a closed week's counts never change:
// each week's decision is remembered by its exact inputs, so repeated views cost a lookup.
const suppressionMemo = new Map<string, string[]>()
const MEMO_SIZE = 5_000

/** One week's respondents per team (directly attached), for all levels together and per level. */
export type WeekCounts = Map<string, { all: number; byLevel: Record<Level, number> }>

/**
 * The cells of one week — every team with its sub-teams, for all levels and for each level —
 * and how they add up: the team tree per level and for all levels, and each team split into its
 * levels. Suppressed once over this whole cube, so no combination of team, level and week
 * filters can be subtracted from another.
 */
export function suppressWeek(orgId: string, nodes: { id: string; parentId: string | null }[], counts: WeekCounts, k: number): string[] {
	const directOf = (id: string, level: Level | null) => {
		const c = counts.get(id)
		return c ? (level ? c.byLevel[level] : c.all) : 0
	}
	const signature = nodes.map((t) => { const c = counts.get(t.id); return `${t.id}:${t.parentId}:${c ? `${c.all}/${levels.map((l) => c.byLevel[l]).join('/')}` : 0}` }).join(',')
	const key = createHash('sha1').update(`${orgId}|${k}|${signature}`).digest('base64')
	const hit = suppressionMemo.get(key)
	if (hit) return hit
	const cells: Cell[] = []
	const relations: SumRelation[] = []
	const totals = new Map<Level | null, Map<string, number>>()
	for (const level of [null, ...levels]) {
		const tree = nodes.map((t) => ({ id: t.id, parentId: t.parentId, directN: directOf(t.id, level) }))
		const subtotals = subtreeN(tree)
		totals.set(level, subtotals)
		for (const t of tree) cells.push({ id: cellId(t.id, level), n: subtotals.get(t.id) ?? 0 })
		relations.push(...treeRelations(tree, (id) => cellId(id, level)))
	}
	for (const t of nodes) relations.push(partitionRelation(t.id, levels.map((l) => ({ id: cellId(t.id, l), n: totals.get(l)!.get(t.id) ?? 0 })), totals.get(null)!.get(t.id) ?? 0))
	const result = [...suppress(cells, relations, k)]
	if (suppressionMemo.size >= MEMO_SIZE) suppressionMemo.delete(suppressionMemo.keys().next().value!)
	suppressionMemo.set(key, result)
	return result
}
