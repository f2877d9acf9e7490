/**
 * The one place where suppression is decided ("anonymity is the product", PRODUCT.md).
 *
 * The reporting layer describes every figure it might show as a cell with a respondent count
 * and declares how cells add up (sum relations). `suppress` answers which cells must be hidden
 * so that nobody can learn anything about a group of fewer than k respondents, neither directly
 * nor by differencing (a parent minus its visible children, two overlapping filters, a date
 * range minus its weeks). Pure: no I/O, same input, same output.
 *
 * Rules (the product's rules; the attacker model below says how "hidden" is counted):
 * 1. Primary: a cell with 0 < n < k is suppressed. A cell with n = 0 is "no data": it is never
 *    suppressed, it is shown as empty, so everyone knows it is 0. For that reason an n = 0 part
 *    reveals nothing and hides nothing: it never counts towards a hidden total and it is never
 *    picked as a complementary suppression (suppressing an empty cell would protect no one).
 * 2. Secondary (complementary): for every relation whose whole is known to the attacker, the
 *    hidden part (the remainder plus every part the attacker cannot compute) must total 0 or
 *    ≥ k. Otherwise hide more parts: the attacker-visible part with the smallest n first (ties
 *    by id, for determinism), until the hidden part is 0 or ≥ k; if no visible part is left, hide
 *    the whole.
 * 3. Repeat to a fixpoint: hiding a cell changes every relation it appears in, as a part or as
 *    a whole. Suppression only grows, one cell per step, so this ends (at worst everything with
 *    n > 0 is hidden).
 * 4. k is a whole number ≥ 3 (organisation setting, default 5); anything else throws.
 *
 * Attacker model. The attacker sees every shown cell and knows every declared relation and
 * whether its remainder is 0 (an org chart says whether anyone sits directly on a parent team).
 * A remainder > 0 is never shown on its own. From that the attacker can:
 * - compute a suppressed cell exactly when the relations with a zero remainder pin it down
 *   (exact linear algebra, not just "one unknown per sum": a team × level cell can be pinned by
 *   the parent's tree at that level while it is hidden in the team's level partition). Such a
 *   derivable cell counts as visible: rule 2 cuts the derivation (hides a cell of a relation
 *   that pins it down, parts before the whole, smallest n first) rather than trusting it;
 * - subtract visible sub-parts inside a hidden part: if team A is hidden but its sub-team A1 is
 *   shown, then parent − visible siblings − A1 isolates A's other members plus the rest of the
 *   hidden part. Every such residual must also be 0 or ≥ k, not only the plain hidden total.
 * Out of scope (stated so that nobody relies on it): bounds from non-negativity (a hidden total
 * of 5 split in two tells that each half is ≤ 5), signed combinations that are not a group of
 * people, and relations the reporting layer does not declare: it must declare every sum an
 * attacker could form from what it shows (every filter combination, every range).
 *
 * Counts must add up: whole.n = Σ parts.n + remainderN, or `suppress` throws, because the
 * arithmetic above would otherwise be wrong in a way that could leak. So n counts responses
 * (one per person per wave), and a range's n is the sum of its weeks; a distinct-people count
 * over a range is not a sum and must not be declared as one.
 */

export interface Cell {
	id: string
	n: number
}

/** `whole` = the union of `parts` plus a remainder that is never shown on its own (e.g. people attached directly to a parent team, or levels not listed). */
export interface SumRelation {
	whole: string
	parts: string[]
	remainderN: number
}

export interface TreeNode {
	id: string
	parentId: string | null
	/** Respondents attached directly to this node, not to any of its children. */
	directN: number
}

/** The product floor for k: an organisation may raise it, never lower it. */
export const MIN_K = 3

/** Which cells must be hidden. Cells with n = 0 are never in the result (they are shown as empty). */
export function suppress(cells: Cell[], relations: SumRelation[], k: number): Set<string> {
	if (!Number.isInteger(k) || k < MIN_K) throw new RangeError(`The anonymity threshold k must be a whole number of at least ${MIN_K}, got ${k}.`)
	const n = new Map<string, number>()
	for (const cell of cells) {
		if (n.has(cell.id)) throw new Error(`Cell "${cell.id}" is listed twice.`)
		checkCount(cell.n, `Cell "${cell.id}"`)
		n.set(cell.id, cell.n)
	}
	const count = (id: string): number => n.get(id) ?? 0
	for (const rel of relations) checkRelation(rel, n)

	// Canonical orders, so that the answer depends on what is declared, not on the order it
	// was declared in (the reporting layer may build its lists from maps).
	const cellIds = [...n.keys()].sort(compareText)
	// Innermost relations first (a team's sub-teams before the team's parent): a part is then
	// made safe inside while it is still shown, before anything outside hides it.
	// Each relation's parts too: the searches below visit parts in their listed order.
	const canonical = relations.map((rel) => ({ ...rel, parts: [...rel.parts].sort(compareText) }))
	const height = heights(canonical)
	const partsKey = new Map(canonical.map((rel) => [rel, rel.parts.join('\u0000')]))
	const rels = [...canonical].sort(
		(a, b) =>
			(height.get(a.whole) ?? 0) - (height.get(b.whole) ?? 0) || compareText(a.whole, b.whole) || compareText(partsKey.get(a)!, partsKey.get(b)!) || a.remainderN - b.remainderN,
	)
	const byWhole = new Map<string, SumRelation[]>()
	const zeroRemainderRelsOf = new Map<string, SumRelation[]>()
	for (const rel of rels) {
		push(byWhole, rel.whole, rel)
		if (rel.remainderN === 0) for (const id of [rel.whole, ...rel.parts]) push(zeroRemainderRelsOf, id, rel)
	}

	const suppressed = new Set<string>()
	// The derivability system, and its blocks already solved in this call (see `derivable`).
	const system = zeroRows(cellIds, rels)
	const solved = new Map<string, string[]>()
	// Rule 1.
	for (const id of cellIds) if (isSmall(count(id), k)) suppressed.add(id)

	// Rules 2 and 3: one more cell per step until nothing leaks.
	for (;;) {
		const derived = derivable(system, suppressed, solved)
		const shown = (id: string) => !suppressed.has(id)
		const known = (id: string) => shown(id) || derived.has(id)
		const next = nextSuppression({ cellIds, rels, byWhole, zeroRemainderRelsOf, count, k, shown, known, derived, suppressed })
		if (next === undefined) return suppressed
		suppressed.add(next)
	}
}

/** Each node's total: its direct respondents plus those of all its descendants. */
export function subtreeN(nodes: TreeNode[]): Map<string, number> {
	const children = childrenOf(nodes)
	const direct = new Map(nodes.map((node) => [node.id, node.directN]))
	const total = new Map<string, number>()
	const visit = (id: string, path: Set<string>): number => {
		const done = total.get(id)
		if (done !== undefined) return done
		if (path.has(id)) throw new Error(`Team "${id}" is its own ancestor.`)
		path.add(id)
		let sum = direct.get(id) ?? 0
		for (const child of children.get(id) ?? []) sum += visit(child, path)
		path.delete(id)
		total.set(id, sum)
		return sum
	}
	for (const node of nodes) visit(node.id, new Set())
	return total
}

/**
 * One relation per node that has children: whole = the node, parts = its children, remainder =
 * the node's directly attached respondents. Use it once per filter (all levels, each level) with
 * the matching `directN` and `cellId`.
 */
export function treeRelations(nodes: TreeNode[], cellId: (nodeId: string) => string = (id) => id): SumRelation[] {
	subtreeN(nodes) // validates ids, parents, counts and cycles
	const children = childrenOf(nodes)
	const relations: SumRelation[] = []
	for (const node of nodes) {
		const kids = children.get(node.id)
		if (kids?.length) relations.push({ whole: cellId(node.id), parts: kids.map(cellId), remainderN: node.directN })
	}
	return relations
}

/** A whole split into listed parts, e.g. a team across levels where some levels are not listed: the remainder is what the parts leave out. */
export function partitionRelation(whole: string, parts: { id: string; n: number }[], wholeN: number): SumRelation {
	checkCount(wholeN, `Cell "${whole}"`)
	let sum = 0
	for (const part of parts) {
		checkCount(part.n, `Cell "${part.id}"`)
		sum += part.n
	}
	if (sum > wholeN) throw new Error(`The parts of "${whole}" add up to ${sum}, more than its ${wholeN}.`)
	return { whole, parts: parts.map((p) => p.id), remainderN: wholeN - sum }
}

/** A date range is exactly the sum of its weekly cells (n counts responses, one per person per week). */
export function rangeRelation(rangeId: string, weekIds: string[]): SumRelation {
	return { whole: rangeId, parts: [...weekIds], remainderN: 0 }
}

// ---------------------------------------------------------------------------------------------

interface State {
	cellIds: string[]
	rels: SumRelation[]
	byWhole: Map<string, SumRelation[]>
	zeroRemainderRelsOf: Map<string, SumRelation[]>
	count: (id: string) => number
	k: number
	shown: (id: string) => boolean
	known: (id: string) => boolean
	derived: Set<string>
	suppressed: Set<string>
}

/** The next cell to hide, or undefined when nothing leaks. */
function nextSuppression(s: State): string | undefined {
	const { count, k } = s
	const carved = residuals(s)
	for (const rel of s.rels) {
		if (!s.known(rel.whole)) continue
		if (![...restOf(rel, s, carved)].some((v) => isSmall(v, k))) continue
		// Attacker-visible parts: shown ones are hidden, derivable ones have their derivation cut.
		// n = 0 parts are excluded: they are shown as empty, hiding them protects nobody.
		const visible = rel.parts.filter((p) => s.known(p) && count(p) > 0).sort((a, b) => count(a) - count(b) || compareText(a, b))
		const first = visible[0]
		if (first !== undefined) return s.shown(first) ? first : cutDerivation(s, first)
		// Every part is hidden, yet a hidden part can still be peeled (its visible sub-parts
		// subtracted) down to a small residual: the rule's last resort is the whole. (The plain
		// hidden total is then the whole itself, ≥ k; only peeling gets here.) A whole that is
		// already hidden but computable has its derivation cut instead.
		return s.shown(rel.whole) ? rel.whole : cutDerivation(s, rel.whole)
	}
	// A small group the attacker can compute is a leak on its own, whatever combination of
	// relations pins it (checked after the relations, which catch the simple cases in order).
	for (const id of s.cellIds) if (s.derived.has(id) && isSmall(count(id), k)) return cutDerivation(s, id)
	return undefined
}

/**
 * Everything an attacker can isolate inside a hidden cell: the cell itself, or, through any
 * relation of which it is the whole, its remainder plus what remains of each part once the
 * visible parts are subtracted (recursively). Values are capped at k: anything ≥ k is safe, and
 * adding non-negative counts never brings it back under k.
 */
function residuals(s: State): (id: string) => Set<number> {
	const memo = new Map<string, Set<number>>()
	const carve = (id: string): Set<number> => {
		const done = memo.get(id)
		if (done) return done
		const out = new Set([Math.min(s.count(id), s.k)])
		for (const rel of s.byWhole.get(id) ?? []) for (const v of restOf(rel, s, carve)) out.add(v)
		memo.set(id, out)
		return out
	}
	return carve
}

/** What the attacker can isolate from a relation once its whole is known: remainder + what stays hidden of each part. */
function restOf(rel: SumRelation, s: State, carve: (id: string) => Set<number>): Set<number> {
	let acc = new Set([Math.min(rel.remainderN, s.k)])
	for (const part of rel.parts) {
		if (s.known(part)) continue // subtracted: contributes 0
		const next = new Set<number>()
		for (const a of acc) for (const b of carve(part)) next.add(Math.min(a + b, s.k))
		acc = next
	}
	return acc
}

/**
 * A hidden cell the attacker can compute: hide one more cell so that it no longer can. Only
 * relations with a zero remainder pin cells down. When some of them pin the cell alone (every
 * other member known) they are the cause and only they are considered; otherwise all of its
 * relations are. The smallest shown part in them is hidden; if none is left, the search moves
 * on to the other hidden cells in them (a team's frontline cell pinned through its parent's
 * frontline total, itself pinned through a sibling's level split, ...). Wholes are hidden only
 * when no part anywhere along that search can be, so that higher-level figures survive as long
 * as possible. If the focused search finds nothing, a wider one follows every relation.
 */
function cutDerivation(s: State, target: string): string {
	const found = searchAround(s, target, true) ?? searchAround(s, target, false)
	if (found !== undefined) return found
	// A cell with n > 0 can only be computed from shown cells with n > 0, and every relation
	// that could carry them was searched: the declared counts contradict each other.
	throw new Error(`Cannot hide "${target}": the declared counts are inconsistent.`)
}

function searchAround(s: State, target: string, focused: boolean): string | undefined {
	const bySize = (a: string, b: string) => s.count(a) - s.count(b) || compareText(a, b)
	const seen = new Set([target])
	const queue = [target]
	const wholes: string[] = []
	for (let i = 0; i < queue.length; i++) {
		const id = queue[i]!
		const rels = s.zeroRemainderRelsOf.get(id) ?? []
		const pinning = rels.filter((rel) => [rel.whole, ...rel.parts].every((m) => m === id || s.known(m)))
		const causes = focused && pinning.length ? pinning : rels
		const parts = causes.flatMap((rel) => rel.parts.filter((p) => p !== id && s.shown(p) && s.count(p) > 0)).sort(bySize)
		if (parts[0] !== undefined) return parts[0]
		const shownWholes = causes
			.map((rel) => rel.whole)
			.filter((w) => w !== id && s.shown(w) && s.count(w) > 0)
			.sort(bySize)
		if (shownWholes[0] !== undefined) wholes.push(shownWholes[0])
		for (const rel of causes) {
			for (const m of [rel.whole, ...rel.parts]) {
				if (!seen.has(m) && s.suppressed.has(m)) {
					seen.add(m)
					queue.push(m)
				}
			}
		}
	}
	return wholes[0]
}

/**
 * The hidden cells that relations with a zero remainder pin down. Only those relations matter:
 * a positive remainder is an unknown of its own relation alone, so combining that relation with
 * others can never cancel it. Shown cells are constants; a hidden cell is determined exactly
 * when its unit vector lies in the row space of the system over the hidden cells.
 *
 * The system splits into blocks: hidden cells linked through a relation they share. The row
 * space is the direct sum of the blocks' row spaces, so a cell is determined by its own block
 * alone. Each block is solved on its own (`determinedInBlock`), and `solved` keeps the answer by
 * the block's cells: a block's rows follow from its cells (a relation touching them touches no
 * other hidden cell, or that cell would be in the block), so across the steps of one `suppress`
 * — which hides one cell per step and leaves most blocks as they were — a block is solved again
 * only when its cells changed.
 */
function derivable(system: ZeroRows, suppressed: Set<string>, solved: Map<string, string[]>): Set<string> {
	const { cellIds, rows: allRows } = system
	const isHidden = cellIds.map((id) => suppressed.has(id))
	// The rows over the hidden cells only; shown cells are constants.
	const rows: { cols: number[]; coefficients: bigint[] }[] = []
	for (const row of allRows) {
		const cols: number[] = []
		const coefficients: bigint[] = []
		for (let j = 0; j < row.cols.length; j++) {
			if (!isHidden[row.cols[j]!]) continue
			cols.push(row.cols[j]!)
			coefficients.push(row.coefficients[j]!)
		}
		if (cols.length) rows.push({ cols, coefficients })
	}
	// Blocks: union-find over the cells each row links.
	const root = cellIds.map((_, i) => i)
	const find = (i: number): number => {
		while (root[i] !== i) i = root[i] = root[root[i]!]!
		return i
	}
	for (const row of rows) for (let j = 1; j < row.cols.length; j++) root[find(row.cols[j]!)] = find(row.cols[0]!)
	const blocks = new Map<number, { cells: number[]; rows: typeof rows }>()
	for (const row of rows) {
		const r = find(row.cols[0]!)
		const b = blocks.get(r)
		if (b) b.rows.push(row)
		else blocks.set(r, { cells: [], rows: [row] })
	}
	// Each block's cells in canonical order (`cellIds` is), so the same cells give the same key.
	for (let i = 0; i < cellIds.length; i++) if (isHidden[i]) blocks.get(find(i))?.cells.push(i)

	const out = new Set<string>()
	for (const block of blocks.values()) {
		const key = block.cells.join(',')
		let determined = solved.get(key)
		if (!determined) {
			const local = new Map(block.cells.map((c, j) => [c, j]))
			const equations = block.rows.map((row) => {
				const m = new Map<number, bigint>()
				row.cols.forEach((c, j) => m.set(local.get(c)!, row.coefficients[j]!))
				return m
			})
			determined = [...determinedInBlock(equations)].map((j) => cellIds[block.cells[j]!]!)
			solved.set(key, determined)
		}
		for (const id of determined) out.add(id)
	}
	return out
}

/** The relations with a zero remainder as rows over every cell (indexes into `cellIds`): +1 for the whole, −1 for a part (a cell is never both). */
interface ZeroRows {
	cellIds: string[]
	rows: { cols: number[]; coefficients: bigint[] }[]
}

function zeroRows(cellIds: string[], rels: SumRelation[]): ZeroRows {
	const index = new Map(cellIds.map((id, i) => [id, i]))
	const rows = rels
		.filter((rel) => rel.remainderN === 0)
		.map((rel) => ({ cols: [rel.whole, ...rel.parts].map((id) => index.get(id)!), coefficients: [1n, ...rel.parts.map(() => -1n)] }))
	return { cellIds, rows }
}

/**
 * The columns of a system pinned down on their own: fully reduced (Gauss–Jordan), a column is
 * determined exactly when the row of which it is the pivot has no other entry.
 *
 * Exact arithmetic (BigInt, fraction-free, each row divided by its gcd): a rounding error here
 * would be a leak. Rows are sparse (a relation touches a handful of cells) and the sparsest row
 * is eliminated first, which keeps tree-shaped systems from filling in.
 */
export function determinedInBlock(system: Map<number, bigint>[]): Set<number> {
	const rows = system.map((row) => new Map([...row].filter(([, v]) => v !== 0n)))
	const rowsOfCol = new Map<number, Set<number>>()
	rows.forEach((row, i) => {
		for (const c of row.keys()) pushToSet(rowsOfCol, c, i)
	})
	const pending = new Set(rows.keys())
	const pivotOf = new Map<number, number>() // row → its pivot column
	while (pending.size) {
		let r = -1
		for (const i of pending) if (r < 0 || rows[i]!.size < rows[r]!.size) r = i
		pending.delete(r)
		const pivotRow = rows[r]!
		if (pivotRow.size === 0) continue
		let c = -1
		for (const j of pivotRow.keys()) if (c < 0 || rowsOfCol.get(j)!.size < rowsOfCol.get(c)!.size || (rowsOfCol.get(j)!.size === rowsOfCol.get(c)!.size && j < c)) c = j
		pivotOf.set(r, c)
		const p = pivotRow.get(c)!
		for (const i of [...rowsOfCol.get(c)!]) {
			if (i === r) continue
			const row = rows[i]!
			const f = row.get(c)!
			const next = new Map<number, bigint>()
			for (const [j, v] of row) next.set(j, v * p)
			for (const [j, v] of pivotRow) next.set(j, (next.get(j) ?? 0n) - f * v)
			let g = 0n
			for (const [j, v] of next) {
				if (v === 0n) next.delete(j)
				else g = gcd(g, v < 0n ? -v : v)
			}
			if (g > 1n) for (const [j, v] of next) next.set(j, v / g)
			for (const j of row.keys()) if (!next.has(j)) rowsOfCol.get(j)!.delete(i)
			for (const j of next.keys()) pushToSet(rowsOfCol, j, i)
			rows[i] = next
		}
	}
	const out = new Set<number>()
	for (const [r, c] of pivotOf) if (rows[r]!.size === 1) out.add(c)
	return out
}

function gcd(a: bigint, b: bigint): bigint {
	while (b !== 0n) [a, b] = [b, a % b]
	return a
}

function pushToSet(map: Map<number, Set<number>>, key: number, value: number): void {
	const set = map.get(key)
	if (set) set.add(value)
	else map.set(key, new Set([value]))
}

/** Longest chain of relations below each whole; throws on a cycle (a cell inside itself). */
function heights(relations: SumRelation[]): Map<string, number> {
	const byWhole = new Map<string, SumRelation[]>()
	for (const rel of relations) push(byWhole, rel.whole, rel)
	const height = new Map<string, number>()
	const visit = (id: string, path: Set<string>): number => {
		const done = height.get(id)
		if (done !== undefined) return done
		if (path.has(id)) throw new Error(`Cell "${id}" is declared as a part of itself.`)
		path.add(id)
		let h = 0
		for (const rel of byWhole.get(id) ?? []) for (const part of rel.parts) h = Math.max(h, 1 + visit(part, path))
		path.delete(id)
		height.set(id, h)
		return h
	}
	for (const rel of relations) visit(rel.whole, new Set())
	return height
}

function checkRelation(rel: SumRelation, n: Map<string, number>): void {
	const whole = n.get(rel.whole)
	if (whole === undefined) throw new Error(`Relation whole "${rel.whole}" is not a cell.`)
	checkCount(rel.remainderN, `The remainder of "${rel.whole}"`)
	const seen = new Set<string>()
	let sum = rel.remainderN
	for (const part of rel.parts) {
		const partN = n.get(part)
		if (partN === undefined) throw new Error(`Part "${part}" of "${rel.whole}" is not a cell.`)
		if (part === rel.whole || seen.has(part)) throw new Error(`"${part}" appears twice in the relation of "${rel.whole}".`)
		seen.add(part)
		sum += partN
	}
	if (sum !== whole) throw new Error(`"${rel.whole}" has ${whole} respondents but its parts and remainder add up to ${sum}.`)
}

function checkCount(value: number, what: string): void {
	if (!Number.isInteger(value) || value < 0) throw new Error(`${what}: expected a whole number of respondents, got ${value}.`)
}

function childrenOf(nodes: TreeNode[]): Map<string, string[]> {
	const ids = new Set<string>()
	for (const node of nodes) {
		if (ids.has(node.id)) throw new Error(`Team "${node.id}" is listed twice.`)
		ids.add(node.id)
		checkCount(node.directN, `Team "${node.id}"`)
	}
	const children = new Map<string, string[]>()
	for (const node of nodes) {
		if (node.parentId === null) continue
		if (!ids.has(node.parentId)) throw new Error(`Team "${node.id}" has an unknown parent "${node.parentId}".`)
		push(children, node.parentId, node.id)
	}
	return children
}

function isSmall(n: number, k: number): boolean {
	return n > 0 && n < k
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
	const list = map.get(key)
	if (list) list.push(value)
	else map.set(key, [value])
}

// Plain code-unit order: locale-independent, so every server agrees.
function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0
}
