/** Teams of an organisation, as a tree addressed by path. Every query is scoped by orgId. */
import { and, asc, count, eq, like, sql } from 'drizzle-orm'

import { isWithin } from '~/auth/permissions.server'
import { db, type Tx } from '~/utils/db.server'
import { isForeignKeyViolation, isUniqueViolation } from '~/utils/pg-errors'
import { countOf } from '~/utils/plural'
import { fail, ok, type Result } from '~/utils/result'
import { metricEvents, surveyAudience, teams, users } from '~db/schema'

import { lookAlikeTeam } from './team-match'
import { normalizeTeamPath, parentPath, pathAndAncestors, teamLabel, teamName, teamNameProblem } from './team-path'

export type TeamRow = typeof teams.$inferSelect
export type TeamWithCounts = TeamRow & { members: number; membersWithSubteams: number; depth: number }

export async function listTeams(orgId: string): Promise<TeamWithCounts[]> {
	const rows = await db()
		.select({ team: teams, members: count(users.id) })
		.from(teams)
		.leftJoin(users, and(eq(users.orgId, teams.orgId), eq(users.teamId, teams.id), eq(users.active, true)))
		.where(eq(teams.orgId, orgId))
		.groupBy(teams.orgId, teams.id)
		.orderBy(asc(teams.path))
	// Rows come sorted by path, so a team's sub-teams are exactly the rows whose path extends it.
	return rows.map((r) => ({
		...r.team,
		members: r.members,
		membersWithSubteams: rows.filter((o) => isWithin(o.team.path, r.team.path)).reduce((sum, o) => sum + o.members, 0),
		depth: r.team.path.split('/').length - 1,
	}))
}

export async function getTeam(orgId: string, teamId: string) {
	const [row] = await db()
		.select()
		.from(teams)
		.where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)))
	return row ?? null
}

export async function createTeam(orgId: string, input: { name: string; parentId?: string | null }): Promise<Result<TeamRow>> {
	const problem = teamNameProblem(input.name)
	if (problem) return fail({ name: problem })
	const name = input.name.trim().replace(/\s+/g, ' ')
	let path = name
	if (input.parentId) {
		const parent = await getTeam(orgId, input.parentId)
		if (!parent) return fail({ parentId: 'That parent team does not exist.' })
		path = `${parent.path}/${name}`
	}
	const lookAlike = await lookAlikeProblem(orgId, path)
	if (lookAlike) return fail({ name: lookAlike })
	let created: TeamRow | undefined
	try {
		;[created] = await db()
			.insert(teams)
			.values({ orgId, name, path, parentId: input.parentId ?? null })
			.onConflictDoNothing()
			.returning()
	} catch (error) {
		// The parent was deleted after it was looked up.
		if (isForeignKeyViolation(error, 'teams_parent_fk')) return fail({ parentId: 'That parent team does not exist.' })
		throw error
	}
	if (!created) return fail({ name: `There is already a team "${path}".` })
	return ok(created)
}

/** Renames a team and rewrites the paths of everything under it, in one transaction. */
export async function renameTeam(orgId: string, teamId: string, newName: string): Promise<Result<TeamRow>> {
	const problem = teamNameProblem(newName)
	if (problem) return fail({ name: problem })
	const team = await getTeam(orgId, teamId)
	if (!team) return fail({ _form: 'That team does not exist.' })
	const name = newName.trim().replace(/\s+/g, ' ')
	const parent = parentPath(team.path)
	const newPath = parent ? `${parent}/${name}` : name
	if (newPath === team.path) return ok(team)
	const clash = await db()
		.select({ id: teams.id })
		.from(teams)
		.where(and(eq(teams.orgId, orgId), eq(teams.path, newPath)))
	const taken = () => fail({ name: `There is already a team "${newPath}".` })
	if (clash.length) return taken()
	// Only a change of case or spacing of the team's own name is not a look-alike of itself.
	const lookAlike = await lookAlikeProblem(orgId, newPath, team.path)
	if (lookAlike) return fail({ name: lookAlike })
	try {
		return await db().transaction(async (tx) => {
			const prefix = `${team.path}/`
			await tx
				.update(teams)
				.set({ path: sql`${newPath} || substr(${teams.path}, ${team.path.length + 1})` })
				.where(and(eq(teams.orgId, orgId), like(teams.path, `${escapeLike(prefix)}%`)))
			const [renamed] = await tx
				.update(teams)
				.set({ name, path: newPath })
				.where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)))
				.returning()
			return renamed ? ok(renamed) : fail({ _form: 'That team does not exist.' })
		})
	} catch (error) {
		// Another request took the name after the check above.
		if (isUniqueViolation(error, 'teams_org_path')) return taken()
		throw error
	}
}

/**
 * Deletes an unused team: no sub-teams, nobody in it (active or not), no survey audience, no events.
 * The team row is locked first: a person, sub-team, audience or event being added to it meanwhile
 * either finished before (and is counted below) or waits and then finds the team gone, so
 * nothing that refers to it is deleted with it unseen.
 */
export async function deleteTeam(orgId: string, teamId: string): Promise<Result<null>> {
	return db().transaction(async (tx) => {
		const [team] = await tx
			.select()
			.from(teams)
			.where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)))
			.for('update')
		if (!team) return fail({ _form: 'That team does not exist.' })
		const [children] = await tx
			.select({ n: count() })
			.from(teams)
			.where(and(eq(teams.orgId, orgId), eq(teams.parentId, teamId)))
		if (children!.n > 0) return fail({ _form: `"${team.path}" has sub-teams; move or delete them first.` })
		const [people] = await tx
			.select({ n: count() })
			.from(users)
			.where(and(eq(users.orgId, orgId), eq(users.teamId, teamId)))
		if (people!.n > 0) return fail({ _form: `"${team.path}" still has ${countOf(people!.n, 'person', 'people')}; move them first.` })
		// A survey's audience and response-time events point at teams and would go with it silently
		// (a survey whose only audience team disappears would then go to everyone).
		const [audience] = await tx
			.select({ n: count() })
			.from(surveyAudience)
			.where(and(eq(surveyAudience.orgId, orgId), eq(surveyAudience.teamId, teamId)))
		if (audience!.n > 0) return fail({ _form: `"${team.path}" receives ${audience!.n === 1 ? 'a survey' : `${audience!.n} surveys`}; change their audience first.` })
		const [events] = await tx
			.select({ n: count() })
			.from(metricEvents)
			.where(and(eq(metricEvents.orgId, orgId), eq(metricEvents.teamId, teamId)))
		if (events!.n > 0) return fail({ _form: `"${team.path}" has ${events!.n} response-time events; they would be lost with it.` })
		await tx.delete(teams).where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)))
		return ok(null)
	})
}

/**
 * Finds or creates every team along each path (parents first) and returns path → id.
 * Runs inside the caller's transaction so an import that fails creates no team.
 */
export async function ensureTeamPaths(tx: Tx, orgId: string, paths: Iterable<string>) {
	const wanted = new Set<string>()
	for (const p of paths) for (const a of pathAndAncestors(normalizeTeamPath(p))) wanted.add(a)
	const existing = await tx.select({ id: teams.id, path: teams.path }).from(teams).where(eq(teams.orgId, orgId))
	const ids = new Map(existing.map((t) => [t.path, t.id]))
	const missing = [...wanted].filter((p) => !ids.has(p)).sort((a, b) => a.split('/').length - b.split('/').length)
	let created = 0
	for (const path of missing) {
		const parent = parentPath(path)
		// Another request (an import, the teams page) may create the same team meanwhile: use theirs.
		const [row] = await tx
			.insert(teams)
			.values({ orgId, name: teamName(path), path, parentId: parent ? ids.get(parent)! : null })
			.onConflictDoNothing()
			.returning({ id: teams.id })
		if (row) created++
		const id =
			row?.id ??
			(
				await tx
					.select({ id: teams.id })
					.from(teams)
					.where(and(eq(teams.orgId, orgId), eq(teams.path, path)))
			)[0]!.id
		ids.set(path, id)
	}
	return { ids, created }
}

/**
 * Two teams that look the same are listed twice in every picker, and people end up in the wrong
 * one (issue 18): a team that differs from another only by case, spaces or separators is refused.
 * `self`: the team being renamed, with its sub-teams, which it may resemble.
 */
async function lookAlikeProblem(orgId: string, path: string, self?: string): Promise<string | null> {
	const existing = (await db().select({ path: teams.path }).from(teams).where(eq(teams.orgId, orgId))).map((t) => t.path).filter((p) => !self || !isWithin(p, self))
	const like = lookAlikeTeam(existing, path)
	return like
		? `"${teamLabel(path)}" would look like the existing team "${teamLabel(like)}" (only case, spaces or separators differ). Choose a name that cannot be mistaken for it.`
		: null
}

function escapeLike(s: string) {
	return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}
