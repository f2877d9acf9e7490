/**
 * What a person sees on /results: their team's results (or the nearest team above it that the
 * gate shows, saying so) and the organisation's, for the weeks shared with teams.
 *
 * Nothing here computes a figure of its own. The figures are the mindset report's weekly rows
 * (the executive dashboard's trend section, for the same team and weeks, read alone rather than
 * with a whole report), the comments and the choice of group come from the same gate, and the actions' effects are measured through it: a person sees a
 * subset of what an executive sees, never more. Weeks not shared with teams (the survey's share
 * setting, see shared-weeks.server.ts) are left out entirely.
 */
import { DateTime } from 'luxon'

import { listActions } from '~/actions/list-actions.server'
import { measureActions } from '~/actions/measure-action.server'
import { ancestorIds, type Person, subtreeIds, teamTree, viewableTeams } from '~/auth/permissions.server'
import { teamLabel } from '~/org/team-path'
import { REPORT_LABELS } from '~/reports/dimensions'
import type { HiddenBecause } from '~/reports/gate.server'
import { ROOT } from '~/reports/gate.server'
import { reportView, trendRows } from '~/reports/report-gate.server'

import { sharedWeeks } from './shared-weeks.server'

/** Shared weeks in the trend. */
export const TREND_WEEKS = 12

/** Every Monday from one to another, both included. */
function weeksFrom(first: string, last: string): string[] {
	const out: string[] = []
	for (let w = first; w <= last; w = DateTime.fromISO(w).plus({ weeks: 1 }).toISODate()!) out.push(w)
	return out
}

export interface DimensionLine {
	key: string
	label: string
	score: number | null
	previous: number | null
	organisation: number | null
}

/**
 * The results a person may see, or null when they asked for a team out of their reach (the
 * route answers 404). `teamId` null: their own team (or the organisation when they have none).
 */
export async function teamResults(person: Person, teamId: string | null, now = new Date()) {
	const orgId = person.orgId
	const tree = await teamTree(orgId)
	const reach = viewableTeams(person, tree)
	if (teamId !== null && !reach.has(teamId)) return null
	const byId = new Map(tree.map((t) => [t.id, t]))
	const labelOf = (id: string) => (id === ROOT ? 'Whole organisation' : teamLabel(byId.get(id)!.path))
	const requested = teamId ?? (person.teamId && byId.has(person.teamId) ? person.teamId : ROOT)
	const picker = tree.filter((t) => reach.has(t.id)).map((t) => ({ id: t.id, label: teamLabel(t.path) }))
	const base = { requested: { id: requested, label: labelOf(requested) }, picker }

	const shared = await sharedWeeks(orgId, now)
	const latest = shared.at(-1)
	if (!latest) return { ...base, latestWeek: null }
	const trendWeeks = shared.slice(-TREND_WEEKS)
	const previousWeek = trendWeeks.length > 1 ? trendWeeks.at(-2)! : null

	// One gate over the trend's weeks (every week between its first and last, as the dashboard
	// opens it), read only for the rows shown here.
	const view = await reportView(orgId, weeksFrom(trendWeeks[0]!, latest))
	const gate = view.gate
	// The group shown: the team itself, else the nearest team above it the gate shows this week.
	const candidates = requested === ROOT ? [ROOT] : [...ancestorIds(tree, requested), ROOT]
	const group = candidates.find((c) => gate.figures(c, [latest]) !== null) ?? null
	const requestedHidden: HiddenBecause | null = gate.figures(requested, [latest]) ? null : gate.hiddenBecause(requested, [latest])

	const rowsOf = async (id: string) => new Map((await trendRows(view, id, trendWeeks)).map((t) => [t.week, t]))
	const orgRows = await rowsOf(ROOT)
	const ownRows = group === null ? new Map<string, never>() : group === ROOT ? orgRows : await rowsOf(group)
	const nowRow = ownRows.get(latest) ?? null
	const prevRow = previousWeek ? (ownRows.get(previousWeek) ?? null) : null
	const orgNow = orgRows.get(latest) ?? null
	const shownRow = (r: typeof nowRow) => (r && !r.hiddenBecause ? r : null)

	const dims = view.dimensions
	const lines: DimensionLine[] = dims.map((d) => ({
		key: d.key,
		label: REPORT_LABELS[d.key as keyof typeof REPORT_LABELS] ?? d.label,
		score: shownRow(nowRow)?.dimensions[d.key] ?? null,
		previous: shownRow(prevRow)?.dimensions[d.key] ?? null,
		organisation: shownRow(orgNow)?.dimensions[d.key] ?? null,
	}))
	const ranked = lines.filter((l) => l.score !== null).sort((a, b) => b.score! - a.score! || a.label.localeCompare(b.label))
	const strongest = ranked.slice(0, 2)
	// The two lowest of the rest, so a dimension is never both strongest and weakest.
	const weakest = ranked.slice(2).reverse().slice(0, 2)

	const comments = group ? await gate.comments(group, [latest]) : null

	// "You said, we did": actions of the team asked for, the teams above it and below it.
	const actionTeams = requested === ROOT ? null : [...new Set([...ancestorIds(tree, requested), ...subtreeIds(tree, requested)])]
	const actions = (await listActions(orgId, { teamIds: actionTeams, statuses: ['under_way', 'planned', 'done'] })).sort(
		(a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.dueOn.localeCompare(b.dueOn),
	)
	const everShared = new Set(shared)
	const measures = await measureActions(orgId, actions, (w) => everShared.has(w))

	return {
		...base,
		latestWeek: latest,
		previousWeek,
		k: view.settings.k,
		/** The group whose results are shown; null when not even the organisation is shown this week. */
		group: group === null ? null : { id: group, label: labelOf(group), isRequested: group === requested },
		/** Why the team asked for is not shown itself (null when it is). */
		requestedHidden,
		now: shownRow(nowRow) && {
			rtmi: nowRow!.rtmi,
			culture: nowRow!.culture,
			previousRtmi: shownRow(prevRow)?.rtmi ?? null,
			organisationRtmi: shownRow(orgNow)?.rtmi ?? null,
			invited: nowRow!.invited,
			answered: nowRow!.answered,
			answeredHiddenBecause: nowRow!.answeredHiddenBecause,
			enps: nowRow!.enps,
		},
		previousHidden: prevRow?.hiddenBecause ?? null,
		dimensions: lines,
		strongest,
		weakest,
		trend: trendWeeks.map((w) => {
			const r = ownRows.get(w)
			const o = orgRows.get(w)
			return { week: w, rtmi: r?.rtmi ?? null, hiddenBecause: r ? r.hiddenBecause : 'no-answers', organisationRtmi: o?.rtmi ?? null }
		}),
		organisation: orgNow && !orgNow.hiddenBecause ? { rtmi: orgNow.rtmi, invited: orgNow.invited, answered: orgNow.answered } : null,
		comments: comments
			? { items: comments.items, reason: comments.items === null ? comments.reason : null, threshold: view.settings.commentK }
			: { items: null, reason: 'few' as const, threshold: view.settings.commentK },
		actions: actions.map((a) => ({ ...a, teamLabel: teamLabel(a.teamPath), measure: measures.get(a)! })),
	}
}

const STATUS_ORDER = { under_way: 0, planned: 1, done: 2, dropped: 3 } as const

export type TeamResults = NonNullable<Awaited<ReturnType<typeof teamResults>>>
