/**
 * Releasing a week: the only moment a wave's answers become figures.
 *
 * While a wave is open its answers wait in `held_responses` and no figure of it exists for
 * anyone. Once every wave of a week has stopped taking answers and a settle time has passed,
 * the week is released, once, in one transaction of that organisation alone (no table lock: other
 * organisations' submissions, and this one's to other weeks, never wait for it):
 * 0. the week's waves are marked closed for good (`closed_at`). A submission holds its wave's row
 *    (FOR SHARE) until it commits, so this waits for the stragglers in flight, and one that comes
 *    later waits for the release and then, reading the row again, finds the wave closed;
 * 1. the distinct people who answered are counted per team and level (from participation,
 *    never from answers), and the whole organisation's team × level cube is decided with the k,
 *    the comment threshold and the team tree in force now: which cells may be shown, and which
 *    teams form comment groups. The decision is stored and never recomputed more leniently;
 * 2. the week's answers move from `held_responses` (and any older rows of its waves in
 *    `responses`) into `responses` with new random ids, in random order, so neither ids, nor
 *    row order, nor transaction ids follow the order in which people answered;
 * 3. its rows of `answered_invitations` (a submission's claim; the invitations themselves are
 *    never written by a submission) are written again in wave and invitation order, so they keep
 *    whether someone answered, not when; its rollups are computed.
 * Then the tables whose old row versions could still carry the order of answering are vacuumed
 * (the holding table, participation and the answered rows; responses and answers only when
 * older rows of them were replaced), so those versions are gone.
 */
import { type SQL, sql } from 'drizzle-orm'

import { db, resultRows, type Tx } from '~/utils/db.server'
import { lockReleases } from '~/utils/release-lock.server'
import { type ReleasedCube } from '~db/schema'

import { forgetClosedWeeks, settledAt } from './closed-weeks.server'
import { commentGroups, type CubeNode, hiddenCells, type PeopleCounts, ROOT } from './cube'
import { heldAnswers, rebuildWaveRollups } from './rollups.server'
import { DEFAULT_WEIGHTS } from './stats'
import { decidedWaves, participationRows } from './wave-decisions.server'

/**
 * The reporting week of a wave opening at `opensAt`: the Monday of that day in the
 * organisation's time zone, or the first later week not yet released (a wave sent after its
 * week's results were released counts in the next week: a released week never changes).
 */
export async function reportingWeekFor(tx: Tx, orgId: string, opensAt: Date): Promise<string> {
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
	return (await releaseDueWeeksOf(now)).released
}

/** Releases every week whose waves have all settled; returns how many it released, and for which organisations. */
export async function releaseDueWeeksOf(now = new Date()): Promise<{ released: number; orgIds: string[] }> {
	const due = resultRows<{ org_id: string; week: string }>(
		await db().execute(sql`
			select org_id::text as org_id, week::text as week from waves w
			where not exists (select 1 from released_weeks r where r.org_id = w.org_id and r.week = w.week)
			group by org_id, week having bool_and(${settledAt(now)})
			order by org_id, week`),
	)
	let released = 0
	let replaced = false
	const releasedOrgs = new Set<string>()
	for (const d of due) {
		const r = await releaseWeekDetailed(d.org_id, d.week, now)
		if (r.released) released++
		if (r.released) releasedOrgs.add(d.org_id)
		replaced ||= r.replacedResponses
	}
	if (released) await vacuumAfterRelease(replaced)
	return { released, orgIds: [...releasedOrgs] }
}

/**
 * Releases one week of one organisation if all its waves have settled and it is not released yet.
 * `phases`, when given, receives the milliseconds each step took (bench:release reports them).
 */
export async function releaseWeek(orgId: string, week: string, now = new Date(), phases?: Record<string, number>): Promise<boolean> {
	return (await releaseWeekDetailed(orgId, week, now, phases)).released
}

async function releaseWeekDetailed(orgId: string, week: string, now: Date, phases?: Record<string, number>): Promise<{ released: boolean; replacedResponses: boolean }> {
	let replacedResponses = false
	const done = await db().transaction(async (tx) => {
		// A few seconds of set-based statements: compiling them (JIT) cost more than it saved.
		await tx.execute(sql`set local jit = off`)
		// Its sorts (answers in random order, grouped per response for the rollups) in memory, not on disk.
		await tx.execute(sql`set local work_mem = '64MB'`)
		await lockReleases(tx, orgId)
		const waves = resultRows<{ id: string; settled: boolean; k: number }>(
			await tx.execute(sql`select id::text as id, ${settledAt(now)} as settled, anonymity_k as k from waves where org_id = ${orgId} and week = ${week}::date order by id`),
		)
		if (!waves.length || waves.some((w) => !w.settled)) return false
		const [already] = resultRows(await tx.execute(sql`select 1 from released_weeks where org_id = ${orgId} and week = ${week}::date`))
		if (already) return false
		const waveIds = waves.map((w) => w.id)
		const ids = sql`${sql.param(waveIds)}::text[]::uuid[]`
		let lapStart = performance.now()
		const lap = (step: string) => {
			if (phases) phases[step] = Math.round(performance.now() - lapStart)
			lapStart = performance.now()
		}
		const decided = await decideWeek(tx, orgId, waves)
		lap('decision')
		replacedResponses = await holdEarlierResponses(tx, orgId, ids)
		lap('earlier responses')
		// The rollups from the held answers, before they move: nothing written below is read back.
		await rebuildWaveRollups(tx, orgId, waveIds, decided.weights, heldAnswers(orgId, waveIds))
		lap('rollups')
		// Each wave's participation decision, from the rollups just built, stored with the week.
		decided.cube.waves = decidedWaves(await participationRows(tx, orgId, ids), decided.cube.nodes, decided.known, decided.k)
		lap('participation decisions')
		await moveAnswers(tx, orgId, week, ids, decided.k)
		lap('answers moved')
		await rewriteAnswered(tx, orgId, ids)
		lap('answered rows rewritten')
		await recordReleasedWeek(tx, orgId, week, now, waveIds, decided)
		lap('week recorded')
		return true
	})
	if (done) forgetClosedWeeks(orgId)
	return { released: done, replacedResponses }
}

/**
 * Step 0 and 1 of a release: the week's waves marked closed for good, and the decision — the k
 * in force (the organisation's, or a survey's own when it promised its people more), the comment
 * threshold, the weights and the team × level cube of distinct people.
 */
async function decideWeek(tx: Tx, orgId: string, waves: { id: string; k: number }[]) {
	const ids = sql`${sql.param(waves.map((w) => w.id))}::text[]::uuid[]`
	// The only rows this release waits on, or makes anyone wait on: the week's own waves (see step 0).
	await tx.execute(sql`update waves set closed_at = coalesce(closed_at, closes_at) where org_id = ${orgId} and id = any(${ids})`)
	const [settings] = resultRows<{ k: number; comment_k: number | null; weights: Record<string, number> | null }>(
		await tx.execute(
			sql`select o.anonymity_k as k, s.comment_k, s.weights from organizations o left join report_settings s on s.org_id = o.id and s.org_id = ${orgId} where o.id = ${orgId}`,
		),
	)
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
	return { k, commentK, weights, cube, known }
}

async function recordReleasedWeek(tx: Tx, orgId: string, week: string, now: Date, waveIds: string[], d: Awaited<ReturnType<typeof decideWeek>>) {
	await tx.execute(sql`
		insert into released_weeks (org_id, week, released_at, k, comment_k, wave_ids, cube)
		values (${orgId}, ${week}::date, ${now.toISOString()}::timestamptz, ${d.k}, ${d.commentK}, ${JSON.stringify(waveIds)}::jsonb, ${JSON.stringify(d.cube)}::jsonb)`)
}

/**
 * For a bulk load whose answers were written straight into `responses` and `answers` in the
 * release's shape (scripts/bench/large-org.ts): records every settled, unreleased week of the
 * organisation before `beforeWeek` as released, decided exactly as a release decides it. The
 * caller computes the rollups (rebuildRollups). Returns how many weeks it recorded.
 */
export async function recordLoadedWeeks(tx: Tx, orgId: string, beforeWeek: string, now = new Date()): Promise<number> {
	await lockReleases(tx, orgId)
	const waves = resultRows<{ id: string; week: string; k: number }>(
		await tx.execute(sql`
			select id::text as id, week::text as week, anonymity_k as k from waves w
			where org_id = ${orgId} and week < ${beforeWeek}::date and ${settledAt(now)} and not exists (select 1 from released_weeks r where r.org_id = w.org_id and r.week = w.week)
			order by week, id`),
	)
	const weeks = [...new Set(waves.map((w) => w.week))]
	for (const week of weeks) {
		const of = waves.filter((w) => w.week === week)
		await recordReleasedWeek(
			tx,
			orgId,
			week,
			now,
			of.map((w) => w.id),
			await decideWeek(tx, orgId, of),
		)
	}
	return weeks.length
}

/**
 * Distinct people per team (directly) and level among the invitations of some waves, all of them
 * or only those who answered. Each person counts once, in one cell (their first invitation by
 * team and level): someone who moved between two waves of the week is counted in one of the
 * cells their answers are in, which only ever under-counts a cell. Teams not in `known` (none
 * any more) count at the root. The answered rows are filtered by wave too: the planner does not
 * carry `= any(…)` across the join, and read every week's answered rows of the organisation.
 */
export async function distinctPeople(tx: Tx, orgId: string, ids: ReturnType<typeof sql>, known: Set<string>, answeredOnly: boolean): Promise<PeopleCounts> {
	const rows = resultRows<{ team_id: string | null; level: string; n: number }>(
		await tx.execute(sql`
			select team_id::text as team_id, level::text as level, count(*)::int as n from (
				select distinct on (i.user_id) i.user_id, i.team_id, i.level from invitations i
				${answeredOnly ? sql`join answered_invitations a on a.org_id = ${orgId} and a.org_id = i.org_id and a.wave_id = any(${ids}) and a.wave_id = i.wave_id and a.invitation_id = i.id` : sql``}
				where i.org_id = ${orgId} and i.wave_id = any(${ids})
				order by i.user_id, i.team_id nulls first, i.level
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
 * Answers already in `responses` (from before the release model) join the held ones, in
 * statements of their own: Citus runs the parts of one statement one after the other, so a CTE
 * reading responses beside one deleting them read nothing there (answers were lost). Returns
 * whether there were any.
 */
async function holdEarlierResponses(tx: Tx, orgId: string, ids: ReturnType<typeof sql>): Promise<boolean> {
	const [earlier] = resultRows<{ n: number }>(await tx.execute(sql`select count(*)::int as n from responses where org_id = ${orgId} and wave_id = any(${ids})`))
	if (!earlier || Number(earlier.n) === 0) return false
	await tx.execute(sql`
		insert into held_responses (org_id, wave_id, team_id, level, comment, comment_locale, reply_key_hash, answers)
		select r.org_id, r.wave_id, r.team_id, r.level, r.comment, r.comment_locale, r.reply_key_hash,
			coalesce(jsonb_agg(jsonb_build_object('position', a.position, 'value', a.value, 'text', a.text)) filter (where a.position is not null), '[]'::jsonb)
		from responses r left join answers a on a.org_id = r.org_id and a.response_id = r.id
		where r.org_id = ${orgId} and r.wave_id = any(${ids})
		group by r.org_id, r.id`)
	// Answers have no key to their response (it cost a check per answer in every release): they go first, by wave.
	await tx.execute(sql`delete from answers a using responses r where a.org_id = ${orgId} and r.org_id = a.org_id and r.id = a.response_id and r.wave_id = any(${ids})`)
	await tx.execute(sql`delete from responses where org_id = ${orgId} and wave_id = any(${ids})`)
	return true
}

/**
 * The week's held answers (with any gathered by holdEarlierResponses) written once more into
 * `responses` and `answers` as new rows with random ids, in the order of those ids (so in random
 * order; see `responseId`); the held rows are deleted.
 * A comment keeps the language it was written in only where at least k comments of its wave and
 * team share that language (k the larger of the organisation's and the wave's): a language only
 * one person of a team uses would otherwise name them (docs/decisions/0023-languages.md).
 */
async function moveAnswers(tx: Tx, orgId: string, week: string, ids: ReturnType<typeof sql>, k: number) {
	await tx.execute(sql`
		with held as (
			delete from held_responses where org_id = ${orgId} and wave_id = any(${ids})
			returning wave_id, team_id, level, comment, comment_locale, reply_key_hash, answers
		), shuffled as materialized (
			select ${responseId(sql`${week}::date`)} as id, x.*,
				count(*) filter (where x.comment is not null and x.comment_locale is not null) over (partition by x.wave_id, x.team_id, x.comment_locale) as same_language
			from held x
		), moved as (
			-- A comment's reply-key hash moves with it (docs/security.md, "Anonymous replies").
			insert into responses (org_id, id, wave_id, team_id, level, comment, comment_locale, reply_key_hash)
			select ${orgId}, s.id, s.wave_id, s.team_id, s.level, s.comment,
				case when s.comment is not null and s.same_language >= greatest(${k}::int, w.anonymity_k) then s.comment_locale end,
				s.reply_key_hash
			from shuffled s join waves w on w.org_id = ${orgId} and w.id = s.wave_id order by s.id
			returning 1
		)
		insert into answers (org_id, response_id, wave_id, position, value, text)
		select ${orgId}, s.id, s.wave_id, a.position, a.value, a.text
		from shuffled s, jsonb_to_recordset(s.answers) as a(position int, value float8, text text)
		order by s.id, a.position`)
}

/**
 * A new response's id: a UUIDv7 whose time is the week's Monday (not any moment of answering),
 * the rest random. Every response of the week shares the prefix, so they are written in the
 * order of their ids — a random order, unrelated to the order of answering — and each index on
 * the id grows at one place instead of at random places all over the organisation's responses
 * (and answers), which at 100,000 people was most of a release's time.
 */
export function responseId(week: SQL) {
	return sql`(lpad(to_hex((extract(epoch from ${week}) * 1000)::bigint), 12, '0') || '7' || substr(replace(gen_random_uuid()::text, '-', ''), 14))::uuid`
}

/**
 * The week's answered rows written again with one transaction id, in the order of their wave and
 * invitation (invitation ids are random and were fixed before anyone answered), so neither their
 * row order nor their xmin says who answered when. The invitations themselves are not touched:
 * a submission never writes them (docs/decisions/0032-answered-in-its-own-rows.md). Set aside in
 * a temporary table first, then deleted and written back, each in a statement of its own (Citus
 * runs a statement's parts one after another, so a delete-and-reinsert in one statement is not
 * safe there).
 */
async function rewriteAnswered(tx: Tx, orgId: string, ids: ReturnType<typeof sql>) {
	await tx.execute(sql`
		create temporary table week_answered on commit drop as
		select wave_id, invitation_id from answered_invitations where org_id = ${orgId} and wave_id = any(${ids})`)
	await tx.execute(sql`delete from answered_invitations where org_id = ${orgId} and wave_id = any(${ids})`)
	await tx.execute(sql`
		insert into answered_invitations (org_id, wave_id, invitation_id)
		select ${orgId}, wave_id, invitation_id from week_answered order by wave_id, invitation_id`)
}

/** Old row versions (which still carried the order of answering) are removed from the tables, not only hidden. */
async function vacuumAfterRelease(replacedResponses: boolean) {
	// Responses and answers are only ever inserted by a release: they have old versions only when
	// rows from before the release model were replaced (vacuuming them otherwise scanned their
	// whole indexes for nothing: 40 s after 26 weeks of a large organisation).
	const tables = ['held_responses', 'participation_rollups', 'answered_invitations', ...(replacedResponses ? ['responses', 'answers'] : [])]
	await db().execute(sql.raw(`vacuum ${tables.join(', ')}`))
}
