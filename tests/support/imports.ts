/**
 * The import graph of app/, resolved by TypeScript itself (the project's tsconfig, its `~/` and
 * `~db/` paths), for tests that keep modules from importing in a circle.
 */
import fs from 'node:fs'
import path from 'node:path'

import ts from 'typescript'

const ROOT = path.resolve(__dirname, '../..')

function sourceFiles(dir: string): string[] {
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
