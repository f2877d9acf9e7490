/**
 * Reading actions: for a set of teams, the open ones, and the ones due soon. Every query is
 * scoped by the organisation; callers pass the teams the person may see (app/auth/permissions).
 * `listOpenActions` and `listDueSoonActions` are what the digests use.
 */
import { and, asc, eq, inArray, lte, type SQL } from 'drizzle-orm'

import { addDays } from '~/metrics/weeks'
import { db } from '~/utils/db.server'
import { actions, actionUpdates, teams, users } from '~db/schema'

import { type ActionStatus, OPEN_STATUSES } from './action-fields'

export interface ActionView {
	id: string
	teamId: string
	teamPath: string
	dimension: string | null
	theme: string | null
	title: string
	ownerId: string | null
	ownerName: string | null
	dueOn: string
	startedOn: string
	status: ActionStatus
	createdAt: string
	updates: { id: string; on: string; note: string; authorName: string | null }[]
}

async function query(orgId: string, where: (SQL | undefined)[]): Promise<ActionView[]> {
	const rows = await db()
		.select({ a: actions, teamPath: teams.path, ownerName: users.name })
		.from(actions)
		.innerJoin(teams, and(eq(teams.orgId, actions.orgId), eq(teams.id, actions.teamId)))
		.leftJoin(users, and(eq(users.orgId, actions.orgId), eq(users.id, actions.ownerId)))
		.where(and(eq(actions.orgId, orgId), ...where))
		.orderBy(asc(actions.dueOn), asc(teams.path), asc(actions.createdAt))
	if (!rows.length) return []
	const notes = await db()
		.select({ u: actionUpdates, authorName: users.name })
		.from(actionUpdates)
		.leftJoin(users, and(eq(users.orgId, actionUpdates.orgId), eq(users.id, actionUpdates.authorId)))
		.where(
			and(
				eq(actionUpdates.orgId, orgId),
				inArray(
					actionUpdates.actionId,
					rows.map((r) => r.a.id),
				),
			),
		)
		.orderBy(asc(actionUpdates.on), asc(actionUpdates.createdAt))
	return rows.map(({ a, teamPath, ownerName }) => ({
		id: a.id,
		teamId: a.teamId,
		teamPath,
		dimension: a.dimension,
		theme: a.theme,
		title: a.title,
		ownerId: a.ownerId,
		ownerName,
		dueOn: a.dueOn,
		startedOn: a.startedOn,
		status: a.status,
		createdAt: a.createdAt.toISOString(),
		updates: notes.filter((n) => n.u.actionId === a.id).map((n) => ({ id: n.u.id, on: n.u.on, note: n.u.note, authorName: n.authorName })),
	}))
}

/** Actions of these teams (null: every team of the organisation), optionally of some statuses only. */
export function listActions(orgId: string, filter: { teamIds: readonly string[] | null; statuses?: readonly ActionStatus[] }) {
	if (filter.teamIds && !filter.teamIds.length) return Promise.resolve([])
	return query(orgId, [filter.teamIds ? inArray(actions.teamId, [...filter.teamIds]) : undefined, filter.statuses ? inArray(actions.status, [...filter.statuses]) : undefined])
}

/** Planned and under-way actions of these teams, soonest due first. */
export function listOpenActions(orgId: string, teamIds: readonly string[]) {
	return listActions(orgId, { teamIds, statuses: OPEN_STATUSES })
}

/** Open actions of these teams due within `withinDays` of `today` (overdue ones included), soonest first. */
export async function listDueSoonActions(orgId: string, teamIds: readonly string[], today: string, withinDays = 14) {
	if (!teamIds.length) return []
	return query(orgId, [inArray(actions.teamId, [...teamIds]), inArray(actions.status, [...OPEN_STATUSES]), lte(actions.dueOn, addDays(today, withinDays))])
}

/** One action of the organisation, or null (unknown, or another organisation's). */
export async function getAction(orgId: string, actionId: string): Promise<ActionView | null> {
	const [found] = await query(orgId, [eq(actions.id, actionId)])
	return found ?? null
}
