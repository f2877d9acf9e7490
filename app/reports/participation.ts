/**
 * Participation of a week, counted in people, and which of it may be shown. Pure: the gate
 * reads a week's waves with it (released on the tree stored at release, open on today's), and a
 * wave's own page decides its cells with `waveParticipationHidden`, the same rule.
 *
 * Who answered is protected like answers. A wave's page shows a group's answered count where the
 * wave's own cube of invited people passes k with complementary suppression. A week with several
 * waves cannot add a number of its own next to those pages: the week's "answered at least one"
 * minus a wave's "answered this one" is the people who answered another pulse but not this one,
 * and when the other pulses went to a one-person team that says what that person did (issue 17).
 * So a week shows a group's answered count only where exactly one wave reached anyone in it —
 * then it is that wave's own number, decided by that wave's own cube, and tells nothing the
 * wave's page does not. A group that got several pulses that week shows how many people were
 * invited (to at least one) and no answered count.
 */
import type { Level } from '~db/schema'

import { type CubeNode, cubeTotals, hiddenCells, type PeopleCounts } from './cube'

/** One wave's participation per node (directly attached, not through sub-teams) and level: one invitation per person and wave. */
export interface WaveCounts {
	invited: PeopleCounts
	answered: PeopleCounts
	/**
	 * The wave's hidden cells as its release decided them (`waveParticipationHidden` over these
	 * very invited counts and the week's stored tree, under threshold `k`): read instead of
	 * deciding again when asked under the same k. Absent for open weeks and older releases.
	 */
	decided?: { k: number; hidden: Set<string> }
}

/** Adds one wave's invited and answered people of a node and level (directly attached). */
export function addWaveCounts(byWave: Map<string, WaveCounts>, waveId: string, node: string, level: Level, invited: number, answered: number) {
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

/** Whether two counts of people hold the same numbers (a missing entry counts as 0). */
export function sameCounts(a: PeopleCounts, b: PeopleCounts): boolean {
	for (const [x, y] of [
		[a, b],
		[b, a],
	] as const)
		for (const [node, c] of Object.entries(x)) {
			const o = y[node]
			if (c.all !== (o?.all ?? 0)) return false
			for (const [level, n] of Object.entries(c.byLevel)) if (n !== (o?.byLevel[level] ?? 0)) return false
		}
	return true
}

export interface CellParticipation {
	/** People invited to at least one of the week's waves. */
	invited: number
	/** People who answered, or null where it may not be shown. */
	answered: number | null
	/** Why the answered count is not shown: too few invited (or it would single out such a group), or several pulses reached the group. */
	hiddenBecause: 'few' | 'several-pulses' | null
	/** How many of the week's pulses reached anyone in the group. */
	pulses: number
}

/** The cells of one wave's cube whose answered count is hidden under threshold k (the wave page's rule). */
export function waveParticipationHidden(nodes: CubeNode[], invited: PeopleCounts, k: number): Set<string> {
	return new Set(hiddenCells(nodes, invited, k))
}

/**
 * Participation per cell (node, or `node|level`) of a week made of `waves`, with `weekInvited`
 * the distinct people invited to any of them. Answers lazily and remembers what it computed.
 */
export function weekParticipation(nodes: CubeNode[], weekInvited: PeopleCounts, waves: WaveCounts[], k: number): (cell: string) => CellParticipation {
	const distinct = cubeTotals(nodes, weekInvited)
	const perWave = waves.map((w) => ({
		w,
		invited: cubeTotals(nodes, w.invited),
		answered: undefined as Map<string, number> | undefined,
		hidden: undefined as Set<string> | undefined,
	}))
	const out = new Map<string, CellParticipation>()
	return (cell) => {
		const hit = out.get(cell)
		if (hit) return hit
		const reaching = perWave.filter((p) => (p.invited.get(cell) ?? 0) > 0)
		let r: CellParticipation
		if (reaching.length === 1) {
			const p = reaching[0]!
			// The release's decision when it was made under this k (same counts, same tree): the same set.
			p.hidden ??= p.w.decided?.k === k ? p.w.decided.hidden : waveParticipationHidden(nodes, p.w.invited, k)
			p.answered ??= cubeTotals(nodes, p.w.answered)
			const invited = p.invited.get(cell)!
			r = p.hidden.has(cell) ? { invited, answered: null, hiddenBecause: 'few', pulses: 1 } : { invited, answered: p.answered.get(cell) ?? 0, hiddenBecause: null, pulses: 1 }
		} else {
			r = { invited: distinct.get(cell) ?? 0, answered: null, hiddenBecause: reaching.length > 1 ? 'several-pulses' : null, pulses: reaching.length }
		}
		out.set(cell, r)
		return r
	}
}
