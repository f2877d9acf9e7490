/**
 * The cluster rule of METHOD.md §5: one assignment of teams to clusters over BOTH windows, so the
 * same people are never in two clusters. The tree: the organisation (root) with teams A, B and
 * G, and H inside G. H has too few answers in the second baseline week, so it is hidden there
 * and shown in every other week.
 */
import { describe, expect, test } from 'vitest'

import { type ClusterSource, clusterSumsOver } from '~/reports/clusters'
import { measureChange } from '~/reports/stats'

const BASELINE = ['b1', 'b2']
const LATEST = ['l1', 'l2']
const CHILDREN: Record<string, string[]> = { root: ['A', 'B', 'G'], G: ['H'] }
// Responses counted directly in each team, every week: n and sum.
const DIRECT: Record<string, { n: number; sum: number }> = { A: { n: 6, sum: 360 }, B: { n: 7, sum: 350 }, G: { n: 5, sum: 300 }, H: { n: 5, sum: 200 } }

function source(hidden: Set<string>): ClusterSource {
	return {
		isShown: (id, w) => !hidden.has(`${id}|${w}`),
		children: (id) => CHILDREN[id] ?? [],
		direct: (id) => DIRECT[id],
	}
}

describe('clusters over a baseline and a latest window', () => {
	test('a team hidden in one baseline week is in its parent’s cluster in both windows, not its own cluster in the latest one', () => {
		const [before, after] = clusterSumsOver('root', [BASELINE, LATEST], source(new Set(['H|b2'])))
		expect(before!.map((c) => c.cluster)).toEqual(['A', 'B', 'G'])
		expect(after!.map((c) => c.cluster)).toEqual(['A', 'B', 'G'])
		// G's cluster holds G's own people and H's, in every week of both windows.
		expect(after!.find((c) => c.cluster === 'G')).toEqual({ cluster: 'G', n: 20, sum: 1000 })
		expect(before!.find((c) => c.cluster === 'G')).toEqual({ cluster: 'G', n: 20, sum: 1000 })
		// Every response counted once in each window.
		for (const w of [before!, after!]) expect(w.reduce((s, c) => s + c.n, 0)).toBe(2 * (6 + 7 + 5 + 5))
		// measureChange sees three clusters, not four (H counted as its own cluster on one side only).
		expect(measureChange(before!, after!)!.clusters).toBe(3)
	})

	test('a team shown in every week of both windows is its own cluster', () => {
		const [before, after] = clusterSumsOver('root', [BASELINE, LATEST], source(new Set()))
		expect(before!.map((c) => c.cluster)).toEqual(['A', 'B', 'G', 'H'])
		expect(after!.find((c) => c.cluster === 'H')).toEqual({ cluster: 'H', n: 10, sum: 400 })
	})

	test('weeks in which the selected group itself is hidden do not decide the clusters and add nothing', () => {
		// In b1 the whole organisation is hidden (and H with it); H is shown in every other week.
		const [before, after] = clusterSumsOver('root', [BASELINE, LATEST], source(new Set(['root|b1', 'H|b1'])))
		expect(before!.map((c) => c.cluster)).toEqual(['A', 'B', 'G', 'H'])
		expect(before!.reduce((s, c) => s + c.n, 0)).toBe(23)
		expect(after!.reduce((s, c) => s + c.n, 0)).toBe(46)
	})

	test('a window in which the group is never shown is empty', () => {
		const [before, after] = clusterSumsOver('root', [BASELINE, LATEST], source(new Set(['root|b1', 'root|b2'])))
		expect(before).toEqual([])
		expect(after!.map((c) => c.cluster)).toEqual(['A', 'B', 'G', 'H'])
	})
})
