/** Value lists shared by the schema and the browser bundle (which must not load drizzle). */
export const roles = ['admin', 'executive', 'manager', 'employee'] as const
export const levels = ['frontline', 'manager', 'leader'] as const
export type Role = (typeof roles)[number]
export type Level = (typeof levels)[number]
export const dimensions = ['autonomy', 'approval', 'speed', 'voice', 'collaboration', 'safety', 'closeness', 'enps', 'comment'] as const
export const answerKinds = ['likert', 'scale10', 'count', 'hours', 'text'] as const
export type Dimension = (typeof dimensions)[number]
export type AnswerKind = (typeof answerKinds)[number]
/** What an API key may do; each API route names the scope it needs (docs/api.md). */
export const apiScopes = ['events:write', 'metrics:read', 'reports:read'] as const
export type ApiScope = (typeof apiScopes)[number]
/** What each scope lets a key do, as the admin page and the 403 message say it. */
export const SCOPE_LABELS: Record<ApiScope, string> = {
	'events:write': 'send response-time events (POST /api/v1/events)',
	'metrics:read': 'read the weekly response-time figures (GET /api/v1/metrics/weekly)',
	'reports:read': 'read the culture report (GET /api/v1/reports/mindset)',
}
/** When teams see a survey's results on /results (docs/security.md, "What /results shows"). */
export const SHARE_MODES = ['release', 'delay', 'never'] as const
export type ShareMode = (typeof SHARE_MODES)[number]
export const ACTION_STATUSES = ['planned', 'under_way', 'done', 'dropped'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]
