/** Released weeks kept per process: a release forgets its own organisation's, never another's. */
import { describe, expect, test } from 'vitest'

import { keptWeekCount } from '~/reports/closed-weeks.server'
import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks, releaseWeek } from '~/reports/release.server'

import { useTestDatabase } from '../../support/db'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'

useTestDatabase()

const FORM = { 'item-0': '4', 'item-1': '1', 'item-2': '8' }

describe('the released weeks a process keeps', () => {
	test('a release in organisation A forgets A’s kept weeks and leaves B’s', async () => {
		const a = await makePulseOrg({ k: 5, teams: { T: [['frontline', 5]] } })
		const b = await makePulseOrg({ k: 5, teams: { T: [['frontline', 5]] } })
		for (const o of [a, b]) {
			const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
			for (const p of o.people) await answer(o.orgId, p.id, w.waveId, FORM, w.during)
		}
		expect(await releaseDueWeeks(new Date('2026-03-20T12:00:00Z'))).toBe(2)
		const view = (orgId: string) => mindsetReport(orgId, { from: '2026-03-02', to: '2026-03-15', teamId: null, level: null }, null)
		const [ra, rb] = [await view(a.orgId), await view(b.orgId)]
		expect(ra!.trend[0]).toMatchObject({ released: true, hiddenBecause: null })
		expect(rb!.trend[0]).toMatchObject({ released: true, hiddenBecause: null })
		expect([keptWeekCount(a.orgId), keptWeekCount(b.orgId)]).toEqual([1, 1])

		const next = await openTestWave(a.orgId, a.surveyId, '2026-03-09')
		for (const p of a.people) await answer(a.orgId, p.id, next.waveId, FORM, next.during)
		expect(await releaseWeek(a.orgId, '2026-03-09', next.after)).toBe(true)
		expect([keptWeekCount(a.orgId), keptWeekCount(b.orgId)]).toEqual([0, 1])

		// A's next view reads both its weeks again, the second one included.
		expect((await view(a.orgId))!.trend.map((t) => t.released)).toEqual([true, true])
		expect(keptWeekCount(a.orgId)).toBe(2)
	})
})
