/**
 * Whether a person may sign in with a password in their organisation: always, unless "passwords
 * off" is set on the identity page; then only the one break-glass admin named there (decision
 * 0037). Here, not in identity/, because sign-in asks it and identity/ sits above auth/ (it signs
 * people in through sessions).
 */
import { and, eq } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import type { Role } from '~db/enums'
import { ssoConfigs } from '~db/schema'

import { isAdmin } from './roles'

export async function passwordSignInAllowed(orgId: string, person: { id: string; role: Role }) {
	const [row] = await db()
		.select({ ssoOnly: ssoConfigs.ssoOnly, breakGlassUserId: ssoConfigs.breakGlassUserId })
		.from(ssoConfigs)
		.where(and(eq(ssoConfigs.orgId, orgId), eq(ssoConfigs.enabled, true)))
		.limit(1)
	if (!row?.ssoOnly) return true
	// Still an admin: one demoted since keeps no password.
	return row.breakGlassUserId === person.id && isAdmin(person.role)
}
