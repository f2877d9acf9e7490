/** Releasing weeks: which week a wave counts in, when a week is released, and what a release does. */
import { sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { submitPulse } from '~/pulses/answering.server'
import { pulseForUser } from '~/pulses/pulse-view.server'
import { forgetClosedWeeks } from '~/reports/closed-weeks.server'
import { mindsetReport } from '~/reports/mindset.server'
import { waveParticipationHidden } from '~/reports/participation'
import { releaseDueWeeks, releaseWeek } from '~/reports/release.server'
import { reportView } from '~/reports/report-gate.server'
import { forgetReportSettings } from '~/reports/settings.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'
import type { ReleasedCube } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { answer, makePulseOrg, makeSurvey, openTestWave } from '../../support/pulses'

useTestDatabase()

const weekOf = async (waveId: string) => resultRows<{ week: string }>(await db().execute(sql`select week::text as week from waves where id = ${waveId}`))[0]!.week

describe('the week a wave counts in', () => {
	test('is the Monday of its opening day in the organisation’s time zone, fixed when it opens', async () => {
		const o = await makePulseOrg({ teams: { T: [['frontline', 5]] } })
		await db().execute(sql`update organizations set time_zone = 'Australia/Sydney' where id = ${o.orgId}`)
		// Sunday 2026-03-08 14:00 UTC is Monday 01:00 in Sydney (UTC+11).
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-09', new Date('2026-03-08T14:00:00Z'))
		expect(await weekOf(w.waveId)).toBe('2026-03-09')
		await db().execute(sql`update organizations set time_zone = 'America/New_York' where id = ${o.orgId}`)
		expect(await weekOf(w.waveId)).toBe('2026-03-09')
	})

	test('is the next unreleased week when its own was released already', async () => {
		const o = await makePulseOrg({ teams: { T: [['frontline', 5]] } })
		const first = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		for (const p of o.people) await answer(o.orgId, p.id, first.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, first.during)
		expect(await releaseDueWeeks(first.after)).toBe(1)
		// Sent on the Saturday of the released week: it counts in the week after.
		const late = await openTestWave(
			o.orgId,
			await makeSurvey(o.orgId, ['autonomy.resolve', 'approval.count', 'enps.recommend'], 5, 'Late'),
			'2026-03-07',
			new Date('2026-03-07T10:00:00Z'),
		)
		expect(await weekOf(late.waveId)).toBe('2026-03-09')
	})
})

describe('a release', () => {
	test('waits for every wave of the week, happens once, and refuses a straggler after it', async () => {
		const o = await makePulseOrg({ k: 5, teams: { T: [['frontline', 6]] } })
		const a = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		// A second survey, a longer wave in the same week.
		const longSurvey = await makeSurvey(o.orgId, ['autonomy.resolve', 'approval.count', 'enps.recommend'], 5, 'Long')
		const b = await openTestWave(o.orgId, longSurvey, '2026-03-02', new Date('2026-03-04T09:00:00Z'))
		for (const p of o.people.slice(0, 5)) await answer(o.orgId, p.id, a.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, a.during)
		// a has closed and settled, b has not: nothing is released.
		expect(await releaseDueWeeks(new Date('2026-03-06T12:00:00Z'))).toBe(0)
		expect(await releaseWeek(o.orgId, '2026-03-02', new Date('2026-03-06T12:00:00Z'))).toBe(false)
		const report = () => mindsetReport(o.orgId, { from: '2026-03-02', to: '2026-03-08', teamId: null, level: null }, null)
		expect((await report())!.trend[0]).toMatchObject({ released: false, hiddenBecause: 'pending', culture: null })
		const last = o.people[5]!
		const pulse = (await pulseForUser(o.orgId, last.id, b.waveId, new Date('2026-03-06T12:00:00Z')))!
		expect(await releaseDueWeeks(b.after)).toBe(1)
		expect(await releaseDueWeeks(b.after)).toBe(0)
		expect((await report())!.trend[0]).toMatchObject({ released: true, hiddenBecause: null })
		// A submission that arrives after the release (a server clock running behind) stores nothing.
		expect((await submitPulse(pulse, { 'item-0': '1', 'item-1': '0', 'item-2': '0' }, new Date('2026-03-06T12:00:00Z'))).status).toBe('closed')
		expect(resultRows(await db().execute(sql`select 1 from held_responses where org_id = ${o.orgId}`))).toHaveLength(0)
	})

	test('uses the larger of the organisation’s k and the k a survey promised its people', async () => {
		const o = await makePulseOrg({ k: 5, teams: { T: [['frontline', 6]], U: [['frontline', 8]] } })
		const strict = await makeSurvey(o.orgId, ['autonomy.resolve', 'approval.count', 'enps.recommend'], 7, 'Strict')
		const w = await openTestWave(o.orgId, strict, '2026-03-02')
		for (const p of o.people) await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, w.during)
		await releaseDueWeeks(w.after)
		const stored = resultRows<{ k: number }>(await db().execute(sql`select k from released_weeks where org_id = ${o.orgId}`))[0]!
		expect(stored.k).toBe(7)
		const r = (await mindsetReport(o.orgId, { from: '2026-03-02', to: '2026-03-08', teamId: null, level: null }, null))!
		const rows = Object.fromEntries(r.heatmap.map((h) => [h.label, h]))
		expect(rows.T).toMatchObject({ suppressed: true, hiddenBecause: 'few' }) // 6 < 7
		expect(rows['Whole organisation']!.suppressed).toBe(false)
	})

	test('moves answers stored before releases existed into shuffled rows too, keeping every figure', async () => {
		const o = await makePulseOrg({ teams: { T: [['frontline', 6]] } })
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		for (const p of o.people)
			await answer(o.orgId, p.id, w.waveId, { 'item-0': String(1 + (p.index % 5)), 'item-1': String(p.index), 'item-2': '8', 'item-3': `note ${p.index}` }, w.during)
		// As an older version stored them: straight into responses, in the order people answered.
		await db().execute(sql`
			with held as (delete from held_responses where org_id = ${o.orgId} returning *), r as (
				insert into responses (org_id, id, wave_id, team_id, level, comment) select org_id, id, wave_id, team_id, level, comment from held returning id
			) insert into answers (org_id, response_id, wave_id, position, value, text)
			select h.org_id, h.id, h.wave_id, a.position, a.value, a.text from held h, jsonb_to_recordset(h.answers) a(position int, value float8, text text)`)
		const before = resultRows<{ id: string }>(await db().execute(sql`select id::text as id from responses where wave_id = ${w.waveId}`)).map((r) => r.id)
		await releaseDueWeeks(w.after)
		const after = resultRows<{ id: string; v: number; comment: string }>(
			await db().execute(
				sql`select r.id::text as id, a.value as v, r.comment from responses r join answers a on a.org_id = r.org_id and a.response_id = r.id and a.position = 1 where r.wave_id = ${w.waveId}`,
			),
		)
		expect(after.map((r) => Number(r.v)).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5])
		expect(after.every((r) => r.comment === `note ${Number(r.v)}`)).toBe(true)
		expect(after.some((r) => before.includes(r.id))).toBe(false)
		const r = (await mindsetReport(o.orgId, { from: '2026-03-02', to: '2026-03-08', teamId: null, level: null }, null))!
		// Autonomy answers 1, 2, 3, 4, 5, 1 → 0, 25, 50, 75, 100, 0 → mean 41.67.
		expect(r.trend[0]!.dimensions.autonomy).toBeCloseTo(250 / 6, 6)
	})

	test('stores each wave’s participation decision, read while the rollups hold the counts it was made on and made again when they do not', async () => {
		const o = await makePulseOrg({ k: 5, teams: { T: [['frontline', 6]], U: [['frontline', 3]] } })
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		for (const p of o.people) await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, w.during)
		await releaseDueWeeks(w.after)
		const storedCube = async () => resultRows<{ k: number; cube: ReleasedCube }>(await db().execute(sql`select k, cube from released_weeks where org_id = ${o.orgId}`))[0]!
		const { k, cube } = await storedCube()
		// The wave's own page's rule over its counts then, on the week's stored tree: U (3 invited) hidden, with a partner so it cannot be subtracted.
		const [wave] = cube.waves!
		expect(wave!.id).toBe(w.waveId)
		expect(wave!.invited[o.teamIds.U!]!.all).toBe(3)
		expect(wave!.hidden).toEqual([...waveParticipationHidden(cube.nodes, wave!.invited, k)].sort())
		expect(wave!.hidden).toContain(o.teamIds.U)
		const participationOfU = async () => {
			forgetClosedWeeks(o.orgId)
			return (await reportView(o.orgId, ['2026-03-02'])).gate.participation(o.teamIds.U!, '2026-03-02')
		}
		expect(await participationOfU()).toEqual({ invited: 3, answered: null, answeredHiddenBecause: 'few' })
		// The stored decision is what the gate reads (here made to show everything, to see it read)…
		await db().execute(sql`update released_weeks set cube = jsonb_set(cube, '{waves,0,hidden}', '[]'::jsonb) where org_id = ${o.orgId}`)
		expect(await participationOfU()).toEqual({ invited: 3, answered: 3, answeredHiddenBecause: null })
		// …while the rollups hold the counts it was made on: once they differ, the gate decides again.
		await db().execute(sql`update participation_rollups set invited = invited + 1 where org_id = ${o.orgId} and team_id = ${o.teamIds.T}::uuid`)
		expect(await participationOfU()).toEqual({ invited: 3, answered: null, answeredHiddenBecause: 'few' })
	})
})

describe('a period without the baseline', () => {
	test('says there is no baseline in view instead of failing', async () => {
		const o = await makePulseOrg({ teams: { T: [['frontline', 6]] } })
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-09')
		for (const p of o.people) await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, w.during)
		await releaseDueWeeks(w.after)
		await db().execute(
			sql`insert into report_settings (org_id, weights, targets, baseline_from, baseline_to) values (${o.orgId}, '{}', '{"firstResponseMinutes":60,"approvalCycleHours":24,"rtmi":75}', '2026-01-05', '2026-01-25')`,
		)
		forgetReportSettings(o.orgId)
		const r = (await mindsetReport(o.orgId, { from: '2026-03-09', to: '2026-03-15', teamId: null, level: null }, null))!
		expect(r.headline).toEqual({ suppressed: true, hiddenBecause: 'no-baseline' })
		expect(r.baseline).toBeNull()
		expect(r.trend[0]!.culture).not.toBeNull()
	})
})
