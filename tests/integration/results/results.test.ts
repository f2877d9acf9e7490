/**
 * /results against an attacker who is an employee or a manager: what they see is the executive
 * dashboard's figures for a group the gate shows, never a hidden group's, never another team's;
 * and only weeks whose surveys are shared with teams.
 */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { createAction } from '~/actions/create-action.server'
import { closeWave } from '~/pulses/waves.server'
import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { sharedWeeks, weekSharing } from '~/results/shared-weeks.server'
import { teamResults } from '~/results/team-results.server'
import * as dashboard from '~/routes/_reports+/dashboard'
import * as resultsRoute from '~/routes/_reports+/results'
import { setSurveySharing } from '~/surveys/sharing.server'
import { db } from '~/utils/db.server'

import { useTestDatabase } from '../../support/db'
import { makeUser, sessionCookieFor } from '../../support/fixtures'
import { answer, makePulseOrg, makeSurvey, openTestWave } from '../../support/pulses'
import { call, getRequest } from '../../support/requests'

useTestDatabase()

const WEEKS = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']
// Everyone in Stores answers autonomy 2 or 3 before the action (weeks 1–2) and 4 or 5 after it (weeks 3–5).
const autonomyOf = (team: string, week: number, i: number) => (team === 'Stores' ? (week < 2 ? 2 : 4) + (i % 2) : team === 'Care/Mid' ? 3 : team === 'Care/Small' ? 1 : 4)

let o: Awaited<ReturnType<typeof makePulseOrg>>
const people: Record<string, Awaited<ReturnType<typeof makeUser>>> = {}
const cookie: Record<string, string> = {}
const actor = { userId: null, label: 'test', ip: null }

beforeAll(async () => {
	// Big 6, Mid 5, Small 2 (under k = 5): Small is hidden, and so are Big and Mid (to protect it:
	// the gate's decision over the team × level cube); Care (13) and Stores (6) are shown.
	o = await makePulseOrg({
		teams: { 'Care/Big': [['frontline', 6]], 'Care/Mid': [['frontline', 5]], 'Care/Small': [['frontline', 2]], Stores: [['frontline', 6]] },
		items: ['autonomy.resolve', 'speed.hours', 'comment.open'],
	})
	for (const [week, monday] of WEEKS.entries()) {
		const w = await openTestWave(o.orgId, o.surveyId, monday)
		const byTeam: Record<string, number> = {}
		for (const p of o.people) {
			const i = (byTeam[p.team] = (byTeam[p.team] ?? 0) + 1)
			await answer(o.orgId, p.id, w.waveId, { 'item-0': String(autonomyOf(p.team, week, i)), 'item-1': '4', 'item-2': `Note ${p.team} ${week} ${i}` }, w.during)
		}
		await closeWave(o.orgId, w.waveId, w.after)
		expect(await releaseDueWeeks(w.after)).toBe(1)
	}
	// People who sign in (not among the respondents, so the groups above are exactly as described).
	people.smallEmployee = await makeUser(o.orgId, { role: 'employee', teamId: o.teamIds['Care/Small'] })
	people.storesEmployee = await makeUser(o.orgId, { role: 'employee', teamId: o.teamIds.Stores })
	people.careManager = await makeUser(o.orgId, { role: 'manager', teamId: o.teamIds.Care })
	people.exec = await makeUser(o.orgId, { role: 'executive' })
	for (const [name, p] of Object.entries(people)) cookie[name] = await sessionCookieFor(p)
})

/** Results of a person who has some (a week is shared). */
async function resultsOf(person: Parameters<typeof teamResults>[0], team: string | null = null) {
	const r = await teamResults(person, team)
	if (!r || r.latestWeek === null) throw new Error('no results')
	return r
}

const LAST = WEEKS.at(-1)!
/** The dashboard lists every dimension, null where nobody was asked; /results only those asked. */
const shown = (d: Record<string, number | null>) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== null))
const execDashboard = async (teamId: string, from = LAST, to = '2026-04-05') => {
	const res = await call(dashboard.loader, getRequest(`/dashboard?from=${from}&to=${to}&team=${teamId}`, cookie.exec))
	expect(res.status).toBe(200)
	return res.data.report as Awaited<ReturnType<typeof mindsetReport>> & {}
}

describe('what a person sees on /results', () => {
	test('an employee of a team under k sees the nearest shown ancestor, saying so, and never the team', async () => {
		const r = await resultsOf(people.smallEmployee!)
		expect(r.latestWeek).toBe(LAST)
		expect(r.requested).toEqual({ id: o.teamIds['Care/Small'], label: 'Care › Small' })
		expect(r.group).toEqual({ id: o.teamIds.Care, label: 'Care', isRequested: false })
		expect(r.requestedHidden).toBe('few')
		// Care's figures, exactly as the executive dashboard shows Care for the same week.
		const care = await execDashboard(o.teamIds.Care!)
		expect(r.now!.rtmi).toBeCloseTo(care.trend[0]!.rtmi!, 9)
		expect(Object.fromEntries(r.dimensions.map((d) => [d.key, d.score]))).toEqual(shown(care.trend[0]!.dimensions))
		// Small's autonomy is 0 (everyone answered 1): it appears nowhere in the page's data.
		const small = await execDashboard(o.teamIds['Care/Small']!)
		expect(small.trend[0]!.hiddenBecause).toBe('few')
		expect(r.trend.every((t) => t.rtmi === null || t.rtmi > 1)).toBe(true)
		expect(r.dimensions.find((d) => d.key === 'autonomy')!.score).not.toBe(0)
		// Mid is large enough but hidden to protect Small: its employee would see Care too.
		const mid = await makeUser(o.orgId, { teamId: o.teamIds['Care/Mid'] })
		const rm = await resultsOf(mid)
		expect([rm.group!.id, rm.requestedHidden]).toEqual([o.teamIds.Care, 'protects-others'])
	})

	test("a person's results view equals the executive dashboard's figures for the same team and week: index, dimensions, participation, comments", async () => {
		const r = await resultsOf(people.storesEmployee!)
		expect(r.group).toEqual({ id: o.teamIds.Stores, label: 'Stores', isRequested: true })
		const big = await execDashboard(o.teamIds.Stores!)
		const row = big.trend[0]!
		expect(r.now).toMatchObject({ rtmi: row.rtmi, culture: row.culture, invited: row.invited, answered: row.answered })
		expect(r.now!.answered).toBe(6)
		expect(Object.fromEntries(r.dimensions.map((d) => [d.key, d.score]))).toEqual(shown(row.dimensions))
		// The previous week and the organisation, likewise.
		const prev = await execDashboard(o.teamIds.Stores!, WEEKS.at(-2), '2026-03-29')
		expect(r.dimensions.find((d) => d.key === 'autonomy')!.previous).toBe(prev.trend[0]!.dimensions.autonomy)
		const org = (await mindsetReport(o.orgId, { from: LAST, to: '2026-04-05', teamId: null, level: null }, null))!
		expect(r.now!.organisationRtmi).toBe(org.trend[0]!.rtmi)
		expect(r.dimensions.find((d) => d.key === 'autonomy')!.organisation).toBe(org.trend[0]!.dimensions.autonomy)
		// Comments: what the dashboard shows for the same group and week (Stores is below the comment threshold of 10).
		expect(r.comments.items).toEqual(big.comments.items)
		expect(r.comments.items).toBeNull()
		// The trend: each shared week's index as the dashboard shows it, week by week.
		const window = await execDashboard(o.teamIds.Stores!, WEEKS[0], '2026-04-05')
		expect(r.trend.map((t) => [t.week, t.rtmi])).toEqual(window.trend.map((t) => [t.week, t.rtmi]))
		// Strongest and weakest come from the dimensions shown, two each, none in both.
		expect(r.strongest.length + r.weakest.length).toBe(2)
		expect(r.strongest.map((d) => d.key)).toEqual(['autonomy', 'speed'])
	})

	test('the whole organisation shows comments only as whole groups the dashboard shows', async () => {
		const admin = await makeUser(o.orgId, { role: 'admin' })
		const r = await resultsOf(admin)
		expect(r.group!.id).toBe('org')
		const org = (await mindsetReport(o.orgId, { from: LAST, to: '2026-04-05', teamId: null, level: null }, null))!
		expect(r.comments.items).toEqual(org.comments.items)
		expect(r.comments.items!.length).toBe(19)
	})

	test('another team by id answers 404; a manager picks among their subtree only', async () => {
		const own = await call(resultsRoute.loader, getRequest(`/results?team=${o.teamIds['Care/Small']}`, cookie.smallEmployee))
		expect(own.status).toBe(200)
		for (const team of [o.teamIds['Care/Big'], o.teamIds.Care, o.teamIds.Stores, '00000000-0000-4000-8000-000000000000', 'org', "1' or '1'='1"]) {
			const res = await call(resultsRoute.loader, getRequest(`/results?team=${encodeURIComponent(team!)}`, cookie.smallEmployee))
			expect(res.status).toBe(404)
			expect(JSON.stringify(res.data)).not.toMatch(/rtmi/)
		}
		const m = await call(resultsRoute.loader, getRequest('/results', cookie.careManager))
		expect(m.data.r.picker.map((t: { label: string }) => t.label)).toEqual(['Care', 'Care › Big', 'Care › Mid', 'Care › Small'])
		expect((await call(resultsRoute.loader, getRequest(`/results?team=${o.teamIds.Stores}`, cookie.careManager))).status).toBe(404)
		// Asking for Small as a manager gives Care, as it does for Small's own people.
		const viaManager = await call(resultsRoute.loader, getRequest(`/results?team=${o.teamIds['Care/Small']}`, cookie.careManager))
		expect(viaManager.data.r.group.id).toBe(o.teamIds.Care)
		// Signed out: to sign-in.
		expect((await call(resultsRoute.loader, getRequest('/results'))).status).toBe(302)
	})
})

describe('how many answered, on /results', () => {
	test('a week one pulse reached shows it; a week two pulses reached shows who was invited and says why not how many answered', async () => {
		const p = await makePulseOrg({ teams: { Team: [['frontline', 6]] }, items: ['autonomy.resolve', 'speed.hours', 'voice.reaches'] })
		const emp = await makeUser(p.orgId, { teamId: p.teamIds.Team })
		const second = await makeSurvey(p.orgId, ['voice.reaches', 'safety.try', 'closeness.voice'], 5, 'Second pulse')
		const one = await openTestWave(p.orgId, p.surveyId, '2026-03-02')
		for (const x of p.people.slice(1)) await answer(p.orgId, x.id, one.waveId, { 'item-0': '4', 'item-1': '4', 'item-2': '4' }, one.during)
		await closeWave(p.orgId, one.waveId, one.after)
		await releaseDueWeeks(one.after)
		const single = (await teamResults(emp, p.teamIds.Team!))!
		if (single.latestWeek === null) throw new Error('The released week is not shared.')
		expect(single.latestWeek).toBe('2026-03-02')
		expect(single.now).toMatchObject({ invited: 7, answered: 5, answeredHiddenBecause: null })

		const a = await openTestWave(p.orgId, p.surveyId, '2026-03-09')
		const b = await openTestWave(p.orgId, second, '2026-03-09')
		for (const x of p.people.slice(1)) {
			await answer(p.orgId, x.id, a.waveId, { 'item-0': '4', 'item-1': '4', 'item-2': '4' }, a.during)
			await answer(p.orgId, x.id, b.waveId, { 'item-0': '4', 'item-1': '4', 'item-2': '4' }, b.during)
		}
		await closeWave(p.orgId, a.waveId, a.after)
		await closeWave(p.orgId, b.waveId, b.after)
		await releaseDueWeeks(a.after)
		const several = (await teamResults(emp, p.teamIds.Team!))!
		if (several.latestWeek === null) throw new Error('The released week is not shared.')
		expect(several.latestWeek).toBe('2026-03-09')
		// The figures are shown (five people answered); how many answered is not, and the page can say why.
		expect(several.now).toMatchObject({ invited: 7, answered: null, answeredHiddenBecause: 'several-pulses' })
	})
})

describe('actions on /results, measured through the gate', () => {
	test('an action on Stores shows its autonomy before and since (too few teams to compare with for an interval); one on Small stays hidden', async () => {
		const big = await createAction(
			people.exec!,
			{ teamId: o.teamIds.Stores!, dimension: 'autonomy', title: 'Refunds without asking', ownerId: people.exec!.id, dueOn: '2026-04-30', startedOn: '2026-03-18' },
			actor,
		)
		const small = await createAction(
			people.careManager!,
			{ teamId: o.teamIds['Care/Small']!, dimension: 'autonomy', title: 'Small team huddles', ownerId: people.careManager!.id, dueOn: '2026-04-30', startedOn: '2026-03-18' },
			actor,
		)
		expect(big.ok && small.ok).toBe(true)
		const r = await resultsOf(people.storesEmployee!)
		const a = r.actions.find((x) => x.title === 'Refunds without asking')!
		// Before: weeks 1–2 (answers 2,3,2,3,2,3 → 25, 50, …): mean 37.5; since: weeks 4–5 → 87.5.
		// Two weeks a side: the means are shown, but this small organisation has fewer than 5 other
		// teams shown in all those weeks to set the change against, so no interval and no verdict.
		expect(a.measure).toMatchObject({
			state: 'too-few-teams',
			metric: 'autonomy',
			before: { weeks: ['2026-03-02', '2026-03-09'], n: 12 },
			since: { weeks: ['2026-03-23', '2026-03-30'], n: 12 },
		})
		expect(a.measure.before.mean).toBeCloseTo(37.5, 9)
		expect(a.measure.since.mean).toBeCloseTo(87.5, 9)
		expect(a.measure.change).toMatchObject({ interval: null, verdict: 'too-few-clusters', smallestDetectable: null })
		expect(a.measure.change.own).toBeCloseTo(50, 9)
		// Small's people see the action on their team, but not its figures.
		const rs = await resultsOf(people.smallEmployee!)
		const hidden = rs.actions.find((x) => x.title === 'Small team huddles')!
		expect(hidden.measure).toMatchObject({ state: 'hidden', before: { mean: null, n: 0 }, since: { mean: null, n: 0 }, change: { delta: null, interval: null } })
		// Stores' people do not see Small's action (not their team, above or below).
		expect(r.actions.map((x) => x.title)).not.toContain('Small team huddles')
	})
})

describe('the share switch', () => {
	test('a survey not shared keeps its weeks off /results; a delay shows them that many days after release', async () => {
		const p = await makePulseOrg({ teams: { Team: [['frontline', 6]] }, items: ['autonomy.resolve', 'speed.hours', 'voice.reaches'] })
		const emp = await makeUser(p.orgId, { teamId: p.teamIds.Team })
		const w = await openTestWave(p.orgId, p.surveyId, '2026-03-02')
		for (const x of p.people) await answer(p.orgId, x.id, w.waveId, { 'item-0': '4', 'item-1': '4', 'item-2': '4' }, w.during)
		await closeWave(p.orgId, w.waveId, w.after)
		await releaseDueWeeks(w.after)
		const released = w.after.getTime()
		expect((await teamResults(emp, null))!.latestWeek).toBe('2026-03-02')

		expect(await setSurveySharing(p.orgId, p.surveyId, { shareMode: 'never' }, actor)).toEqual({ ok: true, value: null })
		expect((await teamResults(emp, null))!.latestWeek).toBeNull()
		// The executive dashboard still has the week.
		expect((await mindsetReport(p.orgId, { from: '2026-03-02', to: '2026-03-08', teamId: null, level: null }, null))!.trend[0]!.rtmi).not.toBeNull()

		expect(await setSurveySharing(p.orgId, p.surveyId, { shareMode: 'delay', shareDelayDays: '3' }, actor)).toEqual({ ok: true, value: null })
		expect(await sharedWeeks(p.orgId, new Date(released + 3 * 86_400_000 - 1000))).toEqual([])
		expect(await sharedWeeks(p.orgId, new Date(released + 3 * 86_400_000))).toEqual(['2026-03-02'])
		expect((await teamResults(emp, null, new Date(released + 86_400_000)))!.latestWeek).toBeNull()

		// Bad input: a clear message and nothing changed.
		expect(await setSurveySharing(p.orgId, p.surveyId, { shareMode: 'delay', shareDelayDays: '0' }, actor)).toEqual({
			ok: false,
			errors: { shareDelayDays: 'Enter a number of days from 1 to 90.' },
		})
		expect(await setSurveySharing(p.orgId, p.surveyId, { shareMode: 'delay', shareDelayDays: '400' }, actor)).toEqual({ ok: false, errors: { shareDelayDays: 'At most 90 days.' } })
		expect(await setSurveySharing(p.orgId, p.surveyId, { shareMode: 'sometimes' }, actor)).toEqual({ ok: false, errors: { shareMode: 'Choose when teams see the results.' } })
		expect((await weekSharing(p.orgId))[0]!.sharedFrom!.getTime()).toBe(released + 3 * 86_400_000)
		// Another organisation's survey: not found.
		expect(await setSurveySharing(o.orgId, p.surveyId, { shareMode: 'never' }, actor)).toBeNull()
	})

	test('a week with several surveys follows the strictest: any "never" hides it, else the longest delay', async () => {
		const p = await makePulseOrg({ teams: { Team: [['frontline', 6]] }, items: ['autonomy.resolve', 'speed.hours', 'voice.reaches'] })
		const second = await makeSurvey(p.orgId, ['voice.reaches', 'safety.try', 'closeness.voice'], 5, 'Second pulse')
		const monday = '2026-03-02'
		const a = await openTestWave(p.orgId, p.surveyId, monday)
		const b = await openTestWave(p.orgId, second, monday)
		for (const x of p.people) {
			await answer(p.orgId, x.id, a.waveId, { 'item-0': '4', 'item-1': '4', 'item-2': '4' }, a.during)
			await answer(p.orgId, x.id, b.waveId, { 'item-0': '4', 'item-1': '4', 'item-2': '4' }, b.during)
		}
		await closeWave(p.orgId, a.waveId, a.after)
		await closeWave(p.orgId, b.waveId, b.after)
		await releaseDueWeeks(a.after)
		const released = (await weekSharing(p.orgId))[0]!.releasedAt.getTime()
		const at = (days: number) => new Date(released + days * 86_400_000)
		// Both on release: shared at once.
		expect(await sharedWeeks(p.orgId, at(0))).toEqual([monday])
		// One on release, one after 5 days: the week waits 5 days.
		await setSurveySharing(p.orgId, second, { shareMode: 'delay', shareDelayDays: '5' }, actor)
		expect(await sharedWeeks(p.orgId, at(4.9))).toEqual([])
		expect(await sharedWeeks(p.orgId, at(5))).toEqual([monday])
		// 2 and 5 days: the longer wins.
		await setSurveySharing(p.orgId, p.surveyId, { shareMode: 'delay', shareDelayDays: '2' }, actor)
		expect(await sharedWeeks(p.orgId, at(3))).toEqual([])
		// One never: the week never appears, however long after.
		await setSurveySharing(p.orgId, p.surveyId, { shareMode: 'never' }, actor)
		expect(await sharedWeeks(p.orgId, at(3650))).toEqual([])
		const [audit] = await db()
			.execute(sql`select count(*)::int as n from audit_events where org_id = ${p.orgId} and action = 'survey.sharing_changed'`)
			.then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { n: number }[])
		expect(audit!.n).toBe(3)
	})
})
