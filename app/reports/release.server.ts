/**
 * Releasing a week: the only moment a wave's answers become figures.
 *
 * While a wave is open its answers wait in `held_responses` and no figure of it exists for
 * anyone. Once every wave of a week has stopped taking answers and a settle time has passed,
 * the week is released, once, in one transaction:
 * 1. the distinct people who answered are counted per team and level (from participation,
 *    never from answers), and the whole organisation's team × level cube is decided with the k,
 *    the comment threshold and the team tree in force now: which cells may be shown, and which
 *    teams form comment groups. The decision is stored and never recomputed more leniently;
 * 2. the week's answers move from `held_responses` (and any older rows of its waves in
 *    `responses`) into `responses` with new random ids, in random order, so neither ids, nor
 *    row order, nor transaction ids follow the order in which people answered;
 * 3. its invitations are written again in random order, so they keep whether someone answered,
 *    not when; its rollups are computed.
 * Then the tables are vacuumed, so the old row versions that still carried the link are gone.
 */
import { randomInt } from 'node:crypto'

import { sql } from 'drizzle-orm'

import { db } from '~/utils/db.server'
import { type Database, resultRows } from '~db/client'
import { type ReleasedCube } from '~db/schema'

import { forgetClosedWeeks, lockReleases, settledAt } from './closed-weeks.server'
import { commentGroups, type CubeNode, hiddenCells, type PeopleCounts, ROOT } from './cube'
import { rebuildWaveRollups } from './rollups.server'
import { DEFAULT_WEIGHTS } from './stats'

/**
 * The reporting week of a wave opening at `opensAt`: the Monday of that day in the
 * organisation's time zone, or the first later week not yet released (a wave sent after its
 * week's results were released counts in the next week: a released week never changes).
 */
export async function reportingWeekFor(tx: Database, orgId: string, opensAt: Date): Promise<string> {
	await lockReleases(tx, orgId)
	const [row] = resultRows<{ week: string }>(
		await tx.execute(sql`
			with recursive start as (
				select (date_trunc('week', ${opensAt.toISOString()}::timestamptz at time zone o.time_zone))::date as week from organizations o where o.id = ${orgId}
			), candidate(week) as (
				select week from start
				union all
				select (c.week + 7)::date from candidate c where exists (select 1 from released_weeks r where r.org_id = ${orgId} and r.week = c.week)
			)
			select max(week)::text as week from candidate`),
	)
	return row!.week
}

/** Releases every week whose waves have all settled; returns how many it released. */
export async function releaseDueWeeks(now = new Date()): Promise<number> {
	const due = resultRows<{ org_id: string; week: string }>(
		await db().execute(sql`
			select org_id::text as org_id, week::text as week from waves w
			where not exists (select 1 from released_weeks r where r.org_id = w.org_id and r.week = w.week)
			group by org_id, week having bool_and(${settledAt(now)})
			order by org_id, week`),
	)
	let released = 0
	for (const d of due) if (await releaseWeek(d.org_id, d.week, now)) released++
	if (released) await vacuumAfterRelease()
	return released
}

/** Releases one week of one organisation if all its waves have settled and it is not released yet. */
export async function releaseWeek(orgId: string, week: string, now = new Date()): Promise<boolean> {
	const done = await db().transaction(async (tx) => {
		await lockReleases(tx, orgId)
		// Submissions wait for this transaction (and then see the week released: they store nothing).
		await tx.execute(sql`lock table held_responses in share row exclusive mode`)
		const waves = resultRows<{ id: string; settled: boolean; k: number }>(
			await tx.execute(sql`select id::text as id, ${settledAt(now)} as settled, anonymity_k as k from waves where org_id = ${orgId} and week = ${week}::date order by id`),
		)
		if (!waves.length || waves.some((w) => !w.settled)) return false
		const [already] = resultRows(await tx.execute(sql`select 1 from released_weeks where org_id = ${orgId} and week = ${week}::date`))
		if (already) return false
		const waveIds = waves.map((w) => w.id)
		const ids = sql`${sql.param(waveIds)}::text[]::uuid[]`
		const [settings] = resultRows<{ k: number; comment_k: number | null; weights: Record<string, number> | null }>(
			await tx.execute(sql`select o.anonymity_k as k, s.comment_k, s.weights from organizations o left join report_settings s on s.org_id = o.id where o.id = ${orgId}`),
		)
		// The organisation's k, or a survey's own when it promised its people more.
		const k = Math.max(Number(settings!.k), ...waves.map((w) => Number(w.k)))
		const commentK = Math.max(k, Number(settings!.comment_k ?? 10))
		const weights = { ...DEFAULT_WEIGHTS, ...(settings!.weights ?? {}) }

		const teams = resultRows<{ id: string; parent_id: string | null; path: string }>(
			await tx.execute(sql`select id::text as id, parent_id::text as parent_id, path from teams where org_id = ${orgId} order by id`),
		)
		const known = new Set(teams.map((t) => t.id))
		// With their paths, on which suppression breaks ties: the same organisation is decided the same way whatever its ids.
		const nodes: CubeNode[] = [{ id: ROOT, parentId: null }, ...teams.map((t) => ({ id: t.id, parentId: t.parent_id ?? ROOT, key: t.path }))]
		const people = await distinctPeople(tx, orgId, ids, known, true)
		const invited = await distinctPeople(tx, orgId, ids, known, false)
		const cube: ReleasedCube = { nodes, people, invited, hidden: hiddenCells(nodes, people, k), commentGroups: commentGroups(nodes, people, commentK) }

		await moveAnswers(tx, orgId, ids)
		await rewriteInvitations(tx, orgId, ids)
		await rebuildWaveRollups(tx, orgId, waveIds, weights)
		await tx.execute(sql`
			insert into released_weeks (org_id, week, released_at, k, comment_k, wave_ids, cube)
			values (${orgId}, ${week}::date, ${now.toISOString()}::timestamptz, ${k}, ${commentK}, ${JSON.stringify(waveIds)}::jsonb, ${JSON.stringify(cube)}::jsonb)`)
		return true
	})
	if (done) forgetClosedWeeks()
	return done
}

/**
 * Distinct people per team (directly) and level among the invitations of some waves, all of them
 * or only those who answered. Each person counts once, in one cell (their first invitation by
 * team and level): someone who moved between two waves of the week is counted in one of the
 * cells their answers are in, which only ever under-counts a cell. Teams not in `known` (none
 * any more) count at the root.
 */
export async function distinctPeople(tx: Database, orgId: string, ids: ReturnType<typeof sql>, known: Set<string>, answeredOnly: boolean): Promise<PeopleCounts> {
	const rows = resultRows<{ team_id: string | null; level: string; n: number }>(
		await tx.execute(sql`
			select team_id::text as team_id, level::text as level, count(*)::int as n from (
				select distinct on (user_id) user_id, team_id, level from invitations
				where org_id = ${orgId} and wave_id = any(${ids}) ${answeredOnly ? sql`and answered` : sql``}
				order by user_id, team_id nulls first, level
			) p group by 1, 2`),
	)
	const people: PeopleCounts = {}
	for (const r of rows) {
		const node = r.team_id && known.has(r.team_id) ? r.team_id : ROOT
		const c = (people[node] ??= { all: 0, byLevel: {} })
		c.all += Number(r.n)
		c.byLevel[r.level] = (c.byLevel[r.level] ?? 0) + Number(r.n)
	}
	return people
}

/**
 * The week's answers, held and any already in `responses` (data from before the release model),
 * written once more as new rows with random ids in random order; the old rows are deleted.
 */
async function moveAnswers(tx: Database, orgId: string, ids: ReturnType<typeof sql>) {
	await tx.execute(sql`
		with held as (
			delete from held_responses where org_id = ${orgId} and wave_id = any(${ids})
			returning wave_id, team_id, level, comment, reply_key_hash, answers
		), earlier as (
			select r.wave_id, r.team_id, r.level, r.comment, r.reply_key_hash,
				coalesce(jsonb_agg(jsonb_build_object('position', a.position, 'value', a.value, 'text', a.text)) filter (where a.position is not null), '[]'::jsonb) as answers
			from responses r left join answers a on a.org_id = r.org_id and a.response_id = r.id
			where r.org_id = ${orgId} and r.wave_id = any(${ids})
			group by r.org_id, r.id
		), removed as (
			-- Their answers go with them (on delete cascade).
			delete from responses where org_id = ${orgId} and wave_id = any(${ids}) returning 1
		), shuffled as materialized (
			select gen_random_uuid() as id, random() as place, x.* from (select * from held union all select * from earlier) x
		), moved as (
			-- A comment's reply-key hash moves with it (docs/security.md, "Anonymous replies").
			insert into responses (org_id, id, wave_id, team_id, level, comment, reply_key_hash)
			select ${orgId}, id, wave_id, team_id, level, comment, reply_key_hash from shuffled order by place
			returning 1
		)
		insert into answers (org_id, response_id, wave_id, position, value, text)
		select ${orgId}, s.id, s.wave_id, a.position, a.value, a.text
		from shuffled s, jsonb_to_recordset(s.answers) as a(position int, value float8, text text)
		order by s.place, a.position`)
}

/**
 * The week's invitations written again in random order with one transaction id, so neither their
 * row order nor their xmin says who answered when. Their link tokens are kept (a link then
 * opens "this pulse has closed"), written again too.
 */
async function rewriteInvitations(tx: Database, orgId: string, ids: ReturnType<typeof sql>) {
	const tokens = resultRows<{ id: string; invitation_id: string; secret_hash: string; created_at: string }>(
		await tx.execute(sql`
			delete from invitation_tokens t using invitations i
			where t.org_id = ${orgId} and i.org_id = t.org_id and i.id = t.invitation_id and i.wave_id = any(${ids})
			returning t.id, t.invitation_id::text as invitation_id, t.secret_hash, t.created_at::text as created_at`),
	)
	const invitations = resultRows<{ id: string; wave_id: string; user_id: string; team_id: string | null; level: string; answered: boolean; created_at: string }>(
		await tx.execute(sql`
			delete from invitations where org_id = ${orgId} and wave_id = any(${ids})
			returning id::text as id, wave_id::text as wave_id, user_id::text as user_id, team_id::text as team_id, level::text as level, answered, created_at::text as created_at`),
	)
	for (const part of chunks(shuffle(invitations), 2000)) {
		await tx.execute(sql`
			insert into invitations (org_id, id, wave_id, user_id, team_id, level, answered, created_at)
			select ${orgId}, x.id, x.wave_id, x.user_id, x.team_id, x.level, x.answered, x.created_at
			from unnest(${sql.param(part.map((i) => i.id))}::text[]::uuid[], ${sql.param(part.map((i) => i.wave_id))}::text[]::uuid[],
				${sql.param(part.map((i) => i.user_id))}::text[]::uuid[], ${sql.param(part.map((i) => i.team_id))}::text[]::uuid[],
				${sql.param(part.map((i) => i.level))}::text[]::level[], ${sql.param(part.map((i) => (i.answered ? 'true' : 'false')))}::text[]::boolean[],
				${sql.param(part.map((i) => i.created_at))}::text[]::timestamptz[]) with ordinality as x(id, wave_id, user_id, team_id, level, answered, created_at, place)
			order by x.place`)
	}
	for (const part of chunks(shuffle(tokens), 2000)) {
		await tx.execute(sql`
			insert into invitation_tokens (org_id, id, invitation_id, secret_hash, created_at)
			select ${orgId}, x.id, x.invitation_id, x.secret_hash, x.created_at
			from unnest(${sql.param(part.map((t) => t.id))}::text[], ${sql.param(part.map((t) => t.invitation_id))}::text[]::uuid[],
				${sql.param(part.map((t) => t.secret_hash))}::text[], ${sql.param(part.map((t) => t.created_at))}::text[]::timestamptz[]) with ordinality as x(id, invitation_id, secret_hash, created_at, place)
			order by x.place`)
	}
}

/** Old row versions (which still carried the order of answering) are removed from the tables, not only hidden. */
async function vacuumAfterRelease() {
	await db().execute(sql`vacuum held_responses, responses, answers, invitations, invitation_tokens, participation_rollups`)
}

function shuffle<T>(list: T[]): T[] {
	const out = [...list]
	for (let i = out.length - 1; i > 0; i--) {
		const j = randomInt(i + 1)
		;[out[i], out[j]] = [out[j]!, out[i]!]
	}
	return out
}

function chunks<T>(list: T[], size: number): T[][] {
	const out: T[][] = []
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
	return out
}
