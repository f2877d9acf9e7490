import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

import { apiHandler, methodNotAllowed } from '~/api/api-http.server'
import { handleWebhook } from '~/connectors/webhook-http.server'

// POST /api/v1/hooks/<organisation>/<connector> (under /api/: providers send no Origin): a provider's webhook, verified before it is parsed; see docs/operations.md.
export async function action({ request, params }: ActionFunctionArgs) {
	return apiHandler(async () => {
		if (request.method !== 'POST') return methodNotAllowed('POST')
		return handleWebhook(request, params.orgSlug ?? '', params.connectorId ?? '')
	}, request)
}

export async function loader({ request }: LoaderFunctionArgs) {
	return apiHandler(async () => methodNotAllowed('POST'), request)
}
