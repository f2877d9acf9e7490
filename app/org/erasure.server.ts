/**
 * Erasure of a person (GDPR Art. 17). Their row goes, and with it, by the foreign keys, their
 * sessions, password links, pulse invitations (who was asked, whether they answered) and the
 * links of those invitations, and their queued or sent e-mails; e-mails to their address
 * without a user id too, the .eml files the file transport wrote for them, and the attempt
 * counters keyed by their address (sign-in, password-reset requests).
 *
 * What stays: the anonymous answers (they point at no person, so there is nothing of theirs to
 * find) and the participation counts of waves (participation_rollups and released weeks hold
 * numbers per team and level, no person), so figures already released do not move.
 *
 * The audit log records that an erasure happened and who did it, not whom: no target, no name,
 * no address. Events that named the person by id now resolve to nobody.
 */
import fs from 'node:fs/promises'
import path from 'node:path'

import { and, count, eq, inArray, or, sql } from 'drizzle-orm'

import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { isAdmin } from '~/auth/roles'
import { emailThrottleKeys } from '~/auth/throttle.server'
import { mailDir } from '~/mail/transport.server'
import { db } from '~/utils/db.server'
import { fail, ok, type Result } from '~/utils/result'
import { actions, actionUpdates, answeredInvitations, invitations, mailOutbox, sessions, signInThrottle, ssoConfigs, users } from '~db/schema'

import { LAST_ADMIN_MESSAGE } from './people.server'

export async function erasePerson(
	orgId: string,
	personId: string,
	options: { actor?: AuditActor; actingUserId?: string } = {},
): Promise<Result<{ invitations: number; sessions: number; mails: number; files: number }>> {
	if (options.actingUserId === personId) return fail({ _form: 'You cannot erase yourself; ask another admin.' })
	const outcome = await db().transaction(async (tx) => {
		const [person] = await tx
			.select({ id: users.id, email: users.email, role: users.role, active: users.active })
			.from(users)
			.where(and(eq(users.orgId, orgId), eq(users.id, personId)))
			.for('update')
		if (!person) return fail({ _form: 'That person does not exist.' })
		if (isAdmin(person.role)) {
			// Locked in the same transaction, so two admins erasing each other cannot both succeed.
			const admins = await tx
				.select({ id: users.id })
				.from(users)
				.where(and(eq(users.orgId, orgId), eq(users.role, 'admin'), eq(users.active, true)))
				.for('update')
			if (admins.every((a) => a.id === person.id)) return fail({ _form: LAST_ADMIN_MESSAGE })
		}
		const mine = or(eq(mailOutbox.userId, person.id), eq(mailOutbox.toEmail, person.email))
		const mails = await tx
			.select({ id: mailOutbox.id, fileName: mailOutbox.fileName })
			.from(mailOutbox)
			.where(and(eq(mailOutbox.orgId, orgId), mine))
		const [inv] = await tx
			.select({ n: count() })
			.from(invitations)
			.where(and(eq(invitations.orgId, orgId), eq(invitations.userId, person.id)))
		const [ses] = await tx
			.select({ n: count() })
			.from(sessions)
			.where(and(eq(sessions.orgId, orgId), eq(sessions.userId, person.id)))
		if (mails.length)
			await tx.delete(mailOutbox).where(
				and(
					eq(mailOutbox.orgId, orgId),
					inArray(
						mailOutbox.id,
						mails.map((m) => m.id),
					),
				),
			)
		// People they managed keep their row with no manager; actions they own, created or noted
		// stay, pointing at nobody. Done here, not by ON DELETE SET NULL (column): Citus refuses
		// that form of key (migration 0031).
		await tx
			.update(users)
			.set({ managerId: null })
			.where(and(eq(users.orgId, orgId), eq(users.managerId, person.id)))
		// The break-glass admin, if it was them: passwords off then keep no one's (the identity page asks for another).
		await tx
			.update(ssoConfigs)
			.set({ breakGlassUserId: null })
			.where(and(eq(ssoConfigs.orgId, orgId), eq(ssoConfigs.breakGlassUserId, person.id)))
		await tx
			.update(actions)
			.set({ ownerId: null })
			.where(and(eq(actions.orgId, orgId), eq(actions.ownerId, person.id)))
		await tx
			.update(actions)
			.set({ createdBy: null })
			.where(and(eq(actions.orgId, orgId), eq(actions.createdBy, person.id)))
		await tx
			.update(actionUpdates)
			.set({ authorId: null })
			.where(and(eq(actionUpdates.orgId, orgId), eq(actionUpdates.authorId, person.id)))
		// Whether they answered has no key to their invitations (it would lock them at every
		// submission): deleted here, before the invitations go.
		await tx.execute(sql`
			delete from ${answeredInvitations} a using ${invitations} i
			where a.org_id = ${orgId} and i.org_id = a.org_id and i.user_id = ${person.id} and a.wave_id = i.wave_id and a.invitation_id = i.id`)
		// The cascade takes sessions, password tokens, invitations and their link tokens.
		await tx.delete(users).where(and(eq(users.orgId, orgId), eq(users.id, person.id)))
		// The throttle's keys are the address itself (sign-in and reset attempts). They are not
		// per organisation: while another organisation still has an account with this address,
		// the counters are that account's protection and stay.
		const [elsewhere] = await tx.select({ id: users.id }).from(users).where(eq(users.email, person.email)).limit(1)
		if (!elsewhere) await tx.delete(signInThrottle).where(inArray(signInThrottle.key, emailThrottleKeys(person.email)))
		const counts = { invitations: Number(inv?.n ?? 0), sessions: Number(ses?.n ?? 0), mails: mails.length }
		await recordAudit(tx, orgId, { actor: options.actor ?? SYSTEM_ACTOR, action: 'person.erased', detail: counts })
		return ok({ ...counts, fileNames: mails.flatMap((m) => (m.fileName ? [m.fileName] : [])) })
	})
	if (!outcome.ok) return outcome
	// After the commit: a file left behind by a crash here is named by a message id that no row
	// points to any more, and holds a link that no longer works (its token row is gone).
	let files = 0
	for (const name of outcome.value.fileNames) {
		if (path.basename(name) !== name) continue
		try {
			await fs.unlink(path.join(mailDir(), name))
			files++
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
		}
	}
	const { fileNames: _, ...counts } = outcome.value
	return ok({ ...counts, files })
}
