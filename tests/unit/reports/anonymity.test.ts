/**
 * Written as an attacker would: for every case, the comment says how someone who sees the
 * report tries to learn about a group of fewer than k people, and the test asserts they learn
 * nothing. The attacker below is independent of the implementation (exact BigInt arithmetic,
 * explicit enumeration), so that a shared blind spot is less likely.
 */
import { describe, expect, test } from 'vitest'

import { type Cell, determinedInBlock, partitionRelation, rangeRelation, subtreeN, type SumRelation, suppress, treeRelations } from '~/reports/anonymity'

// --- The attacker -----------------------------------------------------------------------------

/**
 * Hidden cells the attacker can compute exactly from the shown ones. Only relations whose
 * remainder is 0 help (a positive remainder is an unknown of that relation alone). Exact
 * fraction-free Gauss–Jordan elimination over the hidden cells: a cell is computable when a
 * reduced row has it as its only non-zero entry.
 */
function computable(cells: Cell[], relations: SumRelation[], shown: Set<string>): Set<string> {
	const hidden = cells.filter((c) => !shown.has(c.id)).map((c) => c.id)
	const col = new Map(hidden.map((id, i) => [id, i]))
	const rows: bigint[][] = []
	for (const rel of relations) {
		if (rel.remainderN !== 0) continue
		const row = hidden.map(() => 0n)
		const add = (id: string, coefficient: bigint) => {
			const j = col.get(id)
			if (j !== undefined) row[j] = row[j]! + coefficient
		}
		add(rel.whole, 1n)
		for (const part of rel.parts) add(part, -1n)
		if (row.some((v) => v !== 0n)) rows.push(row)
	}
	const pivotCols: number[] = []
	let r = 0
	for (let c = 0; c < hidden.length && r < rows.length; c++) {
		const p = rows.findIndex((row, i) => i >= r && row[c] !== 0n)
		if (p < 0) continue
		;[rows[r], rows[p]] = [rows[p]!, rows[r]!]
		const pivot = rows[r]!
		for (let i = 0; i < rows.length; i++) {
			const f = rows[i]![c]!
			if (i === r || f === 0n) continue
			const reduced = rows[i]!.map((v, j) => v * pivot[c]! - f * pivot[j]!)
			const g = reduced.reduce((a, v) => gcd(a, v < 0n ? -v : v), 0n)
			rows[i] = g > 1n ? reduced.map((v) => v / g) : reduced
		}
		pivotCols.push(c)
		r++
	}
	const out = new Set<string>()
	pivotCols.forEach((c, i) => {
		if (rows[i]!.every((v, j) => j === c || v === 0n)) out.add(hidden[c]!)
	})
	return out
}

function gcd(a: bigint, b: bigint): bigint {
	while (b !== 0n) [a, b] = [b, a % b]
	return a
}

/**
 * Every group of 1..k−1 people the attacker can isolate, described. A group is isolated:
 * - when a hidden cell with 0 < n < k is computable;
 * - inside any relation whose whole is known (shown or computable): the whole minus any subset
 *   of its known parts leaves the remainder plus the other parts; inside a hidden part, the
 *   attacker may go on subtracting the known parts of any relation of which it is the whole.
 * Sizes are capped at k: adding people to a group of k or more never makes it small again.
 */
function recoverableGroups(cells: Cell[], relations: SumRelation[], shown: Set<string>, k: number): string[] {
	const n = new Map(cells.map((c) => [c.id, c.n]))
	const size = (id: string) => n.get(id)!
	const computed = computable(cells, relations, shown)
	const known = (id: string) => shown.has(id) || computed.has(id)
	const small = (v: number) => v > 0 && v < k
	const leaks: string[] = []
	for (const id of computed) if (small(size(id))) leaks.push(`hidden ${id} (${size(id)}) is computable from the shown cells`)

	type Ways = Map<number, string> // isolatable size → one way to isolate it
	const combine = (a: Ways, b: Ways): Ways => {
		const out: Ways = new Map()
		for (const [x, hx] of a) for (const [y, hy] of b) if (!out.has(Math.min(x + y, k))) out.set(Math.min(x + y, k), [hx, hy].filter(Boolean).join(' + '))
		return out
	}
	const inside = (id: string): Ways => {
		const out: Ways = new Map([[Math.min(size(id), k), id]])
		for (const rel of relations) if (rel.whole === id) for (const [v, how] of rest(rel)) if (!out.has(v)) out.set(v, `(${id}: ${how})`)
		return out
	}
	const rest = (rel: SumRelation): Ways => {
		let acc: Ways = new Map([[Math.min(rel.remainderN, k), rel.remainderN ? `${rel.remainderN} not in any part` : '']])
		for (const part of rel.parts) {
			// A known part is either subtracted (leaves nothing of it) or kept whole.
			const options: Ways = known(part)
				? new Map([
						[0, ''],
						[Math.min(size(part), k), part],
					])
				: inside(part)
			acc = combine(acc, options)
		}
		return acc
	}
	for (const rel of relations) {
		if (!known(rel.whole)) continue
		for (const [v, how] of rest(rel)) if (small(v)) leaks.push(`${rel.whole} minus what is visible of [${rel.parts.join(', ')}] leaves ${v}: ${how}`)
	}
	return leaks
}

function shownAfter(cells: Cell[], hidden: Set<string>): Set<string> {
	return new Set(cells.map((c) => c.id).filter((id) => !hidden.has(id)))
}

/** Suppresses, then attacks what is left: the list of leaks must be empty. */
function attack(cells: Cell[], relations: SumRelation[], k: number) {
	const hidden = suppress(cells, relations, k)
	return { hidden, leaks: recoverableGroups(cells, relations, shownAfter(cells, hidden), k) }
}

// --- Report shapes: an org tree × levels, as the reporting layer will describe it ------------

interface Team {
	id: string
	parentId: string | null
	/** respondents attached directly to this team, per listed level */
	direct: Record<string, number>
	/** respondents attached directly to this team whose level is not listed */
	unlisted?: number
}

/** Cells: team (all levels) and team|level; relations: the tree for all levels and for each level, and each team's level partition. */
function orgReport(teams: Team[], levels: string[]): { cells: Cell[]; relations: SumRelation[] } {
	const directAll = (t: Team) => levels.reduce((sum, l) => sum + (t.direct[l] ?? 0), 0) + (t.unlisted ?? 0)
	const allNodes = teams.map((t) => ({ id: t.id, parentId: t.parentId, directN: directAll(t) }))
	const allN = subtreeN(allNodes)
	const cells: Cell[] = teams.map((t) => ({ id: t.id, n: allN.get(t.id)! }))
	const relations = treeRelations(allNodes, (id) => id)
	const levelN = new Map<string, Map<string, number>>()
	for (const level of levels) {
		const nodes = teams.map((t) => ({ id: t.id, parentId: t.parentId, directN: t.direct[level] ?? 0 }))
		const n = subtreeN(nodes)
		levelN.set(level, n)
		for (const t of teams) cells.push({ id: `${t.id}|${level}`, n: n.get(t.id)! })
		relations.push(...treeRelations(nodes, (id) => `${id}|${level}`))
	}
	for (const t of teams) {
		relations.push(
			partitionRelation(
				t.id,
				levels.map((l) => ({ id: `${t.id}|${l}`, n: levelN.get(l)!.get(t.id)! })),
				allN.get(t.id)!,
			),
		)
	}
	return { cells, relations }
}

const cellsOf = (counts: Record<string, number>): Cell[] => Object.entries(counts).map(([id, n]) => ({ id, n }))
const sorted = (s: Set<string>) => [...s].sort()

// --- Cases ------------------------------------------------------------------------------------

describe('the attacker checker has teeth', () => {
	test('it finds the classic differencing leak when only the small team is hidden', () => {
		// Attack: parent 40 − B 15 − C 22 − 0 direct = 3, the hidden team.
		const cells = cellsOf({ P: 40, A: 3, B: 15, C: 22 })
		const relations: SumRelation[] = [{ whole: 'P', parts: ['A', 'B', 'C'], remainderN: 0 }]
		expect(recoverableGroups(cells, relations, new Set(['P', 'B', 'C']), 5)).toEqual([
			'hidden A (3) is computable from the shown cells',
			'P minus what is visible of [A, B, C] leaves 3: A',
		])
	})

	test('it follows a hidden cell through a second relation (what a per-relation rule alone misses)', () => {
		// Attack: the team's frontline cell is hidden in the team's level split but pinned by the
		// parent's frontline total minus the sibling's frontline; then team − frontline = managers.
		const { cells, relations } = orgReport(
			[
				{ id: 'P', parentId: null, direct: {} },
				{ id: 'T', parentId: 'P', direct: { F: 10, M: 2 } },
				{ id: 'S', parentId: 'P', direct: { F: 7, M: 6 } },
			],
			['F', 'M'],
		)
		const hidden = new Set(['T|M', 'T|F', 'S|M'])
		const leaks = recoverableGroups(cells, relations, shownAfter(cells, hidden), 5)
		expect(leaks).toContain('hidden T|M (2) is computable from the shown cells')
	})
})

describe('suppress: parent minus visible siblings', () => {
	test('a team of 3 under k = 5 hides, and so does its smallest sibling', () => {
		// Attack: parent (40) − visible siblings − direct members (0) = the team of 3.
		const cells = cellsOf({ P: 40, A: 3, B: 15, C: 22 })
		const relations = treeRelations(
			[
				{ id: 'P', parentId: null, directN: 0 },
				{ id: 'A', parentId: 'P', directN: 3 },
				{ id: 'B', parentId: 'P', directN: 15 },
				{ id: 'C', parentId: 'P', directN: 22 },
			],
			(id) => id,
		)
		const { hidden, leaks } = attack(cells, relations, 5)
		// B (15) is the smallest visible sibling; C stays: nothing with n ≥ k is hidden needlessly.
		expect(sorted(hidden)).toEqual(['A', 'B'])
		expect(leaks).toEqual([])
	})

	test('two people attached directly to the parent, all children visible: the smallest child hides', () => {
		// Attack: parent (20) − B (10) − C (8) = the 2 people sitting directly on the parent team.
		const cells = cellsOf({ P: 20, B: 10, C: 8 })
		const relations: SumRelation[] = [{ whole: 'P', parts: ['B', 'C'], remainderN: 2 }]
		const { hidden, leaks } = attack(cells, relations, 5)
		expect(sorted(hidden)).toEqual(['C'])
		expect(leaks).toEqual([])
	})

	test('an empty team reveals nothing and is never picked to hide something else', () => {
		// Attack: P − Z − B = A (3). Z has no respondents: it is shown as empty, so hiding it would
		// protect no one; B must hide instead.
		const cells = cellsOf({ P: 13, A: 3, Z: 0, B: 10 })
		const relations: SumRelation[] = [{ whole: 'P', parts: ['A', 'Z', 'B'], remainderN: 0 }]
		const { hidden, leaks } = attack(cells, relations, 5)
		expect(sorted(hidden)).toEqual(['A', 'B'])
		expect(leaks).toEqual([])
		expect(suppress(cellsOf({ E: 0 }), [], 5)).toEqual(new Set())
	})

	test('ties between equally small siblings are broken by id, whatever the input order', () => {
		// Attack: P − B − C = A (2); B and C both have 9, so which one hides must not depend on chance.
		const cells = cellsOf({ P: 20, A: 2, C: 9, B: 9 })
		const relations: SumRelation[] = [{ whole: 'P', parts: ['C', 'A', 'B'], remainderN: 0 }]
		expect(sorted(suppress(cells, relations, 5))).toEqual(['A', 'B'])
		expect(sorted(suppress([...cells].reverse(), [{ whole: 'P', parts: ['B', 'A', 'C'], remainderN: 0 }], 5))).toEqual(['A', 'B'])
	})

	test('a visible sub-team inside a hidden team cannot be used to peel it', () => {
		// Attack 1: A (7) − A1 (5) = 2 people directly on A. Attack 2, once A hides to cover B:
		// W − C − A1 = B (2) + A's 2 direct members = 4 people. Both A1 and A must hide.
		const cells = cellsOf({ W: 30, A: 7, A1: 5, B: 2, C: 21 })
		const relations: SumRelation[] = [
			{ whole: 'W', parts: ['A', 'B', 'C'], remainderN: 0 },
			{ whole: 'A', parts: ['A1'], remainderN: 2 },
		]
		expect(recoverableGroups(cells, relations, new Set(['W', 'A1', 'C']), 5)).toContain('W minus what is visible of [A, B, C] leaves 4: (A: 2 not in any part) + B')
		const { hidden, leaks } = attack(cells, relations, 5)
		expect(sorted(hidden)).toEqual(['A', 'A1', 'B'])
		expect(leaks).toEqual([])
	})

	test('a cascade up a 4-level tree', () => {
		// root → divisions D1, D2 → groups G1, G2 → teams T1..T4; k = 5.
		// T1 (3) is small, so G1 = T1 + 1 direct = 4 is small too (attack: G1 − T1 = 1 person).
		// Attack on D1: D1 − G2 = G1 (4) → G2 must hide. But G2 = T3 + T4 with nobody directly on
		// it, so G2 is still computable → T4 (the smaller team) must hide too.
		// Attack on the root: root − D1 − D2 = the 1 person directly on the root → D1 must hide.
		const teams = [
			{ id: 'R', parentId: null, directN: 1 },
			{ id: 'D1', parentId: 'R', directN: 0 },
			{ id: 'D2', parentId: 'R', directN: 30 },
			{ id: 'G1', parentId: 'D1', directN: 1 },
			{ id: 'G2', parentId: 'D1', directN: 0 },
			{ id: 'T1', parentId: 'G1', directN: 3 },
			{ id: 'T3', parentId: 'G2', directN: 12 },
			{ id: 'T4', parentId: 'G2', directN: 8 },
		]
		const n = subtreeN(teams)
		const cells = teams.map((t) => ({ id: t.id, n: n.get(t.id)! }))
		const relations = treeRelations(teams, (id) => id)
		expect(recoverableGroups(cells, relations, shownAfter(cells, new Set(['T1', 'G1', 'G2'])), 5)).toContain('hidden G1 (4) is computable from the shown cells')
		const { hidden, leaks } = attack(cells, relations, 5)
		expect(sorted(hidden)).toEqual(['D1', 'G1', 'G2', 'T1', 'T4'])
		expect(leaks).toEqual([])
	})
})

describe('suppress: team × level (two overlapping filters)', () => {
	test('a team of 12: frontline 10, managers 2 — the frontline cell must hide as well', () => {
		// Attack: filter "team A, all levels" (12) minus filter "team A, frontline" (10) = the 2 managers.
		const cells = cellsOf({ A: 12, 'A|frontline': 10, 'A|manager': 2 })
		const relations = [
			partitionRelation(
				'A',
				[
					{ id: 'A|frontline', n: 10 },
					{ id: 'A|manager', n: 2 },
				],
				12,
			),
		]
		const { hidden, leaks } = attack(cells, relations, 5)
		// The other level cell hides; the team's own total (12) stays visible.
		expect(sorted(hidden)).toEqual(['A|frontline', 'A|manager'])
		expect(leaks).toEqual([])
	})

	test('an unlisted level is a remainder: 3 unlisted people next to one visible level cell', () => {
		// Attack: team (13) − frontline (10) = 3 people whose level is not listed.
		const cells = cellsOf({ A: 13, 'A|frontline': 10 })
		const relations = [partitionRelation('A', [{ id: 'A|frontline', n: 10 }], 13)]
		expect(relations[0]!.remainderN).toBe(3)
		const { hidden, leaks } = attack(cells, relations, 5)
		expect(sorted(hidden)).toEqual(['A|frontline'])
		expect(leaks).toEqual([])
	})

	test('inside a parent, the hidden cells form a rectangle so no filter combination pins the managers', () => {
		// Attack 1: parent managers (8) − sibling managers (6) = team T's 2 managers.
		// Attack 2: after T|frontline hides in T's split, the parent's frontline (17) − S's frontline
		// (7) recomputes it, and T (12) − T|frontline = 2 again. The team × level cells obey the
		// same rule as the teams: they hide in a 2 × 2 rectangle; every total stays visible.
		const { cells, relations } = orgReport(
			[
				{ id: 'P', parentId: null, direct: {} },
				{ id: 'T', parentId: 'P', direct: { frontline: 10, manager: 2 } },
				{ id: 'S', parentId: 'P', direct: { frontline: 7, manager: 6 } },
			],
			['frontline', 'manager'],
		)
		const { hidden, leaks } = attack(cells, relations, 5)
		expect(sorted(hidden)).toEqual(['S|frontline', 'S|manager', 'T|frontline', 'T|manager'])
		expect(leaks).toEqual([])
	})

	test('suppression climbs to the whole: a parent whose only member at a level is the team', () => {
		// Attack: the parent P has no one of its own and a single child T, so every P cell equals
		// the T cell: "P, frontline" (10) shows exactly what hidden "T, frontline" hides, and then
		// T (12) − 10 = T's 2 managers. The parent's level cells (the wholes) must hide too.
		const { cells, relations } = orgReport(
			[
				{ id: 'P', parentId: null, direct: {} },
				{ id: 'T', parentId: 'P', direct: { frontline: 10, manager: 2 } },
			],
			['frontline', 'manager'],
		)
		const { hidden, leaks } = attack(cells, relations, 5)
		expect(sorted(hidden)).toEqual(['P|frontline', 'P|manager', 'T|frontline', 'T|manager'])
		expect(leaks).toEqual([])
	})
})

describe('suppress: time ranges', () => {
	test('weeks of 6, 6 and 2 and the range over them', () => {
		// Attack: range (14) − week 1 (6) − week 2 (6) = the 2 people of week 3.
		const cells = cellsOf({ w1: 6, w2: 6, w3: 2, q: 14 })
		const relations = [rangeRelation('q', ['w1', 'w2', 'w3'])]
		const { hidden, leaks } = attack(cells, relations, 5)
		// w1 and w2 tie at 6: w1 hides (by id). The range stays visible.
		expect(sorted(hidden)).toEqual(['w1', 'w3'])
		expect(leaks).toEqual([])
	})

	test('team × week: a week hidden for one team is not recoverable from the parent week or the team range', () => {
		// Attack: parent week 3 (14) − team B week 3 (12) = team A's 2 in week 3; or team A's range
		// (14) − its weeks 1 and 2.
		const teams = ['A', 'B']
		const weeks = { A: [6, 6, 2], B: [9, 7, 12] }
		const counts: Record<string, number> = {}
		const relations: SumRelation[] = []
		for (const t of teams) {
			const w = weeks[t as 'A' | 'B']
			w.forEach((n, i) => (counts[`${t}|w${i + 1}`] = n))
			counts[`${t}|q`] = w.reduce((a, b) => a + b, 0)
			relations.push(
				rangeRelation(
					`${t}|q`,
					['w1', 'w2', 'w3'].map((w) => `${t}|${w}`),
				),
			)
		}
		for (const w of ['w1', 'w2', 'w3', 'q']) {
			counts[`P|${w}`] = counts[`A|${w}`]! + counts[`B|${w}`]!
			relations.push({ whole: `P|${w}`, parts: [`A|${w}`, `B|${w}`], remainderN: 0 })
		}
		relations.push(rangeRelation('P|q', ['P|w1', 'P|w2', 'P|w3']))
		const cells = cellsOf(counts)
		const { hidden, leaks } = attack(cells, relations, 5)
		expect(hidden.has('A|w3')).toBe(true)
		expect(leaks).toEqual([])
	})
})

describe('suppress: contract', () => {
	test('k is at least 3 and a whole number', () => {
		for (const k of [2, 0, -1, 2.5, Number.NaN]) expect(() => suppress([], [], k)).toThrow(RangeError)
		expect(suppress(cellsOf({ a: 2, b: 3 }), [], 3)).toEqual(new Set(['a']))
	})

	test('counts that do not add up are refused rather than trusted', () => {
		expect(() => suppress(cellsOf({ P: 10, A: 4 }), [{ whole: 'P', parts: ['A'], remainderN: 5 }], 5)).toThrow(/add up to 9/)
		expect(() => suppress(cellsOf({ P: 10 }), [{ whole: 'P', parts: ['X'], remainderN: 0 }], 5)).toThrow(/not a cell/)
		expect(() => suppress(cellsOf({ P: 1.5 }), [], 5)).toThrow(/whole number/)
		expect(() => suppress([...cellsOf({ P: 1 }), ...cellsOf({ P: 1 })], [], 5)).toThrow(/twice/)
		expect(() =>
			suppress(
				cellsOf({ A: 5, B: 5 }),
				[
					{ whole: 'A', parts: ['B'], remainderN: 0 },
					{ whole: 'B', parts: ['A'], remainderN: 0 },
				],
				5,
			),
		).toThrow(/part of itself/)
	})

	test('helpers build the relations the reporting layer needs', () => {
		const nodes = [
			{ id: 'root', parentId: null, directN: 2 },
			{ id: 'a', parentId: 'root', directN: 4 },
			{ id: 'a1', parentId: 'a', directN: 6 },
			{ id: 'b', parentId: 'root', directN: 1 },
		]
		expect(subtreeN(nodes)).toEqual(
			new Map([
				['root', 13],
				['a', 10],
				['a1', 6],
				['b', 1],
			]),
		)
		expect(treeRelations(nodes, (id) => `${id}|all`)).toEqual([
			{ whole: 'root|all', parts: ['a|all', 'b|all'], remainderN: 2 },
			{ whole: 'a|all', parts: ['a1|all'], remainderN: 4 },
		])
		expect(
			partitionRelation(
				't',
				[
					{ id: 't|f', n: 3 },
					{ id: 't|m', n: 4 },
				],
				9,
			),
		).toEqual({ whole: 't', parts: ['t|f', 't|m'], remainderN: 2 })
		expect(() => partitionRelation('t', [{ id: 't|f', n: 10 }], 9)).toThrow(/more than/)
		expect(rangeRelation('q1', ['w1', 'w2'])).toEqual({ whole: 'q1', parts: ['w1', 'w2'], remainderN: 0 })
		expect(() =>
			subtreeN([
				{ id: 'x', parentId: 'y', directN: 1 },
				{ id: 'y', parentId: 'x', directN: 1 },
			]),
		).toThrow(/own ancestor/)
		expect(() => treeRelations([{ id: 'x', parentId: 'nope', directN: 1 }], (id) => id)).toThrow(/unknown parent/)
	})
})

describe('suppress: random organisations', () => {
	// Deterministic pseudo-random numbers, so that a failure can be replayed.
	function mulberry32(seed: number) {
		return () => {
			seed = (seed + 0x6d2b79f5) | 0
			let t = seed
			t = Math.imul(t ^ (t >>> 15), t | 1)
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296
		}
	}

	function randomOrg(rand: () => number): { teams: Team[]; levels: string[] } {
		const int = (below: number) => Math.floor(rand() * below)
		const levels = ['frontline', 'manager', 'exec'].slice(0, 1 + int(3))
		// n in 0..20, skewed small so that many groups fall under k.
		const count = () => (rand() < 0.3 ? 0 : rand() < 0.5 ? int(6) : int(21))
		const teams: Team[] = []
		const grow = (parentId: string | null, depth: number) => {
			const id = `t${teams.length}`
			teams.push({ id, parentId, direct: Object.fromEntries(levels.map((l) => [l, depth === 1 && rand() < 0.5 ? 0 : count()])), unlisted: rand() < 0.3 ? int(4) : 0 })
			if (depth < 4) for (let i = int(depth === 1 ? 4 : 3); i > 0; i--) grow(id, depth + 1)
		}
		grow(null, 1)
		return { teams, levels }
	}

	function shuffle<T>(list: T[], rand: () => number): T[] {
		const out = [...list]
		for (let i = out.length - 1; i > 0; i--) {
			const j = Math.floor(rand() * (i + 1))
			;[out[i], out[j]] = [out[j]!, out[i]!]
		}
		return out
	}

	// ANONYMITY_SEED / ANONYMITY_TRIALS let someone fuzz longer locally; the default run is fixed.
	const seed = Number(process.env.ANONYMITY_SEED ?? 20260310)
	const trials = Number(process.env.ANONYMITY_TRIALS ?? 200)

	test(`${trials} random trees × levels: no relation lets an attacker isolate a group under k`, () => {
		const rand = mulberry32(seed)
		let hiddenTotal = 0
		let naiveLeaks = 0
		for (let trial = 0; trial < trials; trial++) {
			const { teams, levels } = randomOrg(rand)
			const k = 3 + Math.floor(rand() * 5)
			const { cells, relations } = orgReport(teams, levels)
			const hidden = suppress(cells, relations, k)
			const context = `trial ${trial}, k = ${k}, ${JSON.stringify(teams)}`
			expect(recoverableGroups(cells, relations, shownAfter(cells, hidden), k), context).toEqual([])
			for (const c of cells) {
				if (c.n > 0 && c.n < k) expect(hidden.has(c.id), `${context}: ${c.id} is small`).toBe(true)
				if (c.n === 0) expect(hidden.has(c.id), `${context}: ${c.id} is empty, shown as such`).toBe(false)
			}
			// Deterministic: same input, same output, whatever order the lists come in.
			expect(suppress(cells, relations, k)).toEqual(hidden)
			expect(
				suppress(
					shuffle(cells, rand),
					shuffle(
						relations.map((r) => ({ ...r, parts: [...r.parts] })),
						rand,
					),
					k,
				),
			).toEqual(hidden)
			hiddenTotal += hidden.size
			const primaryOnly = new Set(cells.filter((c) => c.n > 0 && c.n < k).map((c) => c.id))
			if (recoverableGroups(cells, relations, shownAfter(cells, primaryOnly), k).length) naiveLeaks++
		}
		// The generator must produce work: most trials leak if only the small cells are hidden.
		expect(hiddenTotal).toBeGreaterThan(trials)
		expect(naiveLeaks).toBeGreaterThan(trials / 2)
	})

	test(`${Math.ceil(trials / 2)} random cubes of team × level × week with ranges: no leak there either`, () => {
		// Three overlapping filters at once (team, level, week or range): every cell is a part of
		// three sums, which is where per-sum reasoning is known to fail.
		const rand = mulberry32(seed + 1)
		for (let trial = 0; trial < Math.ceil(trials / 2); trial++) {
			const { teams, levels } = randomOrg(rand)
			// Teams come in depth-first order, so the first five still form a tree.
			const kept = teams.slice(0, 5)
			const weeks = ['w1', 'w2', 'w3'].slice(0, 2 + Math.floor(rand() * 2))
			const k = 3 + Math.floor(rand() * 5)
			const cells: Cell[] = []
			const relations: SumRelation[] = []
			const counts = new Map<string, number>() // `${team}|${level or *}|${week or q}`
			for (const t of kept) for (const l of levels) for (const w of weeks) counts.set(`${t.id}|${l}|${w}`, rand() < 0.3 ? 0 : Math.floor(rand() * (rand() < 0.5 ? 6 : 21)))
			const direct = (team: string, l: string, w: string) =>
				(l === '*' ? levels : [l]).reduce((a, lv) => a + (w === 'q' ? weeks : [w]).reduce((b, wk) => b + counts.get(`${team}|${lv}|${wk}`)!, 0), 0)
			for (const l of [...levels, '*']) {
				for (const w of [...weeks, 'q']) {
					const nodes = kept.map((t) => ({ id: t.id, parentId: t.parentId, directN: direct(t.id, l, w) }))
					const n = subtreeN(nodes)
					for (const t of kept) cells.push({ id: `${t.id}|${l}|${w}`, n: n.get(t.id)! })
					relations.push(...treeRelations(nodes, (id) => `${id}|${l}|${w}`))
				}
			}
			const nOf = new Map(cells.map((c) => [c.id, c.n]))
			for (const t of kept) {
				for (const w of [...weeks, 'q'])
					relations.push(
						partitionRelation(
							`${t.id}|*|${w}`,
							levels.map((l) => ({ id: `${t.id}|${l}|${w}`, n: nOf.get(`${t.id}|${l}|${w}`)! })),
							nOf.get(`${t.id}|*|${w}`)!,
						),
					)
				for (const l of [...levels, '*'])
					relations.push(
						rangeRelation(
							`${t.id}|${l}|q`,
							weeks.map((w) => `${t.id}|${l}|${w}`),
						),
					)
			}
			const hidden = suppress(cells, relations, k)
			expect(recoverableGroups(cells, relations, shownAfter(cells, hidden), k), `trial ${trial}, k = ${k}`).toEqual([])
			expect(suppress([...cells].reverse(), [...relations].reverse(), k)).toEqual(hidden)
		}
	})
})

describe('which hidden cells an attacker can compute', () => {
	// An independent check: e_c lies in the row space of A exactly when appending it leaves the
	// rank unchanged. Dense rational elimination (BigInt numerators over a common row scale).
	function rank(rows: bigint[][]): number {
		const m = rows.map((r) => [...r])
		let r = 0
		for (let c = 0; c < (m[0]?.length ?? 0) && r < m.length; c++) {
			const p = m.findIndex((row, i) => i >= r && row[c] !== 0n)
			if (p < 0) continue
			;[m[r], m[p]] = [m[p]!, m[r]!]
			for (let i = 0; i < m.length; i++) {
				if (i === r || m[i]![c] === 0n) continue
				const f = m[i]![c]!
				const g = m[r]![c]!
				m[i] = m[i]!.map((v, j) => v * g - m[r]![j]! * f)
			}
			r++
		}
		return r
	}

	test('solved row by row, a cell counts as computable exactly when the rows pin it down (against a rank check)', () => {
		let seed = 99
		const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
		let determinedSeen = 0
		for (let trial = 0; trial < 300; trial++) {
			const cols = 2 + Math.floor(rand() * 9)
			const system: Map<number, bigint>[] = []
			for (let i = Math.floor(rand() * (cols + 2)); i > 0; i--) {
				// A relation's row: +1 for the whole, −1 for each part (the shape `suppress` builds).
				const members = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 4) }, () => Math.floor(rand() * cols)))]
				system.push(new Map(members.map((c, j) => [c, j === 0 ? 1n : -1n])))
			}
			const dense = system.map((row) => Array.from({ length: cols }, (_, c) => row.get(c) ?? 0n))
			const base = rank(dense)
			const expected = new Set<number>()
			for (let c = 0; c < cols; c++) if (rank([...dense, Array.from({ length: cols }, (_, j) => (j === c ? 1n : 0n))]) === base) expected.add(c)
			expect(determinedInBlock(system), `trial ${trial}: ${JSON.stringify(dense.map((r) => r.map(Number)))}`).toEqual(expected)
			determinedSeen += expected.size
		}
		// The generator must produce both answers.
		expect(determinedSeen).toBeGreaterThan(100)
	})

	test('a larger organisation (300 teams, two levels, many small leader groups), decided block by block: nothing an attacker can isolate', () => {
		// 300 teams in ten divisions, a handful of leaders each: many small cells, one relation system.
		const nodes: { id: string; parentId: string | null; directN: number }[] = [{ id: 'org', parentId: null, directN: 0 }]
		for (let d = 0; d < 10; d++) nodes.push({ id: `d${d}`, parentId: 'org', directN: 0 })
		const byLevel: Record<string, { id: string; parentId: string | null; directN: number }[]> = { f: [], l: [] }
		for (let t = 0; t < 300; t++) nodes.push({ id: `t${t}`, parentId: `d${t % 10}`, directN: 0 })
		for (const n of nodes) {
			const leaders = n.id.startsWith('t') ? 1 + (Number(n.id.slice(1)) % 6) : 0
			const front = n.id.startsWith('t') ? 20 + (Number(n.id.slice(1)) % 17) : 0
			byLevel.f!.push({ id: n.id, parentId: n.parentId, directN: front })
			byLevel.l!.push({ id: n.id, parentId: n.parentId, directN: leaders })
		}
		const cells: Cell[] = []
		const relations: SumRelation[] = []
		const totals: Record<string, Map<string, number>> = {}
		for (const [level, tree] of Object.entries(byLevel)) {
			totals[level] = subtreeN(tree)
			for (const n of tree) cells.push({ id: `${n.id}|${level}`, n: totals[level].get(n.id)! })
			relations.push(...treeRelations(tree, (id) => `${id}|${level}`))
		}
		const all = nodes.map((n) => ({ id: n.id, parentId: n.parentId, directN: byLevel.f!.find((x) => x.id === n.id)!.directN + byLevel.l!.find((x) => x.id === n.id)!.directN }))
		const allTotals = subtreeN(all)
		for (const n of all) cells.push({ id: n.id, n: allTotals.get(n.id)! })
		relations.push(...treeRelations(all))
		for (const n of nodes)
			relations.push(
				partitionRelation(
					n.id,
					['f', 'l'].map((l) => ({ id: `${n.id}|${l}`, n: totals[l]!.get(n.id)! })),
					allTotals.get(n.id)!,
				),
			)
		const hidden = suppress(cells, relations, 5)
		// Every leader cell under 5 hidden, with complements; nothing an attacker can isolate.
		expect(hidden.size).toBeGreaterThan(300)
		expect(recoverableGroups(cells, relations, shownAfter(cells, hidden), 5)).toEqual([])
	})
})
