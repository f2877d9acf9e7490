/**
 * The gate's second part, decide: pure functions over the loaded weeks that say what may be
 * shown (METHOD.md, the anonymity rules). A released week keeps the decision stored at its
 * release; a higher k (or comment threshold) than at release hides more on top of it, a lower
 * one is ignored; a team deleted or moved since keeps its place in the weeks released before.
 * Derived answers are remembered with the week (a released week never changes). No reads here.
 */
import type { Level } from '~db/schema'

import { cellId, commentGroupOf, commentGroups, cubeTotals, hiddenCells, ROOT, subtreeOf } from './cube'
import { addAgg, emptyAgg, type LoadedWeeks, type Metric, type OpenData, type ReleasedData, type SubtreeSums } from './gate-data'
import { type CellParticipation, weekParticipation } from './participation'

/**
 * Why a group shows nothing: fewer than k people answered (or it cannot be told whether anyone
 * did), it is hidden so that a smaller group cannot be worked out from it, its week's results
 * are not released yet, or (known to everyone from participation) nobody answered.
 */
export type HiddenBecause = 'few' | 'protects-others' | 'pending' | 'no-answers'

export interface Rules {
	k: number
	commentK: number
	level: Level | null
}

/** The k a released week is read with: the larger of today's and the one at its release. */
export const effectiveK = (r: ReleasedData, k: number) => Math.max(k, r.k)

/** The cells of a released week hidden under `k` (its stored decision, and more under a stricter k). */
export function hiddenOf(r: ReleasedData, k: number): Set<string> {
	const kk = effectiveK(r, k)
	let set = r.derived.hidden.get(kk)
	if (!set) r.derived.hidden.set(kk, (set = new Set([...r.cube.hidden, ...(kk === r.k ? [] : hiddenCells(r.cube.nodes, r.cube.people, kk))])))
	return set
}

/** People who answered per cell of a released week. */
export const peopleTotals = (r: ReleasedData) => (r.derived.people ??= cubeTotals(r.cube.nodes, r.cube.people))

const openParticipation = new WeakMap<OpenData, Map<number, (cell: string) => CellParticipation>>()

/**
 * Participation of a cell, counted in people and decided wave by wave like each wave's own page
 * (participation.ts): a week never adds a number of its own that could be set against them.
 */
export function participationOf(r: ReleasedData | OpenData, cell: string, k: number): CellParticipation {
	if (!('cube' in r)) {
		let byK = openParticipation.get(r)
		if (!byK) openParticipation.set(r, (byK = new Map()))
		let of = byK.get(k)
		if (!of) byK.set(k, (of = weekParticipation(r.nodes, r.invitedPeople, r.waveCounts, k)))
		return of(cell)
	}
	const kk = effectiveK(r, k)
	let of = r.derived.participation.get(kk)
	if (!of) r.derived.participation.set(kk, (of = weekParticipation(r.cube.nodes, r.cube.invited, [...r.waveCounts.values()], kk)))
	return of(cell)
}

/** Subtree sums of direct figures of a released week at a cell (kept with the week). */
export function subtreeSums(r: ReleasedData, node: string, level: Level | null): SubtreeSums {
	const key = cellId(node, level)
	const hit = r.derived.subtree.get(key)
	if (hit) return hit
	const out = { metrics: new Map<Metric, ReturnType<typeof emptyAgg>>(), invited: 0, answered: 0 }
	for (const part of [r.direct.get(key), ...(r.children.get(node) ?? []).map((c) => subtreeSums(r, c, level))]) {
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

/** Whether a group is shown in a week: released, in that week's tree, someone answered, and not hidden. */
export function isShown(loaded: LoadedWeeks, rules: Rules, node: string, week: string): boolean {
	const r = loaded.released.get(week)
	if (!r || !r.children.has(node)) return false
	const cell = cellId(node, rules.level)
	return (peopleTotals(r).get(cell) ?? 0) > 0 && !hiddenOf(r, rules.k).has(cell)
}

/** What a group's week shows: its figures, or why not. */
export function weekState(loaded: LoadedWeeks, rules: Rules, node: string, week: string): 'shown' | HiddenBecause {
	const r = loaded.released.get(week)
	if (!r) return loaded.open.has(week) ? 'pending' : 'no-answers'
	if (!r.children.has(node)) return 'no-answers'
	const cell = cellId(node, rules.level)
	const people = peopleTotals(r).get(cell) ?? 0
	if (people === 0) {
		// Nobody answered: say so only where participation is shown (or nobody was invited).
		const p = participationOf(r, cell, rules.k)
		return p.invited === 0 || p.answered !== null ? 'no-answers' : 'few'
	}
	if (!hiddenOf(r, rules.k).has(cell)) return 'shown'
	return people < effectiveK(r, rules.k) ? 'few' : 'protects-others'
}

/** Why a group shows nothing over some weeks (null when it is shown in at least one). */
export function hiddenBecauseOf(states: ('shown' | HiddenBecause)[]): HiddenBecause | null {
	if (states.includes('shown')) return null
	for (const s of ['protects-others', 'few', 'pending'] as const) if (states.includes(s)) return s
	return 'no-answers'
}

/**
 * The comment groups of a released week inside a team (itself included), each whole, never a
 * part, under the larger of today's and the release's comment threshold: the teams whose
 * comments may be shown, whether the root's are, and the teams of the stored tree. Null when no
 * group inside may show its comments.
 */
export function commentTeams(r: ReleasedData, node: string, commentK: number): { groups: number; teamIds: string[]; root: boolean; known: string[] } | null {
	const kk = Math.max(commentK, r.commentK)
	let allowed = r.cube.commentGroups
	if (kk > r.commentK) {
		const key = `c${kk}`
		let stricter = r.stricter.get(key)
		if (!stricter) r.stricter.set(key, (stricter = commentGroups(r.cube.nodes, r.cube.people, kk)))
		const s = new Set(stricter)
		allowed = allowed.filter((g) => s.has(g))
	}
	const inside = new Set(subtreeOf(r.cube.nodes, node))
	const groupsHere = new Set(allowed.filter((g) => inside.has(g)))
	if (!groupsHere.size) return null
	const groupOf = commentGroupOf(r.cube.nodes, allowed)
	return {
		groups: groupsHere.size,
		teamIds: r.cube.nodes.filter((n) => n.id !== ROOT && groupsHere.has(groupOf.get(n.id) ?? '')).map((n) => n.id),
		root: groupsHere.has(groupOf.get(ROOT) ?? ''),
		known: r.cube.nodes.filter((n) => n.id !== ROOT).map((n) => n.id),
	}
}
