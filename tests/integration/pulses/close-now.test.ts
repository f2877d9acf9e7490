/**
 * "Close now" asks first and says how many have not answered yet — by the participation rule, so
 * the count of those who have not answered never tells more than the page's "answered" figure.
 * The first press closes nothing; only the confirming press does. The reminder's message follows
 * the same rule (how many were reminded is how many have not answered).
 */
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import * as wavePage from '~/routes/admin+/surveys.$surveyId.waves.$waveId'
import { db } from '~/utils/db.server'
import { waves } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeUser, sessionCookieFor } from '../../support/fixtures'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'
import { renderPage } from '../../support/render'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

const FORM = { 'item-0': '4', 'item-1': '1', 'item-2': '8' }

/** A wave open now, with `answered` of its invited people having answered. */
async function liveWave(teams: Parameters<typeof makePulseOrg>[0]['teams'], answered: number) {
	const org = await makePulseOrg({ teams })
	const opensAt = new Date(Date.now() - 3_600_000)
	const wave = await openTestWave(org.orgId, org.surveyId, opensAt.toISOString().slice(0, 10), opensAt)
	for (const p of org.people.slice(0, answered)) await answer(org.orgId, p.id, wave.waveId, FORM, new Date())
	const admin = await sessionCookieFor(await makeUser(org.orgId, { role: 'admin' }))
	const url = `/admin/surveys/${org.surveyId}/waves/${wave.waveId}`
	const params = { surveyId: org.surveyId, waveId: wave.waveId }
	const post = (form: Record<string, string>) => call(wavePage.action, postRequest(url, form, admin), params)
	/** The page as the browser shows it after a post: the loader's data with the action's answer. */
	const page = async (actionData?: unknown) => {
		const loaded = await call(wavePage.loader, getRequest(url, admin), params)
		return (await renderPage(wavePage.default, url, loaded.data, actionData)).replaceAll('<!-- -->', '')
	}
	const closedAt = async () => (await db().select({ closedAt: waves.closedAt }).from(waves).where(eq(waves.id, wave.waveId)))[0]!.closedAt
	return { post, page, closedAt }
}

describe('Close now', () => {
	test('the first press closes nothing and says how many of the invited have not answered; the confirming press closes', async () => {
		const w = await liveWave({ Care: [['frontline', 7]] }, 2)
		expect(await w.page()).toContain('Close now…')
		const asked = await w.post({ intent: 'close' })
		expect(asked.status).toBe(200)
		expect(asked.data).toMatchObject({ confirmClose: true, done: null })
		expect(await w.closedAt()).toBeNull()
		const confirm = await w.page(asked.data)
		expect(confirm).toContain('Close this wave now?')
		expect(confirm).toContain('5 of the 7 invited have not answered yet.')
		expect(confirm).toContain('Yes, close it now')
		// The confirming form is a plain form: it works without JavaScript.
		expect(confirm).toMatch(/<input type="hidden" name="confirm" value="yes"\/>/)
		// While it asks, the first button is not offered a second time.
		expect(confirm).not.toContain('Close now…')

		const closed = await w.post({ intent: 'close', confirm: 'yes' })
		expect(closed.data.done).toBe('The wave is closed; its links no longer accept answers.')
		expect(await w.closedAt()).not.toBeNull()
		expect(await w.page(closed.data)).not.toContain('Close this wave now?')
		expect((await w.post({ intent: 'close', confirm: 'yes' })).status).toBe(400)
	})

	test('fewer than k invited: the question gives no count of those who have not answered, nor does the reminder', async () => {
		const w = await liveWave({ Care: [['frontline', 4]] }, 3)
		const page = await w.page((await w.post({ intent: 'close' })).data)
		expect(page).toContain('4 people were invited; how many have not answered yet is not shown, as fewer than 5 were invited')
		expect(page).not.toMatch(/\b1 of the 4\b|\b1 (has|have) not answered/)
		const reminded = await w.post({ intent: 'remind', confirm: 'yes' })
		expect(reminded.data.done).toBe('Reminder queued for everyone who has not answered.')
		expect(await w.closedAt()).toBeNull()
	})

	test('a group shown on the page: the reminder says how many it went to', async () => {
		const w = await liveWave({ Care: [['frontline', 6]] }, 1)
		expect((await w.post({ intent: 'remind', confirm: 'yes' })).data.done).toBe('Reminder queued for 5 people who have not answered.')
	})
})
