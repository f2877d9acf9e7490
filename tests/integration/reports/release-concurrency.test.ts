/**
 * A release blocks no one: while organisation A's week is being released, organisation B's
 * people submit without waiting for it, and A's own straggler waits for the release and then
 * stores nothing. Checked with PostgreSQL's lock graph (pg_blocking_pids), not with timing: the
 * release is held open, just before its last write, by a second connection that has inserted
 * the same released_weeks key and has not committed. PGlite has a single connection, so nothing
 * can wait there: these tests need PostgreSQL (TEST_DATABASE_URL), and not Citus (below).
 */
import { sql } from 'drizzle-orm'
import { describe, expect, inject, test } from 'vitest'

import { purgeExpired } from '~/audit/retention.server'
import { submitPulse } from '~/pulses/answering.server'
import { pulseForUser } from '~/pulses/pulse-view.server'
import { releaseWeek } from '~/reports/release.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'

import { useTestDatabase, usingPostgres } from '../../support/db'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'

useTestDatabase()

const form = { 'item-0': '4', 'item-1': '1', 'item-2': '8' }
const pause = () => new Promise((r) => setTimeout(r, 20))

/** Backends of this database that wait for a lock held by `pid`. */
async function waitingOn(pid: number) {
	return resultRows<{ pid: number }>(await db().execute(sql`select pid from pg_stat_activity where datname = current_database() and ${pid}::int = any(pg_blocking_pids(pid))`))
}

/**
 * Starts releasing A's week and holds the release open just before it records the week (a second
 * transaction has written the same key first); returns the release's backend and a way to let it finish.
 */
async function releaseHeldOpen(orgId: string, week: string, now: Date) {
	let letGo!: () => void
	const gate = new Promise<void>((r) => (letGo = r))
	let blockerPid = 0
	const blocker = db()
		.transaction(async (tx) => {
			blockerPid = resultRows<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0]!.pid
			await tx.execute(sql`insert into released_weeks (org_id, week, k, comment_k, wave_ids, cube) values (${orgId}, ${week}::date, 5, 10, '[]'::jsonb, '{}'::jsonb)`)
			await gate
			throw new Error('rolled back on purpose')
		})
		.catch(() => undefined)
	while (!blockerPid) await pause()
	const release = releaseWeek(orgId, week, now)
	let releasePid: number | undefined
	// The release has done all its work once it waits for the blocker's key.
	while (!releasePid) {
		releasePid = (await waitingOn(blockerPid))[0]?.pid
		if (!releasePid) await pause()
	}
	return {
		releasePid,
		async finish() {
			letGo()
			await blocker
			return release
		},
	}
}

// On Citus the locks are taken on the workers' shards, which the coordinator's pg_blocking_pids
// does not see: the lock graph this test reads is a single PostgreSQL's.
describe.skipIf(!usingPostgres || Boolean(inject('citusWorkers')))('a release in progress', () => {
	test('does not make another organisation’s submission wait, and its own straggler stores nothing', async () => {
		const a = await makePulseOrg({ k: 5, teams: { T: [['frontline', 6]] } })
		const b = await makePulseOrg({ k: 5, teams: { T: [['frontline', 6]] } })
		const aw = await openTestWave(a.orgId, a.surveyId, '2026-03-02')
		for (const p of a.people.slice(0, 5)) await answer(a.orgId, p.id, aw.waveId, form, aw.during)
		// B's wave is open when A's week is released; A's last person loaded the pulse in time.
		const bw = await openTestWave(b.orgId, b.surveyId, '2026-03-02', new Date('2026-03-05T09:00:00Z'))
		const bNow = new Date('2026-03-06T09:00:00Z')
		const bPulse = (await pulseForUser(b.orgId, b.people[0]!.id, bw.waveId, bNow))!
		const straggler = (await pulseForUser(a.orgId, a.people[5]!.id, aw.waveId, aw.during))!

		const held = await releaseHeldOpen(a.orgId, '2026-03-02', aw.after)
		let released: boolean | undefined
		try {
			// B submits meanwhile: it must finish without ever waiting on A's release.
			let bDone = false
			const bSubmit = submitPulse(bPulse, form, bNow).finally(() => (bDone = true))
			while (!bDone) {
				expect(await waitingOn(held.releasePid)).toEqual([])
				await pause()
			}
			expect((await bSubmit).status).toBe('submitted')

			// A's straggler (its request began before the wave closed) waits for the release…
			const late = submitPulse(straggler, form, aw.during)
			while (!(await waitingOn(held.releasePid)).length) await pause()
			released = await held.finish()
			// …and then finds the week released: nothing stored.
			expect((await late).status).toBe('closed')
		} finally {
			released ??= await held.finish()
		}
		expect(released).toBe(true)
		expect(resultRows(await db().execute(sql`select 1 from held_responses where org_id = ${a.orgId}`))).toHaveLength(0)
		expect(resultRows(await db().execute(sql`select 1 from responses where org_id = ${a.orgId}`))).toHaveLength(5)
		expect(resultRows(await db().execute(sql`select 1 from held_responses where org_id = ${b.orgId}`))).toHaveLength(1)
		// Released once: releasing again does nothing.
		expect(await releaseWeek(a.orgId, '2026-03-02', aw.after)).toBe(false)
	})
})

describe.skipIf(!usingPostgres || Boolean(inject('citusWorkers')))('retention during a release', () => {
	test('waits for a release of an expired week and deletes what it wrote: no response or answered row outlives its wave', async () => {
		const o = await makePulseOrg({ k: 5, teams: { T: [['frontline', 5]] } })
		const old = await openTestWave(o.orgId, o.surveyId, '2023-01-02')
		for (const p of o.people) await answer(o.orgId, p.id, old.waveId, form, old.during)
		await db().execute(sql`update organizations set retain_answers_months = 12 where id = ${o.orgId}`)
		const count = async (table: string) =>
			Number(resultRows<{ n: number }>(await db().execute(sql`select count(*)::int as n from ${sql.identifier(table)} where org_id = ${o.orgId}`))[0]!.n)

		// The week is released late, past the retention period; the purge starts while it is writing.
		const held = await releaseHeldOpen(o.orgId, '2023-01-02', old.after)
		let released: boolean | undefined
		try {
			const purge = purgeExpired(o.orgId, new Date('2026-03-20T00:00:00Z'))
			// Responses and answered rows have no key to their wave (decision 0038): the purge must
			// wait for the release, or it deletes the waves and leaves the release's rows behind.
			while (!(await waitingOn(held.releasePid)).length) await pause()
			released = await held.finish()
			expect(await purge).toMatchObject({ waves: 1, responses: 5, releasedWeeks: 1 })
		} finally {
			released ??= await held.finish()
		}
		expect(released).toBe(true)
		for (const table of ['waves', 'responses', 'answers', 'answered_invitations', 'held_responses', 'invitations', 'released_weeks'])
			expect([table, await count(table)]).toEqual([table, 0])
	})
})
