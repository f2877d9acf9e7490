/**
 * Saving the report settings, apart from reading them (settings.server.ts): saving rebuilds the
 * rollups, and the rollups read the settings, so keeping both in one file made a circle.
 */
import { sql } from 'drizzle-orm'
import { z } from 'zod'

import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { db, resultRows } from '~/utils/db.server'
import { fail, fieldErrorsFrom, ok, type Result } from '~/utils/result'
import { reportSettings } from '~db/schema'

import { isReportDate } from './dates'
import { INLINE_RECOMPUTE_MAX_RESPONSES, rebuildAllRollups } from './rollups.server'
import { forgetReportSettings, getReportSettings, WEIGHT_KEYS } from './settings.server'

const isoDate = z
	.string()
	.refine(isReportDate, 'Use a real date like 2026-03-02.')
	.or(z.literal(''))
	.optional()
	.transform((v) => v || null)

const weightField = z.coerce.number({ invalid_type_error: 'Enter a number.' }).min(0, 'Weights are 0 or more.').max(100, 'At most 100.')

export const settingsFormSchema = z.object({
	weights: z.record(z.string(), weightField),
	firstResponseMinutes: z.coerce.number({ invalid_type_error: 'Enter a number of minutes.' }).positive('Enter a positive number of minutes.').max(100_000),
	approvalCycleHours: z.coerce.number({ invalid_type_error: 'Enter a number of hours.' }).positive('Enter a positive number of hours.').max(10_000),
	rtmi: z.coerce.number({ invalid_type_error: 'Enter a number from 1 to 100.' }).min(1, 'Enter a number from 1 to 100.').max(100, 'Enter a number from 1 to 100.'),
	baselineFrom: isoDate,
	baselineTo: isoDate,
	commentK: z.coerce.number({ invalid_type_error: 'Enter a whole number.' }).int('Enter a whole number.').max(1000),
})

/** Reads the settings form: weights come as `weight.<key>` fields. */
export function settingsInput(form: Record<string, unknown>) {
	const weights: Record<string, unknown> = {}
	for (const key of WEIGHT_KEYS) weights[key] = form[`weight.${key}`]
	return { ...form, weights }
}

/** The fields that parse on their own, for the checks across fields when others did not. */
function partialValues(raw: unknown) {
	const form = (raw ?? {}) as Record<string, unknown> & { weights?: Record<string, unknown> }
	const field = <K extends 'commentK' | 'baselineFrom' | 'baselineTo'>(key: K) => {
		const one = settingsFormSchema.shape[key].safeParse(form[key])
		return one.success ? (one.data as z.infer<typeof settingsFormSchema>[K]) : undefined
	}
	const weights = WEIGHT_KEYS.map((key) => weightField.safeParse(form.weights?.[key])).flatMap((w) => (w.success ? [w.data] : []))
	return { commentK: field('commentK'), baselineFrom: field('baselineFrom'), baselineTo: field('baselineTo'), weights }
}

/**
 * Saves the settings. New weights change every response's culture index: an organisation of up
 * to `inlineMaxResponses` responses has its rollups rebuilt in the same transaction (stored
 * weights and figures never disagree); a larger one is marked for the background recompute,
 * and the dashboard says so until it is done.
 */
export async function saveReportSettings(
	orgId: string,
	raw: unknown,
	{ inlineMaxResponses = INLINE_RECOMPUTE_MAX_RESPONSES, actor = SYSTEM_ACTOR }: { inlineMaxResponses?: number; actor?: AuditActor } = {},
): Promise<Result<{ weightsChanged: boolean; recomputing: boolean }>> {
	const parsed = settingsFormSchema.safeParse(raw)
	const current = await getReportSettings(orgId)
	// Every mistake in one answer: the checks across fields run on whatever parsed, so a form
	// with a bad number and a backwards baseline names both instead of one per submit.
	const errors = parsed.success ? {} : fieldErrorsFrom(parsed.error.issues)
	const partial = partialValues(raw)
	if (partial.commentK !== undefined && partial.commentK < current.k) errors.commentK ??= `The comment threshold is never below the anonymity threshold (${current.k}).`
	if (!errors.baselineFrom && !errors.baselineTo) {
		if ((partial.baselineFrom === null) !== (partial.baselineTo === null)) errors.baselineTo = 'Give both ends of the baseline period, or neither.'
		else if (partial.baselineFrom && partial.baselineTo && partial.baselineFrom > partial.baselineTo) errors.baselineTo = 'The baseline ends before it starts.'
	}
	// Weights are relative: all zero would divide by zero, so their sum must be above 0.
	if (partial.weights.length === WEIGHT_KEYS.length && partial.weights.every((w) => w === 0)) errors.weights = 'The weights add up to 0: give at least one part a weight above 0.'
	if (!parsed.success || Object.keys(errors).length) return fail(errors)
	const v = parsed.data
	const weights = Object.fromEntries(WEIGHT_KEYS.map((key) => [key, v.weights[key] ?? 0]))
	const values = {
		weights,
		targets: { firstResponseMinutes: v.firstResponseMinutes, approvalCycleHours: v.approvalCycleHours, rtmi: v.rtmi },
		baselineFrom: v.baselineFrom,
		baselineTo: v.baselineTo,
		commentK: v.commentK,
		updatedAt: new Date(),
	}
	const weightsChanged = WEIGHT_KEYS.some((key) => weights[key] !== current.weights[key])
	const responses = weightsChanged
		? Number(resultRows<{ n: number }>(await db().execute(sql`select count(*)::int as n from responses where org_id = ${orgId}::uuid`))[0]?.n ?? 0)
		: 0
	const inBackground = weightsChanged && responses > inlineMaxResponses
	// Either way the background job runs once every instance has the new weights: it catches
	// answers that other instances scored with the old ones in the meantime.
	// The time from here, not now() in the statement: Citus refuses a non-immutable function in
	// an upsert's DO UPDATE SET.
	const row = { ...values, ...(weightsChanged ? { rollupsStaleSince: values.updatedAt } : {}) }
	await db().transaction(async (tx) => {
		await tx
			.insert(reportSettings)
			.values({ orgId, ...row })
			.onConflictDoUpdate({ target: reportSettings.orgId, set: row })
		if (weightsChanged && !inBackground) await rebuildAllRollups(tx, orgId, weights)
		const changed: Record<string, { from: unknown; to: unknown }> = {}
		if (weightsChanged) changed.weights = { from: current.weights, to: weights }
		if (current.commentK !== v.commentK) changed.commentK = { from: current.commentK, to: v.commentK }
		if (JSON.stringify(current.targets) !== JSON.stringify(values.targets)) changed.targets = { from: current.targets, to: values.targets }
		if (current.baselineFrom !== v.baselineFrom || current.baselineTo !== v.baselineTo)
			changed.baseline = { from: [current.baselineFrom, current.baselineTo], to: [v.baselineFrom, v.baselineTo] }
		if (Object.keys(changed).length) await recordAudit(tx, orgId, { actor, action: 'report_settings.changed', detail: changed })
	})
	forgetReportSettings(orgId)
	return ok({ weightsChanged, recomputing: inBackground || current.recomputing })
}
