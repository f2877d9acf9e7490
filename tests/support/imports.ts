/**
 * The import graph of app/, resolved by TypeScript itself (the project's tsconfig, its `~/` and
 * `~db/` paths), for tests that keep modules from importing in a circle.
 */
import fs from 'node:fs'
import path from 'node:path'

import ts from 'typescript'

const ROOT = path.resolve(__dirname, '../..')

/** Every TypeScript module below `dir` (absolute paths), declaration files left out. */
export function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name)
		if (e.isDirectory()) return sourceFiles(full)
		return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : []
	})
}

/** Every module of app/ (relative path) with the modules of app/ and db/ it imports, type-only imports included. */
export function importGraph(): Map<string, string[]> {
	const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile)
	const options = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options
	const host = ts.createCompilerHost(options)
	const graph = new Map<string, string[]>()
	for (const file of sourceFiles(path.join(ROOT, 'app'))) {
		const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true)
		const targets: string[] = []
		for (const ref of info.importedFiles) {
			const resolved = ts.resolveModuleName(ref.fileName, file, options, host).resolvedModule
			if (!resolved || resolved.isExternalLibraryImport) continue
			const rel = path.relative(ROOT, resolved.resolvedFileName)
			if (rel.startsWith('app/') || rel.startsWith('db/')) targets.push(rel)
		}
		graph.set(path.relative(ROOT, file), targets)
	}
	return graph
}

/** The strongly connected components with more than one module (or a module importing itself): each is a circle. */
export function cycles(graph: Map<string, string[]>): string[][] {
	let index = 0
	const indices = new Map<string, number>()
	const low = new Map<string, number>()
	const stack: string[] = []
	const onStack = new Set<string>()
	const out: string[][] = []
	const visit = (v: string) => {
		indices.set(v, index)
		low.set(v, index++)
		stack.push(v)
		onStack.add(v)
		for (const w of graph.get(v) ?? []) {
			if (!indices.has(w)) {
				visit(w)
				low.set(v, Math.min(low.get(v)!, low.get(w)!))
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!))
		}
		if (low.get(v) === indices.get(v)) {
			const component: string[] = []
			let w: string
			do {
				w = stack.pop()!
				onStack.delete(w)
				component.push(w)
			} while (w !== v)
			if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort())
		}
	}
	for (const v of graph.keys()) if (!indices.has(v)) visit(v)
	return out
}

/**
 * The folder a module belongs to: `db` for the schema and client, the first folder under app/
 * (`reports` for `app/reports/sections/x.ts`), or `app` for the files at app/'s top (root.tsx,
 * the entries, runtime.server.ts).
 */
export function folderOf(module: string): string {
	const parts = module.split('/')
	if (parts[0] === 'db') return 'db'
	return parts.length > 2 ? parts[1]! : 'app'
}

/** The import graph between folders: an edge where some module of one imports a module of the other. */
export function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
	const out = new Map<string, Set<string>>()
	for (const [module, targets] of graph) {
		const from = folderOf(module)
		if (!out.has(from)) out.set(from, new Set())
		for (const target of targets) {
			const to = folderOf(target)
			if (to !== from) out.get(from)!.add(to)
		}
	}
	return new Map([...out].map(([k, v]) => [k, [...v].sort()]))
}

/**
 * Every import that goes up the written folder order (lowest first), as `from -> to` lines, and
 * every folder the order does not name (a new folder must be placed before it may import).
 */
export function upwardImports(graph: Map<string, string[]>, order: readonly string[]): string[] {
	const rank = new Map(order.map((f, i) => [f, i]))
	const out: string[] = []
	const unplaced = new Set<string>()
	for (const [module, targets] of graph) {
		const from = folderOf(module)
		if (!rank.has(from)) unplaced.add(from)
		for (const target of targets) {
			const to = folderOf(target)
			if (!rank.has(to)) unplaced.add(to)
			else if (rank.has(from) && rank.get(to)! > rank.get(from)!) out.push(`${module} -> ${target}`)
		}
	}
	return [...[...unplaced].map((f) => `${f}/ is not in the folder order`), ...out.sort()]
}
