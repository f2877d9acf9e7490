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
import { type CubeNode, cubeTotals, hiddenCells, type PeopleCounts } from './cube'

/** One wave's participation per node (directly attached, not through sub-teams) and level: one invitation per person and wave. */
export interface WaveCounts {
	invited: PeopleCounts
	answered: PeopleCounts
}

export interface CellParticipation {
	/** People invited to at least one of the week's waves. */
	invited: number
	/** People who answered, or null where it may not be shown. */
	answered: number | null
	/** Why the answered count is not shown: too few invited (or it would single out such a group), or several pulses reached the group. */
	hiddenBecause: 'few' | 'several-pulses' | null
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
			p.hidden ??= waveParticipationHidden(nodes, p.w.invited, k)
			p.answered ??= cubeTotals(nodes, p.w.answered)
			const invited = p.invited.get(cell)!
			r = p.hidden.has(cell) ? { invited, answered: null, hiddenBecause: 'few' } : { invited, answered: p.answered.get(cell) ?? 0, hiddenBecause: null }
		} else {
			r = { invited: distinct.get(cell) ?? 0, answered: null, hiddenBecause: reaching.length > 1 ? 'several-pulses' : null }
		}
		out.set(cell, r)
		return r
	}
}
