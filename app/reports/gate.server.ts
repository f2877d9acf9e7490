/**
 * The one gate every report reads through. It loads the weeks of a window — released weeks with
 * their stored decision, and weeks still open, of which only participation exists — and offers
 * read methods that answer nothing for a group that may not be shown: a section builder cannot
 * forget a check, because the figures of a hidden group never leave this module.
 *
 * A released week is read with the team tree, counts and decision stored when it was released.
 * Later changes can only hide more of it: a higher k (or comment threshold) than at release is
 * applied on top of the stored decision, a lower one is ignored; a team deleted or moved since
 * keeps its place in the weeks released before.
 */
import { createHash } from 'node:crypto'

import { sql } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'
import { type Level, levels, NO_TEAM, type ReleasedCube } from '~db/schema'

import { keepWeek, keptWeek } from './closed-weeks.server'
import { clusterSumsOver } from './clusters'
import { cellId, commentGroupOf, commentGroups, type CubeNode, cubeTotals, hiddenCells, type PeopleCounts, ROOT, subtreeOf } from './cube'
import { CULTURE_DIMENSIONS } from './dimensions'
import { DRIVERS_MIN_RESPONDENTS, type RespondentRow } from './drivers'
import { type CellParticipation, type WaveCounts, weekParticipation } from './participation'
import { distinctPeople } from './release.server'
import { type ClusterSums, meanOf, type Sums } from './stats'

export { ROOT } from './cube'
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
export const emptyAgg = (): Agg => ({ n: 0, sum: 0, sumsq: 0, answers: 0, favourable: 0, detractors: 0 })
const addAgg = (a: Agg, b: Agg) => {
	a.n += b.n
	a.sum += b.sum
	a.sumsq += b.sumsq
	a.answers += b.answers
	a.favourable += b.favourable
	a.detractors += b.detractors
}
export const sums = (a: Agg): Sums => ({ n: a.n, sum: a.sum, sumsq: a.sumsq })

/**
 * Why a group shows nothing: fewer than k people answered (or it cannot be told whether anyone
 * did), it is hidden so that a smaller group cannot be worked out from it, its week's results
 * are not released yet, or (known to everyone from participation) nobody answered.
 */
export type HiddenBecause = 'few' | 'protects-others' | 'pending' | 'no-answers'

/** Figures of a group over the weeks of a window in which it is shown. */
export interface GroupFigures {
	weeks: string[]
	responses: number
	metric(m: Metric): Agg
}

interface ReleasedData {
	week: string
	waveIds: string[]
	cube: ReleasedCube
	k: number
	commentK: number
	children: Map<string, string[]>
	/** Direct figures per cell (node, and node|level) from the rollups. */
	direct: Map<string, { metrics: Map<Metric, Agg>; invited: number; answered: number }>
	/** Each wave's own participation per node and level (participation is decided wave by wave, see participation.ts). */
	waveCounts: Map<string, WaveCounts>
	metrics: Set<Metric>
	/** Decisions under a stricter threshold than at release, by threshold. */
	stricter: Map<string, string[]>
	/**
	 * What requests derive from this week and its stored decision, kept with it (a released week
	 * never changes): hidden cells by k, people and invited totals, subtree sums by level and node,
	 * week scores and comments.
	 */
	derived: {
		hidden: Map<number, Set<string>>
		people?: Map<string, number>
		participation: Map<number, (cell: string) => CellParticipation>
		subtree: Map<string, SubtreeSums>
		scores: Map<string, Record<string, number | null>>
		/** The week's responses for respondent-level analysis, read on first use. */
		respondents?: { teamId: string | null; level: string; row: RespondentRow }[]
		/** The rows given per cell, the same array each time (so analyses of it can be remembered by it). */
		respondentRows: Map<string, RespondentRow[]>
		/** The week's comments with their order key, read on first use. */
		comments?: { ref: string; teamId: string | null; text: string; key: string; replyable: boolean }[]
	}
}

type SubtreeSums = { metrics: Map<Metric, Agg>; invited: number; answered: number }

interface OpenData {
	week: string
	nodes: CubeNode[]
	children: Map<string, string[]>
	invitedPeople: PeopleCounts
	waveCounts: WaveCounts[]
}

export interface Gate {
	weeks: string[]
	level: Level | null
	/** Weeks of the window that are released. */
	released(week: string): boolean
	/** Dimensions and metrics anyone answered in the released weeks of the window. */
	answeredMetrics: Set<Metric>
	/** The group's figures over the weeks of `ws` in which it is shown; null when it is shown in none. */
	figures(node: string, ws: string[]): GroupFigures | null
	/**
	 * The group's figures in each window (e.g. baseline and latest), over the weeks in which it is
	 * shown, split into clusters for intervals that respect teams (clusters.ts, METHOD.md §5):
	 * each response counts in the nearest team at or above its own that is shown in every one of
	 * the weeks of ALL the windows (the group itself at the top), one assignment for all windows,
	 * so a cluster holds the same people throughout and the same people are never in two
	 * clusters. A cluster's weekly figure is then a shown team minus shown teams inside it, which
	 * anyone can work out from figures already shown, and which the release's complementary
	 * suppression keeps at 0 or ≥ k people: no hidden group enters an interval on its own. A
	 * window's list is empty when the group is shown in none of its weeks.
	 */
	clusterSums(node: string, windows: readonly (readonly string[])[], m: Metric): ClusterSums[][]
	/** The group's dimension scores in one week (mean of its respondents' scores), null when it is not shown that week. */
	weekScores(node: string, week: string): Record<string, number | null> | null
	/** Why the group shows nothing over `ws` (null when it is shown in at least one week). */
	hiddenBecause(node: string, ws: string[]): HiddenBecause | null
	/** Weeks of `ws` with answers in which the group is hidden, though it is shown in others. */
	weeksLeftOut(node: string, ws: string[]): number
	/**
	 * People invited to at least one pulse of the week, and how many answered: only where one
	 * pulse reached the group that week (then it is that pulse's own figure) and its page shows it
	 * — at least k invited and no smaller group worked out by subtraction (participation.ts).
	 */
	participation(node: string, week: string): { invited: number; answered: number | null }
	/**
	 * The group's responses of one released week, one row each (dimension scores, eNPS answer;
	 * no id, no team, no order), for respondent-level analysis: only when the group is shown
	 * that week and has at least DRIVERS_MIN_RESPONDENTS responses, else the reason. The rows of
	 * a group are exactly those its shown figures for that week are made of, so two answers
	 * differ only by a set of responses the release's suppression already keeps at 0 or ≥ k
	 * people (a shown parent minus a shown sub-team, a team minus its shown level): nothing is
	 * computed from a hidden group alone.
	 */
	respondents(node: string, week: string): Promise<{ rows: RespondentRow[] } | { rows: null; reason: 'group-hidden' | 'fewer-than-30' | 'no-released-week' }>
	/**
	 * Comments the group may show over the window, or over some of its weeks (all levels only), or
	 * null with the reason. Each week's groups are decided on their own, so a part of the window
	 * is exactly what a view of those weeks alone would show.
	 */
	comments(node: string, ws?: string[]): Promise<{ items: string[]; groups: number } | { items: null; reason: 'level' | 'few' | 'pending' }>
	/**
	 * The same comments with an opaque reference each (for leaders' replies) and whether their
	 * author kept a reply key; never a team, a week or a level.
	 */
	commentEntries(node: string, ws?: string[]): Promise<{ items: CommentEntry[]; groups: number } | { items: null; reason: 'level' | 'few' | 'pending' }>
}

export interface CommentEntry {
	ref: string
	text: string
	replyable: boolean
}

export async function openGate(input: {
	orgId: string
	weeks: string[]
	level: Level | null
	k: number
	commentK: number
	version: string
	teams: { id: string; parent_id: string | null; path?: string }[]
}): Promise<Gate> {
	const { orgId, weeks, level, k, commentK } = input
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
		const key = `${orgId}|${input.version}|${r.week}|${r.released_at}`
		const kept = keptWeek<ReleasedData>(key)
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
	for (const data of toRead) keepWeek(keys.get(data)!, data)

	// Weeks not released yet: only live participation, on today's tree.
	const openWeeks = weeks.filter((w) => !released.has(w))
	const open = new Map<string, OpenData>()
	if (openWeeks.length) {
		const nodes: CubeNode[] = [
			{ id: ROOT, parentId: null },
			...input.teams.map((t) => ({ id: t.id, parentId: t.parent_id ?? ROOT, ...(t.path !== undefined ? { key: t.path } : {}) })),
		]
		const known = new Set(input.teams.map((t) => t.id))
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
	}

	// ─── Decisions ───────────────────────────────────────────────────────────────────────────
	const effectiveK = (r: ReleasedData) => Math.max(k, r.k)
	const hiddenOf = (r: ReleasedData): Set<string> => {
		const kk = effectiveK(r)
		let set = r.derived.hidden.get(kk)
		if (!set) r.derived.hidden.set(kk, (set = new Set([...r.cube.hidden, ...(kk === r.k ? [] : hiddenCells(r.cube.nodes, r.cube.people, kk))])))
		return set
	}
	const peopleTotals = (r: ReleasedData) => (r.derived.people ??= cubeTotals(r.cube.nodes, r.cube.people))
	// Participation is counted in people and decided wave by wave, like each wave's own page
	// (participation.ts): a week never adds a number of its own that could be set against them.
	const openParticipation = memo((o: OpenData) => weekParticipation(o.nodes, o.invitedPeople, o.waveCounts, k))
	const participationOf = (r: ReleasedData | OpenData, c: string): CellParticipation => {
		if (!('cube' in r)) return openParticipation(r)(c)
		const kk = effectiveK(r)
		let of = r.derived.participation.get(kk)
		if (!of) r.derived.participation.set(kk, (of = weekParticipation(r.cube.nodes, r.cube.invited, [...r.waveCounts.values()], kk)))
		return of(c)
	}

	const cell = (node: string) => cellId(node, level)
	const inTree = (r: ReleasedData, node: string) => r.children.has(node)
	const isShown = (node: string, w: string) => {
		const r = released.get(w)
		if (!r || !inTree(r, node)) return false
		return (peopleTotals(r).get(cell(node)) ?? 0) > 0 && !hiddenOf(r).has(cell(node))
	}
	const weekState = (node: string, w: string): 'shown' | HiddenBecause => {
		const r = released.get(w)
		if (!r) return open.has(w) ? 'pending' : 'no-answers'
		if (!inTree(r, node)) return 'no-answers'
		const people = peopleTotals(r).get(cell(node)) ?? 0
		if (people === 0) {
			// Nobody answered: say so only where participation is shown (or nobody was invited).
			const p = participationOf(r, cell(node))
			return p.invited === 0 || p.answered !== null ? 'no-answers' : 'few'
		}
		if (!hiddenOf(r).has(cell(node))) return 'shown'
		return people < effectiveK(r) ? 'few' : 'protects-others'
	}

	// Subtree sums of direct figures, per released week and node, at the gate's level (kept with the week).
	const subtree = (r: ReleasedData, node: string): SubtreeSums => {
		const key = cell(node)
		const hit = r.derived.subtree.get(key)
		if (hit) return hit
		const out = { metrics: new Map<Metric, Agg>(), invited: 0, answered: 0 }
		for (const part of [r.direct.get(cell(node)), ...(r.children.get(node) ?? []).map((c) => subtree(r, c))]) {
			if (!part) continue
			out.invited += part.invited
			out.answered += part.answered
			for (const [m, agg] of part.metrics) {
				const a = out.metrics.get(m) ?? emptyAgg()
				addAgg(a, agg)
				out.metrics.set(m, a)
			}
		}
		r.derived.subtree.set(key, out)
		return out
	}

	const answeredMetrics = new Set([...released.values()].flatMap((r) => [...r.metrics]))

	return {
		weeks,
		level,
		released: (w) => released.has(w),
		answeredMetrics,
		figures(node, ws) {
			const shownWeeks = ws.filter((w) => isShown(node, w))
			if (!shownWeeks.length) return null
			const parts = shownWeeks.map((w) => subtree(released.get(w)!, node))
			return {
				weeks: shownWeeks,
				responses: parts.reduce((n, p) => n + p.answered, 0),
				metric(m) {
					const a = emptyAgg()
					for (const p of parts) {
						const x = p.metrics.get(m)
						if (x) addAgg(a, x)
					}
					return a
				},
			}
		},
		clusterSums(node, windows, m) {
			return clusterSumsOver(node, windows, {
				isShown,
				children: (id, w) => released.get(w)!.children.get(id) ?? [],
				direct: (id, w) => released.get(w)!.direct.get(cell(id))?.metrics.get(m),
			})
		},
		weekScores(node, w) {
			if (!isShown(node, w)) return null
			const r = released.get(w)!
			const key = cell(node)
			let scores = r.derived.scores.get(key)
			if (!scores) {
				const metrics = subtree(r, node).metrics
				scores = Object.fromEntries(
					CULTURE_DIMENSIONS.map((d) => {
						const a = metrics.get(d)
						return [d, a ? meanOf(sums(a)) : null]
					}),
				)
				r.derived.scores.set(key, scores)
			}
			return scores
		},
		hiddenBecause(node, ws) {
			const states = ws.map((w) => weekState(node, w))
			if (states.includes('shown')) return null
			for (const s of ['protects-others', 'few', 'pending'] as const) if (states.includes(s)) return s
			return 'no-answers'
		},
		weeksLeftOut(node, ws) {
			const states = ws.map((w) => weekState(node, w))
			if (!states.includes('shown')) return 0
			return states.filter((s) => s === 'few' || s === 'protects-others').length
		},
		participation(node, w) {
			const r = released.get(w) ?? open.get(w)
			if (!r || !r.children.has(node)) return { invited: 0, answered: null }
			const p = participationOf(r, cell(node))
			return { invited: p.invited, answered: p.invited === 0 ? null : p.answered }
		},
		async respondents(node, w) {
			const r = released.get(w)
			if (!r) return { rows: null, reason: 'no-released-week' }
			if (!isShown(node, w)) return { rows: null, reason: 'group-hidden' }
			if (subtree(r, node).answered < DRIVERS_MIN_RESPONDENTS) return { rows: null, reason: 'fewer-than-30' }
			const kept = r.derived.respondentRows.get(cell(node))
			if (kept) return { rows: kept }
			r.derived.respondents ??= await readRespondents(orgId, r.waveIds)
			const inside = new Set(subtreeOf(r.cube.nodes, node))
			const known = new Set(r.cube.nodes.map((n) => n.id))
			// A response of a team no longer in the stored tree counts at the root, as in the rollups.
			const nodeOf = (teamId: string | null) => (teamId !== null && known.has(teamId) ? teamId : ROOT)
			const rows = r.derived.respondents.filter((x) => inside.has(nodeOf(x.teamId)) && (level === null || x.level === level)).map((x) => x.row)
			if (rows.length < DRIVERS_MIN_RESPONDENTS) return { rows: null, reason: 'fewer-than-30' }
			r.derived.respondentRows.set(cell(node), rows)
			return { rows }
		},
		async comments(node, ws = weeks) {
			const r = await commentEntries(node, ws)
			return r.items === null ? r : { items: r.items.map((c) => c.text), groups: r.groups }
		},
		commentEntries: (node, ws = weeks) => commentEntries(node, ws),
	}

	async function commentEntries(node: string, ws: string[]): Promise<{ items: CommentEntry[]; groups: number } | { items: null; reason: 'level' | 'few' | 'pending' }> {
		if (level !== null) return { items: null, reason: 'level' }
		const pairs: { week: ReleasedData; teamIds: string[]; root: boolean; known: string[] }[] = []
		let groups = 0
		for (const w of ws.filter((x) => weeks.includes(x))) {
			const r = released.get(w)
			if (!r || !inTree(r, node)) continue
			const kk = Math.max(commentK, r.commentK)
			let allowed = r.cube.commentGroups
			if (kk > r.commentK) {
				const key = `c${kk}`
				let stricter = r.stricter.get(key)
				if (!stricter) r.stricter.set(key, (stricter = commentGroups(r.cube.nodes, r.cube.people, kk)))
				const s = new Set(stricter)
				allowed = allowed.filter((g) => s.has(g))
			}
			// The groups inside the selected team (itself included): each whole, never a part.
			const inside = new Set(subtreeOf(r.cube.nodes, node))
			const groupsHere = new Set(allowed.filter((g) => inside.has(g)))
			if (!groupsHere.size) continue
			groups += groupsHere.size
			const groupOf = commentGroupOf(r.cube.nodes, allowed)
			const teamIds = r.cube.nodes.filter((n) => n.id !== ROOT && groupsHere.has(groupOf.get(n.id) ?? '')).map((n) => n.id)
			pairs.push({ week: r, teamIds, root: groupsHere.has(groupOf.get(ROOT) ?? ''), known: r.cube.nodes.filter((n) => n.id !== ROOT).map((n) => n.id) })
		}
		if (!pairs.length) return { items: null, reason: ws.some((w) => released.has(w)) ? 'few' : 'pending' }
		// Each released week's comments are read once per process (found through the partial
		// index, their order key computed once) and kept with the week; a view keeps those whose
		// team's group is one of the groups inside the selection that week.
		const weeksHere = pairs.map((p) => p.week)
		const toLoad = weeksHere.filter((r) => !r.derived.comments)
		if (toLoad.length) {
			const weekOfWave = new Map(toLoad.flatMap((r) => r.waveIds.map((id) => [id, r] as const)))
			const loaded = new Map(toLoad.map((r) => [r, [] as NonNullable<ReleasedData['derived']['comments']>]))
			const rows = resultRows<{ id: string; wave_id: string; team_id: string | null; comment: string; replyable: boolean }>(
				await db().execute(sql`
					select r.id::text as id, r.wave_id::text as wave_id, r.team_id::text as team_id, r.comment, r.reply_key_hash is not null as replyable from responses r
					where r.org_id = ${orgId} and r.comment is not null and r.wave_id = any(${sql.param([...weekOfWave.keys()])}::text[]::uuid[])`),
			)
			for (const c of rows)
				loaded
					.get(weekOfWave.get(c.wave_id)!)!
					.push({ ref: c.id, teamId: c.team_id, text: c.comment, key: createHash('md5').update(c.comment, 'utf8').digest('hex'), replyable: Boolean(c.replyable) })
			// Kept only once read whole, so a concurrent view never finds a week's comments half-loaded.
			for (const [r, list] of loaded) r.derived.comments = list
		}
		// Comments an admin hid are in no list (read on each view: hiding must show at once on every instance).
		const hidden = new Set(resultRows<{ id: string }>(await db().execute(sql`select response_id::text as id from hidden_comments where org_id = ${orgId}`)).map((h) => h.id))
		// Without team, date or wave; in an order fixed by the text itself (its MD5, then the
		// text), which says nothing about who wrote them or when.
		const items = pairs
			.flatMap((p) => {
				const teams = new Set(p.teamIds)
				const known = new Set(p.known)
				return p.week.derived.comments!.filter((c) => !hidden.has(c.ref) && (c.teamId !== null && known.has(c.teamId) ? teams.has(c.teamId) : p.root))
			})
			.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.text < y.text ? -1 : x.text > y.text ? 1 : 0))
			.slice(0, 60)
			.map((x) => ({ ref: x.ref, text: x.text, replyable: x.replyable }))
		return { items, groups }
	}
}

/** Rollups and participation of released weeks, as direct figures per cell of each week's stored tree. */
async function readReleased(orgId: string, weeks: ReleasedData[]) {
	const weekOfWave = new Map<string, ReleasedData>()
	for (const r of weeks) for (const id of r.waveIds) weekOfWave.set(id, r)
	const ids = sql`${sql.param([...weekOfWave.keys()])}::text[]::uuid[]`
	const [rollups, participation] = await Promise.all([
		db().execute(sql`
			select wave_id::text as wave_id, team_id::text as team_id, level::text as level, dimension,
				sum(respondents)::int as n, sum(score_sum)::float8 as s, sum(score_sumsq)::float8 as ss, sum(answers)::int as a,
				sum(favourable)::int as f, sum(detractors)::int as d
			from response_rollups where org_id = ${orgId} and wave_id = any(${ids}) group by 1, 2, 3, 4`),
		db().execute(sql`
			select wave_id::text as wave_id, team_id::text as team_id, level::text as level, sum(invited)::int as invited, sum(answered)::int as answered
			from participation_rollups where org_id = ${orgId} and wave_id = any(${ids}) group by 1, 2, 3`),
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
	for (const p of resultRows<{ wave_id: string; team_id: string; level: string; invited: number; answered: number }>(participation)) {
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
}

/** Adds one wave's invited and answered people of a node and level (directly attached). */
function addWaveCounts(byWave: Map<string, WaveCounts>, waveId: string, node: string, level: Level, invited: number, answered: number) {
	let w = byWave.get(waveId)
	if (!w) byWave.set(waveId, (w = { invited: {}, answered: {} }))
	for (const [counts, n] of [
		[w.invited, invited],
		[w.answered, answered],
	] as const) {
		const c = (counts[node] ??= { all: 0, byLevel: {} })
		c.all += n
		c.byLevel[level] = (c.byLevel[level] ?? 0) + n
	}
}

/** Each response of some waves with its dimension scores (as the rollups compute them) and its eNPS answer. */
async function readRespondents(orgId: string, waveIds: string[]) {
	const rows = resultRows<{ id: string; team_id: string | null; level: string; dimension: string; score: number }>(
		await db().execute(sql`
			select r.id::text as id, r.team_id::text as team_id, r.level::text as level, wi.dimension::text as dimension,
				avg(case when wi.kind = 'scale10' then a.value when wi.reverse then (5 - a.value) * 25 else (a.value - 1) * 25 end)::float8 as score
			from responses r
			join answers a on a.org_id = r.org_id and a.response_id = r.id
			join wave_items wi on wi.org_id = a.org_id and wi.wave_id = a.wave_id and wi.position = a.position
			where r.org_id = ${orgId} and r.wave_id = any(${sql.param(waveIds)}::text[]::uuid[]) and a.value is not null
				and (wi.kind = 'likert' or (wi.kind = 'scale10' and wi.dimension = 'enps'))
			group by r.id, r.team_id, r.level, wi.dimension, wi.kind = 'scale10'`),
	)
	const byResponse = new Map<string, { teamId: string | null; level: string; row: RespondentRow }>()
	for (const x of rows) {
		let e = byResponse.get(x.id)
		if (!e) byResponse.set(x.id, (e = { teamId: x.team_id === NO_TEAM ? null : x.team_id, level: x.level, row: { scores: {}, enps: null } }))
		if (x.dimension === 'enps') e.row.enps = Number(x.score)
		else if ((CULTURE_DIMENSIONS as readonly string[]).includes(x.dimension)) e.row.scores[x.dimension] = Number(x.score)
	}
	return [...byResponse.values()]
}

const isLevel = (l: string): l is Level => (levels as readonly string[]).includes(l)

function childrenOf(nodes: CubeNode[]): Map<string, string[]> {
	const out = new Map<string, string[]>(nodes.map((n) => [n.id, [] as string[]]))
	for (const n of nodes) if (n.parentId !== null) out.get(n.parentId)?.push(n.id)
	return out
}

function memo<A extends object, R>(fn: (a: A) => R): (a: A) => R {
	const cache = new WeakMap<A, R>()
	return (a) => {
		if (cache.has(a)) return cache.get(a)!
		const r = fn(a)
		cache.set(a, r)
		return r
	}
}
