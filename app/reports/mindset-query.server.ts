/** Reading a report request (from, to, team, level) the same way for the dashboard, the API and the export. */
import { DateTime } from 'luxon'

import { teamIdsByPath } from '~/metrics/ingest.server'
import { normalizeTeamPath } from '~/org/team-path'
import { safeCell } from '~/utils/csv-safe'
import { isUuid } from '~/utils/http'
import { type Level, levels } from '~db/enums'

import { isReportDate } from './dates'
import { mindsetReport } from './mindset.server'

export type ReportRequest =
	{ ok: true; report: NonNullable<Awaited<ReturnType<typeof mindsetReport>>> } | { ok: false; code: 'INVALID' | 'NOT_FOUND'; errors: { field: string; message: string }[] }

/**
 * `from`, `to` (YYYY-MM-DD), `team` (an id or a path like "Care/Returns") and `level`. Without
 * `defaults` the dates are required (the API); the dashboard passes the period it shows first.
 */
export async function reportFromParams(orgId: string, params: URLSearchParams, scopeTeamId: string | null = null, defaults?: { from: string; to: string }): Promise<ReportRequest> {
	const errors: { field: string; message: string }[] = []
	const date = (field: 'from' | 'to') => {
		const v = params.get(field) || defaults?.[field]
		if (!v) errors.push({ field, message: 'Required: a date as YYYY-MM-DD.' })
		else if (!isReportDate(v)) errors.push({ field, message: `"${safeCell(v)}" is not a date as YYYY-MM-DD (from 1970 on).` })
		else return v
		return null
	}
	const from = date('from')
	const to = date('to')
	if (from && to && from > to) errors.push({ field: 'to', message: '"to" is before "from".' })
	if (from && to && DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days > 800) errors.push({ field: 'to', message: 'At most two years at a time.' })
	const levelParam = params.get('level') || null
	const level = levelParam === null ? null : (levels as readonly string[]).includes(levelParam) ? (levelParam as Level) : undefined
	if (level === undefined) errors.push({ field: 'level', message: `"${safeCell(levelParam ?? '')}" is not a level: use ${levels.join(', ')}, or leave it out for everyone.` })
	if (errors.length) return { ok: false, code: 'INVALID', errors }
	let teamId: string | null = null
	const raw = params.get('team') ?? ''
	// The dashboard's own links carry a team id; integrators write a path.
	const path = isUuid(raw) ? '' : normalizeTeamPath(raw)
	if (isUuid(raw)) teamId = raw.toLowerCase()
	else if (path) {
		teamId = (await teamIdsByPath(orgId)).get(path) ?? null
		if (!teamId) return { ok: false, code: 'NOT_FOUND', errors: [{ field: 'team', message: `No team "${safeCell(path)}" in this organisation.` }] }
	}
	const report = await mindsetReport(orgId, { from: from!, to: to!, teamId, level: level ?? null }, scopeTeamId)
	if (!report) return { ok: false, code: 'NOT_FOUND', errors: [{ field: 'team', message: 'That team is not one you can report on.' }] }
	return { ok: true, report }
}

/** The weekly table as rows of cells, shared by the API's shape and the CSV export. */
export function weeklyRows(report: NonNullable<Awaited<ReturnType<typeof mindsetReport>>>) {
	return report.trend.map((t) => ({
		week: t.week,
		/** False while a wave of the week is open or settling: no figure of it exists yet. */
		released: t.released,
		suppressed: t.suppressed,
		/** Why the week shows no figures for this group (few, protects-others, pending, no-answers), or null. */
		hiddenBecause: t.hiddenBecause,
		rtmi: t.rtmi,
		culture: t.culture,
		dimensions: Object.fromEntries(
			report.dimensions.map((d) => [
				d.key,
				t.hiddenBecause
					? { suppressed: t.suppressed }
					: { score: t.dimensions[d.key] ?? null, favourable: t.favourable[d.key] ?? null, n: t.respondents === null ? null : (t.respondentsByDimension[d.key] ?? 0) },
			]),
		),
		enps: t.enps,
		participation: { invited: t.invited, answered: t.answered },
		operational: t.operational,
	}))
}
