/**
 * The mindset report against an attacker: a small team's figures never appear, not directly
 * and not as the difference between figures that do, whichever team is selected; and the
 * figures shown match a hand computation.
 */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { createApiKey } from '~/api/api-keys.server'
import { ingestEventBatch } from '~/metrics/ingest.server'
import { submitPulse } from '~/pulses/answering.server'
import { pulseForUser } from '~/pulses/pulse-view.server'
import { openWave } from '~/pulses/waves.server'
import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks } from '~/reports/release.server'
import * as dashboard from '~/routes/_reports+/dashboard'
import * as exportRoute from '~/routes/_reports+/dashboard.export'
import * as api from '~/routes/api+/v1.reports.mindset'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { apiRequest, call, getRequest } from '../../support/requests'

useTestDatabase()

let orgId: string
const team: Record<string, string> = {}
// Care has three sub-teams: Big (6 people), Mid (5) and Small (2, under k = 5).
const SIZES = { 'Care/Big': 6, 'Care/Mid': 5, 'Care/Small': 2 } as const
// Everyone in a team answers the autonomy item with the same value, so team scores are known.
const AUTONOMY = { 'Care/Big': 5, 'Care/Mid': 3, 'Care/Small': 1 } as const

beforeAll(async () => {
	const org = await makeOrg({ anonymityK: 5 })
	orgId = org.id
	await db().execute(sql`update organizations set time_zone = 'UTC' where id = ${orgId}`)
	for (const path of Object.keys(SIZES)) team[path] = await makeTeam(orgId, path)
	team.Care = resultRows<{ id: string }>(await db().execute(sql`select id from teams where org_id = ${orgId} and path = 'Care'`))[0]!.id
	const people: { id: string; path: keyof typeof SIZES }[] = []
	for (const [path, n] of Object.entries(SIZES) as [keyof typeof SIZES, number][])
		for (let i = 0; i < n; i++) people.push({ id: (await makeUser(orgId, { teamId: team[path], password: null })).id, path })
	const bank = await listItems(orgId)
	const saved = await saveSurvey(orgId, null, {
		name: 'Pulse',
		itemIds: ['autonomy.resolve', 'speed.hours', 'enps.recommend'].map((k) => bank.find((b) => b.key === k)!.id),
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
	// Two weekly waves (2026-03-02 and 2026-03-09), everyone answers both.
	for (const monday of ['2026-03-02', '2026-03-09']) {
		const opens = new Date(`${monday}T09:00:00Z`)
		const waveId = (await openWave(
			{ orgId, id: saved.value.id, anonymityK: 5 },
			{ periodStart: monday, opensAt: opens, closesAt: new Date(opens.getTime() + 3 * 86_400_000), reminderAt: null },
		))!
		const now = new Date(opens.getTime() + 3_600_000)
		for (const p of people) {
			const pulse = await pulseForUser(orgId, p.id, waveId, now)
			expect((await submitPulse(pulse!, { 'item-0': String(AUTONOMY[p.path]), 'item-1': '4', 'item-2': '8' }, now)).status).toBe('submitted')
		}
	}
	// Both weeks closed long ago: released as the scheduler would.
	expect(await releaseDueWeeks()).toBe(2)
})

const report = (teamId: string | null, scope: string | null = null) => mindsetReport(orgId, { from: '2026-03-02', to: '2026-03-15', teamId, level: null }, scope)

describe('anonymity in the mindset report', () => {
	test('the small team is hidden, and so is a sibling, so Care minus the visible siblings reveals nothing', async () => {
		const r = (await report(team.Care!))!
		const rows = Object.fromEntries(r.heatmap.map((h) => [h.label, h]))
		expect(rows['Care › Small']).toMatchObject({ suppressed: true, scores: null })
		// Care is shown (13 people) … so at most one of Big / Mid can be shown, never both.
		expect(rows.Care!.suppressed).toBe(false)
		const visibleSiblings = ['Care › Big', 'Care › Mid'].filter((l) => !rows[l]!.suppressed)
		expect(visibleSiblings.length).toBeLessThan(2)
		// Hidden part of Care = everything not visible: at least k respondents, never only Small.
		const hiddenN = 13 - visibleSiblings.reduce((n, l) => n + SIZES[l.replace(' › ', '/') as keyof typeof SIZES], 0)
		expect(hiddenN).toBeGreaterThanOrEqual(5)
	})

	test('the same cells are hidden whichever team is selected (no two views to subtract)', async () => {
		const org = (await report(null))!
		const care = (await report(team.Care!))!
		const big = (await report(team['Care/Big']!))!
		const mid = (await report(team['Care/Mid']!))!
		const small = (await report(team['Care/Small']!))!
		const shownIn = (r: typeof org, label: string) => r.heatmap.find((h) => h.label === label)?.suppressed === false
		expect(shownIn(care, 'Care › Big')).toBe(shownIn(big, 'Care › Big'))
		expect(shownIn(care, 'Care › Mid')).toBe(shownIn(mid, 'Care › Mid'))
		expect(small.headline).toEqual({ suppressed: true, hiddenBecause: 'few' })
		expect(small.comments).toMatchObject({ allowed: false, items: null })
		expect(care.comments).toMatchObject({ allowed: true, items: [] })
		expect(small.trend.every((t) => t.culture === null)).toBe(true)
		expect(org.heatmap.find((h) => h.label === 'Care')!.suppressed).toBe(false)
	})

	test('figures shown match a hand computation', async () => {
		const care = (await report(team.Care!))!
		// Autonomy over both weeks: (6 × 100 + 5 × 50 + 2 × 0) / 13 = 65.38 (Likert 5 → 100, 3 → 50, 1 → 0).
		expect(care.heatmap.find((h) => h.label === 'Care')!.scores!.autonomy).toBeCloseTo(850 / 13, 6)
		// eNPS over the latest window (with two weeks: the second week, 13 answers); everyone
		// answered 8 → passives only → 0 − 0 = 0.
		expect(care.latest).toEqual({ from: '2026-03-09', to: '2026-03-15' })
		expect(care.enps).toMatchObject({ value: 0, n: 13, promoters: 0, detractors: 0 })
	})

	test('the change since the baseline is clustered by teams shown throughout; a hidden team counts inside its parent', async () => {
		const r = (await report(team.Care!))!
		const care = r.headline
		if (care.suppressed) throw new Error('Care is shown')
		// Small (2) is hidden, and at least one sibling with it (Care − Big − Mid would be Small): only
		// sub-teams shown in both weeks are clusters of their own; the rest count in Care's. Fewer
		// than five clusters: too few to tell, no interval.
		const ownClusters = r.heatmap.filter((h) => h.teamId !== team.Care && !h.suppressed && h.weeksHidden === 0).length
		expect(ownClusters).toBeLessThan(2)
		expect(care).toMatchObject({ clusters: 1 + ownClusters, verdict: 'too-few-clusters', interval: null, smallestDetectable: null, method: 'team-cluster-cr2' })
		expect(care.delta).toBeCloseTo(0, 9) // everyone answered the same both weeks
	})

	test('a manager scoped to one team cannot select another', async () => {
		expect(await report(team['Care/Mid']!, team['Care/Big']!)).toBeNull()
		const own = (await report(null, team['Care/Big']!))!
		expect(own.selected.label).toBe('Care › Big')
		expect(own.teams.map((t) => t.path)).toEqual(['Care/Big'])
	})
})

describe('reports API and CSV export', () => {
	test('GET /api/v1/reports/mindset answers per week, with suppressed weeks marked and no figures in them', async () => {
		const key = await createApiKey(orgId, 'reports')
		if (!key.ok) throw new Error('key')
		const care = await call(api.loader, apiRequest('/api/v1/reports/mindset?from=2026-03-02&to=2026-03-15&team=Care', { key: key.value.key }))
		expect(care.status).toBe(200)
		expect(care.data.weeks.map((w: { week: string }) => w.week)).toEqual(['2026-03-02', '2026-03-09'])
		// Week 1 of Care: (6 × 100 + 5 × 50 + 0) / 13 for autonomy, 13 respondents, 13 invited and answered.
		expect(care.data.weeks[0].dimensions.autonomy.score).toBeCloseTo(850 / 13, 6)
		expect(care.data.weeks[0].participation).toEqual({ invited: 13, answered: 13 })
		expect(care.data.progress).toMatchObject({
			suppressed: false,
			baselineWindow: { from: '2026-03-02', to: '2026-03-08' },
			latestWindow: { from: '2026-03-09', to: '2026-03-15' },
		})
		// The RTMI of the baseline is a number, not overwritten by (or overwriting) the window.
		expect(typeof care.data.progress.baseline).toBe('number')
		const small = await call(api.loader, apiRequest('/api/v1/reports/mindset?from=2026-03-02&to=2026-03-15&team=Care/Small', { key: key.value.key }))
		expect([care.data.team, small.data.team]).toEqual(['Care', 'Care/Small'])
		expect(small.data.weeks.every((w: { suppressed: boolean; culture: number | null }) => w.suppressed && w.culture === null)).toBe(true)
		expect(JSON.stringify(small.data.weeks)).not.toMatch(/"score":/)
		expect(small.data.progress).toMatchObject({ suppressed: true })
		const bad = await call(api.loader, apiRequest('/api/v1/reports/mindset?from=2026-03-32&to=2026-03-15&level=intern', { key: key.value.key }))
		expect(bad.status).toBe(400)
		expect(bad.data.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'level'])
		expect(bad.data.errors.find((e: { field: string }) => e.field === 'level').message).toBe(
			'"intern" is not a level: use frontline, manager, leader, or leave it out for everyone.',
		)
		expect((await call(api.loader, apiRequest('/api/v1/reports/mindset?from=2026-03-02&to=2026-03-15&team=Nope', { key: key.value.key }))).status).toBe(404)
		expect((await call(api.loader, apiRequest('/api/v1/reports/mindset?from=2026-03-02&to=2026-03-15'))).status).toBe(401)
	})

	test('the CSV export has one row per week, formula-safe cells, and obeys suppression and scope', async () => {
		const evil = await makeTeam(orgId, '=HYPERLINK("x")')
		const admin = await sessionCookieFor(await makeUser(orgId, { role: 'admin' }))
		const csv = await call(exportRoute.loader, getRequest(`/dashboard/export?from=2026-03-02&to=2026-03-15&team=${team.Care}`, admin))
		expect(csv.headers.get('Content-Type')).toContain('text/csv')
		const lines = String(csv.data).trim().split('\r\n')
		expect(lines).toHaveLength(3)
		expect(lines[0]).toMatch(/^week,team,level,rtmi,culture_index,autonomy_score,autonomy_favourable_pct,/)
		expect(lines[1]).toMatch(/^2026-03-02,Care,all,/)
		const small = String((await call(exportRoute.loader, getRequest(`/dashboard/export?from=2026-03-02&to=2026-03-15&team=${team['Care/Small']}`, admin))).data)
		expect(
			small
				.trim()
				.split('\r\n')
				.slice(1)
				.every((l) => l.endsWith(',yes,few') && !/\d+\.\d/.test(l.split(',').slice(3, 7).join(','))),
		).toBe(true)
		const formula = String((await call(exportRoute.loader, getRequest(`/dashboard/export?from=2026-03-02&to=2026-03-15&team=${evil}`, admin))).data)
		expect(formula).toContain(`"'=HYPERLINK(""x"")"`)
		const manager = await sessionCookieFor(await makeUser(orgId, { role: 'manager', teamId: team['Care/Big'] }))
		expect((await call(exportRoute.loader, getRequest(`/dashboard/export?from=2026-03-02&to=2026-03-15&team=${team['Care/Mid']}`, manager))).status).toBe(404)
	})
})

describe('responses are not people', () => {
	test('one person answering every week never adds up to a group of k over a longer window', async () => {
		const org = await makeOrg({ anonymityK: 5 })
		await db().execute(sql`update organizations set time_zone = 'UTC' where id = ${org.id}`)
		const solo = await makeTeam(org.id, 'Solo')
		const crowd = await makeTeam(org.id, 'Crowd')
		const people = [{ id: (await makeUser(org.id, { teamId: solo, password: null })).id }]
		for (let i = 0; i < 6; i++) people.push({ id: (await makeUser(org.id, { teamId: crowd, password: null })).id })
		const bank = await listItems(org.id)
		const saved = await saveSurvey(org.id, null, {
			name: 'Pulse',
			itemIds: ['autonomy.resolve', 'speed.hours', 'voice.reaches'].map((k) => bank.find((b) => b.key === k)!.id),
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
		await setSurveyStatus(org.id, saved.value.id, 'active')
		// Eight weeks: Solo's one person answers every week (8 responses ≥ k = 5, but one person).
		for (let week = 0; week < 8; week++) {
			const opens = new Date(Date.UTC(2026, 2, 2 + 7 * week, 9))
			const monday = opens.toISOString().slice(0, 10)
			const waveId = (await openWave(
				{ orgId: org.id, id: saved.value.id, anonymityK: 5 },
				{ periodStart: monday, opensAt: opens, closesAt: new Date(opens.getTime() + 3 * 86_400_000), reminderAt: null },
			))!
			for (const p of people) {
				const pulse = await pulseForUser(org.id, p.id, waveId, new Date(opens.getTime() + 60_000))
				await submitPulse(pulse!, { 'item-0': '2', 'item-1': '2', 'item-2': '2' }, new Date(opens.getTime() + 60_000))
			}
		}
		await releaseDueWeeks()
		const r = (await mindsetReport(org.id, { from: '2026-03-02', to: '2026-04-26', teamId: null, level: null }, null))!
		const rows = Object.fromEntries(r.heatmap.map((h) => [h.label, h]))
		expect(rows.Solo).toMatchObject({ suppressed: true, scores: null })
		// And the whole organisation minus Crowd would be Solo: Crowd is hidden with it, or the whole is.
		expect(rows['Whole organisation']!.suppressed === false && rows.Crowd!.suppressed === false).toBe(false)
		const solo8 = (await mindsetReport(org.id, { from: '2026-03-02', to: '2026-04-26', teamId: solo, level: null }, null))!
		expect(solo8.headline).toEqual({ suppressed: true, hiddenBecause: 'few' })
		expect(solo8.trend.every((t) => t.culture === null)).toBe(true)
		expect(solo8.comments.allowed).toBe(false)
	})
})

describe('the level filter', () => {
	// Two teams, k = 5. A: 8 front line + 3 managers (under k); B: 7 front line + 6 managers.
	// Autonomy answers by group (Likert 4 → 75, 2 → 25, 5 → 100, 3 → 50).
	const GROUPS = [
		{ team: 'A', level: 'frontline', n: 8, autonomy: 4 },
		{ team: 'A', level: 'manager', n: 3, autonomy: 2 },
		{ team: 'B', level: 'frontline', n: 7, autonomy: 5 },
		{ team: 'B', level: 'manager', n: 6, autonomy: 3 },
	] as const
	let levelOrg: string
	const ids: Record<string, string> = {}
	let key: string

	beforeAll(async () => {
		const org = await makeOrg({ anonymityK: 5 })
		levelOrg = org.id
		await db().execute(sql`update organizations set time_zone = 'UTC' where id = ${levelOrg}`)
		ids.A = await makeTeam(levelOrg, 'A')
		ids.B = await makeTeam(levelOrg, 'B')
		const people: { id: string; autonomy: number }[] = []
		for (const g of GROUPS)
			for (let i = 0; i < g.n; i++) people.push({ id: (await makeUser(levelOrg, { teamId: ids[g.team], level: g.level, password: null })).id, autonomy: g.autonomy })
		const bank = await listItems(levelOrg)
		const saved = await saveSurvey(levelOrg, null, {
			name: 'Pulse',
			itemIds: ['autonomy.resolve', 'speed.hours', 'enps.recommend'].map((k) => bank.find((b) => b.key === k)!.id),
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
		await setSurveyStatus(levelOrg, saved.value.id, 'active')
		const opens = new Date('2026-03-02T09:00:00Z')
		const waveId = (await openWave(
			{ orgId: levelOrg, id: saved.value.id, anonymityK: 5 },
			{ periodStart: '2026-03-02', opensAt: opens, closesAt: new Date(opens.getTime() + 3 * 86_400_000), reminderAt: null },
		))!
		const now = new Date(opens.getTime() + 3_600_000)
		for (const p of people) {
			const pulse = await pulseForUser(levelOrg, p.id, waveId, now)
			expect((await submitPulse(pulse!, { 'item-0': String(p.autonomy), 'item-1': '4', 'item-2': '8' }, now)).status).toBe('submitted')
		}
		await releaseDueWeeks()
		const created = await createApiKey(levelOrg, 'levels')
		if (!created.ok) throw new Error('key')
		key = created.value.key
	})

	const weekOf = async (team: string | null, level: string | null) => {
		const q = new URLSearchParams({ from: '2026-03-02', to: '2026-03-08', ...(team ? { team } : {}), ...(level ? { level } : {}) })
		const res = await call(api.loader, apiRequest(`/api/v1/reports/mindset?${q}`, { key }))
		expect(res.status).toBe(200)
		return res.data.weeks[0] as { suppressed: boolean; dimensions: { autonomy: { score?: number; n?: number } }; participation: { invited: number; answered: number | null } }
	}

	test('a level across the organisation matches a hand computation; the small managers group of A never shows', async () => {
		// Front line: (8 × 75 + 7 × 100) / 15 = 86.67; managers: (3 × 25 + 6 × 50) / 9 = 41.67.
		expect((await weekOf(null, 'frontline')).dimensions.autonomy).toMatchObject({ n: 15 })
		expect((await weekOf(null, 'frontline')).dimensions.autonomy.score).toBeCloseTo(1300 / 15, 6)
		expect((await weekOf(null, 'manager')).dimensions.autonomy.score).toBeCloseTo(375 / 9, 6)
		expect((await weekOf(null, 'manager')).participation).toEqual({ invited: 9, answered: 9 })
		const aManagers = await weekOf('A', 'manager')
		expect(aManagers.suppressed).toBe(true)
		expect(JSON.stringify(aManagers)).not.toMatch(/"score"/)
		// Nobody at leader level: empty, not hidden.
		expect(await weekOf(null, 'leader')).toMatchObject({ suppressed: false, participation: { invited: 0, answered: null } })
		const leaders = await call(api.loader, apiRequest('/api/v1/reports/mindset?from=2026-03-02&to=2026-03-08&level=leader', { key }))
		expect(leaders.data.progress).toMatchObject({ suppressed: true, hiddenBecause: 'no-answers' })
	})

	test('an attacker combining every team × level filter cannot work out the 3 managers of A', async () => {
		// Every figure the API shows, as "this set of people has this n and this autonomy sum".
		const atoms = GROUPS.map((g) => `${g.team}|${g.level}`)
		const rows: number[][] = []
		for (const team of [null, 'A', 'B']) {
			for (const level of [null, 'frontline', 'manager', 'leader']) {
				const w = await weekOf(team, level)
				if (w.suppressed || w.dimensions.autonomy.n === undefined) continue
				rows.push(atoms.map((a) => ((team === null || a.startsWith(`${team}|`)) && (level === null || a.endsWith(`|${level}`)) ? 1 : 0)))
			}
		}
		expect(rows.length).toBeGreaterThan(0)
		// A|manager is learnable exactly when its unit vector lies in the span of the shown rows.
		const rank = (m: number[][]) => {
			const a = m.map((r) => [...r])
			let rk = 0
			for (let c = 0; c < atoms.length && rk < a.length; c++) {
				const p = a.findIndex((r, i) => i >= rk && Math.abs(r[c]!) > 1e-9)
				if (p < 0) continue
				;[a[rk], a[p]] = [a[p]!, a[rk]!]
				for (let i = 0; i < a.length; i++)
					if (i !== rk) {
						const f = a[i]![c]! / a[rk]![c]!
						a[i] = a[i]!.map((v, j) => v - f * a[rk]![j]!)
					}
				rk++
			}
			return rk
		}
		const target = atoms.map((a) => (a === 'A|manager' ? 1 : 0))
		expect(rank([...rows, target])).toBe(rank(rows) + 1)
		// And the whole organisation at every level is still shown: suppression takes no more than it must.
		expect((await weekOf(null, null)).suppressed).toBe(false)
	})

	test('the dashboard filters by level, says why a group is hidden, and refuses an unknown level', async () => {
		const exec = await sessionCookieFor(await makeUser(levelOrg, { role: 'executive' }))
		const managers = await call(dashboard.loader, getRequest(`/dashboard?from=2026-03-02&to=2026-03-08&level=manager`, exec))
		expect(managers.status).toBe(200)
		const rows = Object.fromEntries(managers.data.report.heatmap.map((h: { label: string }) => [h.label, h]))
		expect(rows.A).toMatchObject({ suppressed: true, hiddenBecause: 'few' })
		// B's 6 managers are enough, but hidden: Whole organisation − B would be A's managers.
		expect(rows.B).toMatchObject({ suppressed: true, hiddenBecause: 'protects-others' })
		expect(rows['Whole organisation']).toMatchObject({ suppressed: false })
		expect(managers.data.report.level).toBe('manager')
		// A level that cannot be read is said next to its field, and the page shows everyone meanwhile.
		const bad = await call(dashboard.loader, getRequest(`/dashboard?level=intern`, exec))
		expect(bad.status).toBe(400)
		expect(bad.data.errors.level).toContain('"intern" is not a level')
		expect(bad.data.report.level).toBeNull()
		const dates = await call(dashboard.loader, getRequest(`/dashboard?from=2026-03-09&to=2026-03-02&level=manager`, exec))
		expect(dates.status).toBe(400)
		expect(dates.data.errors).toEqual({ to: '"to" is before "from".' })
		expect(dates.data.query).toMatchObject({ from: '2026-03-09', to: '2026-03-02', level: 'manager' })
		expect(dates.data.report.level).toBe('manager')
		// An unknown team is still a 404, not a page of someone else's figures.
		expect((await call(dashboard.loader, getRequest(`/dashboard?team=00000000-0000-0000-0000-000000000001`, exec))).status).toBe(404)
		const byPath = await call(dashboard.loader, getRequest(`/dashboard?from=2026-03-02&to=2026-03-08&team=B`, exec))
		expect(byPath.data.report.selected.label).toBe('B')
		// …and the team select shows it selected (it is keyed by id).
		expect(byPath.data.query.team).toBe(ids.B)
		// The export of a level says which, and carries its figures.
		const csv = String((await call(exportRoute.loader, getRequest(`/dashboard/export?from=2026-03-02&to=2026-03-08&level=manager`, exec))).data)
		expect(csv.trim().split('\r\n')[1]).toMatch(/^2026-03-02,Whole organisation,manager,/)
		// The file says what is in it: team, level and period.
		const named = await call(exportRoute.loader, getRequest(`/dashboard/export?from=2026-03-02&to=2026-03-08&level=manager&team=B`, exec))
		expect(named.headers.get('Content-Disposition')).toMatch(/-mindset-b-manager-level-2026-03-02-2026-03-08\.csv"$/)
		const everyone = await call(exportRoute.loader, getRequest(`/dashboard/export?from=2026-03-02&to=2026-03-08`, exec))
		expect(everyone.headers.get('Content-Disposition')).toMatch(/-mindset-whole-organisation-all-levels-2026-03-02-2026-03-08\.csv"$/)
	})
})

describe('weeks kept between views', () => {
	test('a closed week is read once, then read again when the settings change or the rollups are rebuilt', async () => {
		const autonomyOfCare = async () => (await report(team.Care!))!.heatmap.find((h) => h.label === 'Care')!.scores!.autonomy
		expect(await autonomyOfCare()).toBeCloseTo(850 / 13, 6)
		// A change behind the report's back (not one the product makes to a closed week): the kept week is used.
		await db().execute(sql`update response_rollups set score_sum = 0 where org_id = ${orgId} and dimension = 'autonomy'`)
		expect(await autonomyOfCare()).toBeCloseTo(850 / 13, 6)
		// New settings: a new version, so the week is read again (and shows the change).
		const { saveReportSettings, settingsInput } = await import('~/reports/save-settings.server')
		const { getReportSettings } = await import('~/reports/settings.server')
		const current = await getReportSettings(orgId)
		const form = Object.fromEntries(Object.entries(current.weights).map(([k, v]) => [`weight.${k}`, String(v)]))
		const saved = await saveReportSettings(
			orgId,
			settingsInput({ ...form, firstResponseMinutes: '45', approvalCycleHours: '24', rtmi: '75', baselineFrom: '', baselineTo: '', commentK: '10' }),
		)
		expect(saved.ok).toBe(true)
		expect(await autonomyOfCare()).toBe(0)
		// A rebuild from the raw answers puts the true figures back, and the next view has them.
		const { rebuildRollups } = await import('~/reports/rollups.server')
		await rebuildRollups(orgId)
		expect(await autonomyOfCare()).toBeCloseTo(850 / 13, 6)
	})
})

describe('response times on the dashboard', () => {
	test('the headline and trend medians are those of the team with its sub-teams, and follow re-sent events at once', async () => {
		const at = (day: string, minutes: number, id: string, team: string) => ({
			id,
			type: 'customer_response',
			team,
			startedAt: `${day}T10:00:00Z`,
			endedAt: new Date(Date.parse(`${day}T10:00:00Z`) + minutes * 60_000).toISOString(),
		})
		// Week of 2026-03-09 (the latest window): Big 10 and 30 min, Mid 50 min → Care's median 30; Big alone 20.
		const sent = await ingestEventBatch(orgId, { events: [at('2026-03-10', 10, 'e1', 'Care/Big'), at('2026-03-11', 30, 'e2', 'Care/Big'), at('2026-03-10', 50, 'e3', 'Care/Mid')] })
		expect(sent.ok).toBe(true)
		const care = (await report(team.Care!))!
		expect(care.headline).toMatchObject({ suppressed: false, operational: { latest: { firstResponseMinutes: 30 } } })
		expect(care.trend.find((t) => t.week === '2026-03-09')!.operational.firstResponseMinutes).toBe(30)
		expect((await report(team['Care/Big']!))!.trend.find((t) => t.week === '2026-03-09')!.operational.firstResponseMinutes).toBe(20)
		// The same event sent again with a longer reply: the next view has the new median.
		expect((await ingestEventBatch(orgId, { events: [at('2026-03-11', 70, 'e2', 'Care/Big')] })).ok).toBe(true)
		const again = (await report(team.Care!))!
		expect(again.headline).toMatchObject({ operational: { latest: { firstResponseMinutes: 50 } } })
		expect(again.trend.find((t) => t.week === '2026-03-09')!.operational.firstResponseMinutes).toBe(50)
		// The whole organisation (all its events are Care's here) reads its own row of the same table.
		expect((await report(null))!.trend.find((t) => t.week === '2026-03-09')!.operational.firstResponseMinutes).toBe(50)
	})
})

describe('comments cannot be subtracted', () => {
	test('a team and its larger sub-team, or a team and its front line, never both show comments when the rest is under the threshold', async () => {
		// k = 5, comment threshold 10. T has sub-team A (11 people) and B (6: 1 front line, 5
		// managers): all big enough for figures, so T minus A, or T minus its front line, would be
		// B's or the managers' comments (6 and 5, under 10). Everyone's comment names their group.
		const org = await makeOrg({ anonymityK: 5 })
		await db().execute(sql`update organizations set time_zone = 'UTC' where id = ${org.id}`)
		const a = await makeTeam(org.id, 'T/A')
		const b = await makeTeam(org.id, 'T/B')
		const t = resultRows<{ id: string }>(await db().execute(sql`select id from teams where org_id = ${org.id} and path = 'T'`))[0]!.id
		const people: { id: string; says: string }[] = []
		for (let i = 0; i < 11; i++) people.push({ id: (await makeUser(org.id, { teamId: a, password: null })).id, says: `from A ${i}` })
		people.push({ id: (await makeUser(org.id, { teamId: b, password: null })).id, says: 'from B front line' })
		for (let i = 0; i < 5; i++) people.push({ id: (await makeUser(org.id, { teamId: b, level: 'manager', password: null })).id, says: `from a B manager ${i}` })
		const bank = await listItems(org.id)
		const saved = await saveSurvey(org.id, null, {
			name: 'Pulse',
			itemIds: ['autonomy.resolve', 'speed.hours', 'comment.open'].map((k) => bank.find((x) => x.key === k)!.id),
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
		await setSurveyStatus(org.id, saved.value.id, 'active')
		const opens = new Date('2026-03-02T09:00:00Z')
		const waveId = (await openWave(
			{ orgId: org.id, id: saved.value.id, anonymityK: 5 },
			{ periodStart: '2026-03-02', opensAt: opens, closesAt: new Date(opens.getTime() + 3 * 86_400_000), reminderAt: null },
		))!
		for (const p of people) {
			const pulse = await pulseForUser(org.id, p.id, waveId, new Date(opens.getTime() + 60_000))
			expect((await submitPulse(pulse!, { 'item-0': '4', 'item-1': '2', 'item-2': p.says }, new Date(opens.getTime() + 60_000))).status).toBe('submitted')
		}
		await releaseDueWeeks()
		const commentsOf = async (teamId: string | null, level: 'frontline' | 'manager' | null) =>
			(await mindsetReport(org.id, { from: '2026-03-02', to: '2026-03-08', teamId, level }, null))!.comments.items ?? []
		// Every view anyone can ask for; no two may differ by 1–9 comments.
		const views: string[][] = []
		for (const team of [null, t, a, b]) for (const level of [null, 'frontline', 'manager'] as const) views.push(await commentsOf(team, level))
		const shown = views.filter((v) => v.length > 0)
		expect(shown.length).toBeGreaterThan(0) // the whole organisation's 17 still show
		for (const x of shown)
			for (const y of shown) {
				if (!y.every((c) => x.includes(c))) continue
				const rest = x.length - y.length
				expect(rest === 0 || rest >= 10).toBe(true)
			}
		expect(shown.flat().some((c) => c.startsWith('from a B manager'))).toBe(true) // inside a group of 17, not on their own
	})
})
