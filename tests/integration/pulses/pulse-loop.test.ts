/**
 * The whole loop on the database: build and activate a weekly survey, ticks (several at once)
 * open one wave and queue one e-mail per person, people answer through their links (one twice),
 * the reminder goes only to those who have not answered, the wave closes, and once it has
 * settled its week is released: the held answers move to `responses` and the rollups are built.
 */
import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { deliverDueMail } from '~/notifications/mail.server'
import { submitPulse } from '~/pulses/answering.server'
import { INVITATION_ANSWERED } from '~/pulses/invitation-links.server'
import { pulseForLink } from '~/pulses/pulse-view.server'
import { schedulerTick } from '~/pulses/scheduler.server'
import { participation } from '~/pulses/waves.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'
import { answers, heldResponses, invitations, mailOutbox, responseRollups, responses, waves } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser } from '../../support/fixtures'
import { linkToken, readMailFile } from '../../support/mail'

useTestDatabase()

// Monday 2026-03-02 09:00 in Europe/London is 09:00Z (winter time).
const MONDAY_9 = new Date('2026-03-02T09:00:00Z')
const at = (iso: string) => new Date(iso)

let orgId: string
let surveyId: string
const people: { id: string; email: string }[] = []

beforeAll(async () => {
	const org = await makeOrg({ anonymityK: 3 })
	orgId = org.id
	await db().execute(sql`update organizations set time_zone = 'Europe/London' where id = ${orgId}`)
	const social = await makeTeam(orgId, 'Care/Social')
	const phone = await makeTeam(orgId, 'Care/Phone')
	const other = await makeTeam(orgId, 'Finance')
	for (let i = 0; i < 4; i++) people.push(await makeUser(orgId, { teamId: social, email: `social${i}@x.com`, password: null }))
	for (let i = 0; i < 2; i++) people.push(await makeUser(orgId, { teamId: phone, email: `phone${i}@x.com`, password: null, level: 'manager' }))
	await makeUser(orgId, { teamId: other, email: 'finance@x.com', password: null })
	await makeUser(orgId, { teamId: social, email: 'left@x.com', password: null, active: false })
	const bank = await listItems(orgId)
	const pick = (key: string) => bank.find((b) => b.key === key)!.id
	const careTeam = (await db().execute(sql`select id from teams where org_id = ${orgId} and path = 'Care'`)) as unknown
	const careId = resultRows<{ id: string }>(careTeam)[0]!.id
	const saved = await saveSurvey(orgId, null, {
		name: 'Care pulse',
		itemIds: [pick('autonomy.resolve'), pick('approval.waits'), pick('approval.count'), pick('enps.recommend'), pick('comment.open')],
		audience: 'teams',
		teamIds: [careId],
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '3',
		reminderDaysBeforeClose: '1',
		anonymityK: '3',
	})
	if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
	surveyId = saved.value.id
})

async function linksByEmail(now = at('2026-03-03T09:00:00Z')) {
	await deliverDueMail(1000, now)
	const rows = await db()
		.select()
		.from(mailOutbox)
		.where(and(eq(mailOutbox.orgId, orgId), eq(mailOutbox.status, 'sent')))
	const out = new Map<string, string[]>()
	for (const r of rows) {
		const token = linkToken(await readMailFile(r.fileName!), 'pulse')
		out.set(r.toEmail, [...(out.get(r.toEmail) ?? []), token])
	}
	return out
}

describe('a weekly pulse, end to end', () => {
	test('a draft survey sends nothing', async () => {
		expect(await schedulerTick(MONDAY_9)).toEqual({ opened: 0, reminded: 0, closed: 0, released: 0 })
	})

	test('ticks running at once open one wave and invite each person of the audience once', async () => {
		expect((await setSurveyStatus(orgId, surveyId, 'active')).ok).toBe(true)
		await db().execute(sql`update surveys set activated_at = '2026-03-01T12:00:00Z' where id = ${surveyId}`)
		const before = await schedulerTick(at('2026-03-02T08:59:00Z'))
		expect(before.opened).toBe(0)
		const results = await Promise.all([schedulerTick(MONDAY_9), schedulerTick(MONDAY_9), schedulerTick(at('2026-03-02T09:00:30Z'))])
		expect(results.reduce((n, r) => n + r.opened, 0)).toBe(1)
		const w = await db().select().from(waves).where(eq(waves.surveyId, surveyId))
		expect(w).toHaveLength(1)
		expect(w[0]).toMatchObject({ periodStart: '2026-03-02', opensAt: MONDAY_9, closesAt: at('2026-03-05T09:00:00Z'), reminderAt: at('2026-03-04T09:00:00Z') })
		const inv = await db().select().from(invitations).where(eq(invitations.waveId, w[0]!.id))
		// Care and its sub-teams, active people only: not Finance, not the deactivated person.
		expect(inv).toHaveLength(6)
		const queued = await db()
			.select()
			.from(mailOutbox)
			.where(and(eq(mailOutbox.orgId, orgId), eq(mailOutbox.kind, 'pulse_invitation')))
		expect(queued.map((m) => m.toEmail).sort()).toEqual(people.map((p) => p.email).sort())
		// Later ticks in the same window change nothing.
		expect(await schedulerTick(at('2026-03-03T12:00:00Z'))).toEqual({ opened: 0, reminded: 0, closed: 0, released: 0 })
	})

	test('people answer through their links; a second submission stores nothing more', async () => {
		const links = await linksByEmail()
		expect(links.size).toBe(6)
		const form = { 'item-0': '4', 'item-1': '2', 'item-2': '3', 'item-3': '9', 'item-4': '  More budget for refunds.  ' }
		const now = at('2026-03-03T10:00:00Z')
		for (const email of ['social0@x.com', 'social1@x.com', 'social2@x.com', 'phone0@x.com']) {
			const pulse = await pulseForLink(links.get(email)![0]!, now)
			expect(pulse?.state).toBe('open')
			expect(await submitPulse(pulse!, form, now)).toEqual({ status: 'submitted' })
		}
		// social0 tries again with the same link (a double click, a replay), and concurrently.
		const again = await pulseForLink(links.get('social0@x.com')![0]!, now)
		expect(again?.state).toBe('answered')
		expect(await submitPulse(again!, form, now)).toEqual({ status: 'already-answered' })
		const pulse = await pulseForLink(links.get('social3@x.com')![0]!, now)
		const both = await Promise.all([submitPulse(pulse!, form, now), submitPulse(pulse!, form, now)])
		expect(both.map((b) => b.status).sort()).toEqual(['already-answered', 'submitted'])

		// Stored = held until the week is released; nothing is in `responses` or `answers` yet.
		const held = await db().select().from(heldResponses).where(eq(heldResponses.orgId, orgId))
		expect(held).toHaveLength(5)
		expect(held[0]).toMatchObject({ comment: 'More budget for refunds.' })
		expect(held[0]!.answers.map((a) => [a.position, a.value]).sort()).toEqual([
			[0, 4],
			[1, 2],
			[2, 3],
			[3, 9],
		])
		expect(await db().select().from(responses).where(eq(responses.orgId, orgId))).toEqual([])
		expect(await db().select().from(answers).where(eq(answers.orgId, orgId))).toEqual([])
	})

	test('an invalid submission reports each item and stores nothing', async () => {
		const links = await linksByEmail()
		const now = at('2026-03-03T11:00:00Z')
		const pulse = await pulseForLink(links.get('phone1@x.com')![0]!, now)
		const r = await submitPulse(pulse!, { 'item-0': '7', 'item-2': 'lots', 'item-3': '' }, now)
		expect(r).toEqual({
			status: 'invalid',
			errors: { 'item-0': 'Choose one of the five answers.', 'item-1': 'Choose an answer.', 'item-2': 'Enter a number.', 'item-3': 'Choose an answer.' },
		})
		expect((await pulseForLink(links.get('phone1@x.com')![0]!, now))?.state).toBe('open')
	})

	test('participation counts answers per team, with sub-teams rolled up and small teams (and their complements) not shown', async () => {
		const [wave] = await db().select().from(waves).where(eq(waves.surveyId, surveyId))
		const p = await participation(orgId, wave!.id)
		expect(p).toMatchObject({ k: 3, invited: 6, answered: 5, rate: 5 / 6 })
		const byPath = Object.fromEntries(p.teams.map((t) => [t.path, t]))
		expect(byPath.Care).toMatchObject({ invited: 6, answered: 5, rate: 5 / 6 })
		// Two people invited, under k = 3: no count, no rate.
		expect(byPath['Care/Phone']).toMatchObject({ invited: 2, answered: null, rate: null })
		// Care/Social has 4 invited, but Care minus Care/Social would give Care/Phone's count: hidden too.
		expect(byPath['Care/Social']).toMatchObject({ invited: 4, answered: null, rate: null })
		expect(byPath.Finance).toBeUndefined()
		expect(p.teams.some((t) => t.path === null)).toBe(false)
	})

	test('the reminder goes once, only to those who have not answered', async () => {
		const reminderTime = at('2026-03-04T09:00:00Z')
		const [a, b] = await Promise.all([schedulerTick(reminderTime), schedulerTick(reminderTime)])
		expect(a.reminded + b.reminded).toBe(1)
		const reminders = await db()
			.select()
			.from(mailOutbox)
			.where(and(eq(mailOutbox.orgId, orgId), eq(mailOutbox.kind, 'pulse_reminder')))
		expect(reminders.map((r) => r.toEmail)).toEqual(['phone1@x.com'])
		// The reminder's own link works too.
		const links = await linksByEmail(at('2026-03-04T09:01:00Z'))
		expect(links.get('phone1@x.com')).toHaveLength(2)
	})

	test('the wave closes at the end of its window; links then show it closed and store nothing', async () => {
		const links = await linksByEmail(at('2026-03-04T09:01:00Z'))
		expect((await schedulerTick(at('2026-03-05T08:59:00Z'))).closed).toBe(0)
		expect((await schedulerTick(at('2026-03-05T09:00:00Z'))).closed).toBe(1)
		const late = at('2026-03-05T09:30:00Z')
		const pulse = await pulseForLink(links.get('phone1@x.com')![1]!, late)
		expect(pulse?.state).toBe('closed')
		expect(await submitPulse(pulse!, { 'item-0': '3', 'item-1': '3', 'item-2': '1', 'item-3': '5' }, late)).toEqual({ status: 'closed' })
		expect(await db().select().from(heldResponses).where(eq(heldResponses.orgId, orgId))).toHaveLength(5)
		// Closed but not settled yet: not released, no answer in `responses`, no figure.
		expect(await db().select().from(responses).where(eq(responses.orgId, orgId))).toEqual([])
		expect(await db().select().from(responseRollups).where(eq(responseRollups.orgId, orgId))).toEqual([])
	})

	test('five minutes after the close the week is released, once: the answers move to responses', async () => {
		expect((await schedulerTick(at('2026-03-05T09:04:59Z'))).released).toBe(0)
		expect(await db().select().from(responses).where(eq(responses.orgId, orgId))).toEqual([])
		expect(await releaseDueWeeks(at('2026-03-05T09:05:00Z'))).toBe(1)
		expect(await releaseDueWeeks(at('2026-03-05T09:06:00Z'))).toBe(0)
		expect(await db().select().from(heldResponses).where(eq(heldResponses.orgId, orgId))).toEqual([])
		const stored = await db().select().from(responses).where(eq(responses.orgId, orgId))
		expect(stored).toHaveLength(5)
		expect(stored.every((r) => r.comment === 'More budget for refunds.')).toBe(true)
		const values = await db().select().from(answers).where(eq(answers.responseId, stored[0]!.id))
		expect(values.map((a) => [a.position, a.value]).sort()).toEqual([
			[0, 4],
			[1, 2],
			[2, 3],
			[3, 9],
		])
		expect(Object.keys(stored[0]!).sort()).toEqual(['comment', 'commentLocale', 'id', 'level', 'orgId', 'replyKeyHash', 'teamId', 'waveId'])
		// The invitations still say who answered (for the reminder and participation), not when.
		const inv = await db().select({ answered: INVITATION_ANSWERED }).from(invitations).where(eq(invitations.orgId, orgId))
		expect(inv.filter((i) => i.answered)).toHaveLength(5)
		const [wave] = await db().select().from(waves).where(eq(waves.surveyId, surveyId))
		expect(await participation(orgId, wave!.id)).toMatchObject({ invited: 6, answered: 5 })
	})

	test('a tampered or unknown link is not a pulse', async () => {
		const links = await linksByEmail()
		const real = links.get('social0@x.com')![0]!
		const [id] = real.split('.').slice(-2)
		expect(await pulseForLink(`${id}.${'a'.repeat(32)}`)).toBeNull()
		expect(await pulseForLink('nope')).toBeNull()
		expect(await pulseForLink(`${real}x`)).toBeNull()
	})

	test('the next week opens the next wave with the wording as it is then', async () => {
		const next = at('2026-03-09T09:00:00Z')
		expect((await schedulerTick(next)).opened).toBe(1)
		expect((await schedulerTick(next)).opened).toBe(0)
		const all = await db().select().from(waves).where(eq(waves.surveyId, surveyId))
		expect(all.map((w) => w.periodStart).sort()).toEqual(['2026-03-02', '2026-03-09'])
	})
})

describe('anonymity by construction', () => {
	test('no column of a response or an answer can point to a person, an invitation or a time of day', async () => {
		const cols = resultRows<{ table_name: string; column_name: string; data_type: string }>(
			await db().execute(
				sql`select table_name, column_name, data_type from information_schema.columns where table_schema = 'public' and table_name in ('responses', 'answers') order by table_name, ordinal_position`,
			),
		)
		const names = cols.map((c) => `${c.table_name}.${c.column_name}`)
		expect(names).toEqual([
			'answers.org_id',
			'answers.response_id',
			'answers.position',
			'answers.wave_id',
			'answers.value',
			'answers.text',
			'responses.org_id',
			'responses.id',
			'responses.wave_id',
			'responses.team_id',
			'responses.level',
			'responses.comment',
			// The SHA-256 of a reply key only the comment's author holds (docs/security.md, "Anonymous replies"): it names no one.
			'responses.reply_key_hash',
			// The comment's language, kept only where at least k comments of its wave and team share it (docs/decisions/0023-languages.md).
			'responses.comment_locale',
		])
		// No date either: a response keeps neither when it was given nor on which day.
		expect(cols.filter((c) => /date|time|interval/i.test(c.data_type))).toEqual([])
		expect(cols.some((c) => /user|invitation|email|token|created|time|date|submitted/.test(c.column_name))).toBe(false)
		// The holding table, while it has rows, knows no person, invitation or time either.
		const held = resultRows<{ column_name: string; data_type: string }>(
			await db().execute(
				sql`select column_name, data_type from information_schema.columns where table_schema = 'public' and table_name = 'held_responses' order by ordinal_position`,
			),
		)
		// The comment's language is held as written; the release keeps it only where k share it.
		expect(held.map((c) => c.column_name)).toEqual(['org_id', 'id', 'wave_id', 'team_id', 'level', 'comment', 'answers', 'reply_key_hash', 'comment_locale'])
		expect(held.filter((c) => /date|time|interval/i.test(c.data_type))).toEqual([])
		// And nothing points at a response from the side that knows people.
		const fks = resultRows<{ src: string; dst: string }>(
			await db().execute(
				sql`select conrelid::regclass::text as src, confrelid::regclass::text as dst from pg_constraint where contype = 'f' and (confrelid = 'responses'::regclass or conrelid = 'responses'::regclass)`,
			),
		)
		// Threads under a comment and the moderation of comments point at it, and know no author
		// (tests/integration/replies/no-author-link.test.ts dumps every table to show it).
		expect(fks.filter((f) => !['answers', 'responses', 'comment_replies', 'hidden_comments'].includes(f.src))).toEqual([])
		// A response itself has no key at all, not even to its wave (decision 0038).
		expect(fks.filter((f) => f.src === 'responses').map((f) => f.dst)).toEqual([])
	})
})

describe('rollups', () => {
	test('the rollups the release computed equal a rebuild from the raw answers', async () => {
		const { rebuildRollups } = await import('~/reports/rollups.server')
		const { participationRollups, responseRollups } = await import('~db/schema')
		const read = async () => ({
			responses: (await db().select().from(responseRollups).where(eq(responseRollups.orgId, orgId)))
				.map((r) => ({ ...r, scoreSum: Math.round(r.scoreSum * 1e6), scoreSumsq: Math.round(r.scoreSumsq * 1e4) }))
				.sort((a, b) => `${a.waveId}${a.teamId}${a.level}${a.dimension}`.localeCompare(`${b.waveId}${b.teamId}${b.level}${b.dimension}`)),
			participation: (await db().select().from(participationRollups).where(eq(participationRollups.orgId, orgId))).sort((a, b) =>
				`${a.waveId}${a.teamId}${a.level}`.localeCompare(`${b.waveId}${b.teamId}${b.level}`),
			),
		})
		// The week was released (above) at 09:05 on the day its wave closed; releasing again changes nothing.
		expect(await releaseDueWeeks(at('2026-03-05T09:10:00Z'))).toBe(0)
		const released = await read()
		expect(released.responses.length).toBeGreaterThan(0)
		// Five responses in Care/Social (4, frontline) and Care/Phone (1, manager) answered autonomy, approval and eNPS.
		const social = released.responses.filter((r) => r.level === 'frontline' && r.dimension === 'autonomy')
		expect(social.map((r) => r.respondents)).toEqual([4])
		// autonomy.resolve answered 4 → (4 − 1) × 25 = 75; approval.waits is reverse-scored, answered 2 → (5 − 2) × 25 = 75.
		expect(social[0]!.scoreSum).toBe(4 * 75 * 1e6)
		const enps = released.responses.filter((r) => r.dimension === 'enps')
		expect(enps.reduce((n, r) => n + r.favourable, 0)).toBe(5) // everyone answered 9: promoters
		await rebuildRollups(orgId)
		expect(await read()).toEqual(released)
	})

	test('new weights on a large organisation are applied in the background, to the same figures as a rebuild', async () => {
		const { rebuildRollups, recomputeStaleCulture } = await import('~/reports/rollups.server')
		const { getReportSettings } = await import('~/reports/settings.server')
		const { saveReportSettings, settingsInput } = await import('~/reports/save-settings.server')
		const { responseRollups } = await import('~db/schema')
		const culture = async () =>
			(await db().select().from(responseRollups).where(eq(responseRollups.orgId, orgId)))
				.filter((r) => r.dimension === 'culture')
				.map((r) => ({ wave: r.waveId, team: r.teamId, level: r.level, n: r.respondents, sum: Math.round(r.scoreSum * 1e6), sumsq: Math.round(r.scoreSumsq * 1e3) }))
				.sort((a, b) => `${a.wave}${a.team}${a.level}`.localeCompare(`${b.wave}${b.team}${b.level}`))
		// Culture rows as they would be if nothing recomputed them (zeroed), to see who does.
		await db().execute(sql`update response_rollups set score_sum = 0, score_sumsq = 0 where org_id = ${orgId} and dimension = 'culture'`)
		const before = await culture()
		// Approval counts, autonomy does not: each culture index becomes the approval score (75 for Care/Social).
		const form = {
			'weight.autonomy': '0',
			'weight.approval': '1',
			'weight.speed': '0',
			'weight.voice': '0',
			'weight.collaboration': '0',
			'weight.safety': '0',
			'weight.closeness': '0',
			'weight.firstResponse': '0',
			'weight.approvalCycle': '0',
			firstResponseMinutes: '60',
			approvalCycleHours: '24',
			rtmi: '75',
			baselineFrom: '',
			baselineTo: '',
			commentK: '10',
		}
		const saved = await saveReportSettings(orgId, settingsInput(form), { inlineMaxResponses: 0 })
		expect(saved).toMatchObject({ ok: true, value: { weightsChanged: true, recomputing: true } })
		expect((await getReportSettings(orgId)).recomputing).toBe(true)
		const { mindsetReport } = await import('~/reports/mindset.server')
		expect((await mindsetReport(orgId, { from: '2026-01-01', to: '2026-12-31', teamId: null, level: null }, null))!.recomputing).toBe(true) // the dashboard says so
		expect(await culture()).toEqual(before) // nothing recomputed in the request
		expect(await recomputeStaleCulture()).toBe(0) // not before every instance can have let go of the old weights
		expect(await recomputeStaleCulture({ settleSeconds: 0 })).toBe(1)
		expect(await recomputeStaleCulture({ settleSeconds: 0 })).toBe(0)
		expect((await getReportSettings(orgId)).recomputing).toBe(false)
		const after = await culture()
		expect(after).not.toEqual(before)
		expect(after.find((r) => r.level === 'frontline')).toMatchObject({ n: 4, sum: 4 * 75 * 1e6 })
		await rebuildRollups(orgId)
		expect(await culture()).toEqual(after)
	})
})
