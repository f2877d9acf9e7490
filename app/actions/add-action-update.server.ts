/** A dated note on an action's progress, stored with its audit entry in one transaction. */
import { type AuditActor, recordAudit } from '~/audit/audit.server'
import type { Person } from '~/auth/permissions.server'
import { db } from '~/utils/db.server'
import { fail, fieldErrorsFrom, ok, type Result } from '~/utils/result'
import { actionUpdates } from '~db/schema'

import { actionInReach } from './action-in-reach.server'
import { updateInputSchema } from './action-schema.server'
import { orgToday } from './create-action.server'

/** Null when the action is unknown or out of the person's reach (404). */
export async function addActionUpdate(person: Person, actionId: string, raw: Record<string, unknown>, actor: AuditActor): Promise<Result<{ id: string }> | null> {
	const action = await actionInReach(person, actionId)
	if (!action) return null
	const today = await orgToday(person.orgId)
	const parsed = updateInputSchema.safeParse({ ...raw, on: raw.on || today })
	if (!parsed.success) return fail(fieldErrorsFrom(parsed.error.issues))
	if (parsed.data.on > today) return fail({ on: 'An update tells what happened: its date cannot be in the future.' })
	const id = await db().transaction(async (tx) => {
		const [row] = await tx
			.insert(actionUpdates)
			.values({ orgId: person.orgId, actionId: action.id, on: parsed.data.on, note: parsed.data.note, authorId: person.id })
			.returning({ id: actionUpdates.id })
		await recordAudit(tx, person.orgId, { actor, action: 'action.update_added', target: action.id, detail: { on: parsed.data.on } })
		return row!.id
	})
	return ok({ id })
}
