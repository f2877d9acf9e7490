import type { LoaderFunctionArgs } from '@remix-run/node'

import { apiHandler, json, jsonError, requireApiKey } from '~/api/api-http.server'
import { getCurrentUser } from '~/auth/guard.server'
import { reachesEveryTeam } from '~/auth/roles'
import { parseWeeklyQuery, weeklyMetrics } from '~/metrics/weekly.server'
import { safeCell } from '~/utils/csv-safe'

// GET /api/v1/metrics/weekly: with an API key, or from the browser of a signed-in admin or executive.
export async function loader({ request }: LoaderFunctionArgs) {
	return apiHandler(async () => {
		let caller: { orgId: string; timeZone: string }
		if (request.headers.has('Authorization')) caller = await requireApiKey(request, 'metrics:read')
		else {
			const current = await getCurrentUser(request)
			if (!current)
				return jsonError('UNAUTHENTICATED', 'Send an API key ("Authorization: Bearer son_…"), or sign in as an admin or executive.', {
					'WWW-Authenticate': 'Bearer realm="State of Now"',
				})
			if (!reachesEveryTeam(current.user.role)) return jsonError('FORBIDDEN', 'Only admins and executives can read these figures.')
			caller = { orgId: current.org.id, timeZone: current.org.timeZone }
		}
		const parsed = parseWeeklyQuery(new URL(request.url).searchParams)
		if (!parsed.ok) return json({ errors: parsed.problems }, 400)
		const report = await weeklyMetrics(caller.orgId, caller.timeZone, parsed.query)
		if (!report) return json({ errors: [{ field: 'team', message: `No team "${safeCell(parsed.query.team ?? '')}" in this organisation.` }] }, 404)
		return json(report)
	}, request)
}
