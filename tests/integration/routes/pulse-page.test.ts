/**
 * /pulses/$waveId: a signed-in person answers a pulse they were invited to from their home page.
 * A wave of another organisation, or one they were not invited to, answers 404 to read and to post.
 * A stored answer waits in `held_responses` until its week is released.
 */
import { and, count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { INVITATION_ANSWERED } from '~/pulses/invitation-links.server'
import { openWaveNow } from '~/pulses/waves.server'
import * as pulsePage from '~/routes/_pulse+/pulses.$waveId'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { heldResponses, invitations, responses } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

/** An organisation with an active weekly pulse of three agree–disagree items, its wave opened now. */
async function orgWithOpenWave(name: string) {
	const org = await makeOrg({ name, anonymityK: 3 })
	const people = [await makeUser(org.id, { name: `${name} 1` }), await makeUser(org.id, { name: `${name} 2` }), await makeUser(org.id, { name: `${name} 3` })]
	const bank = await listItems(org.id)
	const likert = bank.filter((b) => b.kind === 'likert').slice(0, 3)
	const saved = await saveSurvey(org.id, null, {
		name: `${name} pulse`,
		itemIds: likert.map((b) => b.id),
		audience: 'everyone',
		teamIds: [],
		cadence: 'weekly',
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
	return { org, people, waveId: opened.value }
}

let a: Awaited<ReturnType<typeof orgWithOpenWave>>
let b: Awaited<ReturnType<typeof orgWithOpenWave>>

beforeAll(async () => {
	a = await orgWithOpenWave('A')
	b = await orgWithOpenWave('B')
})

const path = (waveId: string) => `/pulses/${waveId}`
const ANSWERS = { 'item-0': '4', 'item-1': '2', 'item-2': '5' }

/** Answers stored for a wave: held until its week is released. */
async function storedOf(orgId: string, waveId: string) {
	const [n] = await db()
		.select({ n: count() })
		.from(heldResponses)
		.where(and(eq(heldResponses.orgId, orgId), eq(heldResponses.waveId, waveId)))
	return n!.n
}

async function releasedOf(orgId: string, waveId: string) {
	const [n] = await db()
		.select({ n: count() })
		.from(responses)
		.where(and(eq(responses.orgId, orgId), eq(responses.waveId, waveId)))
	return n!.n
}

describe('/pulses/$waveId', () => {
	test('an invited person sees the pulse, answers it once, and is then told it is answered', async () => {
		const cookie = await sessionCookieFor(a.people[0]!)
		const page = await call(pulsePage.loader, getRequest(path(a.waveId), cookie), { waveId: a.waveId })
		expect(page.status).toBe(200)
		expect(page.data).toMatchObject({ state: 'open', pulse: { surveyName: 'A pulse', orgName: 'A', anonymityK: 3 } })
		expect(page.data.pulse.items).toHaveLength(3)

		const answered = await call(pulsePage.action, postRequest(path(a.waveId), ANSWERS, cookie), { waveId: a.waveId })
		expect(answered.status).toBe(303)
		// The thanks are in the language the pulse was answered in.
		expect(answered.location).toBe('/thanks?k=3&lang=en')
		expect(await storedOf(a.org.id, a.waveId)).toBe(1)
		// Nothing reaches `responses` while the wave is open.
		expect(await releasedOf(a.org.id, a.waveId)).toBe(0)
		const [invitation] = await db()
			.select({ answered: INVITATION_ANSWERED })
			.from(invitations)
			.where(and(eq(invitations.orgId, a.org.id), eq(invitations.waveId, a.waveId), eq(invitations.userId, a.people[0]!.id)))
		expect(invitation!.answered).toBe(true)

		const again = await call(pulsePage.action, postRequest(path(a.waveId), ANSWERS, cookie), { waveId: a.waveId })
		expect(again.status).toBe(409)
		expect(again.data.status).toBe('already-answered')
		expect((await call(pulsePage.loader, getRequest(path(a.waveId), cookie), { waveId: a.waveId })).data.state).toBe('answered')
		expect(await storedOf(a.org.id, a.waveId)).toBe(1)
	})

	test('a form with a missing answer answers 422 with the message on that item and stores nothing', async () => {
		const cookie = await sessionCookieFor(a.people[1]!)
		const before = await storedOf(a.org.id, a.waveId)
		const r = await call(pulsePage.action, postRequest(path(a.waveId), { 'item-0': '4', 'item-2': '9' }, cookie), { waveId: a.waveId })
		expect(r.status).toBe(422)
		expect(r.data.errors).toMatchObject({ 'item-1': 'Choose an answer.', 'item-2': expect.any(String) })
		expect(await storedOf(a.org.id, a.waveId)).toBe(before)
	})

	test("another organisation's wave answers 404, to read and to answer", async () => {
		const cookie = await sessionCookieFor(a.people[2]!)
		expect((await call(pulsePage.loader, getRequest(path(b.waveId), cookie), { waveId: b.waveId })).status).toBe(404)
		expect((await call(pulsePage.action, postRequest(path(b.waveId), ANSWERS, cookie), { waveId: b.waveId })).status).toBe(404)
		expect(await storedOf(b.org.id, b.waveId)).toBe(0)
	})

	test('a person not invited to the wave (added after it opened) gets 404', async () => {
		const late = await makeUser(a.org.id, { name: 'Late joiner' })
		const cookie = await sessionCookieFor(late)
		const before = await storedOf(a.org.id, a.waveId)
		expect((await call(pulsePage.loader, getRequest(path(a.waveId), cookie), { waveId: a.waveId })).status).toBe(404)
		expect((await call(pulsePage.action, postRequest(path(a.waveId), ANSWERS, cookie), { waveId: a.waveId })).status).toBe(404)
		expect(await storedOf(a.org.id, a.waveId)).toBe(before)
	})

	test('a malformed wave id answers 404; signed out, the page sends to sign-in', async () => {
		const cookie = await sessionCookieFor(a.people[2]!)
		expect((await call(pulsePage.loader, getRequest('/pulses/nope', cookie), { waveId: 'nope' })).status).toBe(404)
		const signedOut = await call(pulsePage.loader, getRequest(path(a.waveId)), { waveId: a.waveId })
		expect(signedOut.status).toBe(302)
		expect(signedOut.location).toBe(`/login?redirectTo=${encodeURIComponent(path(a.waveId))}`)
	})
})
