/**
 * `npm start`: builds what is older than its sources — the app (`remix build`: build/index.js,
 * public/build) and the server (scripts/server.ts bundled by esbuild into build/server.js) —
 * then runs the server in this process as plain JavaScript, with no TypeScript loader holding
 * the sources in memory (docs/decisions/0033). Plain JavaScript itself, so that it runs on a
 * fresh clone with nothing built.
 * Flags: --rebuild (always build first), --build-only (build what is stale, then exit); the
 * server's own (scripts/server.ts): --no-seed.
 */
import { spawnSync } from 'node:child_process'
import cluster from 'node:cluster'
import console from 'node:console'
import fs from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import { fileURLToPath, pathToFileURL } from 'node:url'

process.env.NODE_ENV ??= 'production'
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const args = new Set(process.argv.slice(2))
const bin = (name) => path.join(root, 'node_modules', '.bin', name)

/** The newest modification time under each of `sources` (files or folders of the project). */
function newest(sources) {
	let time = 0
	const walk = (p) => {
		if (!fs.existsSync(p)) return
		const s = fs.statSync(p)
		if (s.isDirectory()) {
			if (p === path.join(root, 'public', 'build')) return
			for (const f of fs.readdirSync(p)) walk(path.join(p, f))
		} else time = Math.max(time, s.mtimeMs)
	}
	for (const s of sources) walk(path.join(root, s))
	return time
}

const olderThan = (file, sources) => !fs.existsSync(file) || fs.statSync(file).mtimeMs < newest(sources)

function run(command, commandArgs) {
	const r = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
	if (r.status !== 0) {
		console.error('The build failed; see above.')
		process.exit(1)
	}
}

const appFile = path.join(root, 'build', 'index.js')
const serverFile = path.join(root, 'build', 'server.js')
const COMMON = ['app', 'db', 'package.json', 'tsconfig.json']

function buildIfNeeded() {
	const force = args.has('--rebuild')
	const app = force || olderThan(appFile, [...COMMON, 'public', 'remix.config.js'])
	// After the app's build, which may have replaced build/.
	if (app) {
		console.log('[state-of-now] Building the app…')
		run(bin('remix'), ['build'])
	}
	if (app || olderThan(serverFile, [...COMMON, 'scripts/server.ts'])) {
		// Packages stay in node_modules, loaded at run time as they are by the app's build. Named
		// one by one: this esbuild's --packages=external would also leave out the `~/` imports.
		const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
		const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).map((name) => `--external:${name}`)
		run(bin('esbuild'), ['scripts/server.ts', '--bundle', '--platform=node', '--format=esm', '--target=node20', ...external, `--outfile=${serverFile}`, '--log-level=warning'])
	}
}

// The workers of a cluster (WEB_CONCURRENCY) run this file too: the first process has built.
if (cluster.isPrimary) buildIfNeeded()
if (!args.has('--build-only')) await import(pathToFileURL(serverFile).href)
