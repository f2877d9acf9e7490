/**
 * A few action plans for the demo, dated from the end of its history so the demo always shows
 * one action that moved its dimension (Social's refund limit, in the weeks its autonomy rose),
 * one too recent to measure, and one answering a comment theme.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { createActionRow } from '~/demo/factories.server'
import { db } from '~/utils/db.server'
import { organizations, teams, users } from '~db/schema'

export async function seedDemoActions(orgId: string, now = new Date()) {
	const [org] = await db().select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId))
	const today = DateTime.fromJSDate(now, { zone: org!.timeZone }).startOf('day')
	const weeksAgo = (n: number, weekday = 3) =>
		today
			.startOf('week')
			.minus({ weeks: n })
			.plus({ days: weekday - 1 })
			.toISODate()!
	const teamRows = await db()
		.select({ id: teams.id, path: teams.path })
		.from(teams)
		.where(and(eq(teams.orgId, orgId), inArray(teams.path, ['Customer Care/Social', 'Operations/Returns', 'Stores/North'])))
	const team = (path: string) => teamRows.find((t) => t.path === path)!.id
	const people = await db()
		.select({ id: users.id, email: users.email })
		.from(users)
		.where(and(eq(users.orgId, orgId), inArray(users.email, ['care.lead@demo.stateofnow.test', 'liam.obrien@demo.stateofnow.test', 'noah.kowalski@demo.stateofnow.test'])))
	const person = (email: string) => people.find((p) => p.email === email)?.id ?? null
	const maya = person('care.lead@demo.stateofnow.test')
	await createActionRow(db(), orgId, {
		teamId: team('Customer Care/Social'),
		dimension: 'autonomy',
		title: 'Agents refund up to €50 on social without asking a lead',
		ownerId: maya,
		createdBy: maya,
		startedOn: weeksAgo(16),
		dueOn: weeksAgo(6),
		status: 'done',
		updates: [
			{ on: weeksAgo(15), note: 'Limit agreed with finance; agents briefed in the Monday huddle.', authorId: maya },
			{ on: weeksAgo(9), note: 'Refunds answered in the thread itself now; no escalation needed for 9 in 10.', authorId: maya },
		],
	})
	const liam = person('liam.obrien@demo.stateofnow.test')
	await createActionRow(db(), orgId, {
		teamId: team('Operations/Returns'),
		dimension: 'approval',
		title: 'One sign-off instead of three for returns under €200',
		ownerId: liam,
		createdBy: liam,
		startedOn: weeksAgo(1, 1),
		dueOn: today.plus({ weeks: 6 }).toISODate()!,
		status: 'under_way',
		updates: [{ on: weeksAgo(1, 2), note: 'Trial started with the day shift.', authorId: liam }],
	})
	const noah = person('noah.kowalski@demo.stateofnow.test')
	await createActionRow(db(), orgId, {
		teamId: team('Stores/North'),
		theme: 'Rotas are published too late',
		title: 'Publish rotas three weeks ahead',
		ownerId: noah,
		createdBy: noah,
		startedOn: today.toISODate()!,
		dueOn: today.plus({ weeks: 4 }).toISODate()!,
		status: 'planned',
	})
}
