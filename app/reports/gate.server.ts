/**
 * The one gate every report reads through, in three parts: load (gate-load.server.ts: one read
 * of the weeks of a window — released weeks with their stored decision, and weeks still open, of
 * which only participation exists), decide (gate-decide.ts: pure, what may be shown) and read
 * (here: the methods the section builders use). The read methods answer nothing for a group that
 * may not be shown: a section builder cannot forget a check, because the figures of a hidden
 * group never leave the gate.
 *
 * A released week is read with the team tree, counts and decision stored when it was released.
 * Later changes can only hide more of it: a higher k (or comment threshold) than at release is
 * applied on top of the stored decision, a lower one is ignored; a team deleted or moved since
 * keeps its place in the weeks released before.
 */
import type { Level } from '~db/schema'

import { clusterSumsOver } from './clusters'
import { cellId, ROOT, subtreeOf } from './cube'
import { CULTURE_DIMENSIONS } from './dimensions'
import { DRIVERS_MIN_RESPONDENTS, type RespondentRow } from './drivers'
import { addAgg, type Agg, emptyAgg, type LoadedWeeks, type Metric, type ReleasedData, sums } from './gate-data'
import { commentTeams, type HiddenBecause, hiddenBecauseOf, isShown, participationOf, peopleTotals, type Rules, subtreeSums, weekState } from './gate-decide'
import { hiddenComments, loadComments, type LoadInput, loadWeeks, readRespondents } from './gate-load.server'
import { type ClusterSums, meanOf } from './stats'

export { ROOT } from './cube'
export { type Agg, emptyAgg, type Metric, METRICS, sums } from './gate-data'
export { type HiddenBecause } from './gate-decide'

/**
 * Figures of a group over the weeks of a window in which it is shown.
 *
 * Counts are people (issue 17). A response carries no person, so a group's `n`s (its metrics'
 * `n`, answers, promoters) count responses; they are people only in a week in which one pulse
 * reached the group (one response per person and pulse). In a week several pulses reached, a
 * response count set against a pulse's own answered count tells how many people answered more
 * than one, and so what a one-person team did: `counted` is then false and no count of the
 * window may be shown (scores, computed over responses, may).
 */
export interface GroupFigures {
	weeks: string[]
	/** Distinct people who answered, summed over the shown weeks (a person once a week); null when a shown week had several pulses for the group. */
	people: number | null
	/** True when every shown week had one pulse for the group: the metrics' counts are then people and may be shown. */
	counted: boolean
	metric(m: Metric): Agg
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
	/** The sub-teams of `node` in the tree stored with a released week (none for a week not released). */
	children(node: string, week: string): readonly string[]
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
	participation(node: string, week: string): { invited: number; answered: number | null; answeredHiddenBecause: 'few' | 'several-pulses' | null }
	/**
	 * The group's responses of one released week, one row each (dimension scores, eNPS answer;
	 * no id, no team, no order), for respondent-level analysis: only when the group is shown
	 * that week, at least DRIVERS_MIN_RESPONDENTS people answered and one pulse reached it (so
	 * each row is one person), else the reason. The rows of
	 * a group are exactly those its shown figures for that week are made of, so two answers
	 * differ only by a set of responses the release's suppression already keeps at 0 or ≥ k
	 * people (a shown parent minus a shown sub-team, a team minus its shown level): nothing is
	 * computed from a hidden group alone.
	 */
	respondents(node: string, week: string): Promise<{ rows: RespondentRow[] } | { rows: null; reason: 'group-hidden' | 'fewer-than-30' | 'several-pulses' | 'no-released-week' }>
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
	/** The language it was written in, where release kept it (at least k comments of its wave and team share it); else null. */
	locale: string | null
}

/** Opens the gate over a window: load once, then read through the rules. */
export async function openGate(input: LoadInput & Rules): Promise<Gate> {
	return readGate(await loadWeeks(input), { k: input.k, commentK: input.commentK, level: input.level })
}

/** The read part: the methods section builders use, each through the decisions. */
export function readGate(loaded: LoadedWeeks, rules: Rules): Gate {
	const { orgId, weeks, released, open } = loaded
	const { k, level } = rules
	const cell = (node: string) => cellId(node, level)
	const shown = (node: string, w: string) => isShown(loaded, rules, node, w)
	const subtree = (r: ReleasedData, node: string) => subtreeSums(r, node, level)
	/** At most one of the week's pulses reached the group: its responses are then its people. */
	const onePulse = (r: ReleasedData, node: string) => participationOf(r, cell(node), k).pulses <= 1
	const answeredMetrics = new Set([...released.values()].flatMap((r) => [...r.metrics]))

	return {
		weeks,
		level,
		released: (w) => released.has(w),
		answeredMetrics,
		figures(node, ws) {
			const shownWeeks = ws.filter((w) => shown(node, w))
			if (!shownWeeks.length) return null
			const parts = shownWeeks.map((w) => subtree(released.get(w)!, node))
			const counted = shownWeeks.every((w) => onePulse(released.get(w)!, node))
			return {
				weeks: shownWeeks,
				people: counted ? shownWeeks.reduce((n, w) => n + (peopleTotals(released.get(w)!).get(cell(node)) ?? 0), 0) : null,
				counted,
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
				isShown: shown,
				children: (id, w) => released.get(w)!.children.get(id) ?? [],
				direct: (id, w) => released.get(w)!.direct.get(cell(id))?.metrics.get(m),
			})
		},
		children: (node, w) => released.get(w)?.children.get(node) ?? [],
		weekScores(node, w) {
			if (!shown(node, w)) return null
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
			return hiddenBecauseOf(ws.map((w) => weekState(loaded, rules, node, w)))
		},
		weeksLeftOut(node, ws) {
			const states = ws.map((w) => weekState(loaded, rules, node, w))
			if (!states.includes('shown')) return 0
			return states.filter((s) => s === 'few' || s === 'protects-others').length
		},
		participation(node, w) {
			const r = released.get(w) ?? open.get(w)
			if (!r || !r.children.has(node)) return { invited: 0, answered: null, answeredHiddenBecause: null }
			const p = participationOf(r, cell(node), k)
			return p.invited === 0 ? { invited: 0, answered: null, answeredHiddenBecause: null } : { invited: p.invited, answered: p.answered, answeredHiddenBecause: p.hiddenBecause }
		},
		async respondents(node, w) {
			const r = released.get(w)
			if (!r) return { rows: null, reason: 'no-released-week' }
			if (!shown(node, w)) return { rows: null, reason: 'group-hidden' }
			// Thresholds count people: the week's distinct people who answered, not its responses.
			if ((peopleTotals(r).get(cell(node)) ?? 0) < DRIVERS_MIN_RESPONDENTS) return { rows: null, reason: 'fewer-than-30' }
			// With several pulses a person may be several rows, which the analysis would count as several people.
			if (!onePulse(r, node)) return { rows: null, reason: 'several-pulses' }
			const kept = r.derived.respondentRows.get(cell(node))
			if (kept) return { rows: kept }
			r.derived.respondents ??= await readRespondents(orgId, r.waveIds)
			const inside = new Set(subtreeOf(r.cube.nodes, node))
			const known = new Set(r.cube.nodes.map((n) => n.id))
			// A response of a team no longer in the stored tree counts at the root, as in the rollups.
			const nodeOf = (teamId: string | null) => (teamId !== null && known.has(teamId) ? teamId : ROOT)
			// Each row's cluster (METHOD §8): the nearest team at or above its own shown this week, the
			// group itself at the top — a shown team minus shown teams inside it, never a hidden group alone.
			const parent = new Map(r.cube.nodes.map((n) => [n.id, n.parentId]))
			const clusterOf = (id: string): string => (id === node || shown(id, w) ? id : clusterOf(parent.get(id) ?? node))
			const rows = r.derived.respondents
				.filter((x) => inside.has(nodeOf(x.teamId)) && (level === null || x.level === level))
				.map((x) => ({ ...x.row, cluster: clusterOf(nodeOf(x.teamId)) }))
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
			if (!r || !r.children.has(node)) continue
			const here = commentTeams(r, node, rules.commentK)
			if (!here) continue
			groups += here.groups
			pairs.push({ week: r, teamIds: here.teamIds, root: here.root, known: here.known })
		}
		if (!pairs.length) return { items: null, reason: ws.some((w) => released.has(w)) ? 'few' : 'pending' }
		// Each released week's comments are read once per process and kept with the week; a view
		// keeps those whose team's group is one of the groups inside the selection that week.
		const toLoad = pairs.map((p) => p.week).filter((r) => !r.derived.comments)
		if (toLoad.length) await loadComments(orgId, toLoad)
		// Comments an admin hid are in no list.
		const hidden = await hiddenComments(orgId)
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
			.map((x) => ({ ref: x.ref, text: x.text, replyable: x.replyable, locale: x.locale }))
		return { items, groups }
	}
}
