/**
 * Posting the pulse form to an e-mailed link, through the route's action as Remix calls it. A
 * link's wave, once known to the process, lets a valid form be stored by one statement that
 * checks the link itself; every other case must answer exactly as the full lookup does. A stored
 * submission is a row in `held_responses` until its week is released, then one in `responses`.
 */
import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { submitByLink } from '~/pulses/answering.server'
import { INVITATION_ANSWERED, mintInvitationLink, SURVEY_SECRET_LENGTH, waveTag } from '~/pulses/invitation-links.server'
import { submitLinkForm, thanksAddressOf } from '~/pulses/pulse-http.server'
import { openWave } from '~/pulses/waves.server'
import { releaseDueWeeks } from '~/reports/release.server'
import * as route from '~/routes/_pulse+/p.$token'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { NUL_MESSAGE } from '~/utils/text'
import { mintToken, mintTokenWithIdPrefix } from '~/utils/token.server'
import { resultRows } from '~db/client'
import { answers, heldResponses, invitations, invitationTokens, participationRollups, responses, waves } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser } from '../../support/fixtures'
import { call, postRequest } from '../../support/requests'

useTestDatabase()

const GOOD = { 'item-0': '4', 'item-1': '9', 'item-2': '  Fewer sign-offs.  ' }

let orgId: string
// Two open waves of two surveys (different items), their invitations, and a link for each.
const wave = { a: '', b: '' }
const links: Record<'a' | 'b', string[]> = { a: [], b: [] }
const invitationIds: Record<'a' | 'b', string[]> = { a: [], b: [] }

async function openSurveyWave(name: string, keys: string[], periodStart: string) {
	const bank = await listItems(orgId)
	const saved = await saveSurvey(orgId, null, {
		name,
		itemIds: keys.map((k) => bank.find((b) => b.key === k)!.id),
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

beforeAll(async () => {
	orgId = (await makeOrg({ anonymityK: 3 })).id
	await db().execute(sql`update organizations set time_zone = 'Europe/Berlin' where id = ${orgId}`)
	const team = await makeTeam(orgId, 'Care')
	for (let i = 0; i < 8; i++) await makeUser(orgId, { teamId: team, password: null })
	wave.a = await openSurveyWave('Pulse A', ['autonomy.resolve', 'enps.recommend', 'comment.open'], '2026-03-02')
	// Wave B asks other things at the same positions: answers for A's items do not fit it.
	wave.b = await openSurveyWave('Pulse B', ['approval.count', 'approval.waits', 'enps.recommend'], '2026-03-09')
	for (const k of ['a', 'b'] as const) {
		const rows = await db().select({ id: invitations.id }).from(invitations).where(eq(invitations.waveId, wave[k])).orderBy(invitations.id)
		invitationIds[k] = rows.map((r) => r.id)
		for (const r of rows) links[k].push(await mintInvitationLink(orgId, r.id, wave[k]))
	}
})

const post = (token: string, form: Record<string, string>) => call(route.action, postRequest(`/p/${token}`, form), { token })
// Until its week is released, a stored submission is a held row; nothing is in `responses` yet.
const storedIn = async (waveId: string) =>
	(
		await db()
			.select()
			.from(heldResponses)
			.where(and(eq(heldResponses.orgId, orgId), eq(heldResponses.waveId, waveId)))
	).length
const releasedIn = async (waveId: string) =>
	(
		await db()
			.select()
			.from(responses)
			.where(and(eq(responses.orgId, orgId), eq(responses.waveId, waveId)))
	).length

describe('posting a pulse form to its link', () => {
	test("every link of a wave starts with the wave's tag", () => {
		// `<org id>.<id>.<secret>`: the id starts with the tag.
		expect(links.a.every((l) => l.split('.').at(-2)!.startsWith(waveTag(wave.a)))).toBe(true)
		expect(waveTag(wave.a)).not.toBe(waveTag(wave.b))
	})

	test('the first and later submissions of a wave are stored and thanked, with the wave’s k', async () => {
		for (const token of links.a.slice(0, 3)) {
			const r = await post(token, GOOD)
			expect(r.status).toBe(303)
			expect(r.location).toBe('/thanks?k=3&lang=en')
		}
		expect(await storedIn(wave.a)).toBe(3)
		// Held until the week is released: nothing in `responses` or `answers` yet.
		expect(await releasedIn(wave.a)).toBe(0)
		expect(await db().select().from(answers).where(eq(answers.waveId, wave.a))).toEqual([])
		const [held] = await db().select().from(heldResponses).where(eq(heldResponses.waveId, wave.a)).limit(1)
		expect(held!.comment).toBe('Fewer sign-offs.')
		expect(held!.level).toBe('frontline')
		expect(held!.answers.map((a) => [a.position, a.value]).sort()).toEqual([
			[0, 4],
			[1, 9],
		])
		const [counted] = await db().select().from(participationRollups).where(eq(participationRollups.waveId, wave.a))
		expect(counted!.answered).toBe(3)
	})

	test('the same form posted again (a double click, a replay) answers "already answered" and stores nothing', async () => {
		const r = await post(links.a[0]!, GOOD)
		expect(r.status).toBe(409)
		expect(r.data).toMatchObject({ status: 'already-answered' })
		const both = await Promise.all([post(links.a[3]!, GOOD), post(links.a[3]!, GOOD)])
		expect(both.map((b) => b.status).sort()).toEqual([303, 409])
		expect(await storedIn(wave.a)).toBe(4)
	})

	test('a right id with a wrong secret is an unknown link: 404, nothing stored, the real link still works', async () => {
		const [id] = links.a[4]!.split('.').slice(-2)
		const r = await post(`${id}.${'a'.repeat(SURVEY_SECRET_LENGTH)}`, GOOD)
		expect(r.status).toBe(404)
		expect(r.data).toMatchObject({ status: 'unknown' })
		expect(await storedIn(wave.a)).toBe(4)
		const [inv] = await db().select({ answered: INVITATION_ANSWERED }).from(invitations).where(eq(invitations.id, invitationIds.a[4]!))
		expect(inv!.answered).toBe(false)
		expect((await post(links.a[4]!, GOOD)).status).toBe(303)
		expect(await storedIn(wave.a)).toBe(5)
	})

	test('a link that is not one of ours is unknown, whatever its shape', async () => {
		const tagged = mintTokenWithIdPrefix(waveTag(wave.a), SURVEY_SECRET_LENGTH).token
		for (const token of ['nope', `${links.a[5]}x`, tagged]) {
			const r = await post(token, GOOD)
			expect(r.status).toBe(404)
			expect(r.data).toMatchObject({ status: 'unknown' })
		}
		expect(await storedIn(wave.a)).toBe(5)
	})

	test('an invalid form answers 422 with a message per item and stores nothing; corrected, it is stored', async () => {
		const r = await post(links.a[5]!, { 'item-0': '7', 'item-1': '' })
		expect(r.status).toBe(422)
		expect(r.data).toMatchObject({ status: 'invalid', errors: { 'item-0': 'Choose one of the five answers.', 'item-1': 'Choose an answer.' }, values: { 'item-0': '7' } })
		expect(await storedIn(wave.a)).toBe(5)
		expect((await post(links.a[5]!, GOOD)).status).toBe(303)
		expect(await storedIn(wave.a)).toBe(6)
	})

	test('a comment with a NUL character (which PostgreSQL cannot store) answers 422 with a message and stores nothing', async () => {
		const r = await post(links.a[6]!, { ...GOOD, 'item-2': 'Fewer\u0000 sign-offs.' })
		expect(r.status).toBe(422)
		expect(r.data).toMatchObject({ status: 'invalid', errors: { 'item-2': NUL_MESSAGE } })
		expect(await storedIn(wave.a)).toBe(6)
	})

	test('an invalid form on a link that is not ours is still unknown, not a list of errors', async () => {
		const [id] = links.a[6]!.split('.').slice(-2)
		const r = await post(`${id}.${'b'.repeat(SURVEY_SECRET_LENGTH)}`, { 'item-0': '7' })
		expect(r.status).toBe(404)
		expect(r.data).toMatchObject({ status: 'unknown', errors: {} })
	})

	test('a link of another wave that carries a known tag is checked against its own wave’s items', async () => {
		// A link of wave B whose id starts with wave A's tag (two waves can share a tag).
		const { id, token, secretHash } = mintTokenWithIdPrefix(waveTag(wave.a), SURVEY_SECRET_LENGTH)
		await db().insert(invitationTokens).values({ orgId, id, invitationId: invitationIds.b[0]!, secretHash })
		// A's form does not fit B's items: B's messages, nothing stored anywhere.
		const wrong = await post(token, GOOD)
		expect(wrong.status).toBe(422)
		expect(wrong.data).toMatchObject({ status: 'invalid', errors: { 'item-1': 'Choose one of the five answers.', 'item-2': 'Enter a number.' } })
		// B's form is stored in B, not A.
		const before = await storedIn(wave.a)
		expect((await post(token, { 'item-0': '2', 'item-1': '3', 'item-2': '8' })).status).toBe(303)
		expect(await storedIn(wave.a)).toBe(before)
		expect(await storedIn(wave.b)).toBe(1)
	})

	test('a link minted before links carried a wave tag still works', async () => {
		const { id, token, secretHash } = mintToken(SURVEY_SECRET_LENGTH)
		await db().insert(invitationTokens).values({ orgId, id, invitationId: invitationIds.b[1]!, secretHash })
		expect((await post(token, { 'item-0': '0', 'item-1': '1', 'item-2': '10' })).status).toBe(303)
		expect(await storedIn(wave.b)).toBe(2)
	})

	test('an answer is counted even when its participation row is missing, as while a rebuild rewrites it', async () => {
		await db()
			.delete(participationRollups)
			.where(and(eq(participationRollups.orgId, orgId), eq(participationRollups.waveId, wave.b)))
		expect((await post(links.b[4]!, { 'item-0': '2', 'item-1': '3', 'item-2': '8' })).status).toBe(303)
		const rows = await db()
			.select()
			.from(participationRollups)
			.where(and(eq(participationRollups.orgId, orgId), eq(participationRollups.waveId, wave.b)))
		expect(rows.map((r) => r.answered)).toEqual([1])
	})

	test('once the wave has closed, a link answers "closed" and stores nothing', async () => {
		await db().update(waves).set({ closedAt: new Date() }).where(eq(waves.id, wave.a))
		const r = await post(links.a[7]!, GOOD)
		expect(r.status).toBe(410)
		expect(r.data).toMatchObject({ status: 'closed' })
		expect(await storedIn(wave.a)).toBe(6)
		const [inv] = await db().select({ answered: INVITATION_ANSWERED }).from(invitations).where(eq(invitations.id, invitationIds.a[7]!))
		expect(inv!.answered).toBe(false)
	})

	test('a form the server submitted ahead of Remix (posted without JavaScript) is rendered by the action, never submitted twice', async () => {
		const formB = { 'item-0': '2', 'item-1': '3', 'item-2': '8' }
		const before = await storedIn(wave.b)
		// Stored: the server answers the route's redirect itself.
		expect(await thanksAddressOf(submitLinkForm(links.b[5]!, formB))).toMatch(/^\/thanks\?k=\d+&lang=en$/)
		// Not stored: handed to the route, which renders the outcome from the form the server read.
		const invalid = submitLinkForm(links.b[6]!, { 'item-0': '9' })
		expect(await thanksAddressOf(invalid)).toBeNull()
		const r = await call(route.action, postRequest(`/p/${links.b[6]}`, {}), { token: links.b[6]! }, { linkSubmission: invalid })
		expect(r.status).toBe(422)
		expect(r.data).toMatchObject({ status: 'invalid', values: { 'item-0': '9' } })
		// A submission of another link in the context is not this request's: the action submits its own form.
		const own = await call(route.action, postRequest(`/p/${links.b[7]}`, formB), { token: links.b[7]! }, { linkSubmission: invalid })
		expect(own.status).toBe(303)
		expect(await storedIn(wave.b)).toBe(before + 2)
	})
})

describe('releasing the week', () => {
	test('moves the held answers into responses, which carry no date or time, and empties the holding table', async () => {
		// Two more answers to wave B (seven in all), then both waves of the week have stopped taking answers.
		expect(await submitByLink(links.b[2]!, { 'item-0': '1', 'item-1': '2', 'item-2': '3' })).toEqual({ status: 'submitted', anonymityK: 3 })
		expect(await submitByLink(links.b[3]!, { 'item-0': '1', 'item-1': '2', 'item-2': '3' })).toEqual({ status: 'submitted', anonymityK: 3 })
		expect(await storedIn(wave.b)).toBe(7)
		const closedAt = new Date()
		await db().update(waves).set({ closedAt }).where(eq(waves.id, wave.b))
		// Not before the settle time has passed.
		expect(await releaseDueWeeks(new Date(closedAt.getTime() + 60_000))).toBe(0)
		expect(await storedIn(wave.b)).toBe(7)
		expect(await releaseDueWeeks(new Date(closedAt.getTime() + 6 * 60_000))).toBe(1)

		expect(await storedIn(wave.a)).toBe(0)
		expect(await storedIn(wave.b)).toBe(0)
		expect(resultRows(await db().execute(sql`select 1 from held_responses where org_id = ${orgId}`))).toEqual([])
		expect(await releasedIn(wave.a)).toBe(6)
		expect(await releasedIn(wave.b)).toBe(7)
		const comments = await db().select({ comment: responses.comment }).from(responses).where(eq(responses.waveId, wave.a))
		expect(comments.map((c) => c.comment)).toEqual(Array(6).fill('Fewer sign-offs.'))
		const values = resultRows<{ position: number; value: number; n: number }>(
			await db().execute(sql`select position, value, count(*)::int as n from answers where wave_id = ${wave.a} group by 1, 2 order by 1, 2`),
		)
		expect(values).toEqual([
			{ position: 0, value: 4, n: 6 },
			{ position: 1, value: 9, n: 6 },
		])

		// No column of a response or an answer holds a date or a time.
		const columns = resultRows<{ table_name: string; column_name: string; data_type: string }>(
			await db().execute(
				sql`select table_name, column_name, data_type from information_schema.columns where table_schema = 'public' and table_name in ('responses', 'answers') order by 1, 2`,
			),
		)
		expect(columns.map((c) => c.column_name)).not.toContain('submitted_on')
		expect(columns.filter((c) => /date|time|interval/i.test(c.data_type))).toEqual([])

		// The invitations still know who answered, and a link now answers "closed".
		const answered = await db().select({ answered: INVITATION_ANSWERED }).from(invitations).where(eq(invitations.waveId, wave.a))
		expect(answered.filter((i) => i.answered)).toHaveLength(6)
		const r = await post(links.a[7]!, GOOD)
		expect(r.status).toBe(410)
		expect(await releasedIn(wave.a)).toBe(6)
		expect(await storedIn(wave.a)).toBe(0)
	})
})
