/**
 * The release's decision does not depend on the random ids teams get: between equal counts,
 * suppression picks by the team's path, and the order in which teams are listed changes nothing.
 */
import { describe, expect, test } from 'vitest'

import { commentGroups, type CubeNode, hiddenCells, type PeopleCounts, ROOT } from '~/reports/cube'

// Care has A (5 people), B (5) and C (2, under k = 5): C is hidden, and then one of A and B,
// which are tied on 5; Care − A − B would be C alone.
function organisation(ids: { care: string; a: string; b: string; c: string }, reversed = false) {
	const nodes: CubeNode[] = [
		{ id: ROOT, parentId: null },
		{ id: ids.care, parentId: ROOT, key: 'Care' },
		{ id: ids.a, parentId: ids.care, key: 'Care/A' },
		{ id: ids.b, parentId: ids.care, key: 'Care/B' },
		{ id: ids.c, parentId: ids.care, key: 'Care/C' },
	]
	const people: PeopleCounts = {
		[ids.a]: { all: 5, byLevel: { frontline: 5 } },
		[ids.b]: { all: 5, byLevel: { frontline: 5 } },
		[ids.c]: { all: 2, byLevel: { frontline: 2 } },
	}
	const byPath = new Map(nodes.map((n) => [n.id, n.key ?? n.id]))
	const named = (cells: string[]) =>
		cells
			.map((c) =>
				c
					.split('|')
					.map((part, i) => (i === 0 ? byPath.get(part)! : part))
					.join('|'),
			)
			.sort()
	return { nodes: reversed ? [...nodes].reverse() : nodes, people, named }
}

describe('suppression ties break on team paths, not ids', () => {
	test('two organisations that differ only in their ids (and list order) hide the same teams', () => {
		const first = organisation({ care: 'c0', a: 'a1', b: 'b2', c: 'c3' })
		const second = organisation({ care: 'x9', a: 'z9', b: 'a0', c: 'm5' }, true)
		const hiddenFirst = first.named(hiddenCells(first.nodes, first.people, 5))
		const hiddenSecond = second.named(hiddenCells(second.nodes, second.people, 5))
		expect(hiddenFirst).toEqual(hiddenSecond)
		// The tie between A and B goes to the first path: A's front line is hidden with C's, B's stays shown.
		expect(hiddenFirst).toEqual(expect.arrayContaining(['Care/A|frontline', 'Care/C', 'Care/C|frontline']))
		expect(hiddenFirst).not.toContain('Care/B|frontline')
		expect(first.named(commentGroups(first.nodes, first.people, 5))).toEqual(second.named(commentGroups(second.nodes, second.people, 5)))
	})

	test('weeks released before paths were kept still decide on ids', () => {
		const o = organisation({ care: 'c0', a: 'z1', b: 'b2', c: 'c3' })
		const noKeys = o.nodes.map(({ id, parentId }) => ({ id, parentId }))
		// ids: b2 < z1, so B's front line is the one hidden by the old rule
		const hidden = o.named(hiddenCells(noKeys, o.people, 5))
		expect(hidden).toContain('Care/B|frontline')
		expect(hidden).not.toContain('Care/A|frontline')
	})
})
