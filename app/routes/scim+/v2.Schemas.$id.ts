import type { LoaderFunctionArgs } from '@remix-run/node'

import { discoveryAnswer, scimSchemas } from '~/identity/scim-discovery'
import { scimEndpoint, scimMethodNotAllowed } from '~/identity/scim-http.server'
import { env } from '~/utils/env.server'

export function loader({ request, params, context }: LoaderFunctionArgs) {
	return scimEndpoint(request, context.clientAddress, async () => discoveryAnswer(scimSchemas(`${env().APP_URL}/scim/v2`), params.id ?? ''))
}

export function action() {
	return scimMethodNotAllowed('GET')
}
