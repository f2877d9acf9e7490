/**
 * Whether teams see a survey's results on /results: right after release, some days after, or
 * never. Executives and admins always see the dashboard; this only governs the team-facing view.
 */
import { and, eq } from 'drizzle-orm'
import { z } from 'zod'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { db } from '~/utils/db.server'
import { fail, fieldErrorsFrom, ok, type Result } from '~/utils/result'
import { SHARE_MODES, surveys } from '~db/schema'

export const MAX_SHARE_DELAY_DAYS = 90

export const sharingSchema = z
	.object({
		shareMode: z.enum(SHARE_MODES, { errorMap: () => ({ message: 'Choose when teams see the results.' }) }),
		shareDelayDays: z.coerce
			.number({ invalid_type_error: 'Enter a number of days.' })
			.int('Enter a whole number of days.')
			.min(0, 'Enter a number of days from 1 to 90.')
			.max(MAX_SHARE_DELAY_DAYS, `At most ${MAX_SHARE_DELAY_DAYS} days.`)
			.optional(),
	})
	.transform((v) => ({ shareMode: v.shareMode, shareDelayDays: v.shareMode === 'delay' ? (v.shareDelayDays ?? Number.NaN) : 0 }))
	.superRefine((v, ctx) => {
		if (v.shareMode === 'delay' && !(v.shareDelayDays >= 1)) ctx.addIssue({ code: 'custom', path: ['shareDelayDays'], message: 'Enter a number of days from 1 to 90.' })
	})

/** Null when the survey is not one of the organisation's (404). */
export async function setSurveySharing(orgId: string, surveyId: string, raw: Record<string, unknown>, actor: AuditActor): Promise<Result<null> | null> {
	const [current] = await db()
		.select({ shareMode: surveys.shareMode, shareDelayDays: surveys.shareDelayDays })
		.from(surveys)
		.where(and(eq(surveys.orgId, orgId), eq(surveys.id, surveyId)))
	if (!current) return null
	const parsed = sharingSchema.safeParse({ shareMode: raw.shareMode, shareDelayDays: raw.shareDelayDays === '' ? undefined : raw.shareDelayDays })
	if (!parsed.success) return fail(fieldErrorsFrom(parsed.error.issues))
	const next = parsed.data
	await db().transaction(async (tx) => {
		await tx
			.update(surveys)
			.set({ ...next, updatedAt: new Date() })
			.where(and(eq(surveys.orgId, orgId), eq(surveys.id, surveyId)))
		await recordAudit(tx, orgId, { actor, action: 'survey.sharing_changed', target: surveyId, detail: { before: current, after: next } })
	})
	return ok(null)
}
