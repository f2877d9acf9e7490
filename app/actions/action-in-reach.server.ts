/** An action the person may change: it exists in their organisation and its team is within their reach. Null otherwise (callers answer 404). */
import { actingTeams, type Person, teamTree } from '~/auth/permissions.server'
import { isUuid } from '~/utils/http'

import { getAction } from './list-actions.server'

export async function actionInReach(person: Person, actionId: string) {
	if (!isUuid(actionId)) return null
	const action = await getAction(person.orgId, actionId.toLowerCase())
	if (!action) return null
	return actingTeams(person, await teamTree(person.orgId)).has(action.teamId) ? action : null
}
