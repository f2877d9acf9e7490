import type { LoaderFunctionArgs } from '@remix-run/node'

import { apiHandler, json, requireApiKey } from '~/api/api-http.server'
import { apiScopes } from '~/api/api-keys.server'
import { parentPath } from '~/org/team-path'
import { listTeams } from '~/org/teams.server'

// GET /api/v1/teams: the paths events are sent with, and how many active people each team has.
// Any scope: a sender needs the paths for its events, a reader for its `team` filters.
export async function loader({ request }: LoaderFunctionArgs) {
	return apiHandler(async () => {
		const caller = await requireApiKey(request, apiScopes)
		const teams = await listTeams(caller.orgId)
		return json(teams.map((t) => ({ path: t.path, name: t.name, parent: parentPath(t.path), members: t.members })))
	})
}
