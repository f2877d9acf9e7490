import type { LoaderFunctionArgs } from '@remix-run/node'

import { actionsCsv } from '~/actions/actions-csv.server'
import { listMeasuredActions } from '~/actions/list-measured-actions.server'
import { recordAuditNow, userActor } from '~/audit/audit.server'
import { requireUser } from '~/auth/guard.server'
import { ACTING_ROLES, actingTeams, actionListTeams, teamTree } from '~/auth/permissions.server'

/** The actions the person may act on, as formula-safe CSV with their measured effect. */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request, ACTING_ROLES)
	const teamIds = actionListTeams(user, actingTeams(user, await teamTree(org.id)))
	const list = await listMeasuredActions(org.id, { teamIds })
	await recordAuditNow(org.id, { actor: userActor(user, context), action: 'report.exported', detail: { file: 'actions', actions: list.length } })
	return new Response(actionsCsv(list), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${org.slug}-actions.csv"`,
			'Cache-Control': 'no-store',
		},
	})
}
