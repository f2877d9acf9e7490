/**
 * How the suite is run, so that it passes on a busy machine: typecheck, lint and format once in
 * CI (not once per database), the volume tests once (on PostgreSQL) and never in `npm test`.
 */
import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, test } from 'vitest'

import unitConfig from '../../../vitest.config'
import volumeConfig from '../../../vitest.volume.config'

const ROOT = path.resolve(__dirname, '../../..')
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8')
const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>
/** The commands .ci/run runs, without comments and echoes. */
const ci = read('.ci/run')
	.split('\n')
	.map((l) => l.trim())
	.filter((l) => l && !l.startsWith('#') && !l.startsWith('echo'))
const count = (pattern: RegExp) => ci.filter((l) => pattern.test(l)).length

describe('the suite on a busy machine', () => {
	test('npm test is the checks and then vitest; the volume tests have their own script', () => {
		expect(scripts.checks).toBe('npm run typecheck && npm run lint && npm run format:check')
		expect(scripts.test).toBe('npm run checks && vitest run')
		expect(scripts['test:volume']).toBe('vitest run --config vitest.volume.config.ts')
	})

	test('the volume tests are not in npm test, and only they are in the volume run', () => {
		const include = (config: typeof unitConfig) => (config.test?.include ?? []).join(' ')
		expect(include(unitConfig)).not.toContain('tests/volume')
		expect(include(volumeConfig)).toBe('tests/volume/**/*.test.ts')
		expect(fs.readdirSync(path.join(ROOT, 'tests/volume')).filter((f) => f.endsWith('.test.ts')).length).toBeGreaterThan(0)
	})

	test('CI runs the checks once, vitest once per database, the volume tests once on PostgreSQL', () => {
		expect(count(/\bnpm test\b/)).toBe(0)
		expect(count(/^npm run checks$/)).toBe(1)
		expect(count(/^npx vitest run /)).toBe(2)
		// The integration tests a third time, on the Citus cluster, after the volume tests.
		const citus = ci.findIndex((l) => /^TEST_DATABASE_URL=\S*:5433\S* npx vitest run tests\/integration /.test(l))
		expect(count(/^npm run test:volume\b/)).toBe(1)
		const postgres = ci.findIndex((l) => l.startsWith('export TEST_DATABASE_URL='))
		const volume = ci.findIndex((l) => l.startsWith('npm run test:volume'))
		expect(postgres).toBeGreaterThan(-1)
		expect(volume).toBeGreaterThan(postgres)
		expect(ci.findIndex((l) => l === 'npm run checks')).toBeLessThan(ci.findIndex((l) => l.startsWith('npx vitest run ')))
		expect(citus).toBeGreaterThan(volume)
		expect(ci.some((l) => l.includes('["pglite", "postgres", "volume", "citus", "e2e"]'))).toBe(true)
	})
})
