import type { LoaderFunctionArgs } from '@remix-run/node'

import { serviceProviderConfig } from '~/identity/scim-discovery'
import { scimEndpoint, scimMethodNotAllowed } from '~/identity/scim-http.server'
import { SCIM_MAX_RESULTS } from '~/identity/scim-protocol'
import { env } from '~/utils/env.server'

export function loader({ request, context }: LoaderFunctionArgs) {
	return scimEndpoint(request, context.clientAddress, async () => ({ status: 200, body: serviceProviderConfig(`${env().APP_URL}/scim/v2`, SCIM_MAX_RESULTS) }))
}

export function action() {
	return scimMethodNotAllowed('GET')
}
