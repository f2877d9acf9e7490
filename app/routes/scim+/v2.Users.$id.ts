import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

import { readScimBody, scimEndpoint, scimMethodNotAllowed } from '~/identity/scim-http.server'
import { deleteScimUser, getScimUser, patchScimUser, replaceScimUser } from '~/identity/scim-users.server'

export function loader({ request, params, context }: LoaderFunctionArgs) {
	return scimEndpoint(request, context.clientAddress, ({ orgId }) => getScimUser(orgId, params.id ?? ''))
}

export function action({ request, params, context }: ActionFunctionArgs) {
	const id = params.id ?? ''
	const method = request.method.toUpperCase()
	if (method === 'DELETE') return scimEndpoint(request, context.clientAddress, ({ orgId, actor }) => deleteScimUser(orgId, id, actor))
	if (method !== 'PUT' && method !== 'PATCH') return scimMethodNotAllowed('GET, PUT, PATCH, DELETE')
	return scimEndpoint(request, context.clientAddress, async ({ orgId, actor }) => {
		const body = await readScimBody(request)
		if (!body.ok) return body.answer
		return method === 'PUT' ? replaceScimUser(orgId, id, body.value, actor) : patchScimUser(orgId, id, body.value, actor)
	})
}
