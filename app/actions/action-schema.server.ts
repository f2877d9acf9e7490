/** Validation of action input (forms and imports alike): one message per field, in plain words. */
import { z } from 'zod'

import { isReportDate } from '~/reports/dates'
import { CULTURE_DIMENSIONS } from '~/reports/dimensions'
import { isUuid } from '~/utils/http'
import { textSchema } from '~/utils/text'

import { ACTION_STATUSES, MAX_NOTE, MAX_THEME, MAX_TITLE } from './action-fields'

const day = (message: string) => z.string({ required_error: message }).refine(isReportDate, message)
const optionalText = (max: number, tooLong: string) =>
	textSchema()
		.trim()
		.max(max, tooLong)
		.optional()
		.transform((v) => v || null)

export const actionInputSchema = z
	.object({
		teamId: z.string({ required_error: 'Choose a team.' }).refine(isUuid, 'Choose a team from the list.'),
		/** A culture dimension, or empty for a comment theme (then `theme` says which). */
		dimension: z
			.union([z.enum(CULTURE_DIMENSIONS), z.literal('')], { errorMap: () => ({ message: 'Choose a dimension from the list, or a comment theme.' }) })
			.optional()
			.transform((v) => v || null),
		theme: optionalText(MAX_THEME, `A theme has at most ${MAX_THEME} characters.`),
		title: textSchema({ required_error: 'Say what will change.' })
			.trim()
			.min(3, 'Say what will change (at least 3 characters).')
			.max(MAX_TITLE, `At most ${MAX_TITLE} characters.`),
		/** The owner as the form's picker names them ("Name · Team"), or by id. */
		owner: z.string().trim().max(400).optional(),
		ownerId: z.string().optional(),
		dueOn: day('Enter a due date as YYYY-MM-DD.'),
		startedOn: day('Enter a start date as YYYY-MM-DD.'),
		status: z.enum(ACTION_STATUSES, { errorMap: () => ({ message: 'Choose a status.' }) }).default('planned'),
	})
	.superRefine((v, ctx) => {
		if (!v.dimension && !v.theme) ctx.addIssue({ code: 'custom', path: ['theme'], message: 'Name the comment theme this action answers, or choose a dimension.' })
		if (v.dimension && v.theme) ctx.addIssue({ code: 'custom', path: ['theme'], message: 'An action targets a dimension or a comment theme, not both: leave the theme empty.' })
		if (v.dueOn < v.startedOn) ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'The due date is before the start date.' })
	})
export type ActionInput = z.infer<typeof actionInputSchema>

/** The owner is named by the picker's text or by id; checked apart from the schema so it is reported with every other field error. */
export function ownerMissing(raw: Record<string, unknown>): boolean {
	const owner = typeof raw.owner === 'string' ? raw.owner.trim() : ''
	return !owner && !(typeof raw.ownerId === 'string' && isUuid(raw.ownerId))
}

export const statusInputSchema = z.object({ status: z.enum(ACTION_STATUSES, { errorMap: () => ({ message: 'Choose a status.' }) }) })

export const updateInputSchema = z.object({
	on: day('Enter the date as YYYY-MM-DD.'),
	note: textSchema({ required_error: 'Write what happened.' }).trim().min(1, 'Write what happened.').max(MAX_NOTE, `At most ${MAX_NOTE} characters.`),
})
