/**
 * A person deactivated while a pulse is open is no longer part of it: the links e-mailed to them
 * stop working (404, nothing stored) and they leave the wave's invited count. An answer they
 * gave before leaving stays, and waves already closed are history and keep them.
 */
import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { setPersonActive } from '~/org/people.server'
import { INVITATION_ANSWERED, mintInvitationLink } from '~/pulses/invitation-links.server'
import { closeWave, openWave } from '~/pulses/waves.server'
import * as route from '~/routes/_pulse+/p.$token'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { heldResponses, invitations, invitationTokens, participationRollups } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

const GOOD = { 'item-0': '4', 'item-1': '9' }

let orgId: string
let adminId: string
let openWaveId: string
let closedWaveId: string
const people: string[] = []

async function surveyWave(name: string, periodStart: string) {
	const bank = await listItems(orgId)
	const saved = await saveSurvey(orgId, null, {
		name,
		itemIds: ['autonomy.resolve', 'enps.recommend', 'comment.open'].map((k) => bank.find((b) => b.key === k)!.id),
		audience: 'everyone',
		teamIds: [],
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '7',
		reminderDaysBeforeClose: '0',
		anonymityK: '3',
	})
	if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
	await setSurveyStatus(orgId, saved.value.id, 'active')
	const now = Date.now()
	return (await openWave({ orgId, id: saved.value.id, anonymityK: 3 }, { periodStart, opensAt: new Date(now - 60_000), closesAt: new Date(now + 86_400_000), reminderAt: null }))!
}

async function linkFor(waveId: string, userId: string) {
	const [inv] = await db()
		.select({ id: invitations.id })
		.from(invitations)
		.where(and(eq(invitations.orgId, orgId), eq(invitations.waveId, waveId), eq(invitations.userId, userId)))
	return mintInvitationLink(orgId, inv!.id, waveId)
}

const invited = async (waveId: string) =>
	(
		await db()
			.select({ invited: participationRollups.invited, answered: participationRollups.answered })
			.from(participationRollups)
			.where(and(eq(participationRollups.orgId, orgId), eq(participationRollups.waveId, waveId)))
	)[0]!
const held = async (waveId: string) =>
	(
		await db()
			.select()
			.from(heldResponses)
			.where(and(eq(heldResponses.orgId, orgId), eq(heldResponses.waveId, waveId)))
	).length
const invitationsOf = async (userId: string) =>
	db()
		.select({ waveId: invitations.waveId, answered: INVITATION_ANSWERED })
		.from(invitations)
		.where(and(eq(invitations.orgId, orgId), eq(invitations.userId, userId)))
const open = (token: string) => call(route.loader, getRequest(`/p/${token}`), { token })
const post = (token: string, form: Record<string, string>) => call(route.action, postRequest(`/p/${token}`, form), { token })

beforeAll(async () => {
	orgId = (await makeOrg({ anonymityK: 3 })).id
	const team = await makeTeam(orgId, 'Care')
	adminId = (await makeUser(orgId, { role: 'admin', teamId: team })).id
	for (let i = 0; i < 5; i++) people.push((await makeUser(orgId, { teamId: team, password: null })).id)
	// Last week's wave, closed before anyone left: history, not touched by a deactivation.
	closedWaveId = await surveyWave('Last week', '2026-03-02')
	await closeWave(orgId, closedWaveId)
	openWaveId = await surveyWave('This week', '2026-03-09')
})

describe('deactivating a person during an open pulse', () => {
	test('voids their e-mailed links and takes them out of the invited count; nothing they send is stored', async () => {
		const leaver = people[0]!
		const first = await linkFor(openWaveId, leaver)
		const reminder = await linkFor(openWaveId, leaver)
		expect((await open(first)).status).toBe(200)
		const before = await invited(openWaveId)
		expect(before).toEqual({ invited: 6, answered: 0 })

		expect((await setPersonActive(orgId, leaver, false, adminId)).ok).toBe(true)

		for (const token of [first, reminder]) {
			expect((await open(token)).status).toBe(404)
			const r = await post(token, GOOD)
			expect(r.status).toBe(404)
		}
		expect(await held(openWaveId)).toBe(0)
		expect(await invited(openWaveId)).toEqual({ invited: 5, answered: 0 })
		// The open wave's invitation and its link tokens are gone; last week's closed wave keeps its invitation.
		expect(await invitationsOf(leaver)).toEqual([{ waveId: closedWaveId, answered: false }])
		const tokens = await db().execute(
			sql`select 1 from ${invitationTokens} t join ${invitations} i on i.org_id = t.org_id and i.id = t.invitation_id where i.org_id = ${orgId} and i.user_id = ${leaver}`,
		)
		expect((tokens as unknown as { rows?: unknown[] }).rows ?? tokens).toHaveLength(0)
		// Closed waves' counts are history.
		expect((await invited(closedWaveId)).invited).toBe(6)
	})

	test('an answer given before leaving stays, and so does its count', async () => {
		const person = people[1]!
		const token = await linkFor(openWaveId, person)
		const r = await post(token, GOOD)
		expect(r.status).toBe(303)
		expect(await invited(openWaveId)).toEqual({ invited: 5, answered: 1 })

		expect((await setPersonActive(orgId, person, false, adminId)).ok).toBe(true)

		expect(await held(openWaveId)).toBe(1)
		expect(await invited(openWaveId)).toEqual({ invited: 5, answered: 1 })
		expect(await invitationsOf(person)).toEqual(expect.arrayContaining([{ waveId: openWaveId, answered: true }]))
		// The link now says "already answered", as any answered link does.
		expect((await open(token)).status).toBe(409)
	})

	test('deactivating someone already inactive, or reactivating, changes no count', async () => {
		const leaver = people[0]!
		expect((await setPersonActive(orgId, leaver, false, adminId)).ok).toBe(true)
		expect((await setPersonActive(orgId, leaver, true, adminId)).ok).toBe(true)
		expect(await invited(openWaveId)).toEqual({ invited: 5, answered: 1 })
	})
})
