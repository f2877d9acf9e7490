/**
 * Sign-in outcomes for the audit log. The audit log is per organisation, so an attempt is
 * recorded in each organisation that has an active account with that e-mail (by the account's
 * id, never the typed e-mail); an attempt on an address no organisation knows is recorded
 * nowhere (the throttle still counts it).
 */
import { and, eq } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { organizations, users } from '~db/schema'

import { recordAudit } from './audit.server'

export interface SignInAccount {
	orgId: string
	userId: string
}

export async function auditSignIn(
	outcome: 'success' | 'failure' | 'throttled',
	input: { accounts?: SignInAccount[]; email?: string; organization?: string; clientAddress?: string },
) {
	let accounts = input.accounts
	if (!accounts && input.email) {
		// A throttled attempt is answered before accounts are looked up: find them here.
		accounts = await db()
			.select({ orgId: users.orgId, userId: users.id })
			.from(users)
			.innerJoin(organizations, eq(organizations.id, users.orgId))
			.where(and(eq(users.email, input.email), eq(users.active, true), input.organization ? eq(organizations.slug, input.organization.trim().toLowerCase()) : undefined))
			.limit(10)
	}
	for (const a of accounts ?? []) {
		await recordAudit(db(), a.orgId, {
			actor: { userId: outcome === 'success' ? a.userId : null, label: outcome === 'success' ? 'self' : 'anonymous', ip: input.clientAddress ?? null },
			action: `sign_in.${outcome}`,
			targetUserId: a.userId,
		})
	}
}
