import { eq } from 'drizzle-orm'
import { z } from 'zod'

import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { LOCALES } from '~/i18n/locales'
import { db } from '~/utils/db.server'
import { fail, fieldErrorsFrom, ok, type Result } from '~/utils/result'
import { textSchema } from '~/utils/text'
import { organizations } from '~db/schema'

import { markAllWeeksStale } from './consequences.server'

export const MIN_ANONYMITY_K = 3

export const timeZones: readonly string[] = Intl.supportedValuesOf('timeZone')

export const settingsSchema = z.object({
	name: textSchema().trim().min(1, 'Enter the organisation name.').max(120, 'At most 120 characters.'),
	timeZone: z.string().refine((tz) => tz === 'UTC' || timeZones.includes(tz), 'Choose a time zone from the list.'),
	// The language of everyone who has not chosen theirs, and of the organisation's own items. Optional: a form without it keeps it.
	locale: z.enum(LOCALES, { errorMap: () => ({ message: 'Choose a language from the list.' }) }).optional(),
	anonymityK: z.coerce
		.number({ invalid_type_error: 'Enter a whole number.' })
		.int('Enter a whole number.')
		.min(MIN_ANONYMITY_K, `The threshold is never below ${MIN_ANONYMITY_K}: smaller groups make answers guessable.`)
		.max(100, 'At most 100.'),
	// Optional so a form without them keeps the stored values (the settings page always sends them).
	retainAnswersMonths: retentionField('Answers', 36).optional(),
	retainEventsMonths: retentionField('Metric events', 24).optional(),
	retainAuditMonths: retentionField('The audit log', 24).optional(),
})

function retentionField(what: string, usual: number) {
	return z.coerce
		.number({ invalid_type_error: 'Enter a whole number of months.' })
		.int('Enter a whole number of months.')
		.min(1, `${what} are kept at least 1 month (usually ${usual}).`)
		.max(240, 'At most 240 months (20 years).')
}

const AUDITED = ['name', 'timeZone', 'locale', 'anonymityK', 'retainAnswersMonths', 'retainEventsMonths', 'retainAuditMonths'] as const

export async function getOrganization(orgId: string) {
	const [org] = await db().select().from(organizations).where(eq(organizations.id, orgId))
	return org ?? null
}

export async function updateOrganizationSettings(orgId: string, raw: unknown, actor: AuditActor = SYSTEM_ACTOR): Promise<Result<null>> {
	const parsed = settingsSchema.safeParse(raw)
	if (!parsed.success) return fail(fieldErrorsFrom(parsed.error.issues))
	const before = await getOrganization(orgId)
	await db().transaction(async (tx) => {
		await tx.update(organizations).set(parsed.data).where(eq(organizations.id, orgId))
		// Weeks are Mondays in the organisation's time zone: a new zone moves every week boundary.
		if (before && before.timeZone !== parsed.data.timeZone) await markAllWeeksStale(tx, orgId)
		const changed: Record<string, { from: unknown; to: unknown }> = {}
		for (const key of AUDITED) {
			const to = parsed.data[key]
			if (before && to !== undefined && before[key] !== to) changed[key] = { from: before[key], to }
		}
		if (Object.keys(changed).length) await recordAudit(tx, orgId, { actor, action: 'settings.changed', detail: changed })
	})
	return ok(null)
}
