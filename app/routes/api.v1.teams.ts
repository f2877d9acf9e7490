import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiHandler, json, requireApiKey } from '~/metrics/api-http.server'
import { listTeams } from '~/org/teams.server'
import { parentPath } from '~/org/team-path'

// GET /api/v1/teams: the paths events are sent with, and how many active people each team has.
export async function loader({ request }: LoaderFunctionArgs) {
	return apiHandler(async () => {
		const caller = await requireApiKey(request)
		const teams = await listTeams(caller.orgId)
		return json(teams.map((t) => ({ path: t.path, name: t.name, parent: parentPath(t.path), members: t.members })))
	})
}
