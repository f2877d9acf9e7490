import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

import { apiHandler, json, methodNotAllowed, readJsonBody, requireApiKey } from '~/api/api-http.server'
import { MAX_REQUEST_BYTES } from '~/metrics/event-columns'
import { ingestEventBatch, SHOWN_PROBLEMS } from '~/metrics/ingest.server'

// POST /api/v1/events: all or nothing; see docs/api.md.
export async function action({ request }: ActionFunctionArgs) {
	return apiHandler(async () => {
		if (request.method !== 'POST') return methodNotAllowed('POST')
		const caller = await requireApiKey(request, 'events:write')
		const body = await readJsonBody(request, MAX_REQUEST_BYTES)
		if (!body.ok) return body.response
		const outcome = await ingestEventBatch(caller.orgId, body.value)
		if (!outcome.ok) {
			const more = outcome.problems.length - SHOWN_PROBLEMS
			return json({ errors: outcome.problems.slice(0, SHOWN_PROBLEMS), ...(more > 0 ? { more } : {}) }, 422)
		}
		return json(outcome.counts)
	}, request)
}

export async function loader({ request }: LoaderFunctionArgs) {
	return apiHandler(async () => methodNotAllowed('POST'), request)
}
