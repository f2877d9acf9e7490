/**
 * Digests are queued in batches, one transaction each, with the run's cursor: a run stopped
 * part-way (a crash between batches) is finished by the next tick, from the person after the last
 * one queued, and nobody gets the digest twice.
 */
import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'

import { runDigestJobs } from '~/digests/digest-jobs.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'
import { makeUser } from '../../support/fixtures'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'

useTestDatabase()

test('a run stopped after some people is finished from the next person on, each digest queued once', async () => {
	const o = await makePulseOrg({ teams: { T: [['frontline', 6]] } })
	const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
	for (const p of o.people) await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, w.during)
	await releaseDueWeeks(w.after)
	const managers: string[] = []
	for (let i = 0; i < 5; i++) managers.push((await makeUser(o.orgId, { role: 'manager', teamId: o.teamIds.T! })).id)
	managers.sort()
	// A run that queued the first two managers' digests, then stopped.
	await db().execute(sql`insert into digest_runs (org_id, week, job, messages, after_user_id) values (${o.orgId}, '2026-03-02', 'release', 2, ${managers[1]!})`)
	await db().execute(sql`
		insert into mail_outbox (org_id, kind, to_email, user_id, payload)
		select org_id, 'manager_digest', email, id, '{"week":"2026-03-02"}'::jsonb from users where org_id = ${o.orgId} and id = any(${sql.param(managers.slice(0, 2))}::text[]::uuid[])`)

	// It was claimed before: the tick finishes it without counting it as its own.
	expect((await runDigestJobs(w.after)).release).toBe(0)
	const queued = resultRows<{ user_id: string }>(
		await db().execute(sql`select user_id::text as user_id from mail_outbox where org_id = ${o.orgId} and kind = 'manager_digest' order by user_id`),
	).map((r) => r.user_id)
	expect(queued).toEqual(managers)
	const [run] = resultRows<{ messages: number; finished: boolean }>(
		await db().execute(sql`select messages, finished_at is not null as finished from digest_runs where org_id = ${o.orgId} and job = 'release'`),
	)
	expect(run).toEqual({ messages: 5, finished: true })
	// Finished: the next tick queues nothing more.
	await runDigestJobs(w.after)
	expect(resultRows(await db().execute(sql`select 1 from mail_outbox where org_id = ${o.orgId} and kind = 'manager_digest'`))).toHaveLength(5)
})
