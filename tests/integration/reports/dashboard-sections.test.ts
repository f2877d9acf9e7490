/**
 * The dashboard's summary sections, read through the gate: what moved since the baseline (each
 * dimension and eNPS), the team that needs attention, and the comments by theme with what the
 * latest week brought. Figures are checked by hand; hidden teams are never named.
 */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { submitPulse } from '~/pulses/answering.server'
import { pulseForUser } from '~/pulses/pulse-view.server'
import { openWave } from '~/pulses/waves.server'
import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser } from '../../support/fixtures'

useTestDatabase()

let orgId: string
const ids: Record<string, string> = {}
// Week 1 is the baseline, week 2 the latest weeks. Autonomy (Likert) by team and week; everyone
// answers response speed 4. Ops/Small (2 people) is under k = 5 and worst of all.
const PEOPLE = { 'Care/A': 6, 'Care/B': 6, Ops: 6, 'Ops/Small': 2 } as const
const AUTONOMY: Record<keyof typeof PEOPLE, [number, number]> = { 'Care/A': [3, 5], 'Care/B': [3, 3], Ops: [2, 2], 'Ops/Small': [1, 1] }

beforeAll(async () => {
	const org = await makeOrg({ anonymityK: 5 })
	orgId = org.id
	await db().execute(sql`update organizations set time_zone = 'UTC' where id = ${orgId}`)
	for (const path of Object.keys(PEOPLE)) ids[path] = await makeTeam(orgId, path)
	ids.Care = resultRows<{ id: string }>(await db().execute(sql`select id from teams where org_id = ${orgId} and path = 'Care'`))[0]!.id
	const people: { id: string; path: keyof typeof PEOPLE }[] = []
	for (const [path, n] of Object.entries(PEOPLE) as [keyof typeof PEOPLE, number][])
		for (let i = 0; i < n; i++) people.push({ id: (await makeUser(orgId, { teamId: ids[path], password: null })).id, path })
	const bank = await listItems(orgId)
	const saved = await saveSurvey(orgId, null, {
		name: 'Pulse',
		itemIds: ['autonomy.resolve', 'speed.hours', 'enps.recommend', 'comment.open'].map((k) => bank.find((b) => b.key === k)!.id),
		audience: 'everyone',
		teamIds: [],
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '3',
		reminderDaysBeforeClose: '1',
		anonymityK: '5',
	})
	if (!saved.ok) throw new Error('survey')
	await setSurveyStatus(orgId, saved.value.id, 'active')
	for (const [week, monday] of ['2026-03-02', '2026-03-09'].entries()) {
		const opens = new Date(`${monday}T09:00:00Z`)
		const waveId = (await openWave(
			{ orgId, id: saved.value.id, anonymityK: 5 },
			{ periodStart: monday, opensAt: opens, closesAt: new Date(opens.getTime() + 3 * 86_400_000), reminderAt: null },
		))!
		const now = new Date(opens.getTime() + 3_600_000)
		for (const [i, p] of people.entries()) {
			const pulse = await pulseForUser(orgId, p.id, waveId, now)
			// eNPS: everyone a detractor (6) in the baseline; in the latest week Care/A promoters (10), the rest passives (8).
			const enps = week === 0 ? '6' : p.path === 'Care/A' ? '10' : '8'
			const comment = week === 0 ? `We still wait two days for an approval (${i})` : `Trusted to decide on the spot now (${i})`
			const answers = { 'item-0': String(AUTONOMY[p.path][week]), 'item-1': '4', 'item-2': enps, 'item-3': comment }
			expect((await submitPulse(pulse!, answers, now)).status).toBe('submitted')
		}
	}
	expect(await releaseDueWeeks()).toBe(2)
})

const report = async (teamId: string | null, from = '2026-03-02') => (await mindsetReport(orgId, { from, to: '2026-03-15', teamId, level: null }, null))!

describe('what moved since the baseline', () => {
	test('each dimension’s change matches a hand computation, largest first, with an interval around it', async () => {
		const r = await report(null)
		// Autonomy, all 20 people: baseline (12 × 50 + 6 × 25 + 2 × 0) / 20 = 37.5; latest (6 × 100 + 6 × 50 + 6 × 25 + 0) / 20 = 52.5.
		const autonomy = r.changes.find((c) => c.key === 'autonomy')!
		expect(autonomy.baseline).toBeCloseTo(37.5, 6)
		expect(autonomy.latest).toBeCloseTo(52.5, 6)
		expect(autonomy.delta).toBeCloseTo(15, 6)
		// Four teams at most are shown in both weeks (a small team counts with the one above it):
		// too few to tell a change from chance, so no interval is claimed (measureChange, METHOD §5).
		expect(autonomy).toMatchObject({ low: null, high: null, verdict: 'too-few-clusters', smallestDetectable: null })
		// Response speed did not move (everyone answered 4 both weeks): a zero change.
		expect(r.changes.find((c) => c.key === 'speed')).toMatchObject({ delta: 0, verdict: 'too-few-clusters' })
		expect(r.changes[0]!.key).toBe('autonomy')
		// Only dimensions someone was asked about.
		expect(r.changes.map((c) => c.key).sort()).toEqual(['autonomy', 'speed'])
	})

	test('eNPS then and now: everyone a detractor, then 6 promoters of 20 and no detractors', async () => {
		const r = await report(null)
		expect(r.enpsChange.baseline).toMatchObject({ value: -100, n: 20 })
		expect(r.enpsChange.latest).toMatchObject({ value: 30, n: 20, promoters: 6, detractors: 0 })
		expect(r.enpsChange.delta).toBeCloseTo(130, 6)
	})

	test('a hidden group has no change and no eNPS to show', async () => {
		const small = await report(ids['Ops/Small']!)
		expect(small.changes).toEqual([])
		expect(small.enpsChange).toEqual({ latest: null, baseline: null, delta: null })
		expect(small.attention).toEqual({ culture: null, weakest: [], team: null })
	})
})

describe('the team that needs attention', () => {
	test('across the organisation: Ops, the lowest culture index of the teams below, with its weakest dimension', async () => {
		const r = await report(null)
		expect(r.attention.team).toMatchObject({ label: 'Ops', weakest: { key: 'autonomy' } })
		expect(r.attention.team!.culture).toBeLessThan(r.attention.culture!)
		expect(r.attention.team!.gap).toBeLessThan(0)
		// Ops did not move between the weeks.
		expect(r.attention.team!.change).toBeCloseTo(0, 6)
		expect(r.attention.weakest.map((w) => w.key)).toEqual(['autonomy', 'speed'])
	})

	test('within Care: B, which stood still while A rose', async () => {
		const r = await report(ids.Care!)
		expect(r.attention.team).toMatchObject({ label: 'Care › B', change: 0 })
	})

	test('a team under k is never named, even when it is the worst', async () => {
		const ops = await report(ids.Ops!)
		// Ops/Small is the only team below Ops, and it is hidden: nothing to rank.
		expect(ops.heatmap.find((h) => h.label === 'Ops › Small')).toMatchObject({ suppressed: true, scores: null })
		expect(ops.attention.team).toBeNull()
		expect(JSON.stringify(ops.attention)).not.toContain('Small')
	})
})

describe('comments by theme, and what is new', () => {
	test('grouped by their words, with counts; the latest week’s comments are marked new', async () => {
		const r = await report(null)
		expect(r.comments.allowed).toBe(true)
		expect(r.comments.items).toHaveLength(40)
		expect(r.comments.themes).toEqual([
			{ theme: 'approval', label: 'Approvals and sign-offs', count: 20 },
			{ theme: 'autonomy', label: 'Decision autonomy', count: 20 },
		])
		expect(r.comments.newSince).toBe('2026-03-09')
		expect(r.comments.tagged.filter((t) => t.fresh).every((t) => t.text.startsWith('Trusted'))).toBe(true)
		expect(r.comments.tagged.filter((t) => t.fresh)).toHaveLength(20)
	})

	test('"new" is exactly what a view of the latest week alone shows, so it reveals nothing more', async () => {
		const full = await report(null)
		const single = await report(null, '2026-03-09')
		expect(single.comments.items).toHaveLength(20)
		expect(
			full.comments.tagged
				.filter((t) => t.fresh)
				.map((t) => t.text)
				.sort(),
		).toEqual([...single.comments.items!].sort())
		// A single-week window has nothing to call new.
		expect(single.comments.newSince).toBeNull()
		expect(single.comments.tagged.some((t) => t.fresh)).toBe(false)
	})
})
