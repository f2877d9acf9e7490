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
import { range } from '~/components/dashboard/format'
import { Heatmap } from '~/components/dashboard/heatmap'
import { IndexCard } from '~/components/dashboard/index-card'
import { ManagerBrief } from '~/components/dashboard/manager-brief'
import { Movers } from '~/components/dashboard/movers'
import { DriversCard } from '~/components/dashboard/priority-matrix'
import { StatisticsDetails } from '~/components/dashboard/statistics-details'
import { Trend } from '~/components/dashboard/trend'
import { PageHead } from '~/components/page'
import { levelLabels } from '~/org/person-schema'
import { teamLabel } from '~/org/team-path'
import { isReportDate } from '~/reports/dates'
import { defaultPeriodEnd } from '~/reports/default-period.server'
import { reportFromParams } from '~/reports/mindset-query.server'
import dashboardStyles from '~/styles/dashboard.css'
import { errorResponse } from '~/utils/errors'

export const meta: MetaFunction = () => [{ title: 'Real-time mindset · State of Now' }]
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
		for (const e of result.errors) errors[e.field as keyof FieldErrors] ??= e.message
		const fallback = new URLSearchParams(params)
		if (errors.from || errors.to) for (const f of ['from', 'to']) fallback.delete(f)
		if (errors.level) fallback.delete('level')
		result = await reportFromParams(org.id, fallback, scope, { to: lastFullWeek, from: DateTime.fromISO(lastFullWeek).minus({ weeks: 25 }).startOf('week').toISODate()! })
	}
	// An unknown team, or one outside a manager's subtree, answers 404 as before.
	if (!result.ok) throw errorResponse(result.code, result.errors.map((e) => e.message).join(' '))
	const { report } = result
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
		{ label: 'Last 4 weeks', from: weeksBack(4), to: lastFullWeek },
		{ label: 'Last quarter', from: weeksBack(13), to: lastFullWeek },
		{ label: 'Last 26 weeks', from: weeksBack(26), to: lastFullWeek },
		...(report.baselineSetting && report.baselineSetting.from < lastFullWeek ? [{ label: 'Since baseline', from: report.baselineSetting.from, to: lastFullWeek }] : []),
	]
	const exportParams = new URLSearchParams({ from: report.from, to: report.to, ...(query.team ? { team: query.team } : {}), ...(report.level ? { level: report.level } : {}) })
	const ownTeam = scope ? report.teams.find((t) => t.id === scope) : undefined
	return data(
		{
			report,
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
	const { report: r, query, errors, presets, exportHref, ownLabel, role, actions } = useLoaderData<typeof loader>()
	return (
		<div className="dashboard">
			<PageHead title="Real-time mindset">
				{r.selected.label}
				{r.level ? ` · ${levelLabels[r.level].toLowerCase()} level only` : ''} · {range({ from: r.from, to: r.to })} · groups under {r.k} people are never shown
			</PageHead>
			<Filters query={query} teams={r.teams} ownLabel={ownLabel} errors={errors} presets={presets} exportHref={exportHref} />
			{Object.keys(errors).length ? (
				<p className="alert alert-error" role="alert">
					Some filters could not be read (each says why above). Meanwhile the figures below are for {range({ from: r.from, to: r.to })}
					{r.level ? `, ${levelLabels[r.level].toLowerCase()} level` : ', everyone'}.
				</p>
			) : null}
			{r.recomputing ? (
				<p className="alert alert-info" role="status">
					New weights are being applied to the culture index (this takes a minute or so). Until that is done, the index and its trend may mix the old and new weights; the dimension
					scores are not affected.
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
				<CultureSpeed report={r} />
			</div>
		</div>
	)
}
