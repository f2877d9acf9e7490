/**
 * The audit log in words: every action code written anywhere has a label; details and whom an
 * event concerned are codes and data that read as an admin would write them, in the admin's
 * language; rows stored before that still render, their English marked as recorded.
 */
import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, test } from 'vitest'

import { AUDIT_ACTION_LABELS, auditActionLabel, auditActions } from '~/audit/actions'
import { displayAddress } from '~/audit/address'
import { type AuditPart, auditWords } from '~/audit/audit-words.server'
import { auditDetailLines, auditSubject } from '~/audit/detail'

/** An event's detail as the admin reads it, line by line. */
function formatAuditDetail(action: string, detail: Record<string, unknown>, locale = 'en'): string[] {
	const words = auditWords(locale)
	return auditDetailLines(action, detail).map((l) => words.text(words.line(l)))
}

function subject(action: string, target: string | null, detail: Record<string, unknown>, locale = 'en'): string | null {
	const words = auditWords(locale)
	const s = auditSubject(action, target, detail)
	return s ? words.text(words.subject(s)) : null
}

/** What the pseudo-locale shows outside its ⟦…⟧ and outside data: words that did not come from a catalogue. */
function untranslated(parts: AuditPart[]): string {
	return parts
		.filter((p) => !p.data)
		.map((p) => p.text)
		.join('')
		.replace(/⟦[^⟦⟧]*⟧/g, '')
		.replace(/[^A-Za-z]/g, '')
}

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
		expect(formatAuditDetail('person.role_changed', { from: 'employee', to: 'manager', by: 'import' })).toEqual(['Role: Employee → Manager', 'Changed through: CSV import'])
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
		expect(lines).toEqual(['Weights · Decision autonomy: 20 → 30', 'Weights · Response speed: 10 → 0', 'Baseline: none → 2026-06-01 to 2026-06-28'])
	})

	test('exports say the period, team and level; a status change says before and after', () => {
		expect(formatAuditDetail('report.exported', { from: '2026-01-05', to: '2026-03-01', team: 'Care', level: null })).toEqual([
			'Period: 2026-01-05 to 2026-03-01',
			'Team: Care',
			'Level: all',
		])
		expect(formatAuditDetail('action.status_changed', { before: 'planned', after: 'done' })).toEqual(['Status: Planned → Done'])
		expect(formatAuditDetail('survey.activated', { from: 'paused' })).toEqual(['Status: paused → active'])
		expect(formatAuditDetail('comment.hidden', {})).toEqual([])
	})

	test('nothing is cut off and nothing is JSON, however long the detail', () => {
		const detail = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`key${i}`, { from: `before-${'x'.repeat(100)}-${i}`, to: i }]))
		const lines = formatAuditDetail('settings.changed', detail)
		expect(lines).toHaveLength(40)
		// A key this version has no words for is shown as stored.
		expect(lines.at(-1)).toBe(`key39: before-${'x'.repeat(100)}-39 → 39`)
		expect(lines.join('\n')).not.toMatch(/[{}"]/)
	})
})

describe('in the reader’s language', () => {
	test('German: the same events, worded by the catalogue; data as stored', () => {
		expect(formatAuditDetail('person.role_changed', { from: 'employee', to: 'manager', by: 'import' }, 'de')).toEqual([
			'Rolle: Mitarbeitende:r → Führungskraft',
			'Geändert über: CSV-Import',
		])
		expect(formatAuditDetail('settings.changed', { anonymityK: { from: 5, to: 7 } }, 'de')).toEqual(['Anonymitätsschwelle k: 5 → 7'])
		expect(formatAuditDetail('report.exported', { file: 'dashboard', from: '2026-01-05', to: '2026-03-01', team: null }, 'de')).toEqual([
			'Zeitraum: 2026-01-05 bis 2026-03-01',
			'Team: alle',
		])
		expect(subject('report.exported', null, { file: 'dashboard' }, 'de')).toBe('das Dashboard (CSV)')
		expect(subject('api_key.created', 'sn_abc', { name: 'Zendesk export', scopes: ['events:write'] }, 'de')).toBe('API-Schlüssel „Zendesk export“ (sn_abc)')
		expect(formatAuditDetail('api_key.created', { name: 'Zendesk export', scopes: ['events:write', 'reports:read'], expiresOn: null }, 'de')).toEqual([
			'Berechtigungen: Reaktionszeit-Ereignisse senden, Kulturbericht und Maßnahmenpläne lesen',
			'Gültig bis: keine',
		])
		expect(subject('connector.created', 'c-1', { tool: 'zendesk', name: 'Care desk' }, 'de')).toBe('Zendesk-Connector „Care desk“ (c-1)')
		expect(subject('connector.mapping_changed', 'c-1', { name: 'Care desk', source: '360001', team: null }, 'de')).toBe('„Care desk“: Gruppe 360001 → kein Team')
	})

	test('every event the modules write reads in the pseudo-locale with nothing left over but data', () => {
		const words = auditWords('en-XA')
		const samples: [string, string | null, Record<string, unknown>][] = [
			['person.role_changed', null, { from: 'employee', to: 'admin', by: 'import' }],
			[
				'settings.changed',
				null,
				{
					name: { from: 'Acme', to: 'Acme Ltd' },
					timeZone: { from: 'UTC', to: 'Europe/Berlin' },
					locale: { from: 'en', to: 'de' },
					anonymityK: { from: 5, to: 7 },
					retainAnswersMonths: { from: 24, to: 12 },
					retainEventsMonths: { from: 24, to: 12 },
					retainAuditMonths: { from: 24, to: 36 },
				},
			],
			[
				'report_settings.changed',
				null,
				{
					weights: { from: { autonomy: 1, voice: 2 }, to: { autonomy: 2, voice: 1 } },
					commentK: { from: 5, to: 6 },
					targets: { from: { firstResponseMinutes: 60, approvalCycleHours: 24, rtmi: 70 }, to: { firstResponseMinutes: 30, approvalCycleHours: 12, rtmi: 75 } },
					baseline: { from: [null, null], to: ['2026-01-05', '2026-02-01'] },
				},
			],
			['report.exported', null, { file: 'dashboard', from: '2026-01-05', to: '2026-03-01', team: 'Care', level: 'frontline' }],
			['report.exported', null, { file: 'actions', actions: 3 }],
			['report.api_read', 'GET /api/v1/actions', { team: null, status: 'planned' }],
			['people.imported', null, { created: 1, updated: 2, unchanged: 3, teamsCreated: 0, invited: 1 }],
			['person.erased', null, { invitations: 1, sessions: 2, mails: 3 }],
			['retention.purged', null, { waves: 1, responses: 2, releasedWeeks: 3, metricEvents: 4, auditEvents: 5, unsubscribeLinks: 6 }],
			['action.created', 'a-1', { teamId: 't-1', dimension: 'autonomy', theme: null, status: 'planned', dueOn: '2026-05-01' }],
			['action.deleted', 'a-1', { teamId: 't-1', dimension: null, theme: 'Rota', title: 'Fewer sign-offs', status: 'under_way' }],
			['action.status_changed', 'a-1', { before: 'planned', after: 'done' }],
			['action.update_added', 'a-1', { on: '2026-05-01' }],
			['survey.activated', 's-1 (Weekly)', { from: 'draft' }],
			['survey.sharing_changed', 's-1', { before: { shareMode: 'release', shareDelayDays: 0 }, after: { shareMode: 'delay', shareDelayDays: 3 } }],
			['audit.exported', null, { rows: 3, action: 'person.role_changed', person: 'Sam', from: '2026-01-01', to: '2026-02-01' }],
			['reply.hidden', 'r-1', { comment: 'c-1' }],
			['api_key.created', 'sn_1', { name: 'Export', scopes: ['events:write', 'metrics:read', 'reports:read'], expiresOn: '2027-01-01' }],
			['api_key.revoked', 'sn_1', { name: 'Export' }],
			['connector.created', 'c-1', { tool: 'github', name: 'Care desk' }],
			['connector.secret_rotated', 'c-1', { tool: 'jira', name: 'Care desk' }],
			['connector.disabled', 'c-1', { tool: 'intercom', name: 'Care desk' }],
			['connector.deleted', 'c-1', { tool: 'freshdesk', name: 'Care desk' }],
			['connector.mapping_changed', 'c-1', { name: 'Care desk', source: 'g', team: 'Care › Social' }],
			['connector.backfill_started', 'c-1', { tool: 'zendesk', name: 'Care desk', since: '2026-01-01', apiUrl: 'https://x.zendesk.com' }],
			['connector.backfill_cancelled', 'c-1', { tool: 'zendesk', name: 'Care desk' }],
			['chat.connected', 'Slack: Acme', { scopes: ['chat:write'] }],
			['chat.credentials_changed', 'Microsoft Teams', { appId: 'app', tenantId: 'tenant' }],
			['chat.people_matched', 'Slack', { matched: 3, unmatched: 1 }],
			['chat.default_changed', null, { from: null, to: 'slack' }],
			[
				'sso.config_changed',
				null,
				{
					protocol: { from: null, to: 'oidc' },
					issuer: { from: null, to: 'https://idp' },
					clientId: { from: null, to: 'x' },
					domains: { from: [], to: ['acme.test'] },
					enabled: { from: false, to: true },
					passwordsOff: { from: false, to: true },
					clientSecret: 'replaced',
					certificates: 'replaced',
					ssoUrl: { from: null, to: 'https://idp/sso' },
					entityId: { from: null, to: 'urn:x' },
				},
			],
			['sso.connection_tested', null, { protocol: 'saml', outcome: 'failed', message: 'Save your provider’s details first.' }],
			['sso.domain_verified', 'acme.test', { outcome: 'not verified', message: 'acme.test is verified.' }],
			['sign_in.sso_refused', null, { method: 'saml', reason: 'replayed', error: 'no assertion' }],
			['sign_in.success', null, { method: 'oidc', linked: 'linkedByVerifiedEmail' }],
			['scim.person_updated', null, { changed: ['userName', 'name', 'externalId', 'preferredLanguage'] }],
			['scim.group_changed', 't-1', { added: 1, removed: 2 }],
			['scim.group_changed', 't-1', { deleted: 'Care › Social' }],
			['scim.token_revoked', 'scim_1', { reason: 'replaced' }],
		]
		for (const [action, target, detail] of samples) {
			const parts = [...auditDetailLines(action, detail).map((l) => words.line(l)), ...[auditSubject(action, target, detail)].flatMap((s) => (s ? [words.subject(s)] : []))]
			for (const p of parts) expect(untranslated(p), `${action}: ${words.text(p)}`).toBe('')
		}
	})

	test('a row stored before: an English target is shown as written, marked; fixed old words read as today', () => {
		const words = auditWords('de')
		const old = auditSubject('connector.created', 'Zendesk connector 0f0e (Care desk)', {})
		expect(old).toEqual({ kind: 'word', word: { kind: 'recorded', text: 'Zendesk connector 0f0e (Care desk)' } })
		expect(words.text(words.subject(old!))).toBe('„Zendesk connector 0f0e (Care desk)“ (wie erfasst)')
		expect(words.subject(old!)).toEqual([{ text: 'Zendesk connector 0f0e (Care desk)', recorded: true }])
		expect(subject('person.erased', 'a person was erased', {}, 'de')).toBe('eine inzwischen gelöschte Person')
		expect(subject('report.exported', 'actions CSV', { actions: 2 }, 'de')).toBe('die Maßnahmenpläne (CSV)')
		// An identity module's English words from before the codes: shown as written, marked.
		expect(formatAuditDetail('sign_in.sso_refused', { reason: 'this assertion was already used' }, 'de')).toEqual(['Grund: „this assertion was already used“ (wie erfasst)'])
		// Ids and names in a target that was always data stay data.
		expect(subject('comment.hidden', 'W12-abc', {}, 'de')).toBe('W12-abc')
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
