/** The question bank of an organisation: the built-in items plus its own. */
import { and, asc, eq, isNull } from 'drizzle-orm'
import { z } from 'zod'

import { LOCALES } from '~/i18n/locales'
import { db } from '~/utils/db.server'
import { fail, fieldErrorsFrom, ok, type Result } from '~/utils/result'
import { textSchema } from '~/utils/text'
import { answerKinds, dimensions, items } from '~db/schema'

import { QUESTION_BANK } from './question-bank'

/** Copies any built-in item the organisation does not have yet (idempotent, safe to race). */
export async function ensureQuestionBank(orgId: string) {
	await db()
		.insert(items)
		.values(QUESTION_BANK.map((i) => ({ orgId, key: i.key, dimension: i.dimension, kind: i.kind, text: i.text, reverse: i.reverse })))
		.onConflictDoNothing()
}

export async function listItems(orgId: string, options: { includeArchived?: boolean } = {}) {
	await ensureQuestionBank(orgId)
	const rows = await db()
		.select()
		.from(items)
		.where(and(eq(items.orgId, orgId), options.includeArchived ? undefined : eq(items.archived, false)))
		.orderBy(asc(items.createdAt))
	// Built-in items in the bank's order, then the organisation's own in the order they were added.
	const order = new Map(QUESTION_BANK.map((b, i) => [b.key, i]))
	return rows.sort((a, b) => (order.get(a.key ?? '') ?? 1e6) - (order.get(b.key ?? '') ?? 1e6))
}

export const customItemSchema = z.object({
	dimension: z.enum(dimensions, { errorMap: () => ({ message: 'Choose what the item measures.' }) }),
	kind: z.enum(answerKinds, { errorMap: () => ({ message: 'Choose how it is answered.' }) }),
	text: textSchema().trim().min(10, 'Write the item as a full sentence (at least 10 characters).').max(300, 'Keep it under 300 characters: pulses are answered on phones.'),
	reverse: z
		.union([z.literal('on'), z.literal('true'), z.literal('')])
		.optional()
		.transform((v) => v === 'on' || v === 'true'),
})

export async function createCustomItem(orgId: string, raw: unknown): Promise<Result<{ id: string }>> {
	const parsed = customItemSchema.safeParse(raw)
	if (!parsed.success) return fail(fieldErrorsFrom(parsed.error.issues))
	const v = parsed.data
	if (v.reverse && v.kind !== 'likert') return fail({ reverse: 'Only agree–disagree items can be reverse-scored.' })
	if (v.kind === 'text' && v.dimension !== 'comment') return fail({ kind: 'Free-text items belong to the "Open comment" group.' })
	const [row] = await db()
		.insert(items)
		.values({ orgId, ...v })
		.returning({ id: items.id })
	return ok(row!)
}

/**
 * The wordings of one of the organisation's own items in other languages (`text_<locale>` fields;
 * an empty one removes that language). Each is a full sentence, as the item itself. Built-in
 * items have theirs in the bank catalogues. A wave keeps the wordings it opened with.
 */
export async function setItemTranslations(orgId: string, itemId: string, raw: Record<string, unknown>): Promise<Result<Record<string, string>> | null> {
	const errors: Record<string, string> = {}
	const translations: Record<string, string> = {}
	for (const locale of LOCALES) {
		const value = raw[`text_${locale}`]
		if (typeof value !== 'string' || !value.trim()) continue
		const parsed = customItemSchema.shape.text.safeParse(value)
		if (parsed.success) translations[locale] = parsed.data
		else errors[`text_${locale}`] = parsed.error.issues[0]!.message
	}
	if (Object.keys(errors).length) return fail(errors)
	const r = await db()
		.update(items)
		.set({ translations })
		.where(and(eq(items.orgId, orgId), eq(items.id, itemId), isNull(items.key)))
		.returning({ id: items.id })
	return r.length ? ok(translations) : null
}

/** Archives or restores one of the organisation's own items (built-in ones stay: surveys rely on them). */
export async function setItemArchived(orgId: string, itemId: string, archived: boolean) {
	const r = await db()
		.update(items)
		.set({ archived })
		.where(and(eq(items.orgId, orgId), eq(items.id, itemId), isNull(items.key)))
		.returning({ id: items.id })
	return r.length > 0
}
