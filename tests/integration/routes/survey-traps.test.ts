/**
 * The survey pages' traps, as a browser posts and loads them: a second survey under the live
 * one's name (the new-survey form once came pre-filled "Weekly pulse", so one click duplicated
 * it); "Draft saved" on a survey that is active (the address keeps ?created=1); "Send this
 * period's pulse now" offered after that wave was sent; and the reminder, which now sits where
 * the send button was, sent by a single press without asking.
 */
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import * as surveyPage from '~/routes/admin+/surveys.$surveyId._index'
import * as wavePage from '~/routes/admin+/surveys.$surveyId.waves.$waveId'
import * as newSurveyPage from '~/routes/admin+/surveys.new'
import { listItems } from '~/surveys/items.server'
import { db } from '~/utils/db.server'
import { mailOutbox, surveys, waves } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

let ctx: { orgId: string; admin: string; itemIds: string[] }

beforeAll(async () => {
	const org = await makeOrg({ name: 'Northwind' })
	await makeUser(org.id, { role: 'employee' })
	await makeUser(org.id, { role: 'employee' })
	const bank = await listItems(org.id)
	ctx = {
		orgId: org.id,
		admin: await sessionCookieFor(await makeUser(org.id, { role: 'admin' })),
		itemIds: bank
			.filter((b) => b.kind === 'likert')
			.slice(0, 3)
			.map((b) => b.id),
	}
})

function surveyForm(name: string) {
	const form = new FormData()
	for (const [k, v] of Object.entries({
		intent: 'save',
		name,
		audience: 'everyone',
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '3',
		reminderDaysBeforeClose: '1',
		anonymityK: '5',
	}))
		form.set(k, v)
	for (const id of ctx.itemIds) form.append('itemIds', id)
	return form
}

const create = (name: string) => call(newSurveyPage.action, postRequest('/admin/surveys/new', surveyForm(name), ctx.admin))
const load = (id: string, query = '') => call(surveyPage.loader, getRequest(`/admin/surveys/${id}${query}`, ctx.admin), { surveyId: id })
const press = (id: string, intent: string) => call(surveyPage.action, postRequest(`/admin/surveys/${id}`, { intent }, ctx.admin), { surveyId: id })
const names = async () => (await db().select({ name: surveys.name }).from(surveys).where(eq(surveys.orgId, ctx.orgId))).map((s) => s.name).sort()

describe('surveys without traps', () => {
	let liveId: string

	test('a new survey under the name of a live one is refused with a message on the name; nothing is created', async () => {
		const first = await create('Weekly pulse')
		expect(first.status).toBe(302)
		liveId = first.location!.match(/surveys\/([0-9a-f-]{36})/)![1]!
		expect((await press(liveId, 'activate')).status).toBe(200)

		const again = await create('weekly pulse ')
		expect(again.status).toBe(400)
		expect(again.data.errors.name).toBe('There is already a survey called “weekly pulse”. Open it to change it, or choose another name.')
		expect(await names()).toEqual(['Weekly pulse'])
		// Another name is fine, and saving a survey under its own name too.
		expect((await create('Care pulse')).status).toBe(302)
		expect(await names()).toEqual(['Care pulse', 'Weekly pulse'])
	})

	test('"Draft saved" is said only while the survey is a draft, even with ?created=1 in the address', async () => {
		const draft = await create('Draft only')
		const id = draft.location!.match(/surveys\/([0-9a-f-]{36})/)![1]!
		expect((await load(id, '?created=1')).data.draftSavedNotice).toBe(true)
		await press(id, 'activate')
		expect((await load(id, '?created=1')).data.draftSavedNotice).toBe(false)
	})

	test('"Send this period\'s pulse now" is offered until the wave is sent, then the page links to that wave', async () => {
		expect((await load(liveId)).data.thisPeriodsWave).toBeNull()
		const sent = await press(liveId, 'open-now')
		expect(sent.status).toBe(302)
		const [wave] = await db()
			.select()
			.from(waves)
			.where(and(eq(waves.orgId, ctx.orgId), eq(waves.surveyId, liveId)))
		expect((await load(liveId)).data.thisPeriodsWave).toEqual({ id: wave!.id })
	})

	test('the reminder asks first: one press sends nothing, the confirming press sends it', async () => {
		const [wave] = await db()
			.select()
			.from(waves)
			.where(and(eq(waves.orgId, ctx.orgId), eq(waves.surveyId, liveId)))
		const remind = (form: Record<string, string>) =>
			call(wavePage.action, postRequest(`/admin/surveys/${liveId}/waves/${wave!.id}`, form, ctx.admin), { surveyId: liveId, waveId: wave!.id })
		const reminders = async () =>
			(
				await db()
					.select()
					.from(mailOutbox)
					.where(and(eq(mailOutbox.orgId, ctx.orgId), eq(mailOutbox.kind, 'pulse_reminder')))
			).length

		const asked = await remind({ intent: 'remind' })
		expect(asked.status).toBe(200)
		expect(asked.data).toMatchObject({ confirmRemind: true, done: null })
		expect((await db().select().from(waves).where(eq(waves.id, wave!.id)))[0]!.reminderSentAt).toBeNull()
		expect(await reminders()).toBe(0)

		const confirmed = await remind({ intent: 'remind', confirm: 'yes' })
		expect(confirmed.status).toBe(200)
		// Three invited, fewer than k: how many were reminded (how many have not answered) is not said.
		expect(confirmed.data.done).toBe('Reminder queued for everyone who has not answered.')
		expect((await db().select().from(waves).where(eq(waves.id, wave!.id)))[0]!.reminderSentAt).not.toBeNull()
		expect(await reminders()).toBeGreaterThan(0)
	})
})
