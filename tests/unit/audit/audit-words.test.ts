/** The audit log in words: every action code written anywhere has a label; details and addresses read as an admin would write them. */
import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, test } from 'vitest'

import { AUDIT_ACTION_LABELS, auditActionLabel, auditActions, formatAuditDetail } from '~/audit/actions'
import { displayAddress } from '~/audit/address'

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name)
		return e.isDirectory() ? sourceFiles(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : []
	})
}

/** The codes the code base passes to recordAudit / recordAuditNow: literals, and the prefixes of template literals. */
function codesWritten() {
	const literals = new Set<string>()
	const prefixes = new Set<string>()
	for (const file of [...sourceFiles('app'), ...sourceFiles('scripts')]) {
		const text = fs.readFileSync(file, 'utf8')
		if (!/recordAudit(Now)?\(/.test(text)) continue
		for (const m of text.matchAll(/\baction:\s*([^,}\n]+)/g)) {
			for (const l of m[1]!.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) literals.add(l[1]!)
			for (const t of m[1]!.matchAll(/`([a-z_]+)\.\$\{/g)) prefixes.add(t[1]!)
		}
	}
	return { literals, prefixes }
}

describe('action codes in words', () => {
	test('every code written anywhere in the code base has a label of its own', () => {
		const { literals, prefixes } = codesWritten()
		// The scan finds the writers (a scan that finds nothing would pass for nothing).
		expect([...literals]).toEqual(expect.arrayContaining(['person.deactivated', 'person.reactivated', 'report.exported', 'audit.exported', 'comment.hidden']))
		expect([...prefixes]).toContain('sign_in')
		for (const code of literals) expect(AUDIT_ACTION_LABELS, code).toHaveProperty([code])
		for (const prefix of prefixes)
			expect(
				auditActions.some((a) => a.startsWith(`${prefix}.`)),
				prefix,
			).toBe(true)
	})

	test('labels are words, not codes, and no two actions read the same', () => {
		for (const code of auditActions) {
			const label = AUDIT_ACTION_LABELS[code]
			expect(label, code).toMatch(/^[A-Z]/)
			expect(label, code).not.toMatch(/[._]/)
		}
		expect(new Set(Object.values(AUDIT_ACTION_LABELS)).size).toBe(auditActions.length)
		// A code an older version wrote still reads as words.
		expect(auditActionLabel('team.renamed')).toBe('Team renamed')
	})
})

describe('details in words', () => {
	test('a role change, a settings change and an import', () => {
		expect(formatAuditDetail('person.role_changed', { from: 'employee', to: 'manager', by: 'import' })).toEqual(['Role: employee → manager', 'By: import'])
		expect(formatAuditDetail('settings.changed', { anonymityK: { from: 5, to: 7 }, timeZone: { from: 'UTC', to: 'Europe/Berlin' } })).toEqual([
			'Anonymity threshold k: 5 → 7',
			'Time zone: UTC → Europe/Berlin',
		])
		expect(formatAuditDetail('people.imported', { created: 3, updated: 1, unchanged: 0, teamsCreated: 0, invited: 3 })).toEqual([
			'Created: 3',
			'Updated: 1',
			'Unchanged: 0',
			'Teams created: 0',
			'Invited: 3',
		])
	})

	test('report settings: only the weights that changed, the baseline as a period', () => {
		const lines = formatAuditDetail('report_settings.changed', {
			weights: { from: { autonomy: 20, approval: 15, speed: 10 }, to: { autonomy: 30, approval: 15, speed: 0 } },
			baseline: { from: [null, null], to: ['2026-06-01', '2026-06-28'] },
		})
		expect(lines).toEqual(['Weights · Autonomy: 20 → 30', 'Weights · Speed: 10 → 0', 'Baseline: none → 2026-06-01 to 2026-06-28'])
	})

	test('exports say the period, team and level; a status change says before and after', () => {
		expect(formatAuditDetail('report.exported', { from: '2026-01-05', to: '2026-03-01', team: 'Care', level: null })).toEqual([
			'Period: 2026-01-05 to 2026-03-01',
			'Team: Care',
			'Level: all',
		])
		expect(formatAuditDetail('action.status_changed', { before: 'planned', after: 'done' })).toEqual(['Status: planned → done'])
		expect(formatAuditDetail('survey.activated', { from: 'paused' })).toEqual(['Status: paused → active'])
		expect(formatAuditDetail('comment.hidden', {})).toEqual([])
	})

	test('nothing is cut off and nothing is JSON, however long the detail', () => {
		const detail = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`key${i}`, { from: `before-${'x'.repeat(100)}-${i}`, to: i }]))
		const lines = formatAuditDetail('settings.changed', detail)
		expect(lines).toHaveLength(40)
		expect(lines.at(-1)).toBe(`Key39: before-${'x'.repeat(100)}-39 → 39`)
		expect(lines.join('\n')).not.toMatch(/[{}"]/)
	})
})

describe('addresses', () => {
	test('an IPv4 client on a dual-stack socket reads as IPv4; IPv6 stays IPv6', () => {
		expect(displayAddress('::ffff:203.0.113.7')).toBe('203.0.113.7')
		expect(displayAddress('::FFFF:198.51.100.1')).toBe('198.51.100.1')
		expect(displayAddress('0:0:0:0:0:ffff:192.0.2.1')).toBe('192.0.2.1')
		expect(displayAddress('::ffff:cb00:7107')).toBe('203.0.113.7')
		expect(displayAddress('203.0.113.7')).toBe('203.0.113.7')
		expect(displayAddress('2001:DB8::1')).toBe('2001:db8::1')
		expect(displayAddress('::1')).toBe('::1')
		expect(displayAddress('  ')).toBeNull()
		expect(displayAddress(null)).toBeNull()
	})
})
