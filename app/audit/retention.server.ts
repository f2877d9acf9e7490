/**
 * Retention: each organisation keeps answers, metric events and its audit log for as many
 * months as its settings say (defaults 36, 24, 24), and this job deletes what is older.
 *
 * - Answers go with their wave, by the wave's opening time: released answers, responses and
 *   answered rows first (they have no key to their wave: decisions 0027 and 0038), then the wave,
 *   which cascades to its items, invitations (and their link tokens), held responses and its
 *   rollups. A released week whose waves are all gone is deleted too (its row lists wave ids in
 *   jsonb, which no foreign key follows); one that keeps a wave stays, showing what is left.
 * - Metric events go by start time; the weeks they counted in are marked stale, so the weekly
 *   figures are recomputed from the events that remain.
 * - One-click unsubscribe links go once they no longer work (UNSUBSCRIBE_LINK_DAYS after sending):
 *   one is minted with every message, so they would otherwise pile up for ever.
 * - Audit events go by time, in a transaction that sets son.audit_retention, the one way past the
 *   append-only trigger (migration 0009_audit_and_retention). The purge itself is recorded.
 */
import { sql } from 'drizzle-orm'

import { db, resultRows } from '~/utils/db.server'
import { unsubscribeLinksMintedBefore } from '~/utils/lifetimes'
import { lockReleases } from '~/utils/release-lock.server'

import { recordAudit, SYSTEM_ACTOR } from './audit.server'

export interface PurgeCounts {
	waves: number
	responses: number
	releasedWeeks: number
	metricEvents: number
	auditEvents: number
	unsubscribeLinks: number
}

const rows = <T>(r: unknown) => resultRows<T>(r)

export async function purgeExpired(orgId: string, now = new Date()): Promise<PurgeCounts | null> {
	return db().transaction(async (tx) => {
		const [org] = rows<{ answers: string; events: string; audit: string }>(
			await tx.execute(sql`
				select (${now.toISOString()}::timestamptz - make_interval(months => retain_answers_months))::text as answers,
					(${now.toISOString()}::timestamptz - make_interval(months => retain_events_months))::text as events,
					(${now.toISOString()}::timestamptz - make_interval(months => retain_audit_months))::text as audit
				from organizations where id = ${orgId}::uuid`),
		)
		if (!org) return null
		// After any release of this organisation in flight, whose rows the deletions below must see.
		await lockReleases(tx, orgId)
		const expired = sql`select id from waves where org_id = ${orgId}::uuid and opens_at < ${org.answers}::timestamptz`
		const [resp] = rows<{ n: number }>(await tx.execute(sql`select count(*)::int as n from responses where org_id = ${orgId}::uuid and wave_id in (${expired})`))
		// Answers have no key to their responses (docs/decisions/0027): they go first, found by their responses.
		if (Number(resp?.n ?? 0) > 0)
			await tx.execute(sql`
				delete from answers a using responses r
				where a.org_id = ${orgId}::uuid and r.org_id = a.org_id and r.id = a.response_id and r.wave_id in (${expired})`)
		// Responses (with their replies and hidden marks) and answered rows have no key to their
		// waves either (docs/decisions/0038): they go by hand, before the waves.
		if (Number(resp?.n ?? 0) > 0) await tx.execute(sql`delete from responses where org_id = ${orgId}::uuid and wave_id in (${expired})`)
		await tx.execute(sql`delete from answered_invitations where org_id = ${orgId}::uuid and wave_id in (${expired})`)
		const deletedWaves = rows<{ id: string }>(await tx.execute(sql`delete from waves where org_id = ${orgId}::uuid and id in (${expired}) returning id`))
		// Only weeks before the cut-off: a recent week with no wave (if any) is not retention's business.
		const deletedWeeks = rows<{ week: string }>(
			await tx.execute(sql`
				delete from released_weeks r where r.org_id = ${orgId}::uuid and r.week < ${org.answers}::timestamptz::date
					and not exists (select 1 from waves w where w.org_id = r.org_id and w.id::text in (select jsonb_array_elements_text(r.wave_ids)))
				returning week`),
		)
		const events = rows<{ n: number; first: string | null; last: string | null }>(
			await tx.execute(sql`
				with gone as (delete from metric_events where org_id = ${orgId}::uuid and started_at < ${org.events}::timestamptz returning started_at)
				select count(*)::int as n, min(started_at)::text as first, max(started_at)::text as last from gone`),
		)[0]!
		if (Number(events.n) > 0)
			await tx.execute(sql`insert into metric_dirty_ranges (org_id, from_ts, to_ts) values (${orgId}::uuid, ${events.first}::timestamptz, ${events.last}::timestamptz)`)
		const links = rows<{ id: string }>(
			await tx.execute(
				sql`delete from mail_unsubscribe_tokens where org_id = ${orgId}::uuid and created_at < ${unsubscribeLinksMintedBefore(now).toISOString()}::timestamptz returning id`,
			),
		)
		// SET LOCAL, not set_config(): on Citus the command goes on to the workers that hold the
		// shards (citus.propagate_set_commands = 'local', db/citus.ts), where the trigger reads it.
		await tx.execute(sql`set local son.audit_retention = 'on'`)
		const audit = rows<{ id: string }>(await tx.execute(sql`delete from audit_events where org_id = ${orgId}::uuid and at < ${org.audit}::timestamptz returning id`))
		await tx.execute(sql`set local son.audit_retention = 'off'`)
		const counts: PurgeCounts = {
			waves: deletedWaves.length,
			responses: Number(resp?.n ?? 0),
			releasedWeeks: deletedWeeks.length,
			metricEvents: Number(events.n),
			auditEvents: audit.length,
			unsubscribeLinks: links.length,
		}
		if (Object.values(counts).some((v) => v > 0)) await recordAudit(tx, orgId, { actor: SYSTEM_ACTOR, action: 'retention.purged', detail: { ...counts } })
		return counts
	})
}

/** Every organisation, one transaction each (the background job and `npm run retention:run`). */
export async function purgeAllExpired(now = new Date()) {
	const orgs = rows<{ id: string; slug: string }>(await db().execute(sql`select id::text as id, slug from organizations order by slug`))
	const results: { slug: string; counts: PurgeCounts }[] = []
	for (const o of orgs) {
		const counts = await purgeExpired(o.id, now)
		if (counts) results.push({ slug: o.slug, counts })
	}
	return results
}
