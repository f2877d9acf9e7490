/**
 * Who a provider's identity is in an organisation: the person its subject was linked to, or else
 * the active person with that (verified) e-mail in a domain the organisation has proven it owns
 * (a provider can assert any address; only the domain's owner decides who holds one), who is
 * linked from then on. Nobody is created:
 * a provider can only sign in people the organisation already has, and so never makes an admin.
 */
import { and, eq } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { ssoIdentities, users } from '~db/schema'

import { isVerifiedDomain } from './sso-domains.server'

export async function matchPerson(orgId: string, issuer: string, subject: string, email: string): Promise<{ id: string; linked: boolean } | null> {
	const [bySubject] = await db()
		.select({ id: users.id, active: users.active })
		.from(ssoIdentities)
		.innerJoin(users, and(eq(users.orgId, ssoIdentities.orgId), eq(users.id, ssoIdentities.userId)))
		.where(and(eq(ssoIdentities.orgId, orgId), eq(ssoIdentities.issuer, issuer), eq(ssoIdentities.subject, subject)))
		.limit(1)
	// A linked subject decides alone: a deactivated person is not rescued by another account's e-mail.
	if (bySubject) return bySubject.active ? { id: bySubject.id, linked: false } : null

	const address = email.trim().toLowerCase()
	if (!(await isVerifiedDomain(orgId, address.split('@')[1] ?? ''))) return null
	const [byEmail] = await db()
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.email, address), eq(users.active, true)))
		.limit(1)
	if (!byEmail) return null
	// One subject per person and provider: an account already linked to another subject is not
	// taken over by a second identity that claims its e-mail.
	const [other] = await db()
		.select({ subject: ssoIdentities.subject })
		.from(ssoIdentities)
		.where(and(eq(ssoIdentities.orgId, orgId), eq(ssoIdentities.issuer, issuer), eq(ssoIdentities.userId, byEmail.id)))
		.limit(1)
	if (other) return null
	await db().insert(ssoIdentities).values({ orgId, issuer, subject, userId: byEmail.id }).onConflictDoNothing()
	return { id: byEmail.id, linked: true }
}
