/**
 * The mindset report: everything the executive and manager dashboards, the reports API and the
 * export show. It only assembles: every figure comes through the gate (gate.server.ts), which
 * answers nothing for a group that may not be shown, and the sections (sections/) turn what the
 * gate answers into the report's parts.
 */
import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { isWithin } from '~/auth/permissions.server'
import { teamLabel } from '~/org/team-path'
import { db, resultRows } from '~/utils/db.server'
import { type Level, NO_TEAM } from '~db/schema'

import { storedAnalysis } from './analyses.server'
import { CULTURE_DIMENSIONS, REPORT_LABELS } from './dimensions'
import { DRIVERS_METHOD } from './drivers'
import { openGate, ROOT } from './gate.server'
import { scopeMedians, teamWeekMedians } from './response-times.server'
import { attentionSection } from './sections/attention'
import { dimensionChange, dimensionChangesSection, enpsChangeSection } from './sections/changes'
import { commentsSection } from './sections/comments'
import type { SectionContext } from './sections/context'
import { correlationsSection, teamWeeksOf } from './sections/correlations'
import { driversSection } from './sections/drivers'
import { headlineSection } from './sections/headline'
import { heatmapSection } from './sections/heatmap'
import { enpsOf } from './sections/scores'
import { trendSection } from './sections/trend'
import { getReportSettings } from './settings.server'
import { topFindings } from './stats'

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

const sunday = (monday: string) => DateTime.fromISO(monday).plus({ days: 6 }).toISODate()!

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
		return Boolean(scope && t && isWithin(t.path, scope.path))
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
	const baseline =
		settings.baselineFrom && settings.baselineTo
			? weeks.filter((w) => w >= mondayOf(settings.baselineFrom!, tz) && w <= mondayOf(settings.baselineTo!, tz))
			: weeks.slice(0, Math.min(4, Math.ceil(weeks.length / 2)))
	const latest = weeks.slice(-Math.min(4, Math.max(1, weeks.length - baseline.length)))

	const gate = await openGate({ orgId, weeks, level, k: settings.k, commentK: settings.commentK, version: settings.version, teams: teamRows })
	const c: SectionContext = { gate, settings, selected, weeks, baseline, latest }

	const children = (id: string) => teamRows.filter((t) => (id === ROOT ? !t.parent_id : t.parent_id === id)).map((t) => t.id)
	const subtree = (id: string): string[] => [id, ...children(id).flatMap(subtree)]
	const scopeTeams = selected === ROOT ? null : subtree(selected)
	const scopeOps = await scopeMedians(orgId, tz, selected === ROOT ? NO_TEAM : selected, scopeTeams, firstWeek, lastWeek)
	const [opsLatest, opsBaseline] = await Promise.all([scopeOps.overWeeks(latest), scopeOps.overWeeks(baseline)])

	const labelOf = (id: string) => (id === ROOT ? 'Whole organisation' : teamLabel(byId.get(id)!.path))
	const heatmapRows = [selected, ...children(selected)].filter((id) => id === ROOT || inScope(id)).map((id) => ({ id, label: labelOf(id) }))

	// Keyed by path: stable from one seed (or restore) to the next, unlike ids, so the tests' team order is too.
	const leaves = teamRows.filter((t) => children(t.id).length === 0 && inScope(t.id)).map((t) => ({ id: t.id, key: t.path }))
	const medians = await teamWeekMedians(orgId, tz, firstWeek, lastWeek)
	const firstReply = new Map(
		medians.filter((m) => m.type === 'customer_response' && m.median_seconds !== null).map((m) => [`${m.team_id} ${m.week}`, Number(m.median_seconds) / 60]),
	)
	const teamWeeks = teamWeeksOf(c, leaves, firstReply)
	// Stored once per exact input (by the release job for the default view): see analyses.server.ts.
	const correlations = await storedAnalysis(orgId, 'correlations', lastWeek, teamWeeks, () => correlationsSection(orgId, teamWeeks))

	// Each dimension's change once per view: findings test it, and the changes section shows it.
	const changes = new Map<(typeof CULTURE_DIMENSIONS)[number], ReturnType<typeof dimensionChange>>()
	const changeOf = (d: (typeof CULTURE_DIMENSIONS)[number]) => {
		if (!changes.has(d)) changes.set(d, dimensionChange(c, d))
		return changes.get(d)!
	}
	const progress = (d: (typeof CULTURE_DIMENSIONS)[number]) => {
		const change = changeOf(d)
		return change ? { delta: change.delta, se: change.se, df: change.df, d: change.d } : null
	}
	// Dimensions nobody answered in the period (not in any pulse) are left out everywhere, at every level.
	const asked = CULTURE_DIMENSIONS.filter((d) => gate.answeredMetrics.has(d))
	const found = topFindings({
		metric: { label: 'first response time', unit: 'min', action: 'answered customers' },
		dimensions: correlations.dimensions
			.filter((x) => asked.includes(x.dimension))
			.map((x) => ({ key: x.dimension, label: x.label, lags: x.lags, contrast: x.contrast, progress: progress(x.dimension) })),
	})

	return {
		timeZone: tz,
		/** New weights are still being applied to the culture index (large organisations, in the background). */
		recomputing: settings.recomputing,
		comments: await commentsSection(c),
		k: settings.k,
		dimensions: asked.map((d) => ({ key: d, label: REPORT_LABELS[d] })),
		from: firstWeek,
		to: sunday(lastWeek),
		/** Null when the report settings' baseline lies outside this period. */
		baseline: baseline.length ? { from: baseline[0]!, to: sunday(baseline.at(-1)!) } : null,
		latest: { from: latest[0]!, to: sunday(latest.at(-1)!) },
		selected: { id: selected, path: selected === ROOT ? null : byId.get(selected)!.path, label: labelOf(selected) },
		level,
		teams: teamRows.filter((t) => inScope(t.id)).map((t) => ({ id: t.id, path: t.path })),
		headline: headlineSection(c, { latest: opsLatest, baseline: opsBaseline }),
		trend: trendSection(c, scopeOps.weekly),
		heatmap: heatmapSection(c, heatmapRows),
		enps: enpsOf(gate.figures(selected, latest)),
		/** eNPS in the baseline and the latest weeks, and the change. */
		enpsChange: enpsChangeSection(c),
		/** Each dimension's change since the baseline, largest move first. */
		changes: dimensionChangesSection(c, asked, changeOf),
		/** The group's weakest dimensions now, and the team below it with the lowest index. */
		attention: attentionSection(
			c,
			heatmapRows.filter((h) => h.id !== selected),
			asked,
		),
		/** The organisation's target for the index (also when the headline cannot be shown). */
		rtmiTarget: settings.targets.rtmi,
		/** The baseline the report settings name (it may lie outside this period). */
		baselineSetting: settings.baselineFrom && settings.baselineTo ? { from: settings.baselineFrom, to: settings.baselineTo } : null,
		scatter: teamWeeks
			.filter((tw) => tw.y !== null && tw.scores?.autonomy != null)
			.map((tw) => ({ team: tw.team, week: tw.week, autonomy: tw.scores!.autonomy!, firstReplyMinutes: tw.y! })),
		correlations: correlations.dimensions.filter((x) => asked.includes(x.dimension)),
		/** How the correlations were tested: whole teams re-paired, BH over every dimension × lag. */
		correlationTest: correlations.test,
		drivers: await storedAnalysis(
			orgId,
			'drivers',
			lastWeek,
			{
				latest,
				released: latest.map((w) => gate.released(w)),
				selected,
				level,
				asked,
				weights: settings.weights,
				k: settings.k,
				version: settings.version,
				teams: teamRows,
				method: DRIVERS_METHOD,
			},
			() => driversSection(c, asked),
		),
		findings: found.map((f) => f.text),
		/** The same findings as catalogue keys and values, for the pages to say in the reader's language. */
		findingWords: found.map((f) => f.words),
	}
}

export type MindsetReport = NonNullable<Awaited<ReturnType<typeof mindsetReport>>>
