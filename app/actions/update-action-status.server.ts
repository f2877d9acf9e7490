/** Moving an action along (planned → under way → done, or dropped), with its audit entry in the same transaction. */
import { and, eq } from 'drizzle-orm'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import type { Person } from '~/auth/permissions.server'
import { db } from '~/utils/db.server'
import { fail, fieldErrorsFrom, ok, type Result } from '~/utils/result'
import { actions } from '~db/schema'

import { actionInReach } from './action-in-reach.server'
import { statusInputSchema } from './action-schema.server'

/** Null when the action is unknown or out of the person's reach (404). */
export async function updateActionStatus(person: Person, actionId: string, raw: Record<string, unknown>, actor: AuditActor): Promise<Result<null> | null> {
	const action = await actionInReach(person, actionId)
	if (!action) return null
	const parsed = statusInputSchema.safeParse(raw)
	if (!parsed.success) return fail(fieldErrorsFrom(parsed.error.issues))
	const next = parsed.data.status
	if (next === action.status) return ok(null)
	await db().transaction(async (tx) => {
		await tx
			.update(actions)
			.set({ status: next, updatedAt: new Date() })
			.where(and(eq(actions.orgId, person.orgId), eq(actions.id, action.id)))
		await recordAudit(tx, person.orgId, { actor, action: 'action.status_changed', target: action.id, detail: { before: action.status, after: next } })
	})
	return ok(null)
}
