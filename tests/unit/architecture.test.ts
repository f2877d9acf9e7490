import { describe, expect, it } from 'vitest'

import { cycles, folderGraph, importGraph, upwardImports } from '../support/imports'

/**
 * The folders of app/ from the lowest to the highest: a folder imports only folders before it.
 * The README's layout table gives each one's job in the same order; a new folder goes here first.
 */
const FOLDER_ORDER = [
	'db', // the schema, the client, migrations (outside app/)
	'utils', // helpers that know no capability: database handle, text, CSV, tokens, errors
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
