/**
 * SCIM's discovery endpoints (RFC 7643 §5–7, RFC 7644 §4): what this server supports, told
 * honestly, so a provider's SCIM app does not send what we would refuse. PATCH yes; bulk, sort,
 * ETags and password changes no; filters on userName, externalId, emails (users) and displayName
 * (groups) only. Plain values: the routes send them as application/scim+json.
 */
import { SCIM, type ScimAnswer, scimError } from './scim-protocol'

const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema'
const RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType'
const SPC = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'

export function serviceProviderConfig(base: string, maxResults: number) {
	return {
		schemas: [SPC],
		documentationUri: `${base.replace(/\/scim\/v2$/, '')}/docs`,
		patch: { supported: true },
		bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
		filter: { supported: true, maxResults },
		changePassword: { supported: false },
		sort: { supported: false },
		etag: { supported: false },
		authenticationSchemes: [
			{
				type: 'oauthbearertoken',
				name: 'Bearer token',
				description: 'The provisioning token made on Admin › Identity, sent as "Authorization: Bearer <token>".',
				primary: true,
			},
		],
		meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
	}
}

type Attribute = {
	name: string
	type: 'string' | 'boolean' | 'complex' | 'reference'
	multiValued: boolean
	required: boolean
	mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly'
	returned: 'always' | 'default' | 'never' | 'request'
	uniqueness: 'none' | 'server' | 'global'
	caseExact: boolean
	description: string
	subAttributes?: Attribute[]
	referenceTypes?: string[]
}

const attr = (name: string, description: string, more: Partial<Attribute> = {}): Attribute => ({
	name,
	type: 'string',
	multiValued: false,
	required: false,
	mutability: 'readWrite',
	returned: 'default',
	uniqueness: 'none',
	caseExact: false,
	description,
	...more,
})

const USER_ATTRIBUTES: Attribute[] = [
	attr('userName', 'The person’s work e-mail address, unique in the organisation (case-insensitive).', { required: true, uniqueness: 'server' }),
	attr('name', 'The person’s name; we keep one name, given and family names are joined.', {
		type: 'complex',
		subAttributes: [attr('formatted', 'The whole name.'), attr('givenName', 'Given name.'), attr('familyName', 'Family name.')],
	}),
	attr('displayName', 'The name shown in the app.'),
	attr('emails', 'The work address; the same as userName.', {
		type: 'complex',
		multiValued: true,
		subAttributes: [attr('value', 'The address.'), attr('type', 'Always "work".'), attr('primary', 'Always true.', { type: 'boolean' })],
	}),
	attr('active', 'False deactivates the person: their sessions end and their pulse links stop working.', { type: 'boolean' }),
]

// Of the enterprise extension we keep the manager only (department, cost centre… are accepted and ignored).
const ENTERPRISE_ATTRIBUTES: Attribute[] = [
	attr('manager', 'Whom the person reports to: a person of the organisation, by their id. Loops and unknown ids are refused.', {
		type: 'complex',
		subAttributes: [
			attr('value', 'The manager’s id.', { required: true }),
			attr('$ref', 'The manager’s User resource.', { type: 'reference', mutability: 'readOnly', referenceTypes: ['User'] }),
		],
	}),
]

const GROUP_ATTRIBUTES: Attribute[] = [
	attr('displayName', 'The team’s path, e.g. "Engineering/Platform".', { required: true, uniqueness: 'server' }),
	attr('members', 'The people in the team.', {
		type: 'complex',
		multiValued: true,
		subAttributes: [attr('value', 'The person’s id.', { mutability: 'immutable' }), attr('display', 'The person’s name.', { mutability: 'readOnly' })],
	}),
]

export function scimSchemas(base: string) {
	return [
		{
			schemas: [SCHEMA],
			id: SCIM.user,
			name: 'User',
			description: 'A person of the organisation.',
			attributes: USER_ATTRIBUTES,
			meta: { resourceType: 'Schema', location: `${base}/Schemas/${SCIM.user}` },
		},
		{
			schemas: [SCHEMA],
			id: SCIM.enterpriseUser,
			name: 'EnterpriseUser',
			description: 'The enterprise extension of a person: their manager.',
			attributes: ENTERPRISE_ATTRIBUTES,
			meta: { resourceType: 'Schema', location: `${base}/Schemas/${SCIM.enterpriseUser}` },
		},
		{
			schemas: [SCHEMA],
			id: SCIM.group,
			name: 'Group',
			description: 'A team of the organisation.',
			attributes: GROUP_ATTRIBUTES,
			meta: { resourceType: 'Schema', location: `${base}/Schemas/${SCIM.group}` },
		},
	]
}

export function scimResourceTypes(base: string) {
	return [
		{
			schemas: [RESOURCE_TYPE],
			id: 'User',
			name: 'User',
			endpoint: '/Users',
			description: 'People',
			schema: SCIM.user,
			schemaExtensions: [{ schema: SCIM.enterpriseUser, required: false }],
			meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
		},
		{
			schemas: [RESOURCE_TYPE],
			id: 'Group',
			name: 'Group',
			endpoint: '/Groups',
			description: 'Teams',
			schema: SCIM.group,
			meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
		},
	]
}

const list = (resources: unknown[]): ScimAnswer => ({
	status: 200,
	body: { schemas: [SCIM.list], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources },
})

/** A list, or one of it by id (404 in SCIM's shape for another id). */
export function discoveryAnswer(resources: { id: string }[], id?: string): ScimAnswer {
	if (id === undefined) return list(resources)
	const found = resources.find((r) => r.id === id)
	return found ? { status: 200, body: found } : scimError(404, `${id} is not known here.`)
}
