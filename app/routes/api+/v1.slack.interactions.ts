import type { ActionFunctionArgs } from '@remix-run/node'

import { apiHandler, methodNotAllowed } from '~/api/api-http.server'
import { handleSlackRequest } from '~/channels/slack/http.server'

// POST /api/v1/slack/interactions (under /api/: Slack sends no Origin): the Slack app's
// "Interactivity" request URL, verified by its signing secret before it is parsed; see docs/operations.md.
export async function action({ request }: ActionFunctionArgs) {
	return apiHandler(async () => {
		if (request.method !== 'POST') return methodNotAllowed('POST')
		return handleSlackRequest(request)
	})
}

export async function loader() {
	return methodNotAllowed('POST')
}
