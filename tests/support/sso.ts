/** Single sign-on set-up shortcuts for tests that are not about domain verification. */
import { and, eq, inArray } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { ssoDomains } from '~db/schema'

/** Marks an organisation's claimed domains as proven, as a found DNS record would. */
export async function proveDomains(orgId: string, ...domains: string[]) {
	await db()
		.update(ssoDomains)
		.set({ verifiedAt: new Date() })
		.where(and(eq(ssoDomains.orgId, orgId), inArray(ssoDomains.domain, domains)))
}
