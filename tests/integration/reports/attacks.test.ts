/**
 * A determined admin or executive, with the reports API, the dashboard's report and ordinary
 * admin actions, tries to learn the answers of named people by combining views: over time
 * (polling a live wave), over sets (intersecting comment lists), over configurations (a lower
 * k, a deleted team, another time zone), and from the database itself. Each attack below got
 * answers out before weeks were released once; each must now learn nothing.
 */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { createApiKey } from '~/api/api-keys.server'
import { deleteTeam } from '~/org/teams.server'
import { closeWave } from '~/pulses/waves.server'
import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { forgetReportSettings } from '~/reports/settings.server'
import * as api from '~/routes/api+/v1.reports.mindset'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'
import { answer, makePulseOrg, makeSurvey, openTestWave } from '../../support/pulses'
import { apiRequest, call } from '../../support/requests'

useTestDatabase()

const LEVELS = [null, 'frontline', 'manager', 'leader'] as const

async function keyFor(orgId: string) {
	const created = await createApiKey(orgId, 'attacker')
	if (!created.ok) throw new Error('key')
	return created.value.key
}

async function apiWeeks(key: string, from: string, to: string, team: string | null, level: string | null) {
	const q = new URLSearchParams({ from, to, ...(team ? { team } : {}), ...(level ? { level } : {}) })
	const res = await call(api.loader, apiRequest(`/api/v1/reports/mindset?${q}`, { key }))
	expect(res.status).toBe(200)
	return res.data as {
		weeks: {
			week: string
			suppressed: boolean
			culture: number | null
			dimensions: Record<string, { score?: number | null; n?: number }>
			enps: number | null
			participation: { invited: number; answered: number | null }
		}[]
		progress: Record<string, unknown>
	}
}

const setK = async (orgId: string, k: number) => {
	await db().execute(sql`update organizations set anonymity_k = ${k} where id = ${orgId}`)
	forgetReportSettings(orgId)
}

describe('1. polling a live wave', () => {
	test('no figure of an open wave exists for anyone; a one-person group looks the same before and after its person answers', async () => {
		const o = await makePulseOrg({
			teams: {
				Solo: [['frontline', 1]],
				Crowd: [
					['frontline', 6],
					['manager', 1],
				],
			},
		})
		const key = await keyFor(o.orgId)
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		const views = async () => {
			const out: Record<string, unknown> = {}
			for (const team of [null, 'Solo', 'Crowd']) for (const level of LEVELS) out[`${team}|${level}`] = await apiWeeks(key, '2026-03-02', '2026-03-08', team, level)
			return out
		}
		const polls = [await views()]
		for (const p of o.people) {
			await answer(o.orgId, p.id, w.waveId, { 'item-0': String(1 + (p.index % 5)), 'item-1': String(p.index), 'item-2': '9' }, w.during)
			polls.push(await views())
		}
		// Nothing but participation exists; and participation of a group of fewer than k invited,
		// or of one that would single out such a group, never changes.
		const withoutShownParticipation = (poll: Record<string, unknown>) => JSON.parse(JSON.stringify(poll), (k, v) => (k === 'answered' && v !== null ? 'live' : v))
		for (const poll of polls) {
			expect(JSON.stringify(poll)).not.toMatch(/"score":|"culture":\d|"enps":-?\d|"rtmi":\d/)
			expect(withoutShownParticipation(poll)).toEqual(withoutShownParticipation(polls[0]!))
			const solo = poll['Solo|null'] as Awaited<ReturnType<typeof apiWeeks>>
			expect(solo.weeks[0]!.participation.answered).toBeNull()
		}
		// Closed, settled and released: the figures appear, once, and the small group stays hidden.
		expect(await releaseDueWeeks(new Date(w.during.getTime() + 60_000))).toBe(0) // still taking answers…
		await closeWave(o.orgId, w.waveId, w.during)
		expect(await releaseDueWeeks(new Date(w.during.getTime() + 4 * 60_000))).toBe(0) // …and, once closed, settles for 5 minutes
		expect(await releaseDueWeeks(new Date(w.during.getTime() + 6 * 60_000))).toBe(1)
		// The organisation (8) is shown; Crowd (7) is hidden with Solo, or the organisation minus Crowd would be Solo.
		const crowd = await apiWeeks(key, '2026-03-02', '2026-03-08', null, null)
		expect(crowd.weeks[0]!.dimensions.autonomy!.n).toBe(8)
		expect((await apiWeeks(key, '2026-03-02', '2026-03-08', 'Crowd', null)).weeks[0]).toMatchObject({ suppressed: true })
		const solo = await apiWeeks(key, '2026-03-02', '2026-03-08', 'Solo', null)
		expect(solo.weeks[0]).toMatchObject({ suppressed: true, culture: null, participation: { invited: 1, answered: null } })
		// Released once: a second release run changes nothing.
		expect(await releaseDueWeeks(w.after)).toBe(0)
		expect(await apiWeeks(key, '2026-03-02', '2026-03-08', null, null)).toEqual(crowd)
		// About a hundred API views: 35 s at a load of 35 on 2 cores.
	}, 240_000)
})

describe('2. intersecting comment lists', () => {
	test('no union, difference or intersection of two comment lists holds fewer than the comment threshold of people', async () => {
		// k = 5, comment threshold 10. T: 10 front line + 2 managers; U: 2 front line + 8 managers.
		// Formerly T's list ∩ the organisation's managers' list was T's 2 managers.
		const o = await makePulseOrg({
			teams: {
				T: [
					['frontline', 10],
					['manager', 2],
				],
				U: [
					['frontline', 2],
					['manager', 8],
				],
			},
		})
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		for (const p of o.people) await answer(o.orgId, p.id, w.waveId, { 'item-0': '3', 'item-1': '1', 'item-2': '7', 'item-3': `said by ${p.index}` }, w.during)
		await releaseDueWeeks(w.after)
		const lists: string[][] = []
		for (const team of [null, o.teamIds.T!, o.teamIds.U!])
			for (const level of LEVELS) lists.push((await mindsetReport(o.orgId, { from: '2026-03-02', to: '2026-03-08', teamId: team, level }, null))!.comments.items ?? [])
		expect(lists[0]).toHaveLength(22) // the whole organisation shows every comment
		for (const x of lists)
			for (const y of lists) {
				const inter = x.filter((c) => y.includes(c)).length
				for (const size of [inter, x.length - inter, y.length - inter]) expect(size === 0 || size >= 10, `${size} comments singled out`).toBe(true)
			}
		// A level filter shows no comment at all.
		const managers = (await mindsetReport(o.orgId, { from: '2026-03-02', to: '2026-03-08', teamId: null, level: 'manager' }, null))!.comments
		expect(managers).toMatchObject({ allowed: false, items: null, reason: 'level' })
		// A stricter comment threshold later (13) only hides more: T's 12 no longer form a group of their own.
		const commentsOf = async (teamId: string | null) => (await mindsetReport(o.orgId, { from: '2026-03-02', to: '2026-03-08', teamId, level: null }, null))!.comments.items
		expect(await commentsOf(o.teamIds.T!)).toHaveLength(12)
		await db().execute(
			sql`insert into report_settings (org_id, weights, targets, comment_k) values (${o.orgId}, '{}', '{"firstResponseMinutes":60,"approvalCycleHours":24,"rtmi":75}', 13)`,
		)
		forgetReportSettings(o.orgId)
		expect(await commentsOf(o.teamIds.T!)).toBeNull()
		expect(await commentsOf(null)).toHaveLength(22)
	})
})

describe('3. k counts people, not responses', () => {
	test('five surveys in one week to a one-person team still show nothing of it', async () => {
		const o = await makePulseOrg({ teams: { Solo: [['frontline', 1]], Crowd: [['frontline', 6]] } })
		const key = await keyFor(o.orgId)
		const waves = [await openTestWave(o.orgId, o.surveyId, '2026-03-02')]
		for (let i = 1; i < 5; i++)
			waves.push(
				await openTestWave(
					o.orgId,
					await makeSurvey(o.orgId, ['autonomy.resolve', 'approval.count', 'enps.recommend'], 5, `Extra ${i}`),
					'2026-03-02',
					new Date(`2026-03-0${2 + (i % 3)}T1${i}:00:00Z`),
				),
			)
		const solo = o.people.find((p) => p.team === 'Solo')!
		for (const w of waves) await answer(o.orgId, solo.id, w.waveId, { 'item-0': '1', 'item-1': '0', 'item-2': '0' }, new Date(w.opensAt.getTime() + 60_000))
		for (const p of o.people.filter((x) => x.team === 'Crowd')) await answer(o.orgId, p.id, waves[0]!.waveId, { 'item-0': '5', 'item-1': '0', 'item-2': '10' }, waves[0]!.during)
		await releaseDueWeeks(new Date('2026-03-20T00:00:00Z'))
		const week = (await apiWeeks(key, '2026-03-02', '2026-03-08', 'Solo', null)).weeks[0]!
		expect(week).toMatchObject({ suppressed: true, culture: null })
		// The organisation minus Crowd would be Solo: they are not both shown.
		const org = (await apiWeeks(key, '2026-03-02', '2026-03-08', null, null)).weeks[0]!
		const crowd = (await apiWeeks(key, '2026-03-02', '2026-03-08', 'Crowd', null)).weeks[0]!
		expect(org.suppressed || crowd.suppressed).toBe(true)
	})

	test('a new time zone does not move waves into one week: three people answering two waves near midnight stay hidden', async () => {
		const o = await makePulseOrg({ teams: { Trio: [['frontline', 3]], Crowd: [['frontline', 9]] } })
		const key = await keyFor(o.orgId)
		// Sunday 23:30 and Monday 00:30 UTC: two different weeks in UTC, one week in Tokyo.
		const a = await openTestWave(o.orgId, o.surveyId, '2026-03-02', new Date('2026-03-08T23:30:00Z'))
		const b = await openTestWave(
			o.orgId,
			await makeSurvey(o.orgId, ['autonomy.resolve', 'approval.count', 'enps.recommend'], 5, 'Second'),
			'2026-03-09',
			new Date('2026-03-09T00:30:00Z'),
		)
		for (const p of o.people)
			for (const w of [a, b])
				await answer(o.orgId, p.id, w.waveId, { 'item-0': p.team === 'Trio' ? '1' : '5', 'item-1': '0', 'item-2': '5' }, new Date(b.opensAt.getTime() + 60_000))
		await releaseDueWeeks(new Date('2026-03-20T00:00:00Z'))
		const before = await apiWeeks(key, '2026-03-02', '2026-03-15', 'Trio', null)
		await db().execute(sql`update organizations set time_zone = 'Asia/Tokyo' where id = ${o.orgId}`)
		const weeks = resultRows<{ week: string }>(await db().execute(sql`select week::text as week from waves where org_id = ${o.orgId} order by week`)).map((w) => w.week)
		expect(weeks).toEqual(['2026-03-02', '2026-03-09'])
		for (const team of ['Trio', null])
			for (const level of [null, 'frontline']) {
				const view = await apiWeeks(key, '2026-03-02', '2026-03-15', team, level)
				if (team === 'Trio') expect(view.weeks.every((w) => w.suppressed && w.culture === null)).toBe(true)
				else expect(view.weeks.every((w) => (w.dimensions.autonomy?.n ?? 12) === 12)).toBe(true)
			}
		expect((await apiWeeks(key, '2026-03-02', '2026-03-15', 'Trio', null)).weeks).toEqual(before.weeks)
	})
})

describe('4. views of one week before and after a change', () => {
	let o: Awaited<ReturnType<typeof makePulseOrg>>
	let key: string
	const views = async () => {
		const out: Record<string, unknown> = {}
		for (const team of [null, 'A', 'B']) for (const level of LEVELS) out[`${team}|${level}`] = (await apiWeeks(key, '2026-03-02', '2026-03-08', team, level)).weeks
		return out
	}
	beforeAll(async () => {
		// A 6, B 6, C 2 (and 3 managers in B): C is hidden, and so is what would give it away.
		o = await makePulseOrg({
			teams: {
				A: [['frontline', 6]],
				B: [
					['frontline', 6],
					['manager', 3],
				],
				C: [['frontline', 2]],
			},
		})
		key = await keyFor(o.orgId)
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		for (const p of o.people) await answer(o.orgId, p.id, w.waveId, { 'item-0': String(1 + (p.index % 5)), 'item-1': '2', 'item-2': String(p.index % 11) }, w.during)
		await releaseDueWeeks(w.after)
	})

	test('a lower k shows nothing more of a released week; a higher one only hides more', async () => {
		const at5 = await views()
		await setK(o.orgId, 3)
		expect(await views()).toEqual(at5)
		await setK(o.orgId, 7)
		const at7 = await views()
		for (const [view, weeks] of Object.entries(at7) as [string, { suppressed: boolean; dimensions: Record<string, { n?: number }> }[]][]) {
			const was = at5[view] as typeof weeks
			if (!weeks[0]!.suppressed) expect(was[0]!.suppressed, view).toBe(false)
			if (!weeks[0]!.suppressed && weeks[0]!.dimensions.autonomy?.n) expect(weeks[0]!.dimensions.autonomy.n).toBeGreaterThanOrEqual(7)
		}
		expect((at7['A|null'] as { suppressed: boolean }[])[0]!.suppressed).toBe(true) // 6 people < 7
		await setK(o.orgId, 5)
		expect(await views()).toEqual(at5)
	})

	test('moving people out of a team and deleting it leaves every view of the released week as it was', async () => {
		const before = await views()
		await db().execute(sql`update users set team_id = ${o.teamIds.B} where org_id = ${o.orgId} and team_id = ${o.teamIds.C}`)
		expect((await deleteTeam(o.orgId, o.teamIds.C!)).ok).toBe(true)
		expect(await views()).toEqual(before)
	})
})

describe('5. the database links no answer to a person', () => {
	test('after release, no join on xmin, row order, id or time recovers who wrote what', async () => {
		// 30 people answer in a known order, each with a number only they give (approvals = their index).
		const o = await makePulseOrg({ teams: { Big: [['frontline', 30]] } })
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		for (const p of o.people)
			await answer(o.orgId, p.id, w.waveId, { 'item-0': '3', 'item-1': String(p.index), 'item-2': '7' }, new Date(w.opensAt.getTime() + (p.index + 1) * 60_000))
		// During the wave the answers wait in the holding table, and are in no figure.
		const held = resultRows<{ n: number }>(await db().execute(sql`select count(*)::int as n from held_responses where wave_id = ${w.waveId}`))[0]!.n
		expect(held).toBe(30)
		expect(resultRows(await db().execute(sql`select 1 from responses where wave_id = ${w.waveId}`))).toHaveLength(0)
		expect(resultRows(await db().execute(sql`select 1 from response_rollups where wave_id = ${w.waveId}`))).toHaveLength(0)
		await releaseDueWeeks(w.after)
		expect(resultRows(await db().execute(sql`select 1 from held_responses`))).toHaveLength(0)
		const order = (rows: { n: number }[]) => rows.map((r) => Number(r.n))
		// Responses by physical order, by id and by xmin: the answers of people 0…29 in no telling order.
		const byCtid = order(
			resultRows(
				await db().execute(
					sql`select a.value as n from responses r join answers a on a.org_id = r.org_id and a.response_id = r.id and a.position = 1 where r.wave_id = ${w.waveId} order by r.ctid`,
				),
			),
		)
		const byId = order(
			resultRows(
				await db().execute(
					sql`select a.value as n from responses r join answers a on a.org_id = r.org_id and a.response_id = r.id and a.position = 1 where r.wave_id = ${w.waveId} order by r.id`,
				),
			),
		)
		const answersByCtid = order(resultRows(await db().execute(sql`select value as n from answers where wave_id = ${w.waveId} and position = 1 order by ctid`)))
		for (const seq of [byCtid, byId, answersByCtid]) {
			expect([...seq].sort((x, y) => x - y)).toEqual(o.people.map((p) => p.index))
			expect(Math.abs(spearman(seq))).toBeLessThan(0.8)
		}
		// Submissions never write invitations; the answered rows were written again by the release in
		// invitation order (random ids): neither order says anything about who answered first.
		const answeredOrder = resultRows<{ user_id: string }>(
			await db().execute(
				sql`select i.user_id::text as user_id from answered_invitations a join invitations i on i.org_id = a.org_id and i.id = a.invitation_id where a.wave_id = ${w.waveId} order by a.ctid`,
			),
		).map((r) => o.people.findIndex((p) => p.id === r.user_id))
		expect(answeredOrder).toHaveLength(30)
		expect(Math.abs(spearman(answeredOrder))).toBeLessThan(0.8)
		// One transaction wrote every response, answer and answered row of the week: an xmin join pairs
		// everyone with everyone. The invitations kept the one transaction id they were created with.
		const xmins = resultRows<{ t: string; n: number }>(
			await db().execute(sql`
				select 'responses' as t, count(distinct xmin::text)::int as n from responses where wave_id = ${w.waveId}
				union all select 'answers', count(distinct xmin::text)::int from answers where wave_id = ${w.waveId}
				union all select 'answered', count(distinct xmin::text)::int from answered_invitations where wave_id = ${w.waveId}
				union all select 'invitations', count(distinct xmin::text)::int from invitations where wave_id = ${w.waveId}`),
		)
		expect(xmins.map((x) => Number(x.n))).toEqual([1, 1, 1, 1])
		const joined = resultRows<{ n: number }>(
			await db().execute(
				sql`select count(*)::int as n from responses r join answered_invitations a on a.org_id = r.org_id and a.xmin::text = r.xmin::text where r.wave_id = ${w.waveId} and a.wave_id = ${w.waveId}`,
			),
		)[0]!.n
		expect(joined).toBe(30 * 30)
		// And no column of a response or an answer holds a date or a time.
		const timeColumns = resultRows(
			await db().execute(
				sql`select column_name from information_schema.columns where table_name in ('responses', 'answers', 'held_responses') and (data_type like 'timestamp%' or data_type in ('date', 'time without time zone', 'time with time zone'))`,
			),
		)
		expect(timeColumns).toEqual([])
	})
})

describe('7. participation does not tell whether someone answered', () => {
	test('a one-person team looks the same whether its person answered or not', async () => {
		const seen: unknown[] = []
		for (const soloAnswers of [true, false]) {
			const o = await makePulseOrg({ teams: { Solo: [['frontline', 1]], Crowd: [['frontline', 6]] } })
			const key = await keyFor(o.orgId)
			const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
			for (const p of o.people) if (p.team === 'Crowd' || soloAnswers) await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, w.during)
			const during = [await apiWeeks(key, '2026-03-02', '2026-03-08', 'Solo', null), await apiWeeks(key, '2026-03-02', '2026-03-08', 'Solo', 'frontline')]
			await releaseDueWeeks(w.after)
			const after = [await apiWeeks(key, '2026-03-02', '2026-03-08', 'Solo', null), await apiWeeks(key, '2026-03-02', '2026-03-08', 'Solo', 'frontline')]
			seen.push(JSON.parse(JSON.stringify({ during: during.map((v) => v.weeks), after: after.map((v) => ({ weeks: v.weeks, progress: v.progress })) })))
		}
		expect(seen[0]).toEqual(seen[1])
		expect(JSON.stringify(seen[0])).toContain('"hiddenBecause":"few"')
	})
})

/** Spearman's ρ of a sequence against its positions (no ties). */
function spearman(seq: number[]): number {
	const n = seq.length
	const rank = new Map([...seq].sort((a, b) => a - b).map((v, i) => [v, i]))
	let d2 = 0
	seq.forEach((v, i) => (d2 += (rank.get(v)! - i) ** 2))
	return 1 - (6 * d2) / (n * (n * n - 1))
}
