import type { LoaderFunctionArgs } from '@remix-run/node'

import { recordAuditNow, userActor } from '~/audit/audit.server'
import { requireUser } from '~/auth/guard.server'
import { reportScope } from '~/auth/permissions.server'
import { reportFromParams, weeklyRows } from '~/reports/mindset-query.server'
import { toCsv } from '~/utils/csv-write'
import { errorResponse } from '~/utils/errors'

/** The dashboard's weekly table as CSV (formula-safe), for the team and period on screen. */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request, ['executive', 'admin', 'manager'])
	const scope = reportScope(user)
	if (scope === undefined) throw errorResponse('FORBIDDEN', 'Your account has no team to report on.')
	const r = await reportFromParams(org.id, new URL(request.url).searchParams, scope)
	if (!r.ok) throw errorResponse(r.code, r.errors.map((e) => e.message).join(' '))
	const report = r.report
	// What was taken out and by whom: the filters, not the figures.
	await recordAuditNow(org.id, {
		actor: userActor(user, context),
		action: 'report.exported',
		detail: { file: 'dashboard', from: report.from, to: report.to, team: report.selected.path ?? null, level: report.level ?? null },
	})
	const dims = report.dimensions
	// Column names are for scripts (docs/api.md names them), so they stay the same in every language.
	const header = [
		'week',
		'team',
		'level',
		'rtmi',
		'culture_index',
		...dims.flatMap((d) => [`${d.key}_score`, `${d.key}_favourable_pct`]),
		'enps',
		'invited',
		'answered',
		'median_first_reply_min',
		'median_approval_h',
		'suppressed',
		'hidden_because',
	]
	const r1 = (x: number | null | undefined) => (x === null || x === undefined ? '' : Math.round(x * 10) / 10)
	const rows = weeklyRows(report).map((w) => [
		w.week,
		report.selected.path ?? report.selected.label,
		report.level ?? 'all',
		r1(w.rtmi),
		r1(w.culture),
		...dims.flatMap((d) => {
			const cell = w.dimensions[d.key] as { score?: number | null; favourable?: number | null }
			return [r1(cell.score), r1(cell.favourable)]
		}),
		r1(w.enps),
		w.participation.invited,
		w.participation.answered ?? '',
		r1(w.operational.firstResponseMinutes),
		r1(w.operational.approvalCycleHours),
		w.suppressed ? 'yes' : 'no',
		w.hiddenBecause ?? '',
	])
	return new Response(toCsv(header, rows), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${exportFileName(org.slug, report)}"`,
			'Cache-Control': 'no-store',
		},
	})
}

/** What is in the file, in its name: organisation, team, level and period ("acme-mindset-customer-care-social-managers-2026-06-01-2026-11-29.csv"). */
export function exportFileName(orgSlug: string, report: { selected: { path: string | null }; level: string | null; from: string; to: string }) {
	const slug = (s: string) =>
		s
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'team'
	const team = report.selected.path ? slug(report.selected.path) : 'whole-organisation'
	const level = report.level ? `${report.level}-level` : 'all-levels'
	return `${slug(orgSlug)}-mindset-${team}-${level}-${report.from}-${report.to}.csv`
}
