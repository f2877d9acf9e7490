/**
 * An audit event's detail and subject as codes and data, never as sentences: the action code is
 * the key, the stored parameters are data, and `audit-words.server.ts` says them in the reader's
 * language. Pure (no server imports), so a test can read what a stored row becomes.
 *
 * Rows written before this shape (English targets such as "Zendesk connector … (…)") still
 * render: their stored words come back as `recorded` words, shown as written and marked.
 */

/** A stored code the catalogues word; a code this version does not know is shown as stored. */
export type CodeSet =
	| 'role'
	| 'actionStatus'
	| 'surveyStatus'
	| 'channel'
	| 'dimension'
	| 'level'
	| 'shareMode'
	| 'action'
	| 'scope'
	| 'tool'
	| 'export'
	| 'by'
	| 'replaced'
	| 'protocol'
	| 'outcome'
	| 'reason'
	| 'method'
	| 'linked'
	| 'scimField'

/** One value of a detail, as the reader's language will say it. */
export type AuditWord =
	/** As stored: a name, an id, a path, an address, a date. */
	| { kind: 'data'; text: string }
	| { kind: 'number'; value: number }
	| { kind: 'none' }
	| { kind: 'all' }
	| { kind: 'yes' }
	| { kind: 'no' }
	| { kind: 'code'; set: CodeSet; code: string }
	| { kind: 'period'; from: AuditWord; to: AuditWord }
	| { kind: 'list'; items: AuditWord[] }
	| { kind: 'fields'; items: { field: string; value: AuditWord }[] }
	/** English words a module or an older version stored (a sentence, not a code): shown as written, marked. */
	| { kind: 'recorded'; text: string }
	/** A module's English message, said through its problem patterns where one knows it. */
	| { kind: 'message'; text: string }

/** One line of an event's detail: what it is about (a path of stored keys) and its value or change. */
export type AuditLine = { fields: string[]; value: AuditWord } | { fields: string[]; before: AuditWord; after: AuditWord }

/** Whom or what an event concerned, beside the person it names. */
export type AuditSubject =
	| { kind: 'word'; word: AuditWord }
	| { kind: 'connector'; tool: AuditWord; name: AuditWord; id: AuditWord }
	| { kind: 'mapping'; name: AuditWord; source: AuditWord; team: AuditWord }
	| { kind: 'backfill'; tool: AuditWord; name: AuditWord; since: AuditWord; address: AuditWord }
	| { kind: 'apiKey'; name: AuditWord; id: AuditWord }
	| { kind: 'erased' }

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const DAY = /^\d{4}-\d{2}-\d{2}$/

// Keys whose string values are codes; the rest are data.
const CODE_FIELDS: Record<string, CodeSet> = {
	role: 'role',
	dimension: 'dimension',
	level: 'level',
	shareMode: 'shareMode',
	by: 'by',
	certificates: 'replaced',
	clientSecret: 'replaced',
	protocol: 'protocol',
	outcome: 'outcome',
	reason: 'reason',
	method: 'method',
	linked: 'linked',
	tool: 'tool',
	file: 'export',
	channel: 'channel',
}

function codeSet(action: string, field: string): CodeSet | null {
	if (field === 'status') return action.startsWith('survey.') ? 'surveyStatus' : action.startsWith('action.') ? 'actionStatus' : null
	if (field === 'action' && action === 'audit.exported') return 'action'
	if (field === 'scopes' && action.startsWith('api_key.')) return 'scope'
	if (field === 'changed' && action === 'scim.person_updated') return 'scimField'
	return CODE_FIELDS[field] ?? null
}

// Stored English sentences (messages of the identity modules), said through their patterns.
const MESSAGE_FIELDS = new Set(['message'])

function word(action: string, field: string, v: unknown, noneIsAll = false): AuditWord {
	if (v === null || v === undefined || v === '') return { kind: noneIsAll ? 'all' : 'none' }
	if (typeof v === 'boolean') return { kind: v ? 'yes' : 'no' }
	if (typeof v === 'number') return { kind: 'number', value: v }
	if (Array.isArray(v)) {
		if (v.every((x) => x === null || x === undefined)) return { kind: 'none' }
		// A [from, to] pair of dates is a period.
		if (v.length === 2 && v.every((x) => typeof x === 'string' && DAY.test(x))) return { kind: 'period', from: { kind: 'data', text: v[0] }, to: { kind: 'data', text: v[1] } }
		return { kind: 'list', items: v.map((x) => word(action, field, x)) }
	}
	if (isPlainObject(v)) return { kind: 'fields', items: Object.entries(v).map(([k, x]) => ({ field: k, value: word(action, k, x) })) }
	const text = String(v)
	if (MESSAGE_FIELDS.has(field)) return { kind: 'message', text }
	const set = codeSet(action, field)
	return set ? { kind: 'code', set, code: text } : { kind: 'data', text }
}

/** A `{from, to}` or `{before, after}` pair (maybe with more keys, e.g. `by`), or null. */
function changeOf(v: unknown): { before: unknown; after: unknown; rest: Record<string, unknown> } | null {
	if (!isPlainObject(v)) return null
	if ('from' in v && 'to' in v) {
		const { from, to, ...rest } = v
		return { before: from, after: to, rest }
	}
	if ('before' in v && 'after' in v) {
		const { before, after, ...rest } = v
		return { before, after, rest }
	}
	return null
}

function changeLines(action: string, fields: string[], before: unknown, after: unknown): AuditLine[] {
	const field = fields.at(-1)!
	// Two objects (weights, targets, sharing): only the parts that changed, each on its own line.
	if (isPlainObject(before) && isPlainObject(after)) {
		const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
		return keys
			.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
			.map((k) => ({ fields: [...fields, k], before: word(action, k, before[k]), after: word(action, k, after[k]) }))
	}
	return [{ fields, before: word(action, field, before), after: word(action, field, after) }]
}

const PERIOD_ACTIONS = new Set(['report.exported', 'report.api_read'])
// Actions whose whole detail is one change ({from, to} or {before, after}), and the key it is about.
const WHOLE_CHANGE: Record<string, string> = {
	'person.role_changed': 'role',
	'survey.activated': 'status',
	'action.status_changed': 'status',
	'survey.sharing_changed': 'sharing',
	'chat.default_changed': 'channel',
}

/** The keys of a detail that the subject already says (not repeated as lines). */
function subjectKeys(action: string, detail: Record<string, unknown>): string[] {
	if (action.startsWith('connector.') && typeof detail.tool === 'string') return ['tool', 'name', 'since', 'apiUrl']
	if (action === 'connector.mapping_changed' && typeof detail.name === 'string' && 'source' in detail) return ['name', 'source', 'team']
	if (action.startsWith('api_key.') && typeof detail.name === 'string') return ['name']
	if (action === 'report.exported' && typeof detail.file === 'string') return ['file']
	return []
}

/**
 * An event's detail as lines — "Role: employee → manager", "Anonymity threshold k: 5 → 7" —
 * never raw JSON. Every key is shown; nothing is cut off.
 */
export function auditDetailLines(action: string, detail: Record<string, unknown> | null | undefined): AuditLine[] {
	if (!detail || Object.keys(detail).length === 0) return []
	const lines: AuditLine[] = []
	const said = new Set(subjectKeys(action, detail))
	let rest: Record<string, unknown> = Object.fromEntries(Object.entries(detail).filter(([k]) => !said.has(k)))
	const whole = WHOLE_CHANGE[action]
	if (PERIOD_ACTIONS.has(action) && 'from' in rest && 'to' in rest) {
		const { from, to, ...others } = rest
		lines.push({ fields: ['period'], value: { kind: 'period', from: word(action, 'from', from), to: word(action, 'to', to) } })
		rest = others
	} else if (whole && action === 'survey.activated' && 'from' in rest) {
		// Activation records where it came from; where it went is in the code.
		const { from, ...others } = rest
		lines.push({ fields: [whole], before: word(action, whole, from), after: { kind: 'code', set: 'surveyStatus', code: 'active' } })
		rest = others
	} else if (whole && changeOf(rest)) {
		const change = changeOf(rest)!
		lines.push(...changeLines(action, [whole], change.before, change.after))
		rest = change.rest
	}
	for (const [key, v] of Object.entries(rest)) {
		const change = changeOf(v)
		if (change) {
			lines.push(...changeLines(action, [key], change.before, change.after))
			for (const [k, x] of Object.entries(change.rest)) lines.push({ fields: [key, k], value: word(action, k, x) })
		} else {
			lines.push({ fields: [key], value: word(action, key, v, PERIOD_ACTIONS.has(action)) })
		}
	}
	return lines
}

// Targets an older version wrote as fixed English words: the same event in today's words.
const OLD_TARGETS: Record<string, AuditSubject> = {
	'a person was erased': { kind: 'erased' },
	'dashboard CSV': { kind: 'word', word: { kind: 'code', set: 'export', code: 'dashboard' } },
	'actions CSV': { kind: 'word', word: { kind: 'code', set: 'export', code: 'actions' } },
}

// Actions whose target was a sentence before their parameters moved into the detail.
const SENTENCE_TARGETS = /^(connector\.|api_key\.)/

/** Whom or what an event concerned (beside a person it names by id), or null. */
export function auditSubject(action: string, target: string | null, detail: Record<string, unknown> | null | undefined): AuditSubject | null {
	const d = detail ?? {}
	const data = (v: unknown): AuditWord => (v === null || v === undefined || v === '' ? { kind: 'none' } : { kind: 'data', text: String(v) })
	const id = data(target)
	if (action === 'connector.mapping_changed' && typeof d.name === 'string' && 'source' in d)
		return { kind: 'mapping', name: data(d.name), source: data(d.source), team: d.team ? data(d.team) : { kind: 'none' } }
	if (action === 'connector.backfill_started' && typeof d.tool === 'string')
		return { kind: 'backfill', tool: word(action, 'tool', d.tool), name: data(d.name), since: data(d.since), address: data(d.apiUrl) }
	if (action.startsWith('connector.') && typeof d.tool === 'string') return { kind: 'connector', tool: word(action, 'tool', d.tool), name: data(d.name), id }
	if (action.startsWith('api_key.') && typeof d.name === 'string') return { kind: 'apiKey', name: data(d.name), id }
	if (action === 'report.exported' && typeof d.file === 'string') return { kind: 'word', word: word(action, 'file', d.file) }
	if (target === null || target === '') return null
	const old = OLD_TARGETS[target]
	if (old) return old
	if (SENTENCE_TARGETS.test(action)) return { kind: 'word', word: { kind: 'recorded', text: target } }
	return { kind: 'word', word: id }
}
