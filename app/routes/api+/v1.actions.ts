import type { LoaderFunctionArgs } from '@remix-run/node'

import { ACTION_STATUSES, type ActionStatus } from '~/actions/action-fields'
import { listMeasuredActions } from '~/actions/list-measured-actions.server'
import { apiHandler, json } from '~/api/api-http.server'
import { requireReportReader } from '~/api/report-reader.server'
import { recordAuditNow } from '~/audit/audit.server'
import { subtreeIds, teamTree } from '~/auth/permissions.server'
import { normalizeTeamPath } from '~/org/team-path'
import { safeCell } from '~/utils/csv-safe'
import { isUuid } from '~/utils/http'

// GET /api/v1/actions[?team=Care/Social&status=under_way]: with a "reports:read" key, or from the browser of a signed-in admin or executive.
export async function loader({ request, context }: LoaderFunctionArgs) {
	return apiHandler(async () => {
		const { orgId, actor } = await requireReportReader(request, context, 'every action')
		const params = new URL(request.url).searchParams
		const errors: { field: string; message: string }[] = []
		const statusParam = params.get('status')
		const statuses = statusParam ? statusParam.split(',').map((s) => s.trim()) : null
		if (statuses && !statuses.every((s) => (ACTION_STATUSES as readonly string[]).includes(s)))
			errors.push({ field: 'status', message: `"${safeCell(statusParam!)}" is not a status: use ${ACTION_STATUSES.join(', ')} (several separated by commas).` })
		if (errors.length) return json({ errors }, 400)
		// A team (by id or path) with its sub-teams.
		let teamIds: string[] | null = null
		const team = params.get('team')
		if (team) {
			const tree = await teamTree(orgId)
			const path = normalizeTeamPath(team)
			const found = tree.find((t) => (isUuid(team) ? t.id === team.toLowerCase() : t.path === path))
			if (!found) return json({ errors: [{ field: 'team', message: `No team "${safeCell(team)}" in this organisation.` }] }, 404)
			teamIds = subtreeIds(tree, found.id)
		}
		const list = await listMeasuredActions(orgId, { teamIds, statuses: (statuses as ActionStatus[] | null) ?? undefined })
		await recordAuditNow(orgId, { actor, action: 'report.api_read', target: 'GET /api/v1/actions', detail: { team: team ?? null, status: statusParam ?? null } })
		return json({
			actions: list.map((a) => ({
				id: a.id,
				team: a.teamPath,
				dimension: a.dimension,
				theme: a.theme,
				title: a.title,
				owner: a.ownerId ? { id: a.ownerId, name: a.ownerName } : null,
				startedOn: a.startedOn,
				dueOn: a.dueOn,
				status: a.status,
				createdAt: a.createdAt,
				updates: a.updates.map((u) => ({ on: u.on, note: u.note })),
				measured: {
					metric: a.measure.metric,
					state: a.measure.state,
					before: a.measure.before,
					since: a.measure.since,
					change: a.measure.change,
				},
			})),
		})
	}, request)
}
