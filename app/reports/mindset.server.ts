/**
 * The mindset report: everything the executive and manager dashboards show, computed from the
 * rollups (never raw answers), with every figure passed through the anonymity rules first.
 * Suppression is decided once for the whole organisation and period, the same for every
 * viewer and every team selected, so no two views can be subtracted from each other.
 */
import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { resultRows } from '~db/client'
import { type Level, NO_TEAM } from '~db/schema'
import { teamLabel } from '~/org/team-path'
import { db } from '~/utils/db.server'
import { CULTURE_DIMENSIONS, REPORT_LABELS } from './dimensions'
import { scopeMedians, teamWeekMedians } from './response-times.server'
import { getReportSettings } from './settings.server'
import {
	cohensD,
	diffInterval,
	enps,
	findings,
	laggedSpearman,
	meanOf,
	operationalScore,
	percentFavourable,
	quartileContrast,
	rtmi,
	rtmiShare,
	shareOfWay,
} from './stats'
import { add, cellId, empty, type Metric, ROOT, sums, suppressWeek, weekData, type WeekFigures } from './week-figures.server'

export interface MindsetQuery {
	from: string
	to: string
	teamId: string | null
	/** Only people of this level (as they were when invited); null for everyone. */
	level: Level | null
}

function mondayOf(date: string, zone: string) {
	return DateTime.fromISO(date, { zone }).startOf('week').toISODate()!
}

// Rank correlations over thousands of team-weeks cost tens of milliseconds, and a period of
// closed weeks gives the same team-weeks view after view: remembered by their exact input.
const correlationMemo = new Map<string, ReturnType<typeof computeCorrelations>>()

type TeamWeek = { team: string; week: string; scores: Record<string, number | null>; y: number | null }

function computeCorrelations(teamWeeks: TeamWeek[]) {
	return CULTURE_DIMENSIONS.map((d) => {
		const rows = teamWeeks.map((tw) => ({ team: tw.team, week: tw.week, x: tw.scores[d] ?? null, y: tw.y }))
		const pairs = rows.filter((r) => r.x !== null && r.y !== null).map((r) => ({ x: r.x!, y: r.y! }))
		return { dimension: d, label: REPORT_LABELS[d], lags: laggedSpearman(rows), contrast: quartileContrast(pairs) }
	})
}

function correlationsOf(teamWeeks: TeamWeek[]) {
	const key = createHash('sha1').update(JSON.stringify(teamWeeks)).digest('base64')
	const hit = correlationMemo.get(key)
	if (hit) return hit
	const result = computeCorrelations(teamWeeks)
	if (correlationMemo.size >= 100) correlationMemo.delete(correlationMemo.keys().next().value!)
	correlationMemo.set(key, result)
	return result
}

export async function mindsetReport(orgId: string, query: MindsetQuery, scopeTeamId: string | null) {
	const settings = await getReportSettings(orgId)
	const [org] = resultRows<{ time_zone: string }>(await db().execute(sql`select time_zone from organizations where id = ${orgId}::uuid`))
	const tz = org!.time_zone
	const teamRows = resultRows<{ id: string; parent_id: string | null; path: string }>(
		await db().execute(sql`select id::text as id, parent_id::text as parent_id, path from teams where org_id = ${orgId}::uuid order by path`),
	)
	const byId = new Map(teamRows.map((t) => [t.id, t]))
	const inScope = (id: string) => {
		if (!scopeTeamId) return true
		const scope = byId.get(scopeTeamId)
		const t = byId.get(id)
		return Boolean(scope && t && (t.path === scope.path || t.path.startsWith(`${scope.path}/`)))
	}
	const selected = query.teamId ?? scopeTeamId ?? ROOT
	if (selected !== ROOT && (!byId.has(selected) || !inScope(selected))) return null
	const level = query.level

	// Whole weeks only: a window is never narrower than a wave.
	const firstWeek = mondayOf(query.from, tz)
	const lastWeek = mondayOf(query.to, tz)
	const weeks: string[] = []
	for (let w = firstWeek; w <= lastWeek; w = DateTime.fromISO(w).plus({ weeks: 1 }).toISODate()!) weeks.push(w)
	if (weeks.length === 0) return null
	const baseline = settings.baselineFrom && settings.baselineTo
		? weeks.filter((w) => w >= mondayOf(settings.baselineFrom!, tz) && w <= mondayOf(settings.baselineTo!, tz))
		: weeks.slice(0, Math.min(4, Math.ceil(weeks.length / 2)))
	const latest = weeks.slice(-Math.min(4, Math.max(1, weeks.length - baseline.length)))

	// Direct figures per team and level (the org root holds people without a team); subtree
	// figures are summed from them once per cell and week, on first use.
	const nodeIds = [ROOT, ...teamRows.map((t) => t.id)]
	const parentOf = (id: string) => (id === ROOT ? null : (byId.get(id)!.parent_id ?? ROOT))
	const children = new Map<string, string[]>(nodeIds.map((id) => [id, [] as string[]]))
	for (const id of nodeIds) { const p = parentOf(id); if (p) children.get(p)!.push(id) }
	const byWeek = await weekData(orgId, tz, weeks, teamRows, settings.version)
	const answeredMetrics = new Set([...byWeek.values()].flatMap((d) => [...d.metrics]))
	// Subtree sums for all levels are kept with the week; those of one level are this request's.
	const levelMemo = new Map<string, Map<string, WeekFigures>>()
	/** A team with its sub-teams, at the selected level, in one week. */
	const figures = (node: string, week: string): WeekFigures => {
		const data = byWeek.get(week)!
		let memo = level === null ? data.allLevels : levelMemo.get(week)
		if (!memo) levelMemo.set(week, (memo = new Map()))
		const hit = memo.get(node)
		if (hit) return hit
		const out: WeekFigures = { metrics: new Map(), invited: 0, answered: 0 }
		const parts = [data.direct.get(cellId(node, level)), ...children.get(node)!.map((c) => figures(c, week))]
		for (const part of parts) {
			if (!part) continue
			out.invited += part.invited
			out.answered += part.answered
			for (const [metric, agg] of part.metrics) {
				const a = out.metrics.get(metric) ?? empty()
				add(a, agg)
				out.metrics.set(metric, a)
			}
		}
		memo.set(node, out)
		return out
	}
	const aggregate = (node: string, ws: string[], metric: Metric) => {
		const a = empty()
		for (const w of ws) { const x = figures(node, w).metrics.get(metric); if (x) add(a, x) }
		return a
	}
	const respondents = (node: string, ws: string[]) => ws.reduce((n, w) => n + figures(node, w).answered, 0)
	const invitedOf = (node: string, ws: string[]) => ws.reduce((n, w) => n + figures(node, w).invited, 0)

	// Anonymity. The cell is a team (with its sub-teams), at all levels or one level, in one
	// week; n = its responses — one per person per wave, so a week's n counts people.
	// Suppression (groups under k, and the cells that would let one be worked out from the
	// others) is decided per week over the whole organisation's team × level cube: the same for
	// every viewer, team and level selected. A longer window adds up only the weeks in which that
	// cell is shown: summed responses are not people (one person in 26 weeks is 26 responses),
	// so a window may never reach back into a week where the cell was hidden.
	const hidden = new Set<string>()
	const nodes = nodeIds.map((id) => ({ id, parentId: parentOf(id) }))
	for (const w of weeks) for (const id of suppressWeek(orgId, nodes, byWeek.get(w)!.counts, settings.k)) hidden.add(`${id}@${w}`)
	const isHidden = (node: string, w: string) => hidden.has(`${cellId(node, level)}@${w}`)
	const visible = (node: string, ws: string[]) => ws.filter((w) => figures(node, w).answered > 0 && !isHidden(node, w))
	/** Why a group with answers is not shown: too few itself, or hidden to protect a smaller group. */
	const hiddenBecause = (node: string, ws: string[]): 'few' | 'protects-others' | null => {
		const hiddenWeeks = ws.filter((w) => figures(node, w).answered > 0 && isHidden(node, w))
		if (!hiddenWeeks.length) return null
		return hiddenWeeks.every((w) => figures(node, w).answered < settings.k) ? 'few' : 'protects-others'
	}
	const windowOf = (pid: string) => (pid === 'range' ? weeks : pid === 'baseline' ? baseline : pid === 'latest' ? latest : [pid])
	const shown = (node: string, pid: string) => visible(node, windowOf(pid)).length > 0
	const windowAgg = (node: string, ws: string[], metric: Metric) => aggregate(node, visible(node, ws), metric)

	const weightOf = settings.weights
	/** Scores over the weeks of `ws` in which the team is shown. */
	const dimensionScores = (node: string, ws: string[]) =>
		Object.fromEntries(CULTURE_DIMENSIONS.map((d) => [d, meanOf(sums(windowAgg(node, ws, d)))])) as Record<string, number | null>
	const subtree = (node: string): string[] => [node, ...children.get(node)!.flatMap(subtree)]
	const scopeTeams = selected === ROOT ? null : subtree(selected)
	const scopeOps = await scopeMedians(orgId, tz, selected === ROOT ? NO_TEAM : selected, scopeTeams, firstWeek, lastWeek)
	const [ops, opsBase] = await Promise.all([scopeOps.overWeeks(latest), scopeOps.overWeeks(baseline)])
	const weeklyOps = scopeOps.weekly
	const opScores = (o: typeof ops) => ({
		firstResponse: operationalScore(o.firstResponseMinutes, settings.targets.firstResponseMinutes),
		approvalCycle: operationalScore(o.approvalCycleHours, settings.targets.approvalCycleHours),
	})
	const components = (scores: Record<string, number | null>, op: ReturnType<typeof opScores>) => [
		...CULTURE_DIMENSIONS.map((d) => ({ key: d, score: scores[d] ?? null, weight: weightOf[d] ?? 0 })),
		{ key: 'firstResponse', score: op.firstResponse, weight: weightOf.firstResponse ?? 0 },
		{ key: 'approvalCycle', score: op.approvalCycle, weight: weightOf.approvalCycle ?? 0 },
	]

	const headline = (() => {
		if (!shown(selected, 'latest') || !shown(selected, 'baseline')) {
			const why = [hiddenBecause(selected, baseline), hiddenBecause(selected, latest)]
			const because = why.includes('protects-others') ? ('protects-others' as const) : why.includes('few') ? ('few' as const) : ('no-answers' as const)
			return { suppressed: true as const, hiddenBecause: because }
		}
		const latestComps = components(dimensionScores(selected, latest), opScores(ops))
		const baseComps = components(dimensionScores(selected, baseline), opScores(opsBase))
		const now = rtmi(latestComps)
		const then = rtmi(baseComps)
		const share = rtmiShare(latestComps, CULTURE_DIMENSIONS) ?? 1
		const ci = diffInterval(sums(windowAgg(selected, baseline, 'culture')), sums(windowAgg(selected, latest, 'culture')), share)
		return {
			suppressed: false as const,
			rtmi: now,
			baseline: then,
			delta: now !== null && then !== null ? now - then : null,
			ci: ci ? { low: ci.low, high: ci.high, half: (ci.high - ci.low) / 2 } : null,
			effectSize: cohensD(sums(windowAgg(selected, baseline, 'culture')), sums(windowAgg(selected, latest, 'culture'))),
			target: settings.targets.rtmi,
			shareOfWay: now !== null && then !== null ? shareOfWay(then, now, settings.targets.rtmi) : null,
			operational: { latest: ops, baseline: opsBase, targets: settings.targets },
			n: { baseline: respondents(selected, visible(selected, baseline)), latest: respondents(selected, visible(selected, latest)) },
		}
	})()

	const trend = weeks.map((w, i) => {
		const ok = shown(selected, w)
		const scores = ok ? dimensionScores(selected, [w]) : {}
		const culture = ok ? meanOf(sums(aggregate(selected, [w], 'culture'))) : null
		const operational = weeklyOps.get(w) ?? { firstResponseMinutes: null, approvalCycleHours: null }
		const enpsAgg = ok ? aggregate(selected, [w], 'enps') : null
		return {
			week: w,
			suppressed: !ok && respondents(selected, [w]) > 0,
			hiddenBecause: ok ? null : hiddenBecause(selected, [w]),
			culture,
			rtmi: ok ? rtmi(components(scores, opScores(operational))) : null,
			dimensions: scores,
			favourable: ok ? Object.fromEntries(CULTURE_DIMENSIONS.map((d) => { const a = aggregate(selected, [w], d); return [d, percentFavourable(a.favourable, a.answers)] })) : {},
			respondentsByDimension: ok ? Object.fromEntries(CULTURE_DIMENSIONS.map((d) => [d, aggregate(selected, [w], d).n])) : {},
			enps: enpsAgg && enpsAgg.n > 0 ? enps({ promoters: enpsAgg.favourable, detractors: enpsAgg.detractors, passives: enpsAgg.n - enpsAgg.favourable - enpsAgg.detractors }) : null,
			invited: invitedOf(selected, [w]),
			answered: ok ? respondents(selected, [w]) : null,
			operational,
		}
	})

	const rowsFor = selected === ROOT ? teamRows.filter((t) => !t.parent_id).map((t) => t.id) : teamRows.filter((t) => t.parent_id === selected).map((t) => t.id)
	const heatmap = [selected, ...rowsFor].filter((id) => id === ROOT || inScope(id)).map((id) => {
		const ok = shown(id, 'range')
		const n = respondents(id, weeks)
		const vis = visible(id, weeks)
		return {
			teamId: id,
			label: id === ROOT ? 'Whole organisation' : teamLabel(byId.get(id)!.path),
			suppressed: !ok && n > 0,
			hiddenBecause: ok ? null : hiddenBecause(id, weeks),
			/** Weeks with answers in which this group is hidden, though it is shown over the period. */
			weeksHidden: ok ? weeks.filter((w) => figures(id, w).answered > 0).length - vis.length : 0,
			empty: n === 0,
			scores: ok ? dimensionScores(id, weeks) : null,
			favourable: ok ? Object.fromEntries(CULTURE_DIMENSIONS.map((d) => { const a = aggregate(id, vis, d); return [d, percentFavourable(a.favourable, a.answers)] })) : null,
		}
	})

	const enpsAgg = windowAgg(selected, latest, 'enps')
	const enpsView = shown(selected, 'latest') && enpsAgg.n > 0
		? { value: enps({ promoters: enpsAgg.favourable, detractors: enpsAgg.detractors, passives: enpsAgg.n - enpsAgg.favourable - enpsAgg.detractors }), n: enpsAgg.n, promoters: enpsAgg.favourable, detractors: enpsAgg.detractors }
		: null

	// Culture ↔ speed over team-weeks of teams without sub-teams (their events are their own),
	// using only team-weeks whose figures may be shown.
	const leaves = teamRows.filter((t) => children.get(t.id)!.length === 0 && inScope(t.id)).map((t) => t.id)
	const medians = await teamWeekMedians(orgId, firstWeek, lastWeek)
	const firstReply = new Map(medians.filter((m) => m.type === 'customer_response' && m.median_seconds !== null).map((m) => [`${m.team_id} ${m.week}`, Number(m.median_seconds) / 60]))
	// One week of one team: shown or not, and its scores straight from that week's figures.
	const teamWeeks = leaves.flatMap((t) =>
		weeks.flatMap((w) => {
			const f = figures(t, w)
			if (f.answered === 0 || isHidden(t, w)) return []
			const scores = Object.fromEntries(CULTURE_DIMENSIONS.map((d) => { const a = f.metrics.get(d); return [d, a ? meanOf(sums(a)) : null] })) as Record<string, number | null>
			return [{ team: t, week: w, scores, y: firstReply.get(`${t} ${w}`) ?? null }]
		}),
	)
	const correlations = correlationsOf(teamWeeks)
	const progress = (d: (typeof CULTURE_DIMENSIONS)[number]) => {
		if (!shown(selected, 'latest') || !shown(selected, 'baseline')) return null
		const b = sums(windowAgg(selected, baseline, d))
		const l = sums(windowAgg(selected, latest, d))
		const ci = diffInterval(b, l)
		return ci ? { delta: ci.delta, low: ci.low, high: ci.high, d: cohensD(b, l) } : null
	}
	// Dimensions nobody answered in the period (not in any pulse) are left out everywhere, at every level.
	const asked = CULTURE_DIMENSIONS.filter((d) => answeredMetrics.has(d))
	const findingTexts = findings({
		metric: { label: 'first response time', unit: 'min', action: 'answered customers' },
		dimensions: correlations.filter((c) => asked.includes(c.dimension)).map((c) => ({ key: c.dimension, label: c.label, lags: c.lags, contrast: c.contrast, progress: progress(c.dimension) })),
	})

	// Comments are sets of texts, and one set minus another is the comments of the people in
	// between (a team minus its front line: its managers). So which cells may show comments is
	// decided like figures, per week over the whole cube, with the comment threshold as k; a
	// group's comments come only from weeks in which it passes both. Shown without team, date or
	// wave, in an order fixed by the text itself (a hash): neither says who wrote what or when.
	const commentHidden = new Set<string>()
	for (const w of weeks) for (const id of suppressWeek(orgId, nodes, byWeek.get(w)!.counts, settings.commentK)) commentHidden.add(`${id}@${w}`)
	const commentWeeks = visible(selected, weeks).filter((w) => figures(selected, w).answered >= settings.commentK && !commentHidden.has(`${cellId(selected, level)}@${w}`))
	const commentN = respondents(selected, commentWeeks)
	const commentsAllowed = commentWeeks.length > 0
	const comments = commentsAllowed
		? resultRows<{ comment: string }>(
				await db().execute(sql`
					select r.comment from responses r
					where r.org_id = ${orgId}::uuid and r.comment is not null
						${scopeTeams ? sql`and r.team_id = any(${sql.param(scopeTeams)}::text[]::uuid[])` : sql``}
						${level ? sql`and r.level = ${level}::level` : sql``}
						and r.wave_id = any(${sql.param(commentWeeks.flatMap((w) => byWeek.get(w)!.waveIds))}::text[]::uuid[])
					order by md5(r.comment) limit 60`),
			).map((c) => c.comment)
		: null

	return {
		timeZone: tz,
		/** New weights are still being applied to the culture index (large organisations, in the background). */
		recomputing: settings.recomputing,
		comments: { allowed: commentsAllowed, threshold: settings.commentK, respondents: commentN, items: comments },
		k: settings.k,
		dimensions: asked.map((d) => ({ key: d, label: REPORT_LABELS[d] })),
		from: firstWeek,
		to: DateTime.fromISO(lastWeek).plus({ days: 6 }).toISODate()!,
		baseline: { from: baseline[0]!, to: DateTime.fromISO(baseline.at(-1)!).plus({ days: 6 }).toISODate()! },
		latest: { from: latest[0]!, to: DateTime.fromISO(latest.at(-1)!).plus({ days: 6 }).toISODate()! },
		selected: { id: selected, path: selected === ROOT ? null : byId.get(selected)!.path, label: selected === ROOT ? 'Whole organisation' : teamLabel(byId.get(selected)!.path) },
		level,
		teams: teamRows.filter((t) => inScope(t.id)).map((t) => ({ id: t.id, path: t.path })),
		headline,
		trend,
		heatmap,
		enps: enpsView,
		scatter: teamWeeks.filter((tw) => tw.y !== null && tw.scores.autonomy != null).map((tw) => ({ team: byId.get(tw.team)!.path, week: tw.week, autonomy: tw.scores.autonomy!, firstReplyMinutes: tw.y! })),
		correlations: correlations.filter((c) => asked.includes(c.dimension)),
		findings: findingTexts,
	}
}

export type MindsetReport = NonNullable<Awaited<ReturnType<typeof mindsetReport>>>
