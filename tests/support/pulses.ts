/** Organisations with a pulse, waves and answers, for report and anonymity tests: made through the app's own functions. */
import { sql } from 'drizzle-orm'

import { submitPulse } from '~/pulses/answering.server'
import { pulseForUser } from '~/pulses/pulse-view.server'
import { openWave } from '~/pulses/waves.server'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'
import type { Level } from '~db/schema'

import { makeOrg, makeTeam, makeUser } from './fixtures'

export interface PulsePerson {
	id: string
	team: string
	level: Level
	index: number
}

/** An organisation (time zone UTC) with teams and people: `{ 'Care/Big': [['frontline', 6], ['manager', 2]] }`. */
export async function makePulseOrg(input: { k?: number; teams: Record<string, [Level, number][]>; items?: string[] }) {
	const org = await makeOrg({ anonymityK: input.k ?? 5 })
	await db().execute(sql`update organizations set time_zone = 'UTC' where id = ${org.id}`)
	const teamIds: Record<string, string> = {}
	const people: PulsePerson[] = []
	for (const [path, groups] of Object.entries(input.teams)) {
		teamIds[path] = await makeTeam(org.id, path)
		for (const [level, n] of groups)
			for (let i = 0; i < n; i++) people.push({ id: (await makeUser(org.id, { teamId: teamIds[path], level, password: null })).id, team: path, level, index: people.length })
	}
	for (const t of resultRows<{ id: string; path: string }>(await db().execute(sql`select id::text as id, path from teams where org_id = ${org.id}`))) teamIds[t.path] = t.id
	const survey = await makeSurvey(org.id, input.items ?? ['autonomy.resolve', 'approval.count', 'enps.recommend', 'comment.open'], input.k ?? 5)
	return { orgId: org.id, teamIds, people, surveyId: survey }
}

export async function makeSurvey(orgId: string, keys: string[], k = 5, name = 'Pulse') {
	const bank = await listItems(orgId)
	const saved = await saveSurvey(orgId, null, {
		name,
		itemIds: keys.map((key) => bank.find((b) => b.key === key)!.id),
		audience: 'everyone',
		teamIds: [],
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '3',
		reminderDaysBeforeClose: '1',
		anonymityK: String(k),
	})
	if (!saved.ok) throw new Error(`survey: ${JSON.stringify(saved.errors)}`)
	await setSurveyStatus(orgId, saved.value.id, 'active')
	return saved.value.id
}

/** Opens a wave at `opensAt` (default: Monday 09:00 UTC of `monday`) for three days. */
export async function openTestWave(orgId: string, surveyId: string, monday: string, opensAt = new Date(`${monday}T09:00:00Z`)) {
	const [survey] = resultRows<{ k: number }>(await db().execute(sql`select anonymity_k as k from surveys where org_id = ${orgId} and id = ${surveyId}`))
	const waveId = await openWave(
		{ orgId, id: surveyId, anonymityK: Number(survey!.k) },
		{ periodStart: monday, opensAt, closesAt: new Date(opensAt.getTime() + 3 * 86_400_000), reminderAt: null },
	)
	if (!waveId) throw new Error('wave not opened')
	return { waveId, opensAt, during: new Date(opensAt.getTime() + 3_600_000), after: new Date(opensAt.getTime() + 4 * 86_400_000) }
}

/** One person answers a wave, signed in (the form's fields are `item-<position>`). */
export async function answer(orgId: string, personId: string, waveId: string, form: Record<string, string>, now: Date) {
	const pulse = await pulseForUser(orgId, personId, waveId, now)
	if (!pulse) throw new Error('not invited')
	const outcome = await submitPulse(pulse, form, now)
	if (outcome.status !== 'submitted') throw new Error(`not stored: ${outcome.status}`)
}
