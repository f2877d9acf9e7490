/**
 * SCIM 2.0 Groups as teams: a group is a team (its `displayName` the team's path), its members
 * the people whose team it is. A pushed group creates a top-level team; adding a member moves the
 * person into that team, removing them leaves them without one. Membership goes through the
 * people module's own update, teams through the teams module (a team with people or sub-teams is
 * not deleted). Every change is audited; other organisations' ids answer 404.
 */
import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { getPerson, updatePerson } from '~/org/people.server'
import { createTeam, deleteTeam, renameTeam } from '~/org/teams.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { isUuid } from '~/utils/http'
import { teams, users } from '~db/schema'

import { notFound, parsePaging, SCIM, type ScimAnswer, scimError } from './scim-protocol'

type TeamRow = typeof teams.$inferSelect

async function membersOf(orgId: string, teamId: string) {
	return db()
		.select({ value: users.id, display: users.name })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.teamId, teamId)))
		.orderBy(asc(users.name))
}

async function toScimGroup(orgId: string, team: TeamRow, withMembers = true) {
	return {
		schemas: [SCIM.group],
		id: team.id,
		displayName: team.path,
		...(withMembers ? { members: await membersOf(orgId, team.id) } : {}),
		meta: { resourceType: 'Group', created: team.createdAt.toISOString(), location: `${env().APP_URL}/scim/v2/Groups/${team.id}` },
	}
}

async function findTeam(orgId: string, id: string) {
	if (!isUuid(id)) return null
	const [row] = await db()
		.select()
		.from(teams)
		.where(and(eq(teams.orgId, orgId), eq(teams.id, id)))
		.limit(1)
	return row ?? null
}

const FILTER = /^\s*displayName\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i

export async function listScimGroups(orgId: string, params: URLSearchParams): Promise<ScimAnswer> {
	const { startIndex, count: pageSize } = parsePaging(params)
	let where: SQL | undefined = eq(teams.orgId, orgId)
	const filter = params.get('filter')
	if (filter) {
		const m = FILTER.exec(filter)
		if (!m) return scimError(400, 'Only `displayName eq "…"` filters are supported on groups.', 'invalidFilter')
		where = and(where, eq(teams.path, m[1]!.replace(/\\(.)/g, '$1')))
	}
	const [total] = await db().select({ n: count() }).from(teams).where(where)
	const rows = pageSize
		? await db()
				.select()
				.from(teams)
				.where(where)
				.orderBy(asc(teams.path))
				.offset(startIndex - 1)
				.limit(pageSize)
		: []
	// Members are left out of lists unless asked for, as providers expect (`excludedAttributes=members`).
	const withMembers = !/\bmembers\b/i.test(params.get('excludedAttributes') ?? '')
	return {
		status: 200,
		body: {
			schemas: [SCIM.list],
			totalResults: total?.n ?? 0,
			startIndex,
			itemsPerPage: rows.length,
			Resources: await Promise.all(rows.map((t) => toScimGroup(orgId, t, withMembers))),
		},
	}
}

export async function getScimGroup(orgId: string, id: string): Promise<ScimAnswer> {
	const team = await findTeam(orgId, id)
	return team ? { status: 200, body: await toScimGroup(orgId, team) } : notFound('Group')
}

const memberIds = (value: unknown): string[] | null => {
	if (!Array.isArray(value)) return null
	const ids = value.map((m) => (typeof m === 'object' && m !== null ? (m as { value?: unknown }).value : undefined))
	return ids.every((id): id is string => typeof id === 'string') ? ids : null
}

/** Checks that every id is a person of the organisation; an error answer otherwise. */
async function checkPeople(orgId: string, ids: string[]): Promise<ScimAnswer | null> {
	if (!ids.length) return null
	if (!ids.every(isUuid)) return scimError(400, 'A member is not a user of this organisation.', 'invalidValue')
	const found = await db()
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.orgId, orgId), inArray(users.id, ids)))
	return found.length === new Set(ids).size ? null : scimError(400, 'A member is not a user of this organisation.', 'invalidValue')
}

async function moveInto(orgId: string, personId: string, teamId: string | null, actor: AuditActor) {
	const person = await getPerson(orgId, personId)
	if (!person || person.teamId === teamId) return
	await updatePerson(orgId, personId, { ...person, teamId: teamId ?? '', managerId: person.managerId ?? '' }, actor)
}

interface MemberChange {
	add: string[]
	remove: string[]
	replace: string[] | null
	rename: string | null
}

async function applyGroupChange(orgId: string, team: TeamRow, change: MemberChange, actor: AuditActor): Promise<ScimAnswer> {
	const problem = await checkPeople(orgId, [...change.add, ...change.remove, ...(change.replace ?? [])])
	if (problem) return problem
	if (change.rename !== null && change.rename !== team.path) {
		if (team.parentId) return scimError(400, 'Only top-level teams are renamed through provisioning; rename this one in the app.', 'mutability')
		const renamed = await renameTeam(orgId, team.id, change.rename)
		if (!renamed.ok) return scimError(400, Object.values(renamed.errors)[0] ?? 'The name cannot be used.', 'invalidValue')
	}
	const current = (await membersOf(orgId, team.id)).map((m) => m.value)
	const target = new Set(change.replace ?? current)
	for (const id of change.add) target.add(id)
	for (const id of change.remove) target.delete(id)
	for (const id of current) if (!target.has(id)) await moveInto(orgId, id, null, actor)
	for (const id of target) if (!current.includes(id)) await moveInto(orgId, id, team.id, actor)
	await recordAudit(db(), orgId, {
		actor,
		action: 'scim.group_changed',
		target: team.id,
		detail: { added: [...target].filter((id) => !current.includes(id)).length, removed: current.filter((id) => !target.has(id)).length },
	})
	const after = await findTeam(orgId, team.id)
	return after ? { status: 200, body: await toScimGroup(orgId, after) } : notFound('Group')
}

export async function createScimGroup(orgId: string, body: unknown, actor: AuditActor): Promise<ScimAnswer> {
	const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
	if (typeof b.displayName !== 'string' || !b.displayName.trim()) return scimError(400, 'A group needs a displayName.', 'invalidValue')
	const members = b.members === undefined ? [] : memberIds(b.members)
	if (!members) return scimError(400, '`members` is a list of {"value": "<user id>"}.', 'invalidValue')
	const problem = await checkPeople(orgId, members)
	if (problem) return problem
	const created = await createTeam(orgId, { name: b.displayName })
	if (!created.ok) {
		const message = Object.values(created.errors)[0] ?? 'The name cannot be used.'
		return scimError(message.startsWith('There is already') ? 409 : 400, message, message.startsWith('There is already') ? 'uniqueness' : 'invalidValue')
	}
	const answer = await applyGroupChange(orgId, created.value, { add: members, remove: [], replace: null, rename: null }, actor)
	return answer.status === 200 ? { ...answer, status: 201, location: `${env().APP_URL}/scim/v2/Groups/${created.value.id}` } : answer
}

export async function replaceScimGroup(orgId: string, id: string, body: unknown, actor: AuditActor): Promise<ScimAnswer> {
	const team = await findTeam(orgId, id)
	if (!team) return notFound('Group')
	const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
	const members = b.members === undefined ? [] : memberIds(b.members)
	if (!members) return scimError(400, '`members` is a list of {"value": "<user id>"}.', 'invalidValue')
	const rename = typeof b.displayName === 'string' && b.displayName.trim() ? b.displayName.trim() : null
	return applyGroupChange(orgId, team, { add: [], remove: [], replace: members, rename }, actor)
}

const MEMBER_PATH = /^members\[value eq "([^"]+)"\]$/i

export async function patchScimGroup(orgId: string, id: string, body: unknown, actor: AuditActor): Promise<ScimAnswer> {
	const team = await findTeam(orgId, id)
	if (!team) return notFound('Group')
	const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
	if (!Array.isArray(b.schemas) || !b.schemas.includes(SCIM.patch) || !Array.isArray(b.Operations)) {
		return scimError(400, `A PATCH body is {"schemas": ["${SCIM.patch}"], "Operations": [ … ]}.`, 'invalidSyntax')
	}
	const change: MemberChange = { add: [], remove: [], replace: null, rename: null }
	for (const raw of b.Operations as unknown[]) {
		const op = (typeof raw === 'object' && raw !== null ? raw : {}) as { op?: unknown; path?: unknown; value?: unknown }
		const kind = typeof op.op === 'string' ? op.op.toLowerCase() : ''
		const path = typeof op.path === 'string' ? op.path.trim() : ''
		const byValue = MEMBER_PATH.exec(path)
		if (kind === 'remove' && byValue) change.remove.push(byValue[1]!)
		else if (path.toLowerCase() === 'members' && ['add', 'remove', 'replace'].includes(kind)) {
			const ids = memberIds(op.value ?? [])
			if (!ids) return scimError(400, '`members` is a list of {"value": "<user id>"}.', 'invalidValue')
			if (kind === 'add') change.add.push(...ids)
			else if (kind === 'remove') change.remove.push(...ids)
			else change.replace = ids
		} else if (kind === 'replace' && (path.toLowerCase() === 'displayname' || (!path && typeof op.value === 'object' && op.value !== null))) {
			const value = path ? op.value : (op.value as Record<string, unknown>).displayName
			if (typeof value === 'string' && value.trim()) change.rename = value.trim()
		} else if (!['add', 'remove', 'replace'].includes(kind)) {
			return scimError(400, 'Each operation\'s "op" is add, replace or remove.', 'invalidSyntax')
		}
	}
	return applyGroupChange(orgId, team, change, actor)
}

/** A team is deleted only when nothing uses it (the teams module's rule); otherwise a clear refusal. */
export async function deleteScimGroup(orgId: string, id: string, actor: AuditActor): Promise<ScimAnswer> {
	const team = await findTeam(orgId, id)
	if (!team) return notFound('Group')
	const result = await deleteTeam(orgId, team.id)
	if (!result.ok) return scimError(409, Object.values(result.errors)[0] ?? 'This team is in use.', 'mutability')
	await recordAudit(db(), orgId, { actor, action: 'scim.group_changed', target: team.id, detail: { deleted: team.path } })
	return { status: 204 }
}
