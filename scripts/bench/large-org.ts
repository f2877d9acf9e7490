/**
 * A large organisation built set-based on PostgreSQL, for the benchmarks: teams in divisions,
 * people assigned to leaf teams by row number (one join, no per-row lookup), a weekly pulse of
 * six items, an invitation for everyone every week (65% answered). The answers of all weeks but
 * the last `heldWeeks` are written straight in the shape a release leaves them (responses with
 * the release's ids, in id order, and their answers; invitations in wave and person order), each
 * such week then recorded as released with the app's own decision (recordLoadedWeeks), the
 * rollups rebuilt by the app (rebuildRollups), each wave's participation decision stored with its
 * week as a release stores it (recordWaveDecisions) and the default view analysed as the release
 * job does; the answers of the last `heldWeeks` weeks wait in the holding table as the pulse form
 * stores them, for a benchmark that releases them through the app. Events for the response-time
 * figures too.
 */
import { type SQL, sql } from 'drizzle-orm'

import { createOrganization, createUser } from '../../app/demo/factories.server'
import { refreshWeekly } from '../../app/metrics/weekly.server'
import { analyseAfterRelease } from '../../app/reports/after-release.server'
import { recordLoadedWeeks, responseId } from '../../app/reports/release.server'
import { rebuildRollups } from '../../app/reports/rollups.server'
import { recordWaveDecisions } from '../../app/reports/wave-decisions.server'
import { listItems } from '../../app/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '../../app/surveys/surveys.server'
import { type Database, resultRows } from '../../db/client'

export interface LargeOrgOptions {
	people: number
	teams: number
	weeks: number
	events: number
	slug?: string
	/** How many of the last weeks are left held, for a benchmark that releases them itself (default 0). */
	heldWeeks?: number
	log?: (m: string) => void
}

/** Seconds of each phase, by name, as the builder reports them. */
export type Phases = Record<string, number>

export async function buildLargeOrganization(db: Database, o: LargeOrgOptions) {
	const log = o.log ?? (() => {})
	const phases: Phases = {}
	const time = async <T>(label: string, f: () => Promise<T>) => {
		const t = performance.now()
		const r = await f()
		phases[label] = +((performance.now() - t) / 1000).toFixed(2)
		log(`${label}: ${phases[label]} s`)
		return r
	}
	const slug = o.slug ?? 'bench'
	const org = await createOrganization(db, { slug, name: `Bench ${slug}`, timeZone: 'UTC' })
	const divisions = Math.max(1, Math.round(o.teams / 10))
	const leaves = o.teams - divisions
	await time('teams and people', async () => {
		await db.execute(sql`insert into teams (org_id, name, path) select ${org.id}, 'Division ' || d, 'Division ' || d from generate_series(1, ${divisions}) d`)
		await db.execute(sql`
			insert into teams (org_id, name, path, parent_id)
			select ${org.id}, 'Team ' || t, 'Division ' || (1 + (t - 1) % ${divisions}) || '/Team ' || t, p.id
			from generate_series(1, ${leaves}) t join teams p on p.org_id = ${org.id} and p.path = 'Division ' || (1 + (t - 1) % ${divisions})`)
		// Person g joins leaf team number g mod leaves (leaves numbered by path): one hash join.
		await db.execute(sql`
			with leaf as (select id, (row_number() over (order by path) - 1)::int as n from teams where org_id = ${org.id} and parent_id is not null)
			insert into users (org_id, email, name, team_id, level)
			select ${org.id}, 'p' || g || '@' || ${slug} || '.example', 'Person ' || g, leaf.id,
				(case when g % 12 = 0 then 'manager' else 'frontline' end)::level
			from generate_series(1, ${o.people}) g join leaf on leaf.n = g % ${leaves}`)
	})
	const exec = await createUser(db, org.id, { email: `exec@${slug}.example`, name: 'Exec', role: 'executive', password: 'bench-password-1' })
	const bank = await listItems(org.id)
	const keys = ['autonomy.resolve', 'approval.waits', 'speed.hours', 'voice.reaches', 'safety.mistake', 'enps.recommend']
	const saved = await saveSurvey(org.id, null, {
		name: 'Weekly pulse',
		itemIds: keys.map((k) => bank.find((b) => b.key === k)!.id),
		audience: 'everyone',
		teamIds: [],
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '3',
		reminderDaysBeforeClose: '1',
		anonymityK: '5',
	})
	if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
	await setSurveyStatus(org.id, saved.value.id, 'active')
	const lastMonday = new Date()
	lastMonday.setUTCHours(9, 0, 0, 0)
	lastMonday.setUTCDate(lastMonday.getUTCDate() - ((lastMonday.getUTCDay() + 6) % 7) - 7)
	const first = new Date(lastMonday.getTime() - (o.weeks - 1) * 7 * 86_400_000)
	await time('waves', async () => {
		await db.execute(sql`
			insert into waves (org_id, survey_id, week, period_start, opens_at, closes_at, closed_at, anonymity_k)
			select ${org.id}, ${saved.value.id}, (${first.toISOString()}::timestamptz + (w * interval '7 days'))::date, to_char(${first.toISOString()}::timestamptz + (w * interval '7 days'), 'YYYY-MM-DD'),
				${first.toISOString()}::timestamptz + (w * interval '7 days'), ${first.toISOString()}::timestamptz + (w * interval '7 days') + interval '3 days',
				${first.toISOString()}::timestamptz + (w * interval '7 days') + interval '3 days', 5
			from generate_series(0, ${o.weeks - 1}) w`)
		await db.execute(sql`
			insert into wave_items (org_id, wave_id, position, item_id, dimension, kind, text, reverse, required)
			select w.org_id, w.id, si.position, i.id, i.dimension, i.kind, i.text, i.reverse, true
			from waves w join survey_items si on si.org_id = w.org_id and si.survey_id = w.survey_id join items i on i.org_id = si.org_id and i.id = si.item_id
			where w.org_id = ${org.id}`)
	})
	// Invitations first (who answered feeds participation and the k rule), in wave and person order
	// as a release leaves them; then the answers, held for the last weeks, released for the others.
	// The rows are consistent by construction, so this bulk load skips the per-row foreign-key
	// checks (session_replication_role, on the scratch database only).
	const held = Math.min(o.weeks, o.heldWeeks ?? 0)
	const heldFrom = new Date(first.getTime() + (o.weeks - held) * 7 * 86_400_000).toISOString().slice(0, 10)
	// Likert answers drift up over the weeks (a real rise), the eNPS item (position 5) is 0–10.
	const drift = sql`(extract(epoch from w.opens_at) - ${first.getTime() / 1000}) / (86400 * 7 * ${o.weeks})`
	const value = (p: SQL) => sql`case when ${p} = 5 then floor(random() * 11) else least(5, greatest(1, round(2.5 + random() * 2.5 + ${drift} - 0.5))) end`
	await time('invitations and answers', () =>
		db.transaction(async (tx) => {
			await tx.execute(sql`set local session_replication_role = replica`)
			await tx.execute(sql`set local jit = off`)
			await tx.execute(sql`set local work_mem = '256MB'`)
			await tx.execute(sql`
				insert into invitations (org_id, wave_id, user_id, team_id, level)
				select ${org.id}, w.id, u.id, u.team_id, u.level
				from waves w cross join users u
				where w.org_id = ${org.id} and u.org_id = ${org.id} and u.role = 'employee'
				order by w.id, u.id`)
			// 65% answered, in wave and invitation order as a release leaves them.
			await tx.execute(sql`
				insert into answered_invitations (org_id, wave_id, invitation_id)
				select org_id, wave_id, id from invitations where org_id = ${org.id} and random() < 0.65
				order by wave_id, id`)
			// Released weeks: one response per answered invitation (team and level of the invitation,
			// nothing else of it), with the ids a release gives, in their order; then six answers each.
			await tx.execute(sql`
				insert into responses (org_id, id, wave_id, team_id, level)
				select org_id, id, wave_id, team_id, level from (
					select i.org_id, ${responseId(sql`w.week`)} as id, i.wave_id, i.team_id, i.level
					from invitations i join answered_invitations a on a.org_id = i.org_id and a.wave_id = i.wave_id and a.invitation_id = i.id
					join waves w on w.org_id = i.org_id and w.id = i.wave_id
					where i.org_id = ${org.id} and w.week < ${heldFrom}::date
				) r order by id`)
			await tx.execute(sql`
				insert into answers (org_id, response_id, wave_id, position, value)
				select r.org_id, r.id, r.wave_id, p, ${value(sql`p`)}
				from responses r join waves w on w.org_id = r.org_id and w.id = r.wave_id cross join generate_series(0, 5) p
				where r.org_id = ${org.id}
				order by r.id, p`)
			// Held weeks: the answers as the pulse form stores them.
			await tx.execute(sql`
				insert into held_responses (org_id, wave_id, team_id, level, answers)
				select i.org_id, i.wave_id, i.team_id, i.level,
					(select jsonb_agg(jsonb_build_object('position', p, 'text', null, 'value', ${value(sql`p`)}) order by p) from generate_series(0, 5) p)
				from invitations i join answered_invitations a on a.org_id = i.org_id and a.wave_id = i.wave_id and a.invitation_id = i.id
				join waves w on w.org_id = i.org_id and w.id = i.wave_id
				where i.org_id = ${org.id} and w.week >= ${heldFrom}::date`)
		}),
	)
	await time('events', async () => {
		await db.execute(sql`
			with leaf as (select id, (row_number() over (order by path) - 1)::int as n from teams where org_id = ${org.id} and parent_id is not null)
			insert into metric_events (org_id, external_id, type, team_id, started_at, ended_at)
			select ${org.id}, 'ev' || g, (case when g % 4 = 0 then 'approval' else 'customer_response' end)::event_type, leaf.id, s.s, s.s + (random() * random() * interval '8 hours')
			from generate_series(1, ${o.events}) g join leaf on leaf.n = g % ${leaves}
			cross join lateral (select ${lastMonday.toISOString()}::timestamptz - random() * interval '364 days' + g * interval '0 seconds' as s) s`) // g: once per row, not once
		await db.execute(sql`insert into metric_dirty_ranges (org_id, from_ts, to_ts) select ${org.id}, min(started_at), max(started_at) from metric_events where org_id = ${org.id}`)
		await refreshWeekly(org.id, 'UTC')
	})
	await db.execute(sql`analyze`)
	// The weeks loaded as released, decided as a release decides, their rollups and the default view's analyses.
	const released = await time('released weeks: decisions, rollups, analyses', async () => {
		const n = await db.transaction((tx) => recordLoadedWeeks(tx, org.id, heldFrom))
		await rebuildRollups(org.id)
		// Each wave's participation decision, as a release stores it with its week.
		await db.transaction((tx) => recordWaveDecisions(tx, org.id))
		if (n) await analyseAfterRelease(org.id)
		return n
	})
	await db.execute(sql`analyze`)
	const [counts] = resultRows<{ responses: number; answers: number }>(
		await db.execute(sql`
			select (select count(*) from responses where org_id = ${org.id})::int as responses, (select count(*) from answers where org_id = ${org.id})::int as answers`),
	)
	log(`${counts!.responses.toLocaleString('en')} responses, ${counts!.answers.toLocaleString('en')} answers, ${released} weeks released`)
	return { org, exec, lastMonday, counts: counts!, phases, released }
}

/**
 * The baseline of the dashboard benchmarks: the dashboard's weekly dimension scores of one
 * organisation straight from the raw tables, timed (ms).
 */
export async function timePlainAggregate(db: Database, orgId: string, from: string, to: string): Promise<number> {
	const started = performance.now()
	await db.execute(sql`
		select date_trunc('week', w.opens_at) as week, r.team_id, wi.dimension, avg(case when wi.reverse then (5 - a.value) * 25 else (a.value - 1) * 25 end), count(distinct r.id)
		from answers a join responses r on r.org_id = a.org_id and r.id = a.response_id
		join waves w on w.org_id = r.org_id and w.id = r.wave_id
		join wave_items wi on wi.org_id = a.org_id and wi.wave_id = a.wave_id and wi.position = a.position
		where a.org_id = ${orgId} and wi.kind = 'likert' and w.opens_at >= ${from}::date and w.opens_at < (${to}::date + 7)
		group by 1, 2, 3`)
	return performance.now() - started
}
