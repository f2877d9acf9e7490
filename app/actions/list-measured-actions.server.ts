/** Actions with their measured effect, in one shape for the pages, the API and the CSV export. */
import { teamLabel } from '~/org/team-path'

import type { ActionStatus } from './action-fields'
import { listActions } from './list-actions.server'
import { measureActions } from './measure-action.server'

export async function listMeasuredActions(orgId: string, filter: { teamIds: readonly string[] | null; statuses?: readonly ActionStatus[] }, allowWeek?: (week: string) => boolean) {
	const list = await listActions(orgId, filter)
	const measures = await measureActions(orgId, list, allowWeek)
	return list.map((a) => ({ ...a, teamLabel: teamLabel(a.teamPath), measure: measures.get(a)! }))
}

export type MeasuredAction = Awaited<ReturnType<typeof listMeasuredActions>>[number]
