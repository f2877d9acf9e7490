/**
 * SCIM 2.0's message shapes (RFC 7643/7644) as plain values: the schema URNs, errors, list
 * responses. Nothing here touches the database or HTTP; the route turns an answer into a Response.
 */

export const SCIM = {
	user: 'urn:ietf:params:scim:schemas:core:2.0:User',
	group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
	enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
	list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
	patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
	error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const

export const SCIM_CONTENT_TYPE = 'application/scim+json'

/** What a SCIM call answers: a status, a body (absent for 204), and where a created resource lives. */
export interface ScimAnswer {
	status: number
	body?: unknown
	location?: string
}

export type ScimErrorType = 'invalidFilter' | 'invalidSyntax' | 'invalidValue' | 'uniqueness' | 'mutability' | 'noTarget' | 'invalidPath'

export function scimError(status: number, detail: string, scimType?: ScimErrorType): ScimAnswer {
	return { status, body: { schemas: [SCIM.error], status: String(status), ...(scimType ? { scimType } : {}), detail } }
}

export const notFound = (what = 'User') => scimError(404, `${what} not found.`)

/** Entra sends booleans as the strings "True"/"False"; anything else is not a boolean. */
export function scimBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true'
	return undefined
}

export interface ScimFilter {
	attribute: 'userName' | 'externalId' | 'email'
	value: string
}

const FILTER = /^\s*(userName|externalId|emails|emails\.value|emails\[type eq "work"\]\.value)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i

/** The filters identity providers send before creating someone; null for anything else. */
export function parseScimFilter(filter: string): ScimFilter | null {
	const m = FILTER.exec(filter)
	if (!m) return null
	const attribute = m[1]!.toLowerCase()
	const value = m[2]!.replace(/\\(.)/g, '$1')
	if (attribute === 'username') return { attribute: 'userName', value }
	if (attribute === 'externalid') return { attribute: 'externalId', value }
	return { attribute: 'email', value }
}

/** Paging as RFC 7644 §3.4.2.4 says: 1-based startIndex, a count capped by the server. */
/** The most resources one page holds (ServiceProviderConfig says so too). */
export const SCIM_MAX_RESULTS = 200

export function parsePaging(params: URLSearchParams, maxCount = SCIM_MAX_RESULTS) {
	const start = Number.parseInt(params.get('startIndex') ?? '1', 10)
	const count = Number.parseInt(params.get('count') ?? String(maxCount), 10)
	return {
		startIndex: Number.isFinite(start) && start > 0 ? start : 1,
		count: Number.isFinite(count) ? Math.min(Math.max(count, 0), maxCount) : maxCount,
	}
}
