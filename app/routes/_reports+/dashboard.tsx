import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'

import { needleActions } from '~/actions/needle-actions.server'
import { requireUser } from '~/auth/guard.server'
import { reportScope } from '~/auth/permissions.server'
import { reachesOwnSubtree } from '~/auth/roles'
import { ActionsMoved } from '~/components/actions/actions-moved'
import { Attention } from '~/components/dashboard/attention'
import { Comments } from '~/components/dashboard/comments'
import { CultureSpeed } from '~/components/dashboard/culture-speed'
import { EnpsCard } from '~/components/dashboard/enps-card'
import { type FieldErrors, Filters, type Preset } from '~/components/dashboard/filters'
import { useReportWords } from '~/components/dashboard/format'
import { Heatmap } from '~/components/dashboard/heatmap'
import { IndexCard } from '~/components/dashboard/index-card'
import { ManagerBrief } from '~/components/dashboard/manager-brief'
import { Movers } from '~/components/dashboard/movers'
import { DriversCard } from '~/components/dashboard/priority-matrix'
import { packScatter } from '~/components/dashboard/scatter-points'
import { StatisticsDetails } from '~/components/dashboard/statistics-details'
import { Trend } from '~/components/dashboard/trend'
import { groupName } from '~/components/dashboard/words'
import { PageHead } from '~/components/page'
import { personLocale } from '~/i18n/i18n.server'
import { metaT } from '~/i18n/react'
import { localizeReportProblem } from '~/i18n/report-problems.server'
import { teamLabel } from '~/org/team-path'
import { isReportDate } from '~/reports/dates'
import { defaultPeriodEnd } from '~/reports/default-period.server'
import { reportFromParams } from '~/reports/mindset-query.server'
import dashboardStyles from '~/styles/dashboard.css'
import { errorResponse } from '~/utils/errors'

export const meta: MetaFunction = ({ matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: t('page.dashboard', { ns: 'reports' }) }) }]
}
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: dashboardStyles }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request, ['executive', 'admin', 'manager'])
	const params = new URL(request.url).searchParams
	// Managers see their own team and what is below it, and nothing else.
	const scope = reportScope(user)
	if (scope === undefined) throw errorResponse('FORBIDDEN', 'Your account has no team, so there is no team to report on. Ask your admin to set your team.')
	// First view: the 26 weeks up to the latest released one (or the last full week, if later).
	const lastFullWeek = await defaultPeriodEnd(org.id, org.timeZone)
	const givenTo = params.get('to')
	const to = givenTo && isReportDate(givenTo) ? givenTo : lastFullWeek
	const defaults = { to, from: DateTime.fromISO(to).minus({ weeks: 25 }).startOf('week').toISODate()! }
	let result = await reportFromParams(org.id, params, scope, defaults)
	// A date or level that cannot be read is said next to its field; meanwhile the page shows the
	// default period (and everyone) for the same team, rather than an error page.
	const errors: FieldErrors = {}
	if (!result.ok && result.code === 'INVALID') {
		const locale = personLocale(user, org)
		for (const e of result.errors) errors[e.field as keyof FieldErrors] ??= localizeReportProblem(locale, e.message)
		const fallback = new URLSearchParams(params)
		if (errors.from || errors.to) for (const f of ['from', 'to']) fallback.delete(f)
		if (errors.level) fallback.delete('level')
		result = await reportFromParams(org.id, fallback, scope, { to: lastFullWeek, from: DateTime.fromISO(lastFullWeek).minus({ weeks: 25 }).startOf('week').toISODate()! })
	}
	// An unknown team, or one outside a manager's subtree, answers 404 as before.
	if (!result.ok) throw errorResponse(result.code, result.errors.map((e) => e.message).join(' '))
	// The scatter's thousands of points travel as one string (the page's largest part, encoded cheaply).
	const { scatter, ...report } = result.report
	const query = {
		from: errors.from || errors.to ? (params.get('from') ?? '') : params.get('from') || report.from,
		to: errors.from || errors.to ? (params.get('to') ?? '') : params.get('to') || report.to,
		// The team select is keyed by id: a team given as a path (Care/Returns) shows as selected too.
		// A manager's report starts at their team: it is the first option, not a blank one named like it.
		team: params.get('team') ? report.selected.id : (scope ?? ''),
		level: errors.level ? '' : (report.level ?? ''),
	}
	const weeksBack = (n: number) =>
		DateTime.fromISO(lastFullWeek)
			.minus({ weeks: n - 1 })
			.startOf('week')
			.toISODate()!
	const presets: Preset[] = [
		{ key: 'last4', from: weeksBack(4), to: lastFullWeek },
		{ key: 'quarter', from: weeksBack(13), to: lastFullWeek },
		{ key: 'last26', from: weeksBack(26), to: lastFullWeek },
		...(report.baselineSetting && report.baselineSetting.from < lastFullWeek ? [{ key: 'baseline' as const, from: report.baselineSetting.from, to: lastFullWeek }] : []),
	]
	const exportParams = new URLSearchParams({ from: report.from, to: report.to, ...(query.team ? { team: query.team } : {}), ...(report.level ? { level: report.level } : {}) })
	const ownTeam = scope ? report.teams.find((t) => t.id === scope) : undefined
	return data(
		{
			report,
			scatter: packScatter(scatter),
			role: user.role,
			query,
			errors,
			presets,
			exportHref: `/dashboard/export?${exportParams}`,
			ownLabel: ownTeam ? teamLabel(ownTeam.path) : null,
			actions: await needleActions(org.id, report.selected.id === 'org' ? null : report.selected.id),
		},
		{ status: Object.keys(errors).length ? 400 : 200 },
	)
}

export default function Dashboard() {
	const { report: r, scatter, query, errors, presets, exportHref, ownLabel, role, actions } = useLoaderData<typeof loader>()
	const { t, f } = useReportWords()
	const period = f.range({ from: r.from, to: r.to })
	return (
		<div className="dashboard">
			<PageHead title={t('page.dashboard')}>
				{groupName(t, r.selected.id, r.selected.label)}
				{r.level ? ` · ${t('dashboard.levelOnly', { level: t(`app:levels.${r.level}`) })}` : ''} · {f.rangeAlone({ from: r.from, to: r.to })} ·{' '}
				{t('dashboard.never', { count: r.k })}
			</PageHead>
			<Filters query={query} teams={r.teams} ownLabel={ownLabel} errors={errors} presets={presets} exportHref={exportHref} />
			{Object.keys(errors).length ? (
				<p className="alert alert-error" role="alert">
					{r.level ? t('dashboard.unreadLevel', { period, level: t(`app:levels.${r.level}`) }) : t('dashboard.unread', { period })}
				</p>
			) : null}
			{r.recomputing ? (
				<p className="alert alert-info" role="status">
					{t('dashboard.recomputing')}
				</p>
			) : null}
			<div className="summary">
				<IndexCard report={r} />
				<Movers report={r} />
				<Attention report={r} query={{ from: r.from, to: r.to, level: r.level ?? '' }} />
				<EnpsCard report={r} />
			</div>
			{reachesOwnSubtree(role) ? <ManagerBrief report={r} /> : null}
			<div className="dash-grid">
				<ActionsMoved actions={actions} k={r.k} />
				<DriversCard drivers={r.drivers} />
			</div>
			<StatisticsDetails report={r} />
			<Trend report={r} />
			<Heatmap report={r} />
			<div className="dash-grid">
				<Comments report={r} />
				<CultureSpeed report={r} scatter={scatter} />
			</div>
		</div>
	)
}
