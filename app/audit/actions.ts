/**
 * The audit log's action codes and how each reads in words. A code is what is stored (stable,
 * filterable, exported); the label is what an admin reads. Shared with the browser bundle (no
 * server imports), so the page and its filter show the same words.
 */

export const auditActions = [
	'sign_in.success',
	'sign_in.failure',
	'sign_in.throttled',
	'person.role_changed',
	'person.deactivated',
	'person.reactivated',
	'person.erased',
	'people.imported',
	'settings.changed',
	'report_settings.changed',
	'report.exported',
	'report.api_read',
	'api_key.created',
	'api_key.revoked',
	'survey.activated',
	'personal_data.exported',
	'retention.purged',
	'comment.replied',
	'comment.hidden',
	'reply.hidden',
	'action.created',
	'action.status_changed',
	'action.update_added',
	'action.deleted',
	'survey.sharing_changed',
	'audit.exported',
	'connector.created',
	'connector.secret_rotated',
	'connector.mapping_changed',
	'connector.deleted',
	'chat.connected',
	'chat.disconnected',
	'chat.people_matched',
	'chat.default_changed',
	'connector.disabled',
	'connector.enabled',
	'sign_in.sso_refused',
	'sso.config_changed',
	'scim.token_created',
	'scim.token_revoked',
	'scim.person_created',
	'scim.person_updated',
	'scim.group_changed',
] as const
export type AuditAction = (typeof auditActions)[number]

// A Record over the union: a new code without a label does not compile.
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
	'sign_in.success': 'Signed in',
	'sign_in.failure': 'Failed sign-in',
	'sign_in.throttled': 'Sign-in blocked after too many failures',
	'person.role_changed': 'Changed a role',
	'person.deactivated': 'Deactivated a person',
	'person.reactivated': 'Reactivated a person',
	'person.erased': 'Erased a person',
	'people.imported': 'Imported people (CSV)',
	'settings.changed': 'Changed organisation settings',
	'report_settings.changed': 'Changed report settings',
	'report.exported': 'Exported a report',
	'report.api_read': 'Read a report through the API',
	'api_key.created': 'Created an API key',
	'api_key.revoked': 'Revoked an API key',
	'survey.activated': 'Activated a survey',
	'personal_data.exported': 'Exported personal data',
	'retention.purged': 'Deleted old data (retention)',
	'comment.replied': 'Replied to a comment',
	'comment.hidden': 'Hid a comment',
	'reply.hidden': 'Hid a reply',
	'action.created': 'Created an action',
	'action.status_changed': 'Changed an action’s status',
	'action.update_added': 'Added an update to an action',
	'action.deleted': 'Deleted an action',
	'survey.sharing_changed': 'Changed who sees a survey’s results',
	'audit.exported': 'Exported the audit log',
	'connector.created': 'Connected a tool (webhook)',
	'connector.secret_rotated': 'Rotated a connector’s signing secret',
	'connector.mapping_changed': 'Changed which team a connector’s queue feeds',
	'connector.deleted': 'Removed a connector',
	'chat.connected': 'Connected a chat workspace (Slack)',
	'chat.disconnected': 'Disconnected a chat workspace',
	'chat.people_matched': 'Matched people to their chat accounts',
	'chat.default_changed': 'Changed where people get pulses by default',
	'connector.disabled': 'Disabled a connector (its deliveries are refused)',
	'connector.enabled': 'Enabled a connector again',
	'sign_in.sso_refused': 'Single sign-on refused',
	'sso.config_changed': 'Changed single sign-on settings',
	'scim.token_created': 'Created a provisioning (SCIM) token',
	'scim.token_revoked': 'Revoked a provisioning (SCIM) token',
	'scim.person_created': 'Provisioned a person (SCIM)',
	'scim.person_updated': 'Updated a person through provisioning (SCIM)',
	'scim.group_changed': 'Changed a team through provisioning (SCIM group)',
}

/** The words for a stored code; a code this version does not know (an older row) still reads as words. */
export function auditActionLabel(code: string): string {
	return (AUDIT_ACTION_LABELS as Record<string, string>)[code] ?? humanise(code.replace(/\./g, ' '))
}

/** `anonymityK` → "Anonymity k", `retain_answers_months` → "Retain answers months". */
export function humanise(key: string): string {
	const words = key
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/[_.]+/g, ' ')
		.trim()
		.toLowerCase()
	return words.charAt(0).toUpperCase() + words.slice(1)
}

// Single capital letters in camelCase keys (`anonymityK`) read better kept as they are.
const KEY_WORDS: Record<string, string> = {
	anonymityK: 'Anonymity threshold k',
	commentK: 'Comment threshold',
	rtmi: 'Index target',
	dueOn: 'Due',
	on: 'On',
	teamId: 'Team id',
}
const keyLabel = (key: string) => KEY_WORDS[key] ?? humanise(key)

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function value(v: unknown): string {
	if (v === null || v === undefined || v === '') return 'none'
	if (typeof v === 'boolean') return v ? 'yes' : 'no'
	if (Array.isArray(v)) {
		if (v.every((x) => x === null || x === undefined)) return 'none'
		// A [from, to] pair of dates is a period.
		if (v.length === 2 && v.every((x) => typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x))) return `${v[0]} to ${v[1]}`
		return v.map(value).join(', ')
	}
	if (isPlainObject(v))
		return Object.entries(v)
			.map(([k, x]) => `${keyLabel(k)} ${value(x)}`)
			.join(', ')
	return String(v)
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

function changeLines(label: string, before: unknown, after: unknown): string[] {
	// Two objects (weights, targets): only the parts that changed, each on its own line.
	if (isPlainObject(before) && isPlainObject(after)) {
		const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
		const changed = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
		return changed.map((k) => `${label} · ${keyLabel(k)}: ${value(before[k])} → ${value(after[k])}`)
	}
	return [`${label}: ${value(before)} → ${value(after)}`]
}

const PERIOD_ACTIONS = new Set(['report.exported', 'report.api_read'])
// Actions whose whole detail is one change ({from, to} or {before, after}), and what changed.
const WHOLE_CHANGE: Record<string, string> = {
	'person.role_changed': 'Role',
	'survey.activated': 'Status',
	'action.status_changed': 'Status',
	'survey.sharing_changed': 'Sharing',
}

/**
 * An event's detail as lines of words — "Role: employee → manager", "Anonymity threshold k: 5 → 7"
 * — never raw JSON. Every key is shown; nothing is cut off.
 */
export function formatAuditDetail(action: string, detail: Record<string, unknown> | null | undefined): string[] {
	if (!detail || Object.keys(detail).length === 0) return []
	const lines: string[] = []
	let rest: Record<string, unknown> = detail
	const whole = WHOLE_CHANGE[action]
	if (PERIOD_ACTIONS.has(action) && 'from' in detail && 'to' in detail) {
		const { from, to, ...others } = detail
		lines.push(`Period: ${value(from)} to ${value(to)}`)
		rest = others
	} else if (whole && action === 'survey.activated' && 'from' in detail) {
		// Activation records where it came from; where it went is in the code.
		const { from, ...others } = detail
		lines.push(`${whole}: ${value(from)} → active`)
		rest = others
	} else if (whole && changeOf(detail)) {
		const change = changeOf(detail)!
		lines.push(...changeLines(whole, change.before, change.after))
		rest = change.rest
	}
	for (const [key, v] of Object.entries(rest)) {
		const change = changeOf(v)
		if (change) {
			lines.push(...changeLines(keyLabel(key), change.before, change.after))
			for (const [k, x] of Object.entries(change.rest)) lines.push(`${keyLabel(key)} · ${keyLabel(k)}: ${value(x)}`)
		} else {
			lines.push(`${keyLabel(key)}: ${PERIOD_ACTIONS.has(action) && v === null ? 'all' : value(v)}`)
		}
	}
	return lines
}
