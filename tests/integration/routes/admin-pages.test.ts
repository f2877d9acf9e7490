/**
 * The admin pages' actions as a browser posts them: the question bank (add an own item, archive
 * and restore it), the organisation settings (name, time zone, k never below 3) and a survey's
 * buttons (activate, send now, pause, archive). Bad input answers 400 with a message and
 * changes nothing; another organisation's ids answer 404.
 */
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import * as itemsPage from '~/routes/admin+/items'
import * as settingsPage from '~/routes/admin+/settings'
import * as surveyPage from '~/routes/admin+/surveys.$surveyId._index'
import { listItems } from '~/surveys/items.server'
import { saveSurvey } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { items, organizations, surveys, waves } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

let ctx: { orgId: string; admin: string; employee: string; otherOrgId: string; otherAdmin: string }

beforeAll(async () => {
	const org = await makeOrg({ name: 'Northwind' })
	const other = await makeOrg({ name: 'Elsewhere' })
	ctx = {
		orgId: org.id,
		admin: await sessionCookieFor(await makeUser(org.id, { role: 'admin' })),
		employee: await sessionCookieFor(await makeUser(org.id, { role: 'employee' })),
		otherOrgId: other.id,
		otherAdmin: await sessionCookieFor(await makeUser(other.id, { role: 'admin' })),
	}
})

const OWN_ITEM = { dimension: 'autonomy', kind: 'likert', text: 'I can refund a customer without asking anyone.' }

async function ownItems(orgId: string) {
	return (await db().select().from(items).where(eq(items.orgId, orgId))).filter((i) => i.key === null)
}

describe('question bank (/admin/items)', () => {
	test('an admin adds an own item, archives it and restores it', async () => {
		const added = await call(itemsPage.action, postRequest('/admin/items', OWN_ITEM, ctx.admin))
		expect(added.status).toBe(200)
		expect(added.data.done).toBe('Added to your bank.')
		const [item] = await ownItems(ctx.orgId)
		expect(item).toMatchObject({ text: OWN_ITEM.text, dimension: 'autonomy', kind: 'likert', reverse: false, archived: false })

		const listed = await call(itemsPage.loader, getRequest('/admin/items', ctx.admin))
		expect(listed.data.items).toContainEqual(expect.objectContaining({ id: item!.id, custom: true, archived: false }))

		const archived = await call(itemsPage.action, postRequest('/admin/items', { intent: 'archive', itemId: item!.id }, ctx.admin))
		expect(archived.status).toBe(200)
		expect(archived.data.done).toContain('Archived')
		expect((await ownItems(ctx.orgId))[0]!.archived).toBe(true)

		const restored = await call(itemsPage.action, postRequest('/admin/items', { intent: 'restore', itemId: item!.id }, ctx.admin))
		expect(restored.data.done).toBe('Restored.')
		expect((await ownItems(ctx.orgId))[0]!.archived).toBe(false)
	})

	test('bad input answers 400 with the message on its field and adds nothing', async () => {
		const before = (await ownItems(ctx.orgId)).length
		const short = await call(itemsPage.action, postRequest('/admin/items', { ...OWN_ITEM, text: 'Too short' }, ctx.admin))
		expect(short.status).toBe(400)
		expect(short.data.errors.text).toBe('Write the item as a full sentence (at least 10 characters).')
		const reversed = await call(itemsPage.action, postRequest('/admin/items', { ...OWN_ITEM, kind: 'hours', reverse: 'on' }, ctx.admin))
		expect(reversed.status).toBe(400)
		expect(reversed.data.errors.reverse).toBe('Only agree–disagree items can be reverse-scored.')
		const noDimension = await call(itemsPage.action, postRequest('/admin/items', { ...OWN_ITEM, dimension: 'mood' }, ctx.admin))
		expect(noDimension.status).toBe(400)
		expect(noDimension.data.errors.dimension).toBe('Choose what the item measures.')
		expect((await ownItems(ctx.orgId)).length).toBe(before)
	})

	test("built-in items and another organisation's items cannot be archived (404); employees get 403", async () => {
		const builtIn = (await listItems(ctx.orgId)).find((i) => i.key !== null)!
		expect((await call(itemsPage.action, postRequest('/admin/items', { intent: 'archive', itemId: builtIn.id }, ctx.admin))).status).toBe(404)
		await call(itemsPage.action, postRequest('/admin/items', OWN_ITEM, ctx.otherAdmin))
		const [theirs] = await ownItems(ctx.otherOrgId)
		expect((await call(itemsPage.action, postRequest('/admin/items', { intent: 'archive', itemId: theirs!.id }, ctx.admin))).status).toBe(404)
		expect((await ownItems(ctx.otherOrgId))[0]!.archived).toBe(false)
		expect((await call(itemsPage.action, postRequest('/admin/items', { intent: 'archive', itemId: 'nope' }, ctx.admin))).status).toBe(404)
		expect((await call(itemsPage.action, postRequest('/admin/items', OWN_ITEM, ctx.employee))).status).toBe(403)
		expect((await call(itemsPage.loader, getRequest('/admin/items', ctx.employee))).status).toBe(403)
	})
})

describe('organisation settings (/admin/settings)', () => {
	const org = async () => (await db().select().from(organizations).where(eq(organizations.id, ctx.orgId)))[0]!

	test('an admin changes the name, the time zone and k', async () => {
		const r = await call(settingsPage.action, postRequest('/admin/settings', { name: '  Northwind Retail ', timeZone: 'Europe/Lisbon', anonymityK: '7' }, ctx.admin))
		expect(r.status).toBe(200)
		expect(r.data).toEqual({ errors: {}, saved: true })
		expect(await org()).toMatchObject({ name: 'Northwind Retail', timeZone: 'Europe/Lisbon', anonymityK: 7 })
		const page = await call(settingsPage.loader, getRequest('/admin/settings', ctx.admin))
		expect(page.data).toMatchObject({ name: 'Northwind Retail', timeZone: 'Europe/Lisbon', anonymityK: 7 })
	})

	test('k below 3, an unknown time zone and an empty name are refused with their messages; nothing changes', async () => {
		const before = await org()
		const r = await call(settingsPage.action, postRequest('/admin/settings', { name: ' ', timeZone: 'Mars/Olympus', anonymityK: '2' }, ctx.admin))
		expect(r.status).toBe(400)
		expect(r.data.errors).toEqual({
			name: 'Enter the organisation name.',
			timeZone: 'Choose a time zone from the list.',
			anonymityK: 'The threshold is never below 3: smaller groups make answers guessable.',
		})
		const notWhole = await call(settingsPage.action, postRequest('/admin/settings', { name: 'X', timeZone: 'UTC', anonymityK: '3.5' }, ctx.admin))
		expect(notWhole.status).toBe(400)
		expect(notWhole.data.errors.anonymityK).toBe('Enter a whole number.')
		expect(await org()).toEqual(before)
	})

	test('employees get 403 and change nothing', async () => {
		const before = await org()
		expect((await call(settingsPage.action, postRequest('/admin/settings', { name: 'Taken over', timeZone: 'UTC', anonymityK: '3' }, ctx.employee))).status).toBe(403)
		expect(await org()).toEqual(before)
	})
})

describe("a survey's buttons (/admin/surveys/$surveyId)", () => {
	async function draftSurvey(orgId: string) {
		const bank = await listItems(orgId)
		const saved = await saveSurvey(orgId, null, {
			name: 'Weekly pulse',
			itemIds: bank
				.filter((b) => b.kind === 'likert')
				.slice(0, 3)
				.map((b) => b.id),
			audience: 'everyone',
			teamIds: [],
			cadence: 'weekly',
			weekday: '1',
			sendTime: '09:00',
			openDays: '3',
			reminderDaysBeforeClose: '1',
			anonymityK: '5',
		})
		if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
		return saved.value.id
	}
	const press = (surveyId: string, intent: string, cookie = ctx.admin) => call(surveyPage.action, postRequest(`/admin/surveys/${surveyId}`, { intent }, cookie), { surveyId })
	const statusOf = async (surveyId: string) => (await db().select().from(surveys).where(eq(surveys.id, surveyId)))[0]!.status
	const wavesOf = (surveyId: string) =>
		db()
			.select()
			.from(waves)
			.where(and(eq(waves.orgId, ctx.orgId), eq(waves.surveyId, surveyId)))

	test('activate, send now (once per period), pause and archive', async () => {
		const id = await draftSurvey(ctx.orgId)
		const early = await press(id, 'open-now')
		expect(early.status).toBe(400)
		expect(early.data.errors._form).toBe('Activate the survey first.')
		expect(await wavesOf(id)).toEqual([])

		const activated = await press(id, 'activate')
		expect(activated.data).toMatchObject({ intent: 'activate', done: 'Active: waves open on schedule.' })
		expect(await statusOf(id)).toBe('active')

		const sent = await press(id, 'open-now')
		const [wave] = await wavesOf(id)
		expect(sent.status).toBe(302)
		expect(sent.location).toBe(`/admin/surveys/${id}/waves/${wave!.id}?opened=1`)
		const twice = await press(id, 'open-now')
		expect(twice.status).toBe(400)
		expect(twice.data.errors._form).toContain('has already been sent')
		expect(await wavesOf(id)).toHaveLength(1)

		const page = await call(surveyPage.loader, getRequest(`/admin/surveys/${id}`, ctx.admin), { surveyId: id })
		expect(page.data.waves).toEqual([expect.objectContaining({ id: wave!.id, open: true, invited: 2 })])

		expect((await press(id, 'pause')).data.done).toBe('Paused: no new waves open until you resume it.')
		expect(await statusOf(id)).toBe('paused')
		expect((await press(id, 'archive')).data.done).toBe('Archived.')
		expect(await statusOf(id)).toBe('archived')
		const revive = await press(id, 'activate')
		expect(revive.status).toBe(400)
		expect(revive.data.errors._form).toBe('An archived survey cannot become active.')
		expect(await statusOf(id)).toBe('archived')
	})

	test('an unknown button answers 400; another organisation gets 404; an employee 403', async () => {
		const id = await draftSurvey(ctx.orgId)
		const unknown = await press(id, 'explode')
		expect(unknown.status).toBe(400)
		expect(unknown.data.errors._form).toBe('That request was not understood.')
		expect((await press(id, 'activate', ctx.otherAdmin)).status).toBe(404)
		expect((await press(id, 'activate', ctx.employee)).status).toBe(403)
		expect(await statusOf(id)).toBe('draft')
	})
})
