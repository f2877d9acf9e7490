/**
 * The one place that answers "may this person see / act on team X". Roles decide the reach:
 * admins and executives reach every team of their organisation; a manager reaches their own
 * team and everything below it; an employee sees their own team's results and acts on none.
 * The answers read the current team tree of the person's own organisation, so an id from
 * another organisation (or an unknown one) is simply not reachable: callers answer 404.
 */
import { asc, eq } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import type { Role } from '~db/schema'
import { teams } from '~db/schema'

import { leads, reachesEveryTeam, reachesOwnSubtree } from './roles'
import type { SessionUser } from './sessions.server'

export { hasOneOf, isAdmin, leads, reachesEveryTeam, reachesOwnSubtree } from './roles'

export type Person = Pick<SessionUser['user'], 'id' | 'orgId' | 'role' | 'teamId'>

export interface TeamNode {
	id: string
	parentId: string | null
	path: string
}

/** Roles that may create and change actions (within their reach). */
export const ACTING_ROLES: readonly Role[] = ['admin', 'executive', 'manager']

export async function teamTree(orgId: string): Promise<TeamNode[]> {
	return db().select({ id: teams.id, parentId: teams.parentId, path: teams.path }).from(teams).where(eq(teams.orgId, orgId)).orderBy(asc(teams.path))
}

/** Whether the team at `path` is the team at `rootPath` or below it: the one subtree check. */
export function isWithin(path: string, rootPath: string): boolean {
	return path === rootPath || path.startsWith(`${rootPath}/`)
}

/** The team and everything below it (by path), in path order; empty when the team is not in the tree. */
export function subtreeIds(tree: TeamNode[], teamId: string): string[] {
	const root = tree.find((t) => t.id === teamId)
	if (!root) return []
	return tree.filter((t) => isWithin(t.path, root.path)).map((t) => t.id)
}

/** The team and its ancestors up to the top, nearest first. */
export function ancestorIds(tree: TeamNode[], teamId: string): string[] {
	const byId = new Map(tree.map((t) => [t.id, t]))
	const out: string[] = []
	for (let t = byId.get(teamId); t; t = t.parentId ? byId.get(t.parentId) : undefined) out.push(t.id)
	return out
}

/**
 * Teams whose actions the person may create and change: every team for admins and executives,
 * a manager's own subtree, nothing for employees (or a manager without a team).
 */
export function actingTeams(person: Person, tree: TeamNode[]): Set<string> {
	if (reachesEveryTeam(person.role)) return new Set(tree.map((t) => t.id))
	if (reachesOwnSubtree(person.role) && person.teamId) return new Set(subtreeIds(tree, person.teamId))
	return new Set()
}

/**
 * Teams whose results the person may open on /results: every team for admins and executives,
 * a manager's subtree, an employee's own team. (What is actually shown of them is the gate's
 * business: a team too small is replaced by its nearest shown ancestor.)
 */
export function viewableTeams(person: Person, tree: TeamNode[]): Set<string> {
	if (!leads(person.role)) return new Set(person.teamId && tree.some((t) => t.id === person.teamId) ? [person.teamId] : [])
	return actingTeams(person, tree)
}

export async function mayActOnTeam(person: Person, teamId: string): Promise<boolean> {
	return actingTeams(person, await teamTree(person.orgId)).has(teamId)
}

export async function mayViewTeam(person: Person, teamId: string): Promise<boolean> {
	return viewableTeams(person, await teamTree(person.orgId)).has(teamId)
}

/**
 * The team a person's reports are limited to: null (the whole organisation) for those who reach
 * every team, a manager's own team, and undefined for anyone else — a manager without a team, or
 * an employee — who has no report to read.
 */
export function reportScope(person: Pick<Person, 'role' | 'teamId'>): string | null | undefined {
	if (reachesEveryTeam(person.role)) return null
	if (reachesOwnSubtree(person.role) && person.teamId) return person.teamId
	return undefined
}

/** The teams whose actions a list shows: null (every team) for those who reach every team, else the person's reach. */
export function actionListTeams(person: Pick<Person, 'role'>, reach: Iterable<string>): string[] | null {
	return reachesEveryTeam(person.role) ? null : [...reach]
}
