/**
 * The digest jobs, run by the scheduler after it releases weeks (by name, once per organisation
 * and week, safe on every instance at once). A job is claimed by inserting its `digest_runs` row;
 * its e-mails are then queued in batches of people (by id), one transaction each, which locks the
 * run's row, queues the batch and moves the run's cursor past it: so each person's e-mail is
 * queued once however many instances work on it, a crash resumes after the last batch, and no
 * transaction holds an organisation's whole staff (100,000 e-mails at once held 471 MB).
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
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm'

import { subtreeIds, teamTree } from '~/auth/permissions.server'
import { reachesEveryTeam } from '~/auth/roles'
import { enqueueMail, type QueuedMail } from '~/mail/outbox.server'
import { fellBeyondInterval, weekChanges } from '~/reports/week-change.server'
import { weekSharing } from '~/results/shared-weeks.server'
import { db, resultRows, type Tx } from '~/utils/db.server'
import { digestRuns, users } from '~db/schema'

const RECENT_MS = 7 * 86_400_000
/** People per batch (one transaction each). */
export const DIGEST_BATCH = 2000

export async function runDigestJobs(now = new Date()): Promise<{ release: number; results: number }> {
	const since = new Date(now.getTime() - RECENT_MS).toISOString()
	const due = resultRows<{ org_id: string; week: string }>(
		await db().execute(sql`
			select rw.org_id::text as org_id, rw.week::text as week from released_weeks rw
			where rw.released_at > ${since}::timestamptz and rw.released_at <= ${now.toISOString()}::timestamptz
				and not exists (select 1 from digest_runs d where d.org_id = rw.org_id and d.week = rw.week and d.job = 'release' and d.finished_at is not null)
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

/** Claims a job; false when another run (or instance) has it already (which may still be under way: see queueInBatches). */
async function claim(orgId: string, week: string, job: 'release' | 'results') {
	const rows = await db().insert(digestRuns).values({ orgId, week, job }).onConflictDoNothing().returning({ week: digestRuns.week })
	return rows.length === 1
}

/**
 * Queues a job's e-mails a batch of people at a time, each batch in its own transaction with the
 * run's row locked: it reads the cursor, queues the e-mails of the next people by id, and moves
 * the cursor (or marks the run finished). Any instance may run it, at once or after a crash.
 */
async function queueInBatches(orgId: string, week: string, job: 'release' | 'results', roles: ('manager' | 'executive' | 'employee')[], mailFor: (p: Person) => QueuedMail[]) {
	for (;;) {
		const finished = await db().transaction(async (tx) => {
			const [run] = await tx
				.select({ after: digestRuns.afterUserId, finishedAt: digestRuns.finishedAt })
				.from(digestRuns)
				.where(and(eq(digestRuns.orgId, orgId), eq(digestRuns.week, week), eq(digestRuns.job, job)))
				.for('update')
			if (!run || run.finishedAt) return true
			const people = await tx
				.select({ id: users.id, email: users.email, role: users.role, teamId: users.teamId })
				.from(users)
				.where(and(eq(users.orgId, orgId), eq(users.active, true), inArray(users.role, roles), run.after ? gt(users.id, run.after) : undefined))
				.orderBy(asc(users.id))
				.limit(DIGEST_BATCH)
			const mail = people.flatMap(mailFor)
			await enqueueMail(tx, orgId, mail)
			const done = people.length < DIGEST_BATCH
			await tx
				.update(digestRuns)
				.set({ messages: sql`${digestRuns.messages} + ${mail.length}`, afterUserId: people.at(-1)?.id ?? run.after, finishedAt: done ? new Date() : null })
				.where(and(eq(digestRuns.orgId, orgId), eq(digestRuns.week, week), eq(digestRuns.job, job)))
			return done
		})
		if (finished) return
	}
}

type Person = { id: string; email: string; role: string; teamId: string | null }

async function releaseDigests(orgId: string, week: string): Promise<boolean> {
	const tree = await teamTree(orgId)
	// Which teams fell beyond their interval this week (through the gate: hidden teams never do).
	const { groups } = await weekChanges(
		orgId,
		week,
		tree.map((t) => t.id),
	)
	const fallen = groups.filter(fellBeyondInterval).map((g) => g.node)
	const claimed = await claim(orgId, week, 'release')
	await queueInBatches(orgId, week, 'release', ['manager', 'executive'], (p) => {
		const mail: QueuedMail[] = []
		const role = p.role as 'manager' | 'executive'
		if (reachesEveryTeam(role)) mail.push({ kind: 'executive_digest', toEmail: p.email, userId: p.id, payload: { week } })
		else if (p.teamId) mail.push({ kind: 'manager_digest', toEmail: p.email, userId: p.id, payload: { week } })
		const reach = reachesEveryTeam(role) ? null : p.teamId ? new Set(subtreeIds(tree, p.teamId)) : new Set<string>()
		for (const teamId of fallen) if (!reach || reach.has(teamId)) mail.push({ kind: 'index_alert', toEmail: p.email, userId: p.id, payload: { week, teamId } })
		return mail
	})
	return claimed
}

/**
 * The teams the week's pulses went to (as invited: the team each person had then), and whether
 * anyone without a team was invited: "results are in" is news only to people whose team was
 * asked that week (issue 17: 47 of 82 notes went to teams not surveyed that week).
 */
async function weekAudience(tx: Tx, orgId: string, week: string) {
	const rows = resultRows<{ team_id: string | null }>(
		await tx.execute(sql`
			select distinct i.team_id::text as team_id from invitations i
			join released_weeks rw on rw.org_id = i.org_id and rw.week = ${week}::date
			where i.org_id = ${orgId} and i.wave_id in (select (jsonb_array_elements_text(rw.wave_ids))::uuid)`),
	)
	return { teams: new Set(rows.flatMap((r) => (r.team_id ? [r.team_id] : []))), noTeam: rows.some((r) => r.team_id === null) }
}

async function resultsNote(orgId: string, week: string): Promise<boolean> {
	const [run] = await db()
		.select({ finishedAt: digestRuns.finishedAt })
		.from(digestRuns)
		.where(and(eq(digestRuns.orgId, orgId), eq(digestRuns.week, week), eq(digestRuns.job, 'results')))
	if (run?.finishedAt) return false
	const audience = await weekAudience(db(), orgId, week)
	const claimed = await claim(orgId, week, 'results')
	await queueInBatches(orgId, week, 'results', ['employee'], (p) =>
		(p.teamId ? audience.teams.has(p.teamId) : audience.noTeam) ? [{ kind: 'results_in', toEmail: p.email, userId: p.id, payload: { week } }] : [],
	)
	return claimed
}
