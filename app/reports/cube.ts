/**
 * One week's cube, as the anonymity rules see it: every team with its sub-teams (the root `org`
 * holds people without a known team), for all levels and for each level, counted in distinct
 * people. Pure: the release decides a week with it once, and reports re-check a released week
 * with it when a stricter k is in force later. Suppression itself is anonymity.ts.
 */
import { type Level, levels } from '~db/enums'

import { type Cell, partitionRelation, subtreeN, type SumRelation, suppress, treeRelations } from './anonymity'

/** The node standing for the whole organisation (and for people without a known team). */
export const ROOT = 'org'

export interface CubeNode {
	id: string
	parentId: string | null
	/**
	 * A stable name of the team (its path when the week was released): suppression breaks ties
	 * between equal counts on it rather than on the random id, so the same organisation gives the
	 * same decisions, whatever ids its teams got (weeks released before it was kept break on ids).
	 */
	key?: string
}

/** Distinct people per node (directly attached, not through sub-teams), for all levels and per level. */
export type PeopleCounts = Record<string, { all: number; byLevel: Record<string, number> }>

/** A team (with its sub-teams) for all levels, or for one level only. */
export const cellId = (node: string, level: Level | null) => (level ? `${node}|${level}` : node)

const directOf = (people: PeopleCounts, id: string, level: Level | null) => {
	const c = people[id]
	return c ? (level ? (c.byLevel[level] ?? 0) : c.all) : 0
}

/** Every cell's total (node with its sub-teams) at every level: `subtreeN`'s sums, over the tree's order worked out once per node list. */
export function cubeTotals(nodes: CubeNode[], people: PeopleCounts): Map<string, number> {
	const { parent, order } = treeOrder(nodes)
	const out = new Map<string, number>()
	const total: number[] = new Array(nodes.length)
	for (const level of [null, ...levels]) {
		for (let i = 0; i < nodes.length; i++) {
			const n = directOf(people, nodes[i]!.id, level)
			if (!Number.isInteger(n) || n < 0) throw new Error(`Team "${nodes[i]!.id}": expected a whole number of respondents, got ${n}.`)
			total[i] = n
		}
		// Children before their parents: each node's total is complete when it is added to its parent's.
		for (const i of order) if (parent[i]! >= 0) total[parent[i]!]! += total[i]!
		for (let i = 0; i < nodes.length; i++) out.set(cellId(nodes[i]!.id, level), total[i]!)
	}
	return out
}

/**
 * A tree's shape as indexes — each node's parent (-1 for none) and an order with every node
 * before its parent — checked as `subtreeN` checks it (each id once, every parent known, no
 * cycle). Worked out once per node list: a released week's stored tree is read by every total
 * of that week (the gate's people and each wave's participation, at every level).
 */
const orders = new WeakMap<CubeNode[], { parent: number[]; order: number[] }>()
function treeOrder(nodes: CubeNode[]) {
	const known = orders.get(nodes)
	if (known) return known
	const index = new Map<string, number>()
	nodes.forEach((n, i) => {
		if (index.has(n.id)) throw new Error(`Team "${n.id}" is listed twice.`)
		index.set(n.id, i)
	})
	const parent = nodes.map((n) => {
		if (n.parentId === null) return -1
		const p = index.get(n.parentId)
		if (p === undefined) throw new Error(`Team "${n.id}" has an unknown parent "${n.parentId}".`)
		return p
	})
	// Depth of each node (0 at a top node), walking up; a walk that meets itself is a cycle.
	const depth: number[] = new Array(nodes.length).fill(-1)
	for (let i = 0; i < nodes.length; i++) {
		const path: number[] = []
		const onPath = new Set<number>()
		let j = i
		while (j >= 0 && depth[j] === -1) {
			if (onPath.has(j)) throw new Error(`Team "${nodes[j]!.id}" is its own ancestor.`)
			onPath.add(j)
			path.push(j)
			j = parent[j]!
		}
		let d = j >= 0 ? depth[j]! : -1
		for (let x = path.length - 1; x >= 0; x--) depth[path[x]!] = ++d
	}
	const order = nodes.map((_, i) => i).sort((a, b) => depth[b]! - depth[a]!)
	const shape = { parent, order }
	orders.set(nodes, shape)
	return shape
}

/**
 * The cells of one week — every team with its sub-teams, for all levels and for each level —
 * and how they add up: the team tree per level and for all levels, and each team split into its
 * levels. Suppressed once over this whole cube, so no combination of team, level and week
 * filters can be subtracted from another.
 */
export function cubeCells(nodes: CubeNode[], people: PeopleCounts): { cells: Cell[]; relations: SumRelation[] } {
	const cells: Cell[] = []
	const relations: SumRelation[] = []
	const totals = new Map<Level | null, Map<string, number>>()
	for (const level of [null, ...levels]) {
		const tree = nodes.map((t) => ({ id: t.id, parentId: t.parentId, directN: directOf(people, t.id, level) }))
		const subtotals = subtreeN(tree)
		totals.set(level, subtotals)
		for (const t of tree) cells.push({ id: cellId(t.id, level), n: subtotals.get(t.id) ?? 0 })
		relations.push(...treeRelations(tree, (id) => cellId(id, level)))
	}
	for (const t of nodes)
		relations.push(
			partitionRelation(
				t.id,
				levels.map((l) => ({ id: cellId(t.id, l), n: totals.get(l)!.get(t.id) ?? 0 })),
				totals.get(null)!.get(t.id) ?? 0,
			),
		)
	return { cells, relations }
}

/** The cells of the cube to hide under threshold k. */
export function hiddenCells(nodes: CubeNode[], people: PeopleCounts, k: number): string[] {
	const s = stableNames(nodes, people)
	const { cells, relations } = cubeCells(s.nodes, s.people)
	return [...suppress(cells, relations, k)].map(s.backCell).sort()
}

/**
 * The same tree and counts under the nodes' stable keys (ids where a key is missing or not
 * unique), and the way back: `suppress` orders ties by cell name, so the names decide.
 */
function stableNames(nodes: CubeNode[], people: PeopleCounts) {
	const keys = nodes.map((n) => (n.id === ROOT ? ROOT : n.key === undefined ? null : `team:${n.key}`))
	const usable = keys.every((k) => k !== null) && new Set(keys).size === keys.length
	if (!usable) return { nodes, people, backCell: (c: string) => c, backNode: (id: string) => id }
	const nameOf = new Map(nodes.map((n, i) => [n.id, keys[i]!]))
	const idOf = new Map(nodes.map((n, i) => [keys[i]!, n.id]))
	const cellBack = new Map<string, string>()
	for (const n of nodes) for (const level of [null, ...levels]) cellBack.set(cellId(nameOf.get(n.id)!, level), cellId(n.id, level))
	return {
		nodes: nodes.map((n) => ({ id: nameOf.get(n.id)!, parentId: n.parentId === null ? null : (nameOf.get(n.parentId) ?? n.parentId) })),
		people: Object.fromEntries(Object.entries(people).map(([id, c]) => [nameOf.get(id) ?? id, c])),
		backCell: (c: string) => cellBack.get(c) ?? c,
		backNode: (name: string) => idOf.get(name) ?? name,
	}
}

/**
 * Comment groups: the nodes (all levels, never one level) that pass the comment threshold on
 * the team tree, with complementary suppression. Each comment then belongs to exactly one group,
 * the nearest one at or above its author's team, so the groups partition the comments and any
 * view shows a union of whole groups: no union, difference or intersection of two views narrows
 * a comment down to fewer than the threshold.
 */
export function commentGroups(nodes: CubeNode[], people: PeopleCounts, commentK: number): string[] {
	const s = stableNames(nodes, people)
	return commentGroupsByName(s.nodes, s.people, commentK).map(s.backNode).sort()
}

function commentGroupsByName(nodes: CubeNode[], people: PeopleCounts, commentK: number): string[] {
	const tree = nodes.map((t) => ({ id: t.id, parentId: t.parentId, directN: directOf(people, t.id, null) }))
	const totals = subtreeN(tree)
	const cells = tree.map((t) => ({ id: t.id, n: totals.get(t.id) ?? 0 }))
	const hidden = suppress(cells, treeRelations(tree), commentK)
	return cells
		.filter((c) => c.n >= commentK && !hidden.has(c.id))
		.map((c) => c.id)
		.sort()
}

/** The comment group of each node: itself when it is a group, else the nearest group above it, else none. */
export function commentGroupOf(nodes: CubeNode[], groups: Iterable<string>): Map<string, string | null> {
	const isGroup = new Set(groups)
	const parent = new Map(nodes.map((n) => [n.id, n.parentId]))
	const out = new Map<string, string | null>()
	const find = (id: string | null): string | null => {
		if (id === null) return null
		if (out.has(id)) return out.get(id)!
		const g = isGroup.has(id) ? id : find(parent.get(id) ?? null)
		out.set(id, g)
		return g
	}
	for (const n of nodes) find(n.id)
	return out
}

/** The nodes of a subtree (the node itself first), by the tree given. */
export function subtreeOf(nodes: CubeNode[], root: string): string[] {
	const children = new Map<string, string[]>()
	for (const n of nodes) if (n.parentId !== null) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id])
	const out: string[] = []
	const visit = (id: string) => {
		out.push(id)
		for (const c of children.get(id) ?? []) visit(c)
	}
	if (nodes.some((n) => n.id === root)) visit(root)
	return out
}
