import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

import { createScimGroup, listScimGroups } from '~/identity/scim-groups.server'
import { readScimBody, scimEndpoint, scimMethodNotAllowed } from '~/identity/scim-http.server'

export function loader({ request, context }: LoaderFunctionArgs) {
	const params = new URL(request.url).searchParams
	return scimEndpoint(request, context.clientAddress, ({ orgId }) => listScimGroups(orgId, params))
}

export function action({ request, context }: ActionFunctionArgs) {
	if (request.method !== 'POST') return scimMethodNotAllowed('GET, POST')
	return scimEndpoint(request, context.clientAddress, async ({ orgId, actor }) => {
		const body = await readScimBody(request)
		return body.ok ? createScimGroup(orgId, body.value, actor) : body.answer
	})
}
