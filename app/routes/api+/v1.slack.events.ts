import type { ActionFunctionArgs } from '@remix-run/node'

import { apiHandler, methodNotAllowed } from '~/api/api-http.server'
import { handleSlackEventRequest } from '~/channels/slack/http.server'

// POST /api/v1/slack/events: the Slack app's Events API "Request URL" (app_uninstalled, tokens_revoked),
// verified by its signing secret before it is parsed; see docs/operations.md.
export async function action({ request }: ActionFunctionArgs) {
	return apiHandler(async () => {
		if (request.method !== 'POST') return methodNotAllowed('POST')
		return handleSlackEventRequest(request)
	})
}

export async function loader() {
	return methodNotAllowed('POST')
}
