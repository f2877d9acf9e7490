/**
 * The statistics checked against an independent implementation: tests/oracle/stats_oracle.py
 * recomputes, with statsmodels and SciPy under Debian's /usr/bin/python3, from the raw answers
 * and raw events in the database (never from the app's rollups), the team-clustered change of
 * the culture index, every lagged rank correlation with its whole-team permutation p and its
 * Benjamini–Hochberg q, and the driver importances with their intervals. The app must agree:
 *
 * - means, ρ, intervals, importances: within 1e-6 (floating-point noise, nothing else);
 * - permutation p and q: exactly (≤ 1e-12), because both enumerate the same permutations (7
 *   teams: all 5040) or draw the same seeded ones (mulberry32 on the shared seed); and, for the
 *   sampled plan, within Monte Carlo error of an independent NumPy sample: |Δp| ≤
 *   4·√(p(1 − p)/1999) + 4·√(p(1 − p)/4999) + 1/1000.
 */
import { execFile } from 'node:child_process'

import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { type ActionMeasure, measureAction } from '~/actions/measure-action.server'
import { type MindsetReport, mindsetReport } from '~/reports/mindset.server'
import { weeklyRows } from '~/reports/mindset-query.server'
import { teamPermutationTests } from '~/reports/permutation'
import { DEFAULT_WEIGHTS, type TeamWeekRow } from '~/reports/stats'
import { db } from '~/utils/db.server'
import { mulberry32 } from '~/utils/seeded-random'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'
import { buildStatsOrg } from '../../support/stats-org'

useTestDatabase()

const TEAMS = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf']
const WEEKS = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30', '2026-04-06']
const LAGS = [0, 1, 2, 3, 4]
const HOTEL = 'Golf/Hotel'
const indexOf = (team: string) => (team === HOTEL ? 3.5 : TEAMS.indexOf(team))
const likert = (x: number) => Math.min(5, Math.max(1, Math.round(x)))

let orgId: string
let report: MindsetReport
let golfReport: MindsetReport
let action: ActionMeasure

let oracle: any

/**
 * Runs the oracle on a JSON document; it must be Debian's Python, with statsmodels and SciPy.
 * Asynchronously: enumerating permutations in Python takes a while on a busy machine, and the
 * test worker must keep answering meanwhile.
 */
function runOracle(doc: unknown): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const child = execFile('/usr/bin/python3', ['tests/oracle/stats_oracle.py'], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`The oracle failed: ${error.message}\n${stderr}`))
			else resolve(JSON.parse(stdout))
		})
		child.stdin!.end(JSON.stringify(doc))
	})
}

beforeAll(async () => {
	// Seven teams of six, and Hotel (six people) inside Golf; odd teams gain autonomy week by week,
	// faster teams answer customers sooner. Only three of Hotel answer in the second and the fifth
	// week: Hotel is hidden (under k = 5) in a baseline and a latest week and shown in the others, so
	// by the cluster rule (METHOD §5) its people are in Golf's cluster in both periods, never in a
	// cluster of their own. Alpha and Bravo get a second pulse in the third week (two in one week).
	const built = await buildStatsOrg({
		teams: [...TEAMS.map((path) => ({ path, people: 6 })), { path: HOTEL, people: 6 }],
		weeks: WEEKS,
		answer: (team, person, week, survey) => {
			if (team === HOTEL && (week === 1 || week === 4) && person >= 3) return null
			const k = indexOf(team)
			const rnd = mulberry32(`${team}|${person}|${week}${survey ? '|check-in' : ''}`)
			const noise = () => (rnd() - 0.5) * 2.2
			const autonomy = 1.8 + 0.35 * k + (k % 2 ? 0.2 * week : 0) + noise()
			return {
				autonomy: likert(autonomy),
				approval: likert(5.5 - 0.6 * autonomy + noise()),
				speed: likert(1.5 + 0.5 * autonomy + noise()),
				enps: Math.min(10, Math.max(0, Math.round(1 + 1.6 * autonomy + 2 * noise()))),
			}
		},
		// A second pulse to Alpha and Bravo in the third week: several pulses in one week.
		extra: { teams: ['Alpha', 'Bravo'], weeks: [2] },
		events: (team, week) => {
			const k = indexOf(team)
			const rnd = mulberry32(`events|${team}|${week}`)
			return Array.from({ length: 5 }, () => Math.round(220 - 22 * k - (k % 2 ? 12 * week : 0) + (rnd() - 0.5) * 80))
		},
	})
	orgId = built.orgId
	report = (await mindsetReport(orgId, { from: WEEKS[0]!, to: '2026-04-12', teamId: null, level: null }, null))!
	const answers = resultRows<{ id: string; team: string; week: string; wave: string; dimension: string; kind: string; reverse: boolean; value: number | null }>(
		await db().execute(sql`
			select r.id::text as id, r.wave_id::text as wave, t.path as team, w.period_start::text as week, wi.dimension::text as dimension, wi.kind::text as kind, wi.reverse, a.value
			from responses r join waves w on w.org_id = r.org_id and w.id = r.wave_id join teams t on t.org_id = r.org_id and t.id = r.team_id
			join answers a on a.org_id = r.org_id and a.response_id = r.id
			join wave_items wi on wi.org_id = a.org_id and wi.wave_id = a.wave_id and wi.position = a.position
			where r.org_id = ${orgId}`),
	)
	const responses = new Map<string, { team: string; week: string; wave: string; answers: { dimension: string; kind: string; reverse: boolean; value: number | null }[] }>()
	for (const a of answers) {
		const r = responses.get(a.id) ?? { team: a.team, week: a.week, wave: a.wave, answers: [] }
		r.answers.push({ dimension: a.dimension, kind: a.kind, reverse: a.reverse, value: a.value === null ? null : Number(a.value) })
		responses.set(a.id, r)
	}
	const events = resultRows<{ team: string; week: string; minutes: number }>(
		await db().execute(sql`
			select t.path as team, date_trunc('week', e.started_at at time zone 'UTC')::date::text as week, extract(epoch from e.ended_at - e.started_at)::float8 / 60 as minutes
			from metric_events e join teams t on t.org_id = e.org_id and t.id = e.team_id
			where e.org_id = ${orgId} and e.type = 'customer_response' and e.ended_at is not null`),
	)
	// Who was invited to which pulse and answered it (participation, and k in people).
	const invitations = resultRows<{ wave: string; week: string; person: string; team: string; answered: boolean }>(
		await db().execute(sql`
			select i.wave_id::text as wave, w.period_start::text as week, i.user_id::text as person, t.path as team,
				exists (select 1 from answered_invitations a where a.org_id = i.org_id and a.wave_id = i.wave_id and a.invitation_id = i.id) as answered
			from invitations i join waves w on w.org_id = i.org_id and w.id = i.wave_id join teams t on t.org_id = i.org_id and t.id = i.team_id
			where i.org_id = ${orgId}`),
	)
	const [golf] = resultRows<{ id: string }>(await db().execute(sql`select id::text as id from teams where org_id = ${orgId} and path = 'Golf'`))
	golfReport = (await mindsetReport(orgId, { from: WEEKS[0]!, to: '2026-04-12', teamId: golf!.id, level: null }, null))!
	// An action on Bravo's autonomy started in the third week: two weeks before, three since.
	const [bravo] = resultRows<{ id: string }>(await db().execute(sql`select id::text as id from teams where org_id = ${orgId} and path = 'Bravo'`))
	action = await measureAction(orgId, { teamId: bravo!.id, dimension: 'autonomy', startedOn: '2026-03-18' })
	oracle = await runOracle({
		weights: Object.fromEntries(Object.entries(DEFAULT_WEIGHTS)),
		responses: [...responses.values()],
		events: events.map((e) => ({ ...e, minutes: Number(e.minutes) })),
		baseline: WEEKS.slice(0, 3),
		latest: WEEKS.slice(3),
		lags: LAGS,
		k: 5,
		invitations,
		groups: ['', 'Golf'],
		weeks: WEEKS,
		targets: { firstResponseMinutes: 60 },
		driversWeek: WEEKS.at(-1),
		sampled: { rows: sampledRows() },
		action: { team: 'Bravo', dimension: 'autonomy', before: WEEKS.slice(0, 2), since: WEEKS.slice(3) },
	})
}, 600_000)

/** Nine teams (9! > 5040, so the sampled plan) of twelve weeks, from a seeded generator. */
function sampledRows(): TeamWeekRow[] {
	const rnd = mulberry32('oracle/sampled')
	return Array.from({ length: 9 }, (_, t) =>
		Array.from({ length: 12 }, (_, w) => {
			const base = t * 3 + rnd() * 10
			return { team: `T${t}`, week: new Date(Date.UTC(2026, 0, 5 + 7 * w)).toISOString().slice(0, 10), x: base + w * 0.5, y: rnd() < 0.1 ? null : 100 - base * 2 + rnd() * 25 }
		}),
	).flat()
}

describe('the oracle (statsmodels, SciPy) and the app agree', () => {
	test('the culture change since the baseline, clustered by team: delta, interval, clusters', () => {
		const h = report.headline
		if (h.suppressed) throw new Error('the headline is shown')
		// Hotel is hidden in one baseline week, so it is part of Golf's cluster throughout: 7, not 8.
		expect(oracle.hidden).toEqual([
			[HOTEL, WEEKS[1]],
			[HOTEL, WEEKS[4]],
		])
		expect(oracle.culture.clusters).toBe(7)
		expect(h.clusters).toBe(7)
		expect(h.culture!.delta).toBeCloseTo(oracle.culture.delta, 6)
		expect(h.culture!.interval!.low).toBeCloseTo(oracle.culture.low, 6)
		expect(h.culture!.interval!.high).toBeCloseTo(oracle.culture.high, 6)
		expect(h.culture!.smallestDetectable).toBeCloseTo((oracle.culture.high - oracle.culture.low) / 2, 6)
		expect(h.method).toBe('team-cluster-cr2')
		// The RTMI interval: the same width in RTMI points (× the culture share), around the RTMI change.
		expect(h.interval!.high - h.interval!.low).toBeCloseTo((oracle.culture.high - oracle.culture.low) * h.cultureShare, 6)
		expect((h.interval!.high + h.interval!.low) / 2).toBeCloseTo(h.delta!, 9)
	})

	test('each dimension’s change since the baseline: CR2 standard error and Bell–McCaffrey df, within 1e-6', () => {
		expect(report.changes.length).toBe(3)
		for (const c of report.changes) {
			const o = oracle.dimensions[c.key]
			expect(o.clusters, c.key).toBe(7)
			expect(c.delta).toBeCloseTo(o.delta, 6)
			expect(c.se!).toBeCloseTo(o.se, 6)
			expect(c.df).toBeCloseTo(o.df, 6)
			expect(c.low!).toBeCloseTo(o.low, 6)
			expect(c.high!).toBeCloseTo(o.high, 6)
		}
	})

	test('every lagged ρ, its whole-team permutation p and its Benjamini–Hochberg q', () => {
		expect(report.correlationTest).toMatchObject({ teams: oracle.correlationTest.teams, exact: true, permutations: 5040, tests: 15 })
		let compared = 0
		for (const c of report.correlations) {
			const o = oracle.correlations[c.dimension]
			expect(o, c.dimension).toBeDefined()
			for (const [i, l] of c.lags.entries()) {
				expect(l.n).toBe(o[i].n)
				if (l.rho === null) {
					expect(o[i].p).toBeNull()
					continue
				}
				expect(l.rho).toBeCloseTo(o[i].rho, 9)
				expect(Math.abs(l.p - o[i].p)).toBeLessThanOrEqual(1e-12)
				expect(Math.abs(l.q - o[i].q)).toBeLessThanOrEqual(1e-12)
				expect(l.significant).toBe(o[i].q <= 0.05)
				compared++
			}
		}
		expect(compared).toBe(15) // 3 dimensions × lags 0–4 with pairs (lag 4 pairs 14 team-weeks)
	})

	test('the sampled plan: the same seeded permutations give the same p, and an independent sample agrees within Monte Carlo error', () => {
		const app = teamPermutationTests(sampledRows(), LAGS)
		expect(app).toMatchObject({ teams: 9, exact: false, permutations: 1999 })
		for (const [i, t] of app.tests.entries()) {
			expect(Math.abs(t.p! - oracle.sampled.sameSeed[i].p)).toBeLessThanOrEqual(1e-12)
			const p = oracle.sampled.independent[i].p
			const tolerance = 4 * Math.sqrt((p * (1 - p)) / 1999) + 4 * Math.sqrt((p * (1 - p)) / 4999) + 1e-3
			expect(Math.abs(t.p! - p)).toBeLessThanOrEqual(tolerance)
		}
	})

	test('driver importances for eNPS and the culture index, with their intervals, in the latest week', () => {
		for (const outcome of ['enps', 'culture'] as const) {
			const d = report.drivers[outcome]
			if (!d.shown) throw new Error(`drivers for ${outcome} are shown (42 respondents)`)
			expect(d.week).toBe(WEEKS.at(-1))
			expect(d.importances).toHaveLength(3)
			// Hotel is shown in the drivers' week: its own cluster there, so the seven teams and Hotel.
			expect(d.clusters).toBe(8)
			for (const i of d.importances) {
				const o = oracle.drivers[outcome][i.dimension]
				expect(o.clusters).toBe(8)
				expect(i.importance).toBeCloseTo(o.importance, 9)
				expect(i.low!).toBeCloseTo(o.low, 6)
				expect(i.high!).toBeCloseTo(o.high, 6)
				expect(i.n).toBe(o.n)
				expect(d.priorities.find((p) => p.dimension === i.dimension)!.score).toBeCloseTo(o.score, 9)
			}
		}
	})

	test('an action’s effect against control teams: the controls, the effect and its interval, within 1e-6', () => {
		// Hotel is hidden in a week before the action: its people count in Golf's control, not in one of their own.
		expect(oracle.action.controls).toEqual(['Alpha', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'])
		expect(action).toMatchObject({ state: 'measured', before: { weeks: WEEKS.slice(0, 2) }, since: { weeks: WEEKS.slice(3) } })
		expect(action.change.controls).toBe(6)
		expect(action.change.own!).toBeCloseTo(oracle.action.own, 6)
		expect(action.change.controlsMean!).toBeCloseTo(oracle.action.controlsMean, 6)
		expect(action.change.delta!).toBeCloseTo(oracle.action.delta, 6)
		expect(action.change.interval!.low).toBeCloseTo(oracle.action.low, 6)
		expect(action.change.interval!.high).toBeCloseTo(oracle.action.high, 6)
	})

	for (const [group, name] of [
		['', 'the organisation'],
		['Golf', 'Golf (Hotel inside it hidden in two weeks)'],
	] as const) {
		test(`every weekly figure of ${name} in the API's rows: scores, % favourable, counts in people, culture, eNPS, RTMI, participation`, () => {
			const rows = weeklyRows(group ? golfReport : report)
			const o = oracle.groups[group]
			expect(rows.map((r) => r.week)).toEqual(WEEKS)
			let compared = 0
			for (const [i, r] of rows.entries()) {
				const w = o.weekly[i]
				const at = `${group || 'organisation'} ${r.week}`
				expect(r.participation, at).toEqual({ invited: w.invited, answered: w.answered })
				expect(r.hiddenBecause, at).toBeNull()
				expect(r.culture!, at).toBeCloseTo(w.culture, 6)
				expect(r.rtmi!, at).toBeCloseTo(w.rtmi, 6)
				expect(r.enps, at).toBe(w.enps)
				for (const d of ['autonomy', 'approval', 'speed']) {
					const x = r.dimensions[d] as { score: number; favourable: number; n: number | null }
					expect(x.score, `${at} ${d}`).toBeCloseTo(w.dimensions[d].score, 6)
					expect(x.favourable, `${at} ${d}`).toBeCloseTo(w.dimensions[d].favourable, 6)
					expect(x.n, `${at} ${d}`).toBe(w.dimensions[d].n)
					compared++
				}
			}
			expect(compared).toBe(18)
			if (group === '') {
				// The third week: two pulses reached the organisation (and Alpha, Bravo): people invited, no answered count, no n.
				expect(o.weekly[2]).toMatchObject({ pulses: 2, answered: null, invited: 48 })
				expect(o.weekly[2].dimensions.autonomy.n).toBeNull()
				expect(o.weekly[0].dimensions.autonomy.n).toBe(48)
			} else {
				// Golf was reached by one pulse every week: its counts are people, Hotel's three included where Hotel is hidden.
				expect(o.weekly[1]).toMatchObject({ pulses: 1, invited: 12, answered: 9 })
				expect(o.weekly[1].dimensions.autonomy.n).toBe(9)
			}
		})

		test(`${name} over the baseline and the latest weeks: the RTMI then and now and eNPS, within 1e-6`, () => {
			const r = group ? golfReport : report
			const o = oracle.groups[group]
			if (r.headline.suppressed) throw new Error('the headline is shown')
			expect(r.headline.rtmi!).toBeCloseTo(o.latest.rtmi, 6)
			expect(r.headline.baseline!).toBeCloseTo(o.baseline.rtmi, 6)
			expect(r.enpsChange.latest!.value).toBe(o.latest.enps)
			expect(r.enpsChange.baseline!.value).toBe(o.baseline.enps)
			// Several pulses in a baseline week of the organisation: no count for its baseline, one for the latest weeks.
			expect(r.headline.n).toEqual(group ? { baseline: 33, latest: 33 } : { baseline: null, latest: 141 })
		})
	}
})
