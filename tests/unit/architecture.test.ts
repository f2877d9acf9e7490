import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { cycles, folderGraph, importGraph, sourceFiles, upwardImports } from '../support/imports'

/**
 * The folders of app/ from the lowest to the highest: a folder imports only folders before it.
 * The README's layout table gives each one's job in the same order; a new folder goes here first.
 */
const FOLDER_ORDER = [
	'db', // the schema, the client, migrations (outside app/)
	'utils', // helpers that know no capability: the database handle, the cache, text, CSV, tokens, errors
	'i18n', // languages: catalogues, whose locale, translation on the server and in pages
	'audit', // the audit log every capability writes to, and its retention
	'mail', // the outbox pipeline: kinds registry, delivery, layout, transport
	'auth', // sessions, passwords, sign-in, the guard, permissions
	'org', // organisations, teams, people, import, erasure
	'surveys', // question bank, survey builder, schedule, sharing
	'metrics', // response-time events and their weekly figures
	'reports', // the anonymity gate, release, rollups, the mindset report
	'replies', // anonymous replies to comments
	'actions', // action plans, measured through the reports
	'results', // team results for everyone
	'digests', // digests and alerts of a released week
	'pulses', // waves, answering, links, the scheduler that drives release and digests
	'api', // the public API: keys, HTTP answers, report reads
	'connectors', // inbound webhooks from other tools, on top of the API
	'identity', // single sign-on (OIDC) and SCIM provisioning, on top of sessions and people
	'channels', // chat channels (Slack): installing, matching people, messages and the pulse modal
	'notifications', // registers every mail kind; delivers each message by its person's channel
	'jobs', // the registry of every background job and its one runner
	'demo', // the demo organisation's seed
	'components', // React components of the pages
	'docs', // documentation served as pages
	'app', // root.tsx, the entries, runtime.server.ts (the server's start, readiness for /healthz)
	'routes', // thin routes: parse, authorise, call a module, render; nothing imports them
] as const

describe('the architecture of app/', () => {
	const graph = importGraph()

	it('walks the real import graph (resolved by TypeScript, not empty by mistake)', () => {
		expect(graph.size).toBeGreaterThan(200)
		expect(graph.get('app/routes/healthz.ts')).toContain('app/runtime.server.ts')
		expect(graph.get('app/reports/gate.server.ts')).toContain('db/schema.ts')
	})

	it('has no import cycle between files', () => {
		expect(cycles(graph)).toEqual([])
	})

	it('has no import cycle between folders', () => {
		expect(cycles(folderGraph(graph))).toEqual([])
	})

	it('no folder imports one above it in the folder order, and every folder is placed', () => {
		expect(upwardImports(graph, FOLDER_ORDER)).toEqual([])
	})

	it('fails on an injected upward import', () => {
		const injected = new Map(graph)
		injected.set('app/org/teams.server.ts', [...(graph.get('app/org/teams.server.ts') ?? []), 'app/pulses/waves.server.ts'])
		expect(upwardImports(injected, FOLDER_ORDER)).toEqual(['app/org/teams.server.ts -> app/pulses/waves.server.ts'])
		expect(cycles(folderGraph(injected))).not.toEqual([])
	})

	it('the checker: upward, sideways, downward and unplaced folders on a small graph', () => {
		const g = new Map([
			['app/low/a.ts', ['app/low/b.ts', 'db/schema.ts']],
			['app/low/b.ts', ['app/high/c.ts']],
			['app/high/c.ts', ['app/low/a.ts']],
			['app/root.tsx', ['app/high/c.ts', 'app/stray/d.ts']],
		])
		expect(upwardImports(g, ['db', 'low', 'high', 'app'])).toEqual(['stray/ is not in the folder order', 'app/low/b.ts -> app/high/c.ts'])
		expect(folderGraph(g)).toEqual(
			new Map([
				['low', ['db', 'high']],
				['high', ['low']],
				['app', ['high', 'stray']],
			]),
		)
		expect(cycles(folderGraph(g))).toEqual([['high', 'low']])
	})
})

/** The modules of app/ with their text (relative path → source). */
function appSources(): Map<string, string> {
	const root = path.resolve(__dirname, '../..')
	return new Map(sourceFiles(path.join(root, 'app')).map((f) => [path.relative(root, f), fs.readFileSync(f, 'utf8')]))
}

const DB_MODULE = 'app/utils/db.server.ts'
/** The server's life (migrate, ping, close) is the only use of the handle itself. */
const HANDLE_USERS = new Set([DB_MODULE, 'app/runtime.server.ts', 'app/routes/healthz.ts'])

/**
 * Every way a module could reach the database other than the one way (see app/utils/db.server.ts):
 * importing the client itself, using the handle for more than the server's life, a helper whose
 * handle is optional (it falls back to `db()` when not given a transaction), or a transaction
 * argument named otherwise than `tx`.
 */
function databaseAccessProblems(graph: Map<string, string[]>, sources: Map<string, string>): string[] {
	const problems: string[] = []
	for (const [file, targets] of graph) if (file !== DB_MODULE && targets.includes('db/client.ts')) problems.push(`${file} imports db/client.ts`)
	for (const [file, text] of sources) {
		if (!HANDLE_USERS.has(file) && /\bdbHandle\(/.test(text)) problems.push(`${file} uses dbHandle()`)
		for (const m of text.matchAll(/\b(\w+)\??\s*:\s*(?:Tx|Database)\b(\s*=)?/g)) {
			if (file === DB_MODULE) continue
			if (m[2]) problems.push(`${file}: optional handle ${m[1]}`)
			else if (m[1] !== 'tx') problems.push(`${file}: handle argument ${m[1]} (name it tx)`)
		}
	}
	return problems.sort()
}

describe('one way to reach the database', () => {
	const graph = importGraph()
	const sources = appSources()

	it("only app/utils/db.server.ts opens it; modules call db(), or take the caller's tx", () => {
		expect(databaseAccessProblems(graph, sources)).toEqual([])
	})

	it('the check finds each other way', () => {
		const g = new Map([
			['app/org/a.server.ts', ['db/client.ts']],
			['app/org/b.server.ts', ['app/utils/db.server.ts']],
		])
		const texts = new Map([
			[
				'app/org/b.server.ts',
				'export async function f(orgId: string, database: Tx = db()) {}\nexport async function g(handle: Tx, orgId: string) {}\nconst h = () => dbHandle().prepared(q)\nexport async function ok(tx: Tx) {}',
			],
		])
		expect(databaseAccessProblems(g, texts)).toEqual([
			'app/org/a.server.ts imports db/client.ts',
			'app/org/b.server.ts uses dbHandle()',
			'app/org/b.server.ts: handle argument handle (name it tx)',
			'app/org/b.server.ts: optional handle database',
		])
	})
})

const CACHE_MODULE = 'app/utils/cache.server.ts'
/** Module-level maps that are filled once, never a cache of what was read or computed. */
const NOT_CACHES = new Set([
	'app/mail/registry.server.ts kinds',
	// One i18next instance per locale (six at most), in the browser too, where the cache module cannot go.
	'app/i18n/react.tsx instances',
])

/**
 * Module-level Maps and Sets written to after they are made (a hand-rolled cache, unbounded or
 * bounded its own way, keyed with or without the organisation) and lru-cache used directly,
 * anywhere but the cache module. A WeakMap is allowed: it lives only as long as its key.
 */
function handRolledCaches(sources: Map<string, string>): string[] {
	const found: string[] = []
	for (const [file, text] of sources) {
		if (file === CACHE_MODULE) continue
		if (/from 'lru-cache'/.test(text)) found.push(`${file} imports lru-cache`)
		for (const m of text.matchAll(/^(?:export )?(?:const|let) (\w+)(?:\s*:[^=\n]+)?\s*=\s*new (?:Map|Set)\b/gm)) {
			const name = m[1]!
			if (NOT_CACHES.has(`${file} ${name}`)) continue
			if (new RegExp(`\\b${name}\\.(?:set|add|delete|clear)\\(`).test(text)) found.push(`${file} ${name}`)
		}
	}
	return found.sort()
}

describe('one cache module', () => {
	it('no module keeps a cache of its own (they use app/utils/cache.server.ts)', () => {
		expect(handRolledCaches(appSources())).toEqual([])
	})

	it('the check finds a hand-rolled cache and leaves constant tables alone', () => {
		const texts = new Map([
			['app/reports/a.server.ts', 'const memo = new Map<string, number>()\nexport const f = (k: string) => { memo.set(k, 1) }'],
			['app/reports/b.server.ts', "const LABELS = new Map([['a', 'A']])\nexport const label = (k: string) => LABELS.get(k)"],
			['app/reports/c.server.ts', "import { LRUCache } from 'lru-cache'"],
		])
		expect(handRolledCaches(texts)).toEqual(['app/reports/a.server.ts memo', 'app/reports/c.server.ts imports lru-cache'])
	})
})
