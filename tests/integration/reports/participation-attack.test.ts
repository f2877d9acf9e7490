/**
 * The attack of issue 17 on participation: several pulses in one week, and a one-person team
 * that got more of them than everyone else. Participation used to be summed over invitations,
 * so the week's "answered" (reports API, dashboard, export, /results, digests) minus a pulse's
 * own "answered" (its wave page) was the number of extra pulses the one person answered. Now a
 * week counts people, and a group is shown only with a number a pulse's own page already
 * shows: every view is the same whatever that person did.
 */
import { beforeAll, describe, expect, test } from 'vitest'

import { createApiKey } from '~/api/api-keys.server'
import { closeWave, participation } from '~/pulses/waves.server'
import { releaseDueWeeks } from '~/reports/release.server'
import * as api from '~/routes/api+/v1.reports.mindset'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'

import { useTestDatabase } from '../../support/db'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'
import { apiRequest, call } from '../../support/requests'

useTestDatabase()

const LEVELS = [null, 'frontline'] as const
const TEAMS = [null, 'Ops', 'Ops/Solo', 'Sales', 'Care'] as const
type Org = Awaited<ReturnType<typeof makePulseOrg>>

/** A pulse sent only to some teams (the same three items as the main pulse). */
async function surveyFor(o: Org, teams: string[], name: string) {
	const bank = await listItems(o.orgId)
	const saved = await saveSurvey(o.orgId, null, {
		name,
		itemIds: ['autonomy.resolve', 'approval.count', 'enps.recommend'].map((key) => bank.find((b) => b.key === key)!.id),
		audience: 'teams',
		teamIds: teams.map((t) => o.teamIds[t]!),
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '3',
		reminderDaysBeforeClose: '1',
		anonymityK: '5',
	})
	if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
	await setSurveyStatus(o.orgId, saved.value.id, 'active')
	return saved.value.id
}

async function apiParticipation(key: string, team: string | null, level: string | null) {
	const q = new URLSearchParams({ from: '2026-03-02', to: '2026-03-08', ...(team ? { team } : {}), ...(level ? { level } : {}) })
	const res = await call(api.loader, apiRequest(`/api/v1/reports/mindset?${q}`, { key }))
	expect(res.status).toBe(200)
	return (res.data as { weeks: { participation: { invited: number; answered: number | null } }[] }).weeks[0]!.participation
}

/**
 * One organisation of 19 (Ops of 6 with its one-person sub-team Solo, Sales and Care of 6): the weekly pulse to everyone, then three more that
 * week to Solo alone. Everyone answers the weekly pulse but one person of Sales; Solo's person
 * answers `extras` of the three others.
 */
async function scenario(extras: number) {
	const o = await makePulseOrg({
		teams: { Ops: [['frontline', 6]], 'Ops/Solo': [['frontline', 1]], Sales: [['frontline', 6]], Care: [['frontline', 6]] },
		items: ['autonomy.resolve', 'approval.count', 'enps.recommend'],
	})
	const created = await createApiKey(o.orgId, 'attacker')
	if (!created.ok) throw new Error('key')
	const key = created.value.key
	const weekly = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
	const others: Awaited<ReturnType<typeof openTestWave>>[] = []
	for (let i = 1; i <= 3; i++) others.push(await openTestWave(o.orgId, await surveyFor(o, ['Ops/Solo'], `Extra ${i}`), '2026-03-02', new Date(`2026-03-0${2 + i}T10:00:00Z`)))
	const skipper = o.people.find((p) => p.team === 'Sales')!
	for (const p of o.people) if (p !== skipper) await answer(o.orgId, p.id, weekly.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, weekly.during)
	const solo = o.people.find((p) => p.team === 'Ops/Solo')!
	for (const w of others.slice(0, extras)) await answer(o.orgId, solo.id, w.waveId, { 'item-0': '2', 'item-1': '3', 'item-2': '5' }, w.during)
	const pathOf = new Map(Object.entries(o.teamIds).map(([path, id]) => [id, path]))

	/** What the attacker reads: each pulse's page, and the week through the API at every team and level. */
	const views = async () => {
		const pages = []
		for (const w of [weekly, ...others]) {
			const p = await participation(o.orgId, w.waveId)
			pages.push({
				invited: p.invited,
				answered: p.answered,
				teams: p.teams.map((t) => ({ team: t.teamId ? pathOf.get(t.teamId) : null, invited: t.invited, answered: t.answered })),
			})
		}
		const week: Record<string, unknown> = {}
		for (const team of TEAMS) for (const level of LEVELS) week[`${team}|${level}`] = await apiParticipation(key, team, level)
		return { pages, week }
	}
	const during = await views()
	for (const w of [weekly, ...others]) await closeWave(o.orgId, w.waveId, new Date('2026-03-09T00:00:00Z'))
	expect(await releaseDueWeeks(new Date('2026-03-20T00:00:00Z'))).toBe(1)
	const counts: Record<string, unknown> = {}
	for (const team of TEAMS) for (const level of LEVELS) counts[`${team}|${level}`] = countsIn(await apiReport(key, team, level))
	return { during, after: await views(), counts }
}

async function apiReport(key: string, team: string | null, level: string | null) {
	const q = new URLSearchParams({ from: '2026-03-02', to: '2026-03-08', ...(team ? { team } : {}), ...(level ? { level } : {}) })
	const res = await call(api.loader, apiRequest(`/api/v1/reports/mindset?${q}`, { key }))
	expect(res.status).toBe(200)
	return res.data
}

/** Every count the report gives (sample sizes, answers, promoters, participation), by where it sits; scores left out. */
function countsIn(x: unknown, path = '', out: Record<string, unknown> = {}): Record<string, unknown> {
	if (Array.isArray(x)) x.forEach((v, i) => countsIn(v, `${path}[${i}]`, out))
	else if (x && typeof x === 'object')
		for (const [k, v] of Object.entries(x)) {
			if (['n', 'respondents', 'promoters', 'detractors', 'invited', 'answered', 'responses'].includes(k) && (typeof v === 'number' || v === null)) out[`${path}.${k}`] = v
			else if (k === 'n' && v && typeof v === 'object') out[`${path}.n`] = v
			else countsIn(v, `${path}.${k}`, out)
		}
	return out
}

describe('8. several pulses in one week', () => {
	let none: Awaited<ReturnType<typeof scenario>>
	let three: Awaited<ReturnType<typeof scenario>>
	beforeAll(async () => {
		none = await scenario(0)
		three = await scenario(3)
	}, 240_000)

	test('the weekly pulse minus the week no longer tells how many extra pulses the one-person team answered', () => {
		for (const v of [three.during, three.after]) {
			const pulse = v.pages[0]!
			const week = v.week['null|null'] as { invited: number; answered: number | null }
			// Counted in people: 19 invited to something this week, not 22 invitations.
			expect(week.invited).toBe(19)
			// The weekly pulse's page shows the organisation (18 of 19); the week cannot add anything to it.
			expect(pulse).toMatchObject({ invited: 19, answered: 18 })
			expect(week.answered === null || week.answered === pulse.answered).toBe(true)
		}
	})

	test('every view, before and after release, is the same whether that person answered none or all three', () => {
		expect(three).toEqual(none)
	})

	test('no count a figure shows (n, answers, promoters) tells whether the one-person team answered its extra pulses', () => {
		expect(three.counts).toEqual(none.counts)
		const org = three.counts['null|null'] as Record<string, unknown>
		// The organisation got four pulses that week (through Solo): no sample size at all.
		expect(org['.progress.n']).toEqual({ baseline: null, latest: null })
		expect(org['.weeks[0].dimensions.autonomy.n']).toBeNull()
		// Sales got the weekly pulse alone: its sample sizes are its people (5 of its 6 answered).
		const sales = three.counts['Sales|null'] as Record<string, unknown>
		expect(sales['.progress.n']).toEqual({ baseline: 5, latest: 5 })
		expect(sales['.weeks[0].dimensions.autonomy.n']).toBe(5)
	})

	test('a group that got one pulse that week shows the figure of that pulse, where its page shows it', () => {
		for (const v of [three.during, three.after]) {
			const page = new Map(v.pages[0]!.teams.map((t) => [t.team, t]))
			expect(v.week['Sales|null']).toEqual({ invited: 6, answered: 5 })
			expect(page.get('Sales')).toMatchObject({ invited: 6, answered: 5 })
			expect(v.week['Care|frontline']).toEqual({ invited: 6, answered: 6 })
			// Ops and the organisation got four pulses (through Solo): people invited, no answered count.
			expect(v.week['Ops|null']).toEqual({ invited: 7, answered: null })
			expect(v.week['Ops/Solo|null']).toEqual({ invited: 1, answered: null })
		}
	})
})

describe('9. thresholds count people, not responses', () => {
	test('20 people answering two pulses in one week are not the 30 respondents the driver analysis needs', async () => {
		const o = await makePulseOrg({
			teams: { Ops: [['frontline', 5]], Sales: [['frontline', 5]], Care: [['frontline', 5]], Tech: [['frontline', 5]] },
			items: ['autonomy.resolve', 'approval.count', 'enps.recommend'],
		})
		const created = await createApiKey(o.orgId, 'reader')
		if (!created.ok) throw new Error('key')
		const second = await surveyFor(o, ['Ops', 'Sales', 'Care', 'Tech'], 'Second pulse')
		const waves = [await openTestWave(o.orgId, o.surveyId, '2026-03-02'), await openTestWave(o.orgId, second, '2026-03-02', new Date('2026-03-03T10:00:00Z'))]
		for (const w of waves)
			for (const p of o.people)
				await answer(o.orgId, p.id, w.waveId, { 'item-0': String(1 + (p.index % 5)), 'item-1': String(1 + ((p.index * 3) % 5)), 'item-2': String(p.index % 11) }, w.during)
		for (const w of waves) await closeWave(o.orgId, w.waveId, new Date('2026-03-09T00:00:00Z'))
		expect(await releaseDueWeeks(new Date('2026-03-20T00:00:00Z'))).toBe(1)
		const report = (await apiReport(created.value.key, null, null)) as { drivers: Record<string, unknown> }
		// 40 responses, 20 people: too few people to rank what matters most.
		expect(report.drivers).toEqual({ culture: { shown: false, hiddenBecause: 'fewer-than-30' }, enps: { shown: false, hiddenBecause: 'fewer-than-30' } })
	})
})
