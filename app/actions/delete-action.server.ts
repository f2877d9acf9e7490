/** Deleting an action (a mistake, a duplicate) with its updates; the audit log keeps what it was. */
import { and, eq } from 'drizzle-orm'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import type { Person } from '~/auth/permissions.server'
import { db } from '~/utils/db.server'
import { actions } from '~db/schema'

import { actionInReach } from './action-in-reach.server'

/** False when the action is unknown or out of the person's reach (404). */
export async function deleteAction(person: Person, actionId: string, actor: AuditActor): Promise<boolean> {
	const action = await actionInReach(person, actionId)
	if (!action) return false
	await db().transaction(async (tx) => {
		await tx.delete(actions).where(and(eq(actions.orgId, person.orgId), eq(actions.id, action.id)))
		await recordAudit(tx, person.orgId, {
			actor,
			action: 'action.deleted',
			target: action.id,
			detail: { teamId: action.teamId, dimension: action.dimension, theme: action.theme, title: action.title, status: action.status },
		})
	})
	return true
}
