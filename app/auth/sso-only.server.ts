/**
 * Whether password sign-in is off for this organisation's people who are not admins ("SSO only",
 * set on the identity page). Here, not in identity/, because sign-in asks it and identity/ sits
 * above auth/ (it signs people in through sessions).
 */
import { and, eq } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { ssoConfigs } from '~db/schema'

export async function isSsoOnly(orgId: string) {
	const [row] = await db()
		.select({ ssoOnly: ssoConfigs.ssoOnly })
		.from(ssoConfigs)
		.where(and(eq(ssoConfigs.orgId, orgId), eq(ssoConfigs.enabled, true)))
		.limit(1)
	return row?.ssoOnly ?? false
}
