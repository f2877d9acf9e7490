/**
 * `cubeTotals` sums over the tree's order worked out once per node list: the same totals as
 * `subtreeN` per level, on trees of any shape and order, and the same refusals.
 */
import { describe, expect, test } from 'vitest'

import { subtreeN } from '~/reports/anonymity'
import { cellId, type CubeNode, cubeTotals, type PeopleCounts, ROOT } from '~/reports/cube'
import { levels } from '~db/enums'

function randomTree(seed: number, size: number) {
	let s = seed
	const next = () => (s = (s * 48271) % 2147483647) / 2147483647
	const nodes: CubeNode[] = [{ id: ROOT, parentId: null }]
	for (let i = 1; i < size; i++) nodes.push({ id: `t${i}`, parentId: nodes[Math.floor(next() * nodes.length)]!.id })
	// Listed in any order: parents after their children too.
	nodes.sort(() => next() - 0.5)
	const people: PeopleCounts = {}
	for (const n of nodes)
		if (next() < 0.8) {
			const byLevel: Record<string, number> = {}
			let all = 0
			for (const l of levels) if (next() < 0.7) all += byLevel[l] = Math.floor(next() * 20)
			people[n.id] = { all, byLevel }
		}
	return { nodes, people }
}

describe('cubeTotals', () => {
	test('the same totals as subtreeN for every level, whatever the tree and its order', () => {
		for (let seed = 1; seed <= 30; seed++) {
			const { nodes, people } = randomTree(seed, 2 + seed * 7)
			const expected = new Map<string, number>()
			for (const level of [null, ...levels]) {
				const totals = subtreeN(
					nodes.map((t) => ({ id: t.id, parentId: t.parentId, directN: people[t.id] ? (level ? (people[t.id]!.byLevel[level] ?? 0) : people[t.id]!.all) : 0 })),
				)
				for (const t of nodes) expected.set(cellId(t.id, level), totals.get(t.id) ?? 0)
			}
			const got = cubeTotals(nodes, people)
			expect([...got]).toEqual([...expected])
			// The second call reuses the tree's order.
			expect([...cubeTotals(nodes, people)]).toEqual([...expected])
		}
	})

	test('refuses what subtreeN refuses: a team twice, an unknown parent, a cycle, a count that is not a whole number', () => {
		expect(() =>
			cubeTotals(
				[
					{ id: ROOT, parentId: null },
					{ id: 'a', parentId: ROOT },
					{ id: 'a', parentId: ROOT },
				],
				{},
			),
		).toThrow(/listed twice/)
		expect(() =>
			cubeTotals(
				[
					{ id: ROOT, parentId: null },
					{ id: 'a', parentId: 'nowhere' },
				],
				{},
			),
		).toThrow(/unknown parent/)
		expect(() =>
			cubeTotals(
				[
					{ id: ROOT, parentId: null },
					{ id: 'a', parentId: 'b' },
					{ id: 'b', parentId: 'a' },
				],
				{},
			),
		).toThrow(/its own ancestor/)
		expect(() => cubeTotals([{ id: ROOT, parentId: null }], { [ROOT]: { all: 1.5, byLevel: {} } })).toThrow(/whole number/)
	})
})
