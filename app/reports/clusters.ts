/**
 * Which team is a response's cluster when a change between two windows (baseline and latest) is
 * measured (docs/METHOD.md §5). Pure: it is given which teams are shown in which week and what
 * each team holds directly, so it can be tested without a database.
 *
 * The rule: a response counts in the nearest team at or above its own that is shown in EVERY
 * week of BOTH windows in which the selected group is shown (the group itself at the top). The
 * assignment is made once over both windows, not per window: chosen per window, a team shown in
 * every latest week but hidden in a baseline week would be its own cluster in the latest window
 * and part of its parent's in the baseline, so the same people would sit in two clusters and
 * the clusters would no longer be independent (the interval too narrow, clusters counted twice).
 */
import type { ClusterSums } from './stats'

export interface ClusterSource {
	/** Whether the group `id` is shown in week `week`. */
	isShown(id: string, week: string): boolean
	/** The sub-teams of `id` in the tree released with `week`. */
	children(id: string, week: string): readonly string[]
	/** The responses counted directly in `id` (not in its sub-teams) in `week`, or undefined. */
	direct(id: string, week: string): { n: number; sum: number } | undefined
}

/**
 * Per window, the group's responses split into clusters, with one assignment of teams to
 * clusters for all windows. Weeks in which the group itself is hidden are left out of its
 * window. Each list is sorted by cluster id.
 */
export function clusterSumsOver(node: string, windows: readonly (readonly string[])[], source: ClusterSource): ClusterSums[][] {
	const shownWeeks = windows.map((ws) => ws.filter((w) => source.isShown(node, w)))
	const everyWeek = shownWeeks.flat()
	const stable = new Map<string, boolean>()
	const isStable = (id: string) => {
		let s = stable.get(id)
		if (s === undefined) stable.set(id, (s = everyWeek.every((w) => source.isShown(id, w))))
		return s
	}
	return shownWeeks.map((weeks) => {
		const out = new Map<string, ClusterSums>()
		for (const w of weeks) {
			const visit = (id: string, unit: string) => {
				const a = source.direct(id, w)
				if (a && a.n > 0) {
					const c = out.get(unit) ?? { cluster: unit, n: 0, sum: 0 }
					c.n += a.n
					c.sum += a.sum
					out.set(unit, c)
				}
				for (const child of source.children(id, w)) visit(child, isStable(child) ? child : unit)
			}
			visit(node, node)
		}
		return [...out.values()].sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0))
	})
}
