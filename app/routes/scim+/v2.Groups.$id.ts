import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

import { deleteScimGroup, getScimGroup, patchScimGroup, replaceScimGroup } from '~/identity/scim-groups.server'
import { readScimBody, scimEndpoint, scimMethodNotAllowed } from '~/identity/scim-http.server'

export function loader({ request, params, context }: LoaderFunctionArgs) {
	return scimEndpoint(request, context.clientAddress, ({ orgId }) => getScimGroup(orgId, params.id ?? ''))
}

export function action({ request, params, context }: ActionFunctionArgs) {
	const id = params.id ?? ''
	const method = request.method.toUpperCase()
	if (method === 'DELETE') return scimEndpoint(request, context.clientAddress, ({ orgId, actor }) => deleteScimGroup(orgId, id, actor))
	if (method !== 'PUT' && method !== 'PATCH') return scimMethodNotAllowed('GET, PUT, PATCH, DELETE')
	return scimEndpoint(request, context.clientAddress, async ({ orgId, actor }) => {
		const body = await readScimBody(request)
		if (!body.ok) return body.answer
		return method === 'PUT' ? replaceScimGroup(orgId, id, body.value, actor) : patchScimGroup(orgId, id, body.value, actor)
	})
}
