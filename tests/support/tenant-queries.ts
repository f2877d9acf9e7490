/**
 * Finds the statements of app/ that read or write a tenant table without naming the
 * organisation: drizzle chains (`.from(users)`, `.update(users)`, `.delete(users)`, joins) and raw
 * `sql` templates (`from users`, `join ${users}`), found by TypeScript's parser. A statement
 * counts as scoped when its text names `orgId`/`org_id` (the whole chain or template, helpers it
 * calls with the organisation included). On Citus a statement without it runs on every shard of
 * every node; with it, on one.
 */
import fs from 'node:fs'
import path from 'node:path'

import ts from 'typescript'

import { sourceFiles } from './imports'

const ROOT = path.resolve(__dirname, '../..')

export interface UnscopedQuery {
	file: string
	line: number
	table: string
	text: string
}

/** The tables of db/schema.ts: export name → SQL name. */
export function schemaTables(): Map<string, string> {
	const text = fs.readFileSync(path.join(ROOT, 'db/schema.ts'), 'utf8')
	const tables = new Map<string, string>()
	for (const m of text.matchAll(/export const (\w+) = pgTable\(\s*'(\w+)'/g)) tables.set(m[1]!, m[2]!)
	return tables
}

const CHAIN_METHODS = new Set(['from', 'update', 'delete', 'innerJoin', 'leftJoin', 'rightJoin', 'fullJoin'])
/**
 * A drizzle chain names the organisation in a condition: eq(t.orgId, …) or inArray(t.orgId, …)
 * with a value, not another table's column (eq(users.orgId, sessions.orgId) joins, it does not scope).
 */
const scopedChain = (tables: Iterable<string>) => new RegExp(`\\b(?:eq|inArray)\\(\\s*\\w+\\.orgId\\s*,(?!\\s*(?:${[...tables].join('|')})\\.orgId\\b)`)
/** A condition made by a helper given the organisation: conditions(orgId, …). */
const PASSES_ORG = /\b\w+\(\s*orgId\b/
/** A raw statement compares org_id to a value it is given: org_id = ${…} or org_id = any(${…}). */
const SCOPED_RAW = /\borg_id\s*=\s*(?:any\s*\(\s*)?\$\{/i

/** The outermost expression of a method chain that `node` is part of. */
function chainOf(node: ts.Node): ts.Node {
	let n = node
	while (
		n.parent &&
		((ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n) ||
			(ts.isCallExpression(n.parent) && n.parent.expression === n) ||
			ts.isAwaitExpression(n.parent) ||
			ts.isParenthesizedExpression(n.parent))
	)
		n = n.parent
	return n
}

export function unscopedQueries(source: string, file: string, tenantTables: Map<string, string>): UnscopedQuery[] {
	const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
	const found: UnscopedQuery[] = []
	const sqlNames = [...tenantTables.values()]
	const SCOPED_CHAIN = scopedChain(tenantTables.keys())
	const rawTable = new RegExp(`\\b(?:from|join|update|delete\\s+from)\\s+"?(${sqlNames.join('|')})\\b"?`, 'gi')
	// A condition kept in a variable (`const where = and(eq(users.orgId, orgId), …)`) counts as
	// written where it is used.
	// (Looked up in the functions around the statement only, not in the whole file.)
	const declared = new Map<string, { scope: ts.Node; init: ts.Node }[]>()
	const scopeOf = (node: ts.Node): ts.Node => {
		let n = node.parent
		while (n && !ts.isFunctionLike(n) && !ts.isSourceFile(n)) n = n.parent
		return n ?? sf
	}
	const note = (name: string, at: ts.Node, init: ts.Node) => declared.set(name, [...(declared.get(name) ?? []), { scope: scopeOf(at), init }])
	const collect = (node: ts.Node) => {
		if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) note(node.name.text, node, node.initializer)
		// conditions.push(eq(t.orgId, orgId)) adds to what `conditions` holds.
		if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'push' && ts.isIdentifier(node.expression.expression)) {
			for (const arg of node.arguments) note(node.expression.expression.text, node, arg)
		}
		ts.forEachChild(node, collect)
	}
	collect(sf)
	const encloses = (scope: ts.Node, node: ts.Node) => {
		for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === scope) return true
		return false
	}
	const expand = (node: ts.Node) => {
		let text = node.getText(sf)
		const seen = new Set<string>()
		const walk = (n: ts.Node) => {
			// A table's name is the table, whatever a local variable of the same name holds elsewhere.
			if (ts.isIdentifier(n) && declared.has(n.text) && !seen.has(n.text) && !tenantTables.has(n.text)) {
				seen.add(n.text)
				for (const d of declared.get(n.text)!) {
					if (!encloses(d.scope, node)) continue
					text += ` ${d.init.getText(sf)}`
					walk(d.init)
				}
			}
			ts.forEachChild(n, walk)
		}
		walk(node)
		return text
	}
	const add = (node: ts.Node, table: string, text: string) =>
		found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, table, text: text.replace(/\s+/g, ' ').slice(0, 160) })
	const visit = (node: ts.Node) => {
		if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && CHAIN_METHODS.has(node.expression.name.text)) {
			const arg = node.arguments[0]
			if (arg && ts.isIdentifier(arg) && tenantTables.has(arg.text)) {
				const chain = chainOf(node)
				const text = expand(chain)
				if (!SCOPED_CHAIN.test(text) && !PASSES_ORG.test(text)) add(node, tenantTables.get(arg.text)!, chain.getText(sf))
			}
		}
		if (ts.isTaggedTemplateExpression(node) && node.tag.getText(sf) === 'sql') {
			const template = node.template
			const parts = ts.isNoSubstitutionTemplateLiteral(template)
				? [template.text]
				: [template.head.text, ...template.templateSpans.flatMap((s) => [`\${${s.expression.getText(sf)}}`, s.literal.text])]
			// An interpolated table (`from ${users}`) reads as its SQL name.
			const text = parts.join('').replace(/\$\{(\w+)\}/g, (all, name: string) => tenantTables.get(name) ?? all)
			const tables = [...text.matchAll(rawTable)].map((m) => m[1]!)
			if (tables.length && !SCOPED_RAW.test(text)) add(node, tables[0]!, text)
		}
		ts.forEachChild(node, visit)
	}
	visit(sf)
	return found
}

/** Every unscoped statement of app/ (files of routes and components hold no SQL by the rules). */
export function unscopedQueriesOfApp(notTenant: readonly string[]): UnscopedQuery[] {
	const tenant = new Map([...schemaTables()].filter(([, name]) => !notTenant.includes(name)))
	return sourceFiles(path.join(ROOT, 'app')).flatMap((file) => unscopedQueries(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file), tenant))
}
