/**
 * One number per group and period (issue 17): for the same group, week and level, the
 * dashboard's trend, the reports API, the digests' weekly change and /results give the same
 * culture index, eNPS and participation — each read through the one gate, none on its own.
 */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeAll, describe, expect, test } from 'vitest'

import { createApiKey } from '~/api/api-keys.server'
import { fmt, range } from '~/components/dashboard/format'
import { ManagerBrief } from '~/components/dashboard/manager-brief'
import { browserMessages } from '~/i18n/i18n.server'
import { I18nProvider } from '~/i18n/react'
import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { weekChanges } from '~/reports/week-change.server'
import { teamResults } from '~/results/team-results.server'
import * as api from '~/routes/api+/v1.reports.mindset'

import { useTestDatabase } from '../../support/db'
import { makeUser } from '../../support/fixtures'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'
import { apiRequest, call } from '../../support/requests'

useTestDatabase()

const WEEKS = ['2026-03-02', '2026-03-09'] as const
let o: Awaited<ReturnType<typeof makePulseOrg>>
let key: string

beforeAll(async () => {
	o = await makePulseOrg({ teams: { Sales: [['frontline', 8]], Care: [['frontline', 7]] } })
	const created = await createApiKey(o.orgId, 'consistency')
	if (!created.ok) throw new Error('key')
	key = created.value.key
	for (const [i, monday] of WEEKS.entries()) {
		const w = await openTestWave(o.orgId, o.surveyId, monday)
		// One person of Care skips the second week, so participation is not everyone.
		for (const p of o.people)
			if (!(i === 1 && p.index === o.people.length - 1))
				await answer(o.orgId, p.id, w.waveId, { 'item-0': String(1 + ((p.index + i) % 5)), 'item-1': String(p.index % 4), 'item-2': String((p.index * 3 + i) % 11) }, w.during)
		await releaseDueWeeks(w.after)
	}
}, 180_000)

describe('the same group, week and level', () => {
	for (const team of [null, 'Sales', 'Care'] as const)
		test(`${team ?? 'the organisation'}: dashboard, API, digest and /results agree`, async () => {
			const week = WEEKS[1]
			const teamId = team ? o.teamIds[team]! : null
			const sunday = '2026-03-15'

			const dash = (await mindsetReport(o.orgId, { from: week, to: sunday, teamId, level: null }, null))!.trend[0]!
			const q = new URLSearchParams({ from: week, to: sunday, ...(team ? { team } : {}) })
			const res = await call(api.loader, apiRequest(`/api/v1/reports/mindset?${q}`, { key }))
			const apiWeek = (res.data as { weeks: { culture: number | null; enps: number | null; participation: { invited: number; answered: number | null } }[] }).weeks[0]!
			const digest = (await weekChanges(o.orgId, week, [teamId ?? 'org'])).groups[0]!
			const member = await makeUser(o.orgId, { role: 'employee', teamId })
			const results = await teamResults(member, teamId, new Date('2026-03-20T00:00:00Z'))
			if (!results || results.latestWeek === null || !results.now) throw new Error('no results shown')

			expect(dash.culture).not.toBeNull()
			for (const other of [apiWeek.culture, digest.culture, results.now.culture]) expect(other).toBeCloseTo(dash.culture!, 6)
			expect(apiWeek.enps).toBe(dash.enps)
			expect(results.now.enps).toBe(dash.enps)
			const participation = { invited: dash.invited, answered: dash.answered }
			expect(apiWeek.participation).toEqual(participation)
			expect({ invited: digest.invited, answered: digest.answered }).toEqual(participation)
			expect({ invited: results.now.invited, answered: results.now.answered }).toEqual(participation)
			expect(results.latestWeek).toBe(week)
		})
})

test('the manager brief names the weeks its figures are for, and its "weakest now" is the dashboard figure of those weeks', async () => {
	const r = (await mindsetReport(o.orgId, { from: WEEKS[0], to: '2026-03-15', teamId: o.teamIds.Sales!, level: null }, null))!
	// In English, as a signed-in page gets its words from the root.
	const language = { locale: 'en', messages: browserMessages('en', { pathname: '/dashboard', signedIn: true }) }
	const text = renderToStaticMarkup(createElement(I18nProvider, { data: language }, createElement(ManagerBrief, { report: r }))).replace(/<[^>]+>/g, '')
	expect(text).toContain(`Figures of the latest weeks, ${range(r.latest)}; changes against the baseline, ${range(r.baseline!)}.`)
	const weakest = r.attention.weakest[0]!
	expect(text).toContain(`${weakest.label} (${fmt(weakest.score)})`)
})
