/** For the dashboard: the actions of a scope (the organisation, or a manager's subtree) that have been measured, the ones that moved their dimension first. */
import { subtreeIds, teamTree } from '~/auth/permissions.server'

import { listMeasuredActions } from './list-measured-actions.server'

const ORDER = { up: 0, down: 1, unclear: 2, 'too-few-clusters': 3 } as const

export async function needleActions(orgId: string, scopeTeamId: string | null, max = 8) {
	const teamIds = scopeTeamId ? subtreeIds(await teamTree(orgId), scopeTeamId) : null
	const list = await listMeasuredActions(orgId, { teamIds, statuses: ['under_way', 'done'] })
	return list
		.filter((a) => a.measure.state !== 'hidden')
		.sort((a, b) => ORDER[a.measure.change.verdict] - ORDER[b.measure.change.verdict] || Math.abs(b.measure.change.delta ?? 0) - Math.abs(a.measure.change.delta ?? 0))
		.slice(0, max)
}
