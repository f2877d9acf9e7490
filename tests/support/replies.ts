/** A released week with comments, one of them with a reply key, and the leaders around it: for the reply tests. */
import { DateTime } from 'luxon'

import { submitPulse } from '~/pulses/answering.server'
import { pulseForUser } from '~/pulses/pulse-view.server'
import { releaseDueWeeks } from '~/reports/release.server'

import { makeUser } from './fixtures'
import { answer, makePulseOrg, openTestWave } from './pulses'

/** The Monday two weeks before today (UTC): inside the leaders' 26-week window whenever the test runs. */
export function recentMonday() {
	return DateTime.utc().startOf('week').minus({ weeks: 2 }).toISODate()!
}

export async function releasedWeekWithKey() {
	const o = await makePulseOrg({ teams: { 'Care/Big': [['frontline', 12]], 'Care/Small': [['frontline', 3]], Sales: [['frontline', 10]] } })
	const w = await openTestWave(o.orgId, o.surveyId, recentMonday())
	const author = o.people.find((p) => p.team === 'Care/Big')!
	const pulse = (await pulseForUser(o.orgId, author.id, w.waveId, w.during))!
	const outcome = await submitPulse(pulse, { 'item-0': '2', 'item-1': '3', 'item-2': '6', 'item-3': 'Approvals take a week; customers give up.', replies: 'on' }, w.during)
	if (outcome.status !== 'submitted' || !outcome.replyKey) throw new Error('no reply key')
	for (const p of o.people.filter((p) => p !== author))
		await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8', 'item-3': `Note from ${p.team} #${p.index}` }, w.during)
	await releaseDueWeeks(w.after)
	const leader = (role: 'executive' | 'admin' | 'manager' | 'employee', team?: string) =>
		makeUser(o.orgId, { role, teamId: team ? o.teamIds[team]! : null }).then((u) => ({ id: u.id, orgId: o.orgId, role, teamId: team ? o.teamIds[team]! : null }))
	return {
		...o,
		wave: w,
		author,
		replyKey: outcome.replyKey,
		executive: await leader('executive'),
		admin: await leader('admin'),
		careManager: await leader('manager', 'Care'),
		salesManager: await leader('manager', 'Sales'),
		employee: await leader('employee', 'Care/Big'),
	}
}
