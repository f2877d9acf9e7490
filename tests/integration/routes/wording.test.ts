/**
 * Words a person reads: the reminder names the survey's own period (it said "this week's pulse"
 * for a monthly survey), the home page says "Manager", not "Manager · Manager", and counts agree
 * with their nouns ("1 person", never "1 people").
 */
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { layoutEmail } from '~/mail/layout.server'
import { deleteTeam } from '~/org/teams.server'
import { pulseReminderMail } from '~/pulses/pulse-mail.server'
import { openWaveNow } from '~/pulses/waves.server'
import * as homePage from '~/routes/home'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { invitations, type MailMessage } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { renderPage } from '../../support/render'
import { call, getRequest } from '../../support/requests'

useTestDatabase()

async function reminderText(cadence: 'weekly' | 'biweekly' | 'monthly') {
	const org = await makeOrg()
	const person = await makeUser(org.id, { role: 'employee' })
	const bank = await listItems(org.id)
	const saved = await saveSurvey(org.id, null, {
		name: `A ${cadence} pulse`,
		itemIds: bank
			.filter((b) => b.kind === 'likert')
			.slice(0, 3)
			.map((b) => b.id),
		audience: 'everyone',
		teamIds: [],
		cadence,
		weekday: '1',
		sendTime: '09:00',
		openDays: '3',
		reminderDaysBeforeClose: '1',
		anonymityK: '3',
	})
	if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
	await setSurveyStatus(org.id, saved.value.id, 'active')
	const opened = await openWaveNow(org.id, saved.value.id)
	if (!opened.ok) throw new Error(JSON.stringify(opened.errors))
	const [invitation] = await db()
		.select()
		.from(invitations)
		.where(and(eq(invitations.orgId, org.id), eq(invitations.userId, person.id)))
	const message = { orgId: org.id, kind: 'pulse_reminder', payload: { invitationId: invitation!.id } } as unknown as MailMessage
	const content = await pulseReminderMail.render(message, { orgName: 'Northwind', userName: 'Sam', now: new Date(), appUrl: 'http://localhost' })
	return layoutEmail(content).text
}

describe('wording', () => {
	test.each([
		['weekly', "this week's pulse"],
		['biweekly', "this fortnight's pulse"],
		['monthly', "this month's pulse"],
	] as const)('a %s survey’s reminder speaks of %s', async (cadence, words) => {
		const text = await reminderText(cadence)
		expect(text).toContain(`There is still time to answer ${words}.`)
		if (cadence !== 'weekly') expect(text).not.toContain('this week')
	})

	test('the home page says "Manager" for a manager at manager level, and the level otherwise', async () => {
		const org = await makeOrg()
		const manager = await sessionCookieFor(await makeUser(org.id, { role: 'manager', level: 'manager' }))
		const employee = await sessionCookieFor(await makeUser(org.id, { role: 'employee', level: 'frontline' }))
		const page = async (cookie: string) => renderPage(homePage.default, '/home', (await call(homePage.loader, getRequest('/home', cookie))).data)
		expect(await page(manager)).toContain('<p>Manager<!-- --> · <!-- -->')
		expect(await page(employee)).toContain('Employee · front line level')
	})

	test('a team that still has one person says "1 person"', async () => {
		const org = await makeOrg()
		const teamId = await makeTeam(org.id, 'Care')
		await makeUser(org.id, { teamId })
		expect(await deleteTeam(org.id, teamId)).toEqual({ ok: false, errors: { _form: '"Care" still has 1 person; move them first.' } })
	})
})
