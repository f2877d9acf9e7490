/** A week's participation read with the decisions its release stored is the participation decided afresh. */
import { describe, expect, test } from 'vitest'

import { type CubeNode, type PeopleCounts, ROOT } from '~/reports/cube'
import { sameCounts, type WaveCounts, waveParticipationHidden, weekParticipation } from '~/reports/participation'

// A small organisation: two divisions, five teams, some of them under k at one level.
const nodes: CubeNode[] = [
	{ id: ROOT, parentId: null },
	{ id: 'd1', parentId: ROOT, key: 'D1' },
	{ id: 'd2', parentId: ROOT, key: 'D2' },
	{ id: 'a', parentId: 'd1', key: 'D1/A' },
	{ id: 'b', parentId: 'd1', key: 'D1/B' },
	{ id: 'c', parentId: 'd2', key: 'D2/C' },
	{ id: 'e', parentId: 'd2', key: 'D2/E' },
	{ id: 'f', parentId: 'd2', key: 'D2/F' },
]
const counts = (spec: Record<string, [number, number]>): PeopleCounts =>
	Object.fromEntries(Object.entries(spec).map(([id, [frontline, manager]]) => [id, { all: frontline + manager, byLevel: { frontline, manager } }]))
const wave = (invited: PeopleCounts, answered: PeopleCounts): WaveCounts => ({ invited, answered })
const one = wave(counts({ a: [7, 1], b: [3, 0], c: [9, 2], e: [2, 2], f: [12, 0] }), counts({ a: [5, 1], b: [2, 0], c: [6, 1], e: [2, 1], f: [8, 0] }))
const other = wave(counts({ a: [7, 1], f: [12, 0] }), counts({ a: [6, 0], f: [9, 0] }))
const cells = nodes.flatMap((n) => [n.id, `${n.id}|frontline`, `${n.id}|manager`])
const weekInvited = counts({ a: [7, 1], b: [3, 0], c: [9, 2], e: [2, 2], f: [12, 0] })

describe('participation with the release’s stored decision', () => {
	test('answers every cell exactly as deciding afresh, and a decision made under another k is not used', () => {
		for (const k of [3, 5, 8]) {
			const fresh = weekParticipation(nodes, weekInvited, [one, other], k)
			const decided = (w: WaveCounts, at: number) => ({ ...w, decided: { k: at, hidden: waveParticipationHidden(nodes, w.invited, at) } })
			const stored = weekParticipation(nodes, weekInvited, [decided(one, k), decided(other, k)], k)
			for (const cell of cells) expect(stored(cell)).toEqual(fresh(cell))
			// Stored under another k (e.g. a stricter k today): ignored, the cells decided afresh under k.
			const elsewhere = weekParticipation(nodes, weekInvited, [decided(one, k + 4), decided(other, k + 4)], k)
			for (const cell of cells) expect(elsewhere(cell)).toEqual(fresh(cell))
		}
		// The decision does hide something here, so the comparison above is not of empty sets.
		expect(waveParticipationHidden(nodes, one.invited, 5).size).toBeGreaterThan(0)
	})

	test('counts are the same only when every node and level holds the same number (missing is 0)', () => {
		expect(sameCounts(one.invited, counts({ a: [7, 1], b: [3, 0], c: [9, 2], e: [2, 2], f: [12, 0] }))).toBe(true)
		expect(sameCounts(counts({ a: [7, 0] }), { a: { all: 7, byLevel: { frontline: 7 } } })).toBe(true)
		expect(sameCounts(one.invited, counts({ a: [7, 1], b: [3, 0], c: [9, 2], e: [2, 2], f: [11, 0] }))).toBe(false)
		expect(sameCounts(one.invited, counts({ a: [7, 1], b: [3, 0], c: [9, 2], e: [2, 2] }))).toBe(false)
		expect(sameCounts(counts({ a: [7, 1] }), counts({ a: [7, 1], g: [1, 0] }))).toBe(false)
		expect(sameCounts(counts({ a: [6, 2] }), counts({ a: [7, 1] }))).toBe(false)
	})
})
