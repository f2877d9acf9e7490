/** Creating an action: validated whole, checked against the person's reach, stored with its audit entry in one transaction. */
import { eq } from 'drizzle-orm'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { actingTeams, type Person, teamTree } from '~/auth/permissions.server'
import { todayIn } from '~/metrics/weeks'
import { db } from '~/utils/db.server'
import { isForeignKeyViolation } from '~/utils/pg-errors'
import { fail, fieldErrorsFrom, ok, type Result } from '~/utils/result'
import { actions, organizations } from '~db/schema'

import { resolveOwner } from './action-owners.server'
import { actionInputSchema, ownerMissing } from './action-schema.server'

export const NOT_YOUR_TEAM = 'Choose one of the teams you lead.'
export const NO_OWNER = 'Choose an owner from the list: you, or someone in the action’s team or in a team above or below it.'

/** The organisation's today, the default start of an action. */
export async function orgToday(orgId: string, now = new Date()) {
	const [org] = await db().select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId))
	return todayIn(org?.timeZone ?? 'UTC', now)
}

export async function createAction(person: Person, raw: Record<string, unknown>, actor: AuditActor): Promise<Result<{ id: string }>> {
	const orgId = person.orgId
	const parsed = actionInputSchema.safeParse({ ...raw, startedOn: raw.startedOn || (await orgToday(orgId)) })
	const noOwner = ownerMissing(raw) ? { ownerId: 'Choose an owner from the list.' } : {}
	if (!parsed.success) return fail({ ...fieldErrorsFrom(parsed.error.issues), ...noOwner })
	if (noOwner.ownerId) return fail(noOwner)
	const v = parsed.data
	if (!actingTeams(person, await teamTree(orgId)).has(v.teamId)) return fail({ teamId: NOT_YOUR_TEAM })
	const ownerId = await resolveOwner(person, v.teamId, v)
	if (!ownerId) return fail({ ownerId: NO_OWNER })
	try {
		return await db().transaction(async (tx) => {
			const [row] = await tx
				.insert(actions)
				.values({
					orgId,
					teamId: v.teamId,
					dimension: v.dimension,
					theme: v.theme,
					title: v.title,
					ownerId,
					dueOn: v.dueOn,
					startedOn: v.startedOn,
					status: v.status,
					createdBy: person.id,
				})
				.returning({ id: actions.id })
			await recordAudit(tx, orgId, {
				actor,
				action: 'action.created',
				target: row!.id,
				detail: { teamId: v.teamId, dimension: v.dimension, theme: v.theme, status: v.status, dueOn: v.dueOn },
			})
			return ok({ id: row!.id })
		})
	} catch (error) {
		// The team or owner went away between the check and the insert.
		if (isForeignKeyViolation(error, 'actions_team_fk')) return fail({ teamId: NOT_YOUR_TEAM })
		if (isForeignKeyViolation(error, 'actions_owner_fk')) return fail({ ownerId: NO_OWNER })
		throw error
	}
}
