/**
 * An organisation built for the statistics tests: teams of given sizes and levels answering a
 * weekly pulse (autonomy, approval friction, response speed, eNPS) for some weeks, with answers
 * from a function, every week released as the scheduler releases it; and first-response events
 * per team-week through the ingest. Deterministic: answers come from the function given.
 */
import { sql } from 'drizzle-orm'
import { expect } from 'vitest'

import { ingestEventBatch } from '~/metrics/ingest.server'
import { submitPulse } from '~/pulses/answering.server'
import { pulseForUser } from '~/pulses/pulse-view.server'
import { openWave } from '~/pulses/waves.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'
import type { Level } from '~db/schema'

import { makeOrg, makeTeam, makeUser } from './fixtures'

export const STATS_ITEMS = ['autonomy.resolve', 'approval.waits', 'speed.hours', 'enps.recommend'] as const

export interface Answer {
	autonomy: number
	approval: number
	speed: number
	enps: number
}

export async function buildStatsOrg(input: {
	teams: { path: string; people: number; level?: Level; extra?: { people: number; level: Level } }[]
	weeks: string[]
	/** `survey` 0 is the weekly pulse to everyone, 1 the extra pulse (below) */
	answer: (team: string, person: number, week: number, survey: number) => Answer | null
	/** first-response minutes of each event of a team in a week */
	events?: (team: string, week: number) => number[]
	/** A second pulse, with the same items, to these teams' people in these weeks: several pulses in one week. */
	extra?: { teams: string[]; weeks: number[] }
}) {
	const org = await makeOrg({ anonymityK: 5 })
	const orgId = org.id
	await db().execute(sql`update organizations set time_zone = 'UTC' where id = ${orgId}`)
	const teamIds: Record<string, string> = {}
	const people: { id: string; team: string; index: number }[] = []
	for (const t of input.teams) {
		teamIds[t.path] = await makeTeam(orgId, t.path)
		for (let i = 0; i < t.people; i++)
			people.push({ id: (await makeUser(orgId, { teamId: teamIds[t.path], password: null, level: t.level ?? 'frontline' })).id, team: t.path, index: i })
		for (let i = 0; i < (t.extra?.people ?? 0); i++)
			people.push({ id: (await makeUser(orgId, { teamId: teamIds[t.path], password: null, level: t.extra!.level })).id, team: t.path, index: t.people + i })
	}
	const bank = await listItems(orgId)
	const saved = await saveSurvey(orgId, null, {
		name: 'Pulse',
		itemIds: STATS_ITEMS.map((k) => bank.find((b) => b.key === k)!.id),
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
	const surveys = [{ id: saved.value.id, teams: null as string[] | null, weeks: input.weeks.map((_, w) => w) }]
	if (input.extra) {
		const extra = await saveSurvey(orgId, null, {
			name: 'Check-in',
			itemIds: STATS_ITEMS.map((k) => bank.find((b) => b.key === k)!.id),
			audience: 'teams',
			teamIds: input.extra.teams.map((t) => teamIds[t]!),
			cadence: 'weekly',
			weekday: '3',
			sendTime: '09:00',
			openDays: '2',
			reminderDaysBeforeClose: '1',
			anonymityK: '5',
		})
		if (!extra.ok) throw new Error('extra survey')
		await setSurveyStatus(orgId, extra.value.id, 'active')
		surveys.push({ id: extra.value.id, teams: input.extra.teams, weeks: input.extra.weeks })
	}
	for (const [w, monday] of input.weeks.entries()) {
		for (const [s, survey] of surveys.entries()) {
			if (!survey.weeks.includes(w)) continue
			const opens = new Date(Date.parse(`${monday}T09:00:00Z`) + s * 2 * 86_400_000)
			const waveId = (await openWave(
				{ orgId, id: survey.id, anonymityK: 5 },
				{ periodStart: monday, opensAt: opens, closesAt: new Date(opens.getTime() + (s ? 2 : 3) * 86_400_000), reminderAt: null },
			))!
			const now = new Date(opens.getTime() + 3_600_000)
			for (const p of people) {
				if (survey.teams && !survey.teams.includes(p.team)) continue
				const a = input.answer(p.team, p.index, w, s)
				if (!a) continue
				const pulse = await pulseForUser(orgId, p.id, waveId, now)
				const form = { 'item-0': String(a.autonomy), 'item-1': String(a.approval), 'item-2': String(a.speed), 'item-3': String(a.enps) }
				expect((await submitPulse(pulse!, form, now)).status).toBe('submitted')
			}
		}
	}
	expect(await releaseDueWeeks()).toBe(input.weeks.length)
	if (input.events) {
		const events = input.weeks.flatMap((monday, w) =>
			input.teams.flatMap((t) =>
				input.events!(t.path, w).map((minutes, i) => {
					const start = Date.parse(`${monday}T10:00:00Z`) + 86_400_000 + i * 60_000
					return {
						id: `e-${t.path}-${w}-${i}`,
						type: 'customer_response',
						team: t.path,
						startedAt: new Date(start).toISOString(),
						endedAt: new Date(start + minutes * 60_000).toISOString(),
					}
				}),
			),
		)
		expect((await ingestEventBatch(orgId, { events })).ok).toBe(true)
	}
	// Every team by path, parents made on the way included.
	for (const t of resultRows<{ id: string; path: string }>(await db().execute(sql`select id::text as id, path from teams where org_id = ${orgId}`))) teamIds[t.path] = t.id
	return { orgId, teamIds }
}
