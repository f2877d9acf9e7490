/** Pulse surveys: what is asked, of whom, and when. Every query is scoped by orgId. */
import { and, asc, count, desc, eq, inArray, max, ne, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { z } from 'zod'

import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/http'
import { isForeignKeyViolation } from '~/utils/pg-errors'
import { fail, fieldErrorsFrom, ok, type Result } from '~/utils/result'
import { textSchema } from '~/utils/text'
import { cadences, items, organizations, type Survey, surveyAudience, surveyItems, surveys, teams, waves } from '~db/schema'

import { MAX_PULSE_ITEMS, MIN_PULSE_ITEMS } from './question-bank'
import { MAX_OPEN_DAYS, type ScheduleSpec } from './schedule'

const uuidList = (message: string) => z.array(z.string().refine(isUuid, message)).default([])

export const surveyInputSchema = z
	.object({
		name: textSchema().trim().min(1, 'Give the survey a name.').max(120, 'At most 120 characters.'),
		itemIds: uuidList('Pick items from the list.')
			.refine((ids) => new Set(ids).size === ids.length, 'An item is picked twice.')
			.refine((ids) => ids.length >= MIN_PULSE_ITEMS, `A pulse has at least ${MIN_PULSE_ITEMS} items: pick ${MIN_PULSE_ITEMS} to ${MAX_PULSE_ITEMS}.`)
			.refine((ids) => ids.length <= MAX_PULSE_ITEMS, `A pulse has at most ${MAX_PULSE_ITEMS} items, so it takes a minute or two: remove some.`),
		audience: z.enum(['everyone', 'teams'], { errorMap: () => ({ message: 'Choose who receives it.' }) }),
		teamIds: uuidList('Pick teams from the list.'),
		cadence: z.enum(cadences, { errorMap: () => ({ message: 'Choose how often it is sent.' }) }),
		weekday: z.coerce.number().int().min(1, 'Choose a weekday.').max(7, 'Choose a weekday.'),
		sendTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as HH:MM, e.g. 09:00.'),
		openDays: z.coerce.number({ invalid_type_error: 'Enter a number of days.' }).int('Enter a whole number of days.').min(1, 'A wave stays open at least 1 day.'),
		reminderDaysBeforeClose: z.coerce.number({ invalid_type_error: 'Enter a number of days.' }).int('Enter a whole number of days.').min(0, 'Enter 0 for no reminder.'),
		anonymityK: z.coerce
			.number({ invalid_type_error: 'Enter a whole number.' })
			.int('Enter a whole number.')
			.min(3, 'The threshold is never below 3: smaller groups make answers guessable.')
			.max(100, 'At most 100.'),
	})
	.superRefine((v, ctx) => {
		const max = MAX_OPEN_DAYS[v.cadence]
		if (v.openDays > max)
			ctx.addIssue({
				code: 'custom',
				path: ['openDays'],
				message: `A ${v.cadence === 'biweekly' ? 'two-weekly' : v.cadence} pulse stays open at most ${max} days, so waves never overlap.`,
			})
		if (v.reminderDaysBeforeClose >= v.openDays)
			ctx.addIssue({ code: 'custom', path: ['reminderDaysBeforeClose'], message: 'The reminder must go out after the wave opens: use fewer days than it stays open (0 for none).' })
		if (v.audience === 'teams' && v.teamIds.length === 0) ctx.addIssue({ code: 'custom', path: ['teamIds'], message: 'Pick at least one team, or send it to everyone.' })
	})
export type SurveyInput = z.infer<typeof surveyInputSchema>

export function scheduleOf(survey: Survey, timeZone: string): ScheduleSpec {
	return {
		cadence: survey.cadence,
		weekday: survey.weekday,
		sendMinute: survey.sendMinute,
		openDays: survey.openDays,
		reminderDaysBeforeClose: survey.reminderDaysBeforeClose,
		anchor: survey.activatedAt ? DateTime.fromJSDate(survey.activatedAt, { zone: timeZone }).startOf('week').toISODate() : null,
	}
}

export async function listSurveys(orgId: string) {
	const rows = await db()
		.select({ survey: surveys, waves: count(waves.id), lastOpened: max(waves.opensAt) })
		.from(surveys)
		.leftJoin(waves, and(eq(waves.orgId, surveys.orgId), eq(waves.surveyId, surveys.id)))
		.where(eq(surveys.orgId, orgId))
		.groupBy(surveys.orgId, surveys.id)
		.orderBy(asc(surveys.status), desc(surveys.createdAt))
	return rows.map((r) => ({ ...r.survey, waveCount: r.waves, lastOpened: r.lastOpened }))
}

export async function getSurvey(orgId: string, surveyId: string) {
	const [survey] = await db()
		.select()
		.from(surveys)
		.where(and(eq(surveys.orgId, orgId), eq(surveys.id, surveyId)))
	if (!survey) return null
	const [picked, audience] = await Promise.all([
		db()
			.select({ itemId: surveyItems.itemId })
			.from(surveyItems)
			.where(and(eq(surveyItems.orgId, orgId), eq(surveyItems.surveyId, surveyId)))
			.orderBy(asc(surveyItems.position)),
		db()
			.select({ teamId: surveyAudience.teamId })
			.from(surveyAudience)
			.where(and(eq(surveyAudience.orgId, orgId), eq(surveyAudience.surveyId, surveyId))),
	])
	return { ...survey, itemIds: picked.map((p) => p.itemId), teamIds: audience.map((a) => a.teamId) }
}

/**
 * Creates (surveyId null) or updates a survey. Changing the items of an active survey only
 * changes future waves: each wave keeps the wording it opened with.
 */
export async function saveSurvey(orgId: string, surveyId: string | null, raw: unknown): Promise<Result<{ id: string }>> {
	const parsed = surveyInputSchema.safeParse(raw)
	if (!parsed.success) return fail(fieldErrorsFrom(parsed.error.issues))
	const v = parsed.data
	const teamIds = v.audience === 'everyone' ? [] : [...new Set(v.teamIds)]
	const [foundItems, foundTeams] = await Promise.all([
		db()
			.select({ id: items.id, archived: items.archived })
			.from(items)
			.where(and(eq(items.orgId, orgId), inArray(items.id, v.itemIds))),
		teamIds.length
			? db()
					.select({ id: teams.id })
					.from(teams)
					.where(and(eq(teams.orgId, orgId), inArray(teams.id, teamIds)))
			: Promise.resolve([]),
	])
	if (surveyId) {
		const [current] = await db()
			.select({ status: surveys.status })
			.from(surveys)
			.where(and(eq(surveys.orgId, orgId), eq(surveys.id, surveyId)))
		if (!current) return fail({ _form: 'That survey does not exist.' })
		if (current.status === 'archived') return fail({ _form: 'An archived survey cannot be changed.' })
	}
	const noItems = () => fail({ itemIds: 'Some picked items do not exist.' })
	const noTeams = () => fail({ teamIds: 'Some picked teams do not exist.' })
	if (foundItems.length !== v.itemIds.length) return noItems()
	if (foundItems.some((i) => i.archived)) return fail({ itemIds: 'Some picked items were archived from the bank; pick others.' })
	if (foundTeams.length !== teamIds.length) return noTeams()
	// Two surveys of the same name would both invite everyone: a second "Weekly pulse" is far more
	// often a slip (a form submitted as it came) than a wish. An archived one frees its name.
	const sameName = await db()
		.select({ id: surveys.id })
		.from(surveys)
		.where(and(eq(surveys.orgId, orgId), sql`lower(${surveys.name}) = lower(${v.name})`, ne(surveys.status, 'archived')))
	if (sameName.some((x) => x.id !== surveyId)) return fail({ name: `There is already a survey called “${v.name}”. Open it to change it, or choose another name.` })
	const [hh, mm] = v.sendTime.split(':').map(Number)
	const fields = {
		name: v.name,
		cadence: v.cadence,
		weekday: v.weekday,
		sendMinute: hh! * 60 + mm!,
		openDays: v.openDays,
		reminderDaysBeforeClose: v.reminderDaysBeforeClose,
		anonymityK: v.anonymityK,
		updatedAt: new Date(),
	}
	try {
		return await writeSurvey(orgId, surveyId, fields, v.itemIds, teamIds)
	} catch (error) {
		// A picked team was deleted after the check above (items are never deleted, only archived).
		if (isForeignKeyViolation(error, 'survey_audience_team_fk')) return noTeams()
		if (isForeignKeyViolation(error, 'survey_items_item_fk')) return noItems()
		throw error
	}
}

async function writeSurvey(
	orgId: string,
	surveyId: string | null,
	fields: Omit<typeof surveys.$inferInsert, 'orgId'>,
	itemIds: string[],
	teamIds: string[],
): Promise<Result<{ id: string }>> {
	return db().transaction(async (tx) => {
		let id = surveyId
		if (id) {
			const updated = await tx
				.update(surveys)
				.set(fields)
				.where(and(eq(surveys.orgId, orgId), eq(surveys.id, id)))
				.returning({ id: surveys.id })
			if (!updated.length) return fail({ _form: 'That survey does not exist.' })
			await tx.delete(surveyItems).where(and(eq(surveyItems.orgId, orgId), eq(surveyItems.surveyId, id)))
			await tx.delete(surveyAudience).where(and(eq(surveyAudience.orgId, orgId), eq(surveyAudience.surveyId, id)))
		} else {
			const [created] = await tx
				.insert(surveys)
				.values({ orgId, ...fields })
				.returning({ id: surveys.id })
			id = created!.id
		}
		await tx.insert(surveyItems).values(itemIds.map((itemId, position) => ({ orgId, surveyId: id!, itemId, position, required: true })))
		if (teamIds.length) await tx.insert(surveyAudience).values(teamIds.map((teamId) => ({ orgId, surveyId: id!, teamId })))
		return ok({ id: id! })
	})
}

const TRANSITIONS: Record<Survey['status'], Survey['status'][]> = {
	draft: ['active', 'archived'],
	active: ['paused', 'archived'],
	paused: ['active', 'archived'],
	archived: [],
}

export async function setSurveyStatus(orgId: string, surveyId: string, next: Survey['status'], actor: AuditActor = SYSTEM_ACTOR): Promise<Result<null>> {
	const survey = await getSurvey(orgId, surveyId)
	if (!survey) return fail({ _form: 'That survey does not exist.' })
	if (!TRANSITIONS[survey.status].includes(next)) return fail({ _form: `${/^[aeiou]/.test(survey.status) ? 'An' : 'A'} ${survey.status} survey cannot become ${next}.` })
	if (next === 'active') {
		const pickedArchived = await db()
			.select({ id: items.id })
			.from(items)
			.where(and(eq(items.orgId, orgId), inArray(items.id, survey.itemIds), eq(items.archived, true)))
		if (pickedArchived.length) return fail({ _form: 'Some of its items were archived from the bank; pick others first.' })
	}
	await db().transaction(async (tx) => {
		await tx
			.update(surveys)
			.set({ status: next, updatedAt: new Date(), ...(next === 'active' && !survey.activatedAt ? { activatedAt: new Date() } : {}) })
			.where(and(eq(surveys.orgId, orgId), eq(surveys.id, surveyId)))
		if (next === 'active') await recordAudit(tx, orgId, { actor, action: 'survey.activated', target: `${survey.id} (${survey.name})`, detail: { from: survey.status } })
	})
	return ok(null)
}

export async function orgTimeZone(orgId: string) {
	const [org] = await db().select({ timeZone: organizations.timeZone, anonymityK: organizations.anonymityK }).from(organizations).where(eq(organizations.id, orgId))
	return org!
}

/** Active surveys of every organisation, for the scheduler. */
export async function activeSurveys() {
	return db()
		.select({ survey: surveys, timeZone: organizations.timeZone })
		.from(surveys)
		.innerJoin(organizations, eq(organizations.id, surveys.orgId))
		.where(eq(surveys.status, 'active'))
}
