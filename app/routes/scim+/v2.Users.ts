import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

import { readScimBody, scimEndpoint, scimMethodNotAllowed } from '~/identity/scim-http.server'
import { createScimUser, listScimUsers } from '~/identity/scim-users.server'

export function loader({ request, context }: LoaderFunctionArgs) {
	const params = new URL(request.url).searchParams
	return scimEndpoint(request, context.clientAddress, ({ orgId }) => listScimUsers(orgId, params))
}

export function action({ request, context }: ActionFunctionArgs) {
	if (request.method !== 'POST') return scimMethodNotAllowed('GET, POST')
	return scimEndpoint(request, context.clientAddress, async ({ orgId, actor }) => {
		const body = await readScimBody(request)
		return body.ok ? createScimUser(orgId, body.value, actor) : body.answer
	})
}
