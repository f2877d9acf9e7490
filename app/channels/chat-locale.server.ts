/**
 * The language of someone writing to the app from a chat (a Slack member, a Teams user): the
 * person they are matched to reads their own (else their organisation's); someone not matched
 * yet reads the organisation's.
 */
import { and, eq } from 'drizzle-orm'

import { personLocale } from '~/i18n/i18n.server'
import { DEFAULT_LOCALE, type RenderLocale } from '~/i18n/locales'
import { db } from '~/utils/db.server'
import { chatIdentities, organizations, users } from '~db/schema'

import type { ChatChannelName } from './channel-names'

export async function memberLocale(orgId: string, provider: ChatChannelName, member: string): Promise<RenderLocale> {
	const [org] = await db().select({ locale: organizations.locale }).from(organizations).where(eq(organizations.id, orgId))
	if (!org) return DEFAULT_LOCALE
	const [person] = await db()
		.select({ locale: users.locale })
		.from(chatIdentities)
		.innerJoin(users, and(eq(users.orgId, chatIdentities.orgId), eq(users.id, chatIdentities.userId)))
		.where(and(eq(chatIdentities.orgId, orgId), eq(chatIdentities.provider, provider), eq(chatIdentities.externalUserId, member)))
	return personLocale(person ?? { locale: null }, org)
}
