/**
 * Reads never write: the dashboard (and /results, and the weekly metrics API) read what is
 * stored; the refresh of weekly response times is the job's. Every table refuses a write while
 * the reads run, and what they show is what the job's figures show afterwards.
 */
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, inject, test } from 'vitest'

import { ingestEventBatch } from '~/metrics/ingest.server'
import { refreshAllWeekly, refreshWeekly, weeklyMetrics } from '~/metrics/weekly.server'
import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { db } from '~/utils/db.server'

import { useTestDatabase } from '../../support/db'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'

useTestDatabase()

/** Every table of the schema refuses inserts, updates, deletes and truncates, on every connection. */
async function refuseWrites() {
	await db().execute(sql`create or replace function refuse_write() returns trigger language plpgsql as $$ begin raise exception 'a read wrote to %', tg_table_name; end $$`)
	await db().execute(sql`
		do $$ declare t text; begin
			for t in select tablename from pg_tables where schemaname = 'public' loop
				execute format('create trigger refuse_write before insert or update or delete or truncate on %I for each statement execute function refuse_write()', t);
			end loop;
		end $$`)
}

async function allowWrites() {
	await db().execute(sql`
		do $$ declare t text; begin
			for t in select tablename from pg_tables where schemaname = 'public' loop
				execute format('drop trigger if exists refuse_write on %I', t);
			end loop;
		end $$`)
}

afterEach(allowWrites)

const event = (day: string, minutes: number, id: string) => ({
	id,
	type: 'customer_response',
	team: 'T',
	startedAt: `${day}T10:00:00Z`,
	endedAt: new Date(Date.parse(`${day}T10:00:00Z`) + minutes * 60_000).toISOString(),
})

// The check is a property of the code (what a read sends), run on PGlite and PostgreSQL; Citus
// refuses triggers on distributed tables, which the check uses to refuse writes.
describe.skipIf(Boolean(inject('citusWorkers')))('a dashboard read', () => {
	test('issues no write, even with response times the job has not recomputed yet, and shows them', async () => {
		const o = await makePulseOrg({ k: 5, teams: { T: [['frontline', 6]] } })
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		for (const p of o.people) await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8' }, w.during)
		expect(await releaseDueWeeks(w.after)).toBe(1)
		expect((await ingestEventBatch(o.orgId, { events: [event('2026-03-03', 10, 'a'), event('2026-03-04', 30, 'b'), event('2026-03-10', 40, 'c')] })).ok).toBe(true)
		const query = { from: '2026-03-02', to: '2026-03-15', teamId: null, level: null }

		await refuseWrites()
		// The check itself: the refresh the dashboard used to run inline is refused.
		await expect(refreshWeekly(o.orgId, 'UTC')).rejects.toThrow()
		const read = (await mindsetReport(o.orgId, query, null))!
		const weekly = (await weeklyMetrics(o.orgId, 'UTC', { from: '2026-03-02', to: '2026-03-15', team: null }))!
		await allowWrites()

		expect(read.trend.map((t) => t.operational.firstResponseMinutes)).toEqual([20, 40])
		expect(read.trend[0]).toMatchObject({ released: true, hiddenBecause: null })
		// The same figures once the job has recomputed the weeks.
		expect(await refreshAllWeekly()).toBe(1)
		const after = (await mindsetReport(o.orgId, query, null))!
		expect(after.trend).toEqual(read.trend)
		expect(after.headline).toEqual(read.headline)
		expect(after.scatter).toEqual(read.scatter)
		expect((await weeklyMetrics(o.orgId, 'UTC', { from: '2026-03-02', to: '2026-03-15', team: null }))!.rows).toEqual(weekly.rows)
		expect(weekly.rows.map((r) => [r.week, r.count, r.median])).toEqual([
			['2026-03-02', 2, 20],
			['2026-03-09', 1, 40],
		])
	})
})
