/**
 * What changed in one released week, per group, for the digests and alerts: read through the
 * gate like every report, so a hidden group gives no figure, only why it is hidden. For each
 * group: its culture index this week, the last earlier week in which it was shown (within eight
 * weeks), the change with its 95% interval (`weekOverWeekChange`: Welch over the two weeks' responses), its dimension
 * scores this week, and participation where it may be shown.
 */
import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { db, resultRows } from '~/utils/db.server'

import { CULTURE_DIMENSIONS, type CultureDimension, REPORT_LABELS } from './dimensions'
import { driverAnalysis } from './drivers'
import { type HiddenBecause, openGate, ROOT, sums } from './gate.server'
import { getReportSettings } from './settings.server'
import { meanOf, weekOverWeekChange } from './stats'

const LOOKBACK_WEEKS = 8

export interface GroupWeek {
	node: string
	/** The team's path, or null for the whole organisation. */
	path: string | null
	/** Null when the group is hidden this week; `hiddenBecause` says why. */
	culture: number | null
	hiddenBecause: HiddenBecause | null
	previousWeek: string | null
	previous: number | null
	change: { delta: number; low: number; high: number } | null
	scores: Partial<Record<CultureDimension, number>>
	/** What matters most (METHOD §8): the drivers' focus for the culture index this week, where the group has 30 respondents and a clear one. */
	driverFocus: { dimension: CultureDimension; label: string } | null
	answered: number | null
	invited: number
}

/**
 * `focusFor`: the groups whose drivers' focus is worked out (a respondent-level analysis each:
 * only for those a message names a focus for, not every group it lists).
 */
export async function weekChanges(orgId: string, week: string, nodes: string[], options: { focusFor?: string[] } = {}): Promise<{ k: number; groups: GroupWeek[] }> {
	const settings = await getReportSettings(orgId)
	const teams = resultRows<{ id: string; parent_id: string | null; path: string }>(
		await db().execute(sql`select id::text as id, parent_id::text as parent_id, path from teams where org_id = ${orgId}::uuid order by path`),
	)
	const pathOf = new Map(teams.map((t) => [t.id, t.path]))
	const monday = DateTime.fromISO(week)
	const weeks = Array.from({ length: LOOKBACK_WEEKS + 1 }, (_, i) => monday.minus({ weeks: LOOKBACK_WEEKS - i }).toISODate()!)
	const gate = await openGate({ orgId, weeks, level: null, k: settings.k, commentK: settings.commentK, version: settings.version, teams })
	const asked = CULTURE_DIMENSIONS.filter((d) => gate.answeredMetrics.has(d)).map((d) => ({ key: d, label: REPORT_LABELS[d] }))
	const focusOf = async (node: string): Promise<GroupWeek['driverFocus']> => {
		const got = await gate.respondents(node, week)
		if (!got.rows) return null
		const r = driverAnalysis(got.rows, 'culture', asked, settings.weights, week)
		return r.shown && r.focus ? { dimension: r.focus.dimension as CultureDimension, label: r.focus.label } : null
	}
	const shownNodes = nodes.filter((n) => n === ROOT || pathOf.has(n))
	const focus = new Map(await Promise.all(shownNodes.filter((n) => options.focusFor?.includes(n)).map(async (n) => [n, await focusOf(n)] as const)))
	const groups = shownNodes.map((node): GroupWeek => {
		const now = gate.figures(node, [week])
		const participation = gate.participation(node, week)
		const base: GroupWeek = {
			node,
			path: node === ROOT ? null : pathOf.get(node)!,
			culture: null,
			hiddenBecause: now ? null : gate.hiddenBecause(node, [week]),
			previousWeek: null,
			previous: null,
			change: null,
			scores: {},
			driverFocus: null,
			answered: participation.answered,
			invited: participation.invited,
		}
		if (!now) return base
		const earlier = weeks.slice(0, -1).reverse()
		const previousWeek = earlier.find((w) => gate.figures(node, [w]) !== null) ?? null
		const before = previousWeek ? gate.figures(node, [previousWeek]) : null
		const ci = before ? weekOverWeekChange(sums(before.metric('culture')), sums(now.metric('culture'))) : null
		const weekScores = gate.weekScores(node, week) ?? {}
		return {
			...base,
			culture: meanOf(sums(now.metric('culture'))),
			previousWeek,
			previous: before ? meanOf(sums(before.metric('culture'))) : null,
			change: ci ? { delta: ci.delta, low: ci.low, high: ci.high } : null,
			scores: Object.fromEntries(CULTURE_DIMENSIONS.flatMap((d) => (typeof weekScores[d] === 'number' ? [[d, weekScores[d]]] : []))),
			driverFocus: focus.get(node) ?? null,
		}
	})
	return { k: settings.k, groups }
}

/** A fall larger than its interval: the whole 95% interval of the change lies below zero. */
export const fellBeyondInterval = (g: GroupWeek) => g.change !== null && g.change.high < 0
