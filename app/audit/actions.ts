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
	'chat.credentials_changed',
	'connector.disabled',
	'connector.enabled',
	'sign_in.sso_refused',
	'sso.config_changed',
	'sso.connection_tested',
	'sso.domain_verified',
	'scim.token_created',
	'scim.token_revoked',
	'scim.person_created',
	'scim.person_updated',
	'scim.group_changed',
	'connector.backfill_started',
	'connector.backfill_cancelled',
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
	'chat.connected': 'Connected a chat workspace (Slack, Microsoft Teams)',
	'chat.disconnected': 'Disconnected a chat workspace',
	'chat.people_matched': 'Matched people to their chat accounts',
	'chat.default_changed': 'Changed where people get pulses by default',
	'chat.credentials_changed': 'Changed the Microsoft Teams bot’s credentials',
	'connector.disabled': 'Disabled a connector (its deliveries are refused)',
	'connector.enabled': 'Enabled a connector again',
	'sign_in.sso_refused': 'Single sign-on refused',
	'sso.config_changed': 'Changed single sign-on settings',
	'sso.connection_tested': 'Tested the single sign-on connection',
	'sso.domain_verified': 'Checked a single sign-on domain in DNS',
	'scim.token_created': 'Created a provisioning (SCIM) token',
	'scim.token_revoked': 'Revoked a provisioning (SCIM) token',
	'scim.person_created': 'Provisioned a person (SCIM)',
	'scim.person_updated': 'Updated a person through provisioning (SCIM)',
	'scim.group_changed': 'Changed a team through provisioning (SCIM group)',
	'connector.backfill_started': 'Started a connector’s backfill from the tool’s history',
	'connector.backfill_cancelled': 'Stopped a connector’s backfill',
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
