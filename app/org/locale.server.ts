/** Whose language: a person's own choice (null follows the organisation) and the organisation's. */
import { and, eq } from 'drizzle-orm'

import { isLocale, type Locale } from '~/i18n/locales'
import { db } from '~/utils/db.server'
import { fail, ok, type Result } from '~/utils/result'
import { organizations, users } from '~db/schema'

/** `null` follows the organisation's language. Anything but one of the five is refused, nothing stored. */
export async function setPersonLocale(orgId: string, userId: string, locale: unknown): Promise<Result<Locale | null>> {
	if (locale !== null && !isLocale(locale)) return fail({ locale: 'Choose one of the languages offered.' })
	await db()
		.update(users)
		.set({ locale, updatedAt: new Date() })
		.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
	return ok(locale)
}

export async function setOrgLocale(orgId: string, locale: unknown): Promise<Result<Locale>> {
	if (!isLocale(locale)) return fail({ locale: 'Choose one of the languages offered.' })
	await db().update(organizations).set({ locale }).where(eq(organizations.id, orgId))
	return ok(locale)
}
