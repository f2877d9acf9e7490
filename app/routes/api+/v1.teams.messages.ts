import type { ActionFunctionArgs } from '@remix-run/node'

import { apiHandler, methodNotAllowed } from '~/api/api-http.server'
import { handleTeamsRequest } from '~/channels/teams/http.server'

// POST /api/v1/teams/messages: the Azure Bot's "Messaging endpoint", verified by the Bot Framework's
// signed token before the activity is parsed; see docs/operations.md, "Microsoft Teams".
export async function action({ request }: ActionFunctionArgs) {
	return apiHandler(async () => {
		if (request.method !== 'POST') return methodNotAllowed('POST')
		return handleTeamsRequest(request)
	})
}

export async function loader() {
	return methodNotAllowed('POST')
}
