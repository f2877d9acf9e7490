/**
 * The digest jobs, run by the scheduler after it releases weeks (by name, once per organisation
 * and week, safe on every instance at once: the job is claimed by inserting its `digest_runs`
 * row, in the same transaction that queues its e-mails, so either both happen or neither).
 *
 * - `release`, for a week released in the last 7 days: a digest to each active manager with a
 *   team and to each active executive, and an alert to the managers (of the team or above it)
 *   and executives for every team whose culture index fell by more than its interval.
 * - `results`, for a week teams may see (the survey's share switch: on release, after a delay,
 *   never) since the last 7 days: a short "results are in" note to every active employee whose
 *   team was in that week's audience.
 *
 * The e-mails carry only the week (and for an alert the team); their figures are read through the
 * gate when they are sent, so a digest never holds a figure the gate would not show then.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'

import { subtreeIds, teamTree } from '~/auth/permissions.server'
import { reachesEveryTeam } from '~/auth/roles'
import { enqueueMail, type QueuedMail } from '~/mail/outbox.server'
import { fellBeyondInterval, weekChanges } from '~/reports/week-change.server'
import { weekSharing } from '~/results/shared-weeks.server'
import { db } from '~/utils/db.server'
import { type Database, resultRows } from '~db/client'
import { digestRuns, users } from '~db/schema'

const RECENT_MS = 7 * 86_400_000

export async function runDigestJobs(now = new Date()): Promise<{ release: number; results: number }> {
	const since = new Date(now.getTime() - RECENT_MS).toISOString()
	const due = resultRows<{ org_id: string; week: string }>(
		await db().execute(sql`
			select rw.org_id::text as org_id, rw.week::text as week from released_weeks rw
			where rw.released_at > ${since}::timestamptz and rw.released_at <= ${now.toISOString()}::timestamptz
				and not exists (select 1 from digest_runs d where d.org_id = rw.org_id and d.week = rw.week and d.job = 'release')
			order by rw.org_id, rw.week`),
	)
	let release = 0
	for (const d of due) if (await releaseDigests(d.org_id, d.week)) release++

	let results = 0
	const orgs = resultRows<{ org_id: string }>(
		await db().execute(
			sql`select distinct org_id::text as org_id from released_weeks where released_at > ${new Date(now.getTime() - 120 * 86_400_000).toISOString()}::timestamptz`,
		),
	)
	for (const { org_id } of orgs) {
		for (const w of await weekSharing(org_id)) {
			if (!w.sharedFrom || w.sharedFrom > now || w.sharedFrom.getTime() <= now.getTime() - RECENT_MS) continue
			if (await resultsNote(org_id, w.week)) results++
		}
	}
	return { release, results }
}

/** Claims a job; false when another run (or instance) has it already. */
async function claim(tx: Database, orgId: string, week: string, job: 'release' | 'results') {
	const rows = await tx.insert(digestRuns).values({ orgId, week, job }).onConflictDoNothing().returning({ week: digestRuns.week })
	return rows.length === 1
}

async function activePeople(tx: Database, orgId: string, roles: ('manager' | 'executive' | 'employee')[]) {
	return tx
		.select({ id: users.id, email: users.email, role: users.role, teamId: users.teamId })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.active, true), inArray(users.role, roles)))
}

async function releaseDigests(orgId: string, week: string): Promise<boolean> {
	const tree = await teamTree(orgId)
	// Which teams fell beyond their interval this week (through the gate: hidden teams never do).
	const { groups } = await weekChanges(
		orgId,
		week,
		tree.map((t) => t.id),
	)
	const fallen = groups.filter(fellBeyondInterval).map((g) => g.node)
	return db().transaction(async (tx) => {
		if (!(await claim(tx, orgId, week, 'release'))) return false
		const people = await activePeople(tx, orgId, ['manager', 'executive'])
		const mail: QueuedMail[] = []
		for (const p of people) {
			if (reachesEveryTeam(p.role)) mail.push({ kind: 'executive_digest', toEmail: p.email, userId: p.id, payload: { week } })
			else if (p.teamId) mail.push({ kind: 'manager_digest', toEmail: p.email, userId: p.id, payload: { week } })
			const reach = reachesEveryTeam(p.role) ? null : p.teamId ? new Set(subtreeIds(tree, p.teamId)) : new Set<string>()
			for (const teamId of fallen) if (!reach || reach.has(teamId)) mail.push({ kind: 'index_alert', toEmail: p.email, userId: p.id, payload: { week, teamId } })
		}
		await enqueueMail(tx, orgId, mail)
		await tx
			.update(digestRuns)
			.set({ messages: mail.length })
			.where(and(eq(digestRuns.orgId, orgId), eq(digestRuns.week, week), eq(digestRuns.job, 'release')))
		return true
	})
}

/**
 * The teams the week's pulses went to (as invited: the team each person had then), and whether
 * anyone without a team was invited: "results are in" is news only to people whose team was
 * asked that week (issue 17: 47 of 82 notes went to teams not surveyed that week).
 */
async function weekAudience(tx: Database, orgId: string, week: string) {
	const rows = resultRows<{ team_id: string | null }>(
		await tx.execute(sql`
			select distinct i.team_id::text as team_id from invitations i
			join released_weeks rw on rw.org_id = i.org_id and rw.week = ${week}::date
			where i.org_id = ${orgId} and i.wave_id in (select (jsonb_array_elements_text(rw.wave_ids))::uuid)`),
	)
	return { teams: new Set(rows.flatMap((r) => (r.team_id ? [r.team_id] : []))), noTeam: rows.some((r) => r.team_id === null) }
}

async function resultsNote(orgId: string, week: string): Promise<boolean> {
	return db().transaction(async (tx) => {
		if (!(await claim(tx, orgId, week, 'results'))) return false
		const audience = await weekAudience(tx, orgId, week)
		const people = (await activePeople(tx, orgId, ['employee'])).filter((p) => (p.teamId ? audience.teams.has(p.teamId) : audience.noTeam))
		await enqueueMail(
			tx,
			orgId,
			people.map((p) => ({ kind: 'results_in', toEmail: p.email, userId: p.id, payload: { week } })),
		)
		await tx
			.update(digestRuns)
			.set({ messages: people.length })
			.where(and(eq(digestRuns.orgId, orgId), eq(digestRuns.week, week), eq(digestRuns.job, 'results')))
		return true
	})
}
