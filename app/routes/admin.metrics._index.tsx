import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'

import { requireAdmin } from '~/auth/guard.server'
import { Field, SelectField } from '~/components/forms'
import { EmptyState, PageHead, TableScroll } from '~/components/page'
import { parseWeeklyQuery, weeklyMetrics } from '~/metrics/weekly.server'
import { addDays, mondayOf, todayIn } from '~/metrics/weeks'
import { teamLabel } from '~/org/team-path'
import { listTeams } from '~/org/teams.server'

export const meta: MetaFunction = () => [{ title: 'Response times · State of Now' }]

const DEFAULT_WEEKS = 12

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const url = new URL(request.url)
	const today = todayIn(org.timeZone)
	const params = new URLSearchParams(url.searchParams)
	if (!params.get('from')) params.set('from', addDays(mondayOf(today), -7 * (DEFAULT_WEEKS - 1)))
	if (!params.get('to')) params.set('to', today)
	const teams = (await listTeams(org.id)).map((t) => ({ path: t.path, depth: t.depth }))
	const parsed = parseWeeklyQuery(params)
	const filters = { from: params.get('from') ?? '', to: params.get('to') ?? '', team: params.get('team') ?? '' }
	if (!parsed.ok) return { filters, teams, timeZone: org.timeZone, problems: parsed.problems, rows: [] }
	const report = await weeklyMetrics(org.id, org.timeZone, parsed.query)
	if (!report) return { filters, teams, timeZone: org.timeZone, problems: [{ field: 'team', message: 'That team does not exist.' }], rows: [] }
	return { filters, teams, timeZone: org.timeZone, problems: [], rows: report.rows }
}

/** 42 min, 3.5 h, 2.1 d: the unit a person would say. */
function duration(value: number | null, unit: 'minutes' | 'hours') {
	if (value === null) return '—'
	const minutes = unit === 'minutes' ? value : value * 60
	if (minutes < 120) return `${minutes < 10 ? minutes.toFixed(1) : Math.round(minutes)} min`
	if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`
	return `${(minutes / 1440).toFixed(1)} d`
}

const TYPE_LABEL = { customer_response: 'First reply', approval: 'Approval' } as const

function weekLabel(week: string, isoWeek: string) {
	const d = new Date(`${week}T00:00:00Z`)
	return `${isoWeek.slice(5)} · ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d)}`
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number]

/** The rows grouped by team, in the order they came (team path, then week). */
function byTeam(rows: Row[]): [string, Row[]][] {
	const groups = new Map<string, Row[]>()
	for (const r of rows) groups.set(r.team, [...(groups.get(r.team) ?? []), r])
	return [...groups]
}

function latestOf(rows: Row[], type: Row['type']) {
	return rows.filter((r) => r.type === type).at(-1)
}

/** "first reply 42 min (median, W48)", or that none was answered that week. */
function latestText(kind: string, r: Row) {
	return r.median === null ? `${kind}: none answered in ${r.isoWeek.slice(5)}` : `${kind} ${duration(r.median, r.unit)} (median, ${r.isoWeek.slice(5)})`
}

function TeamWeeks({ team, rows, open }: { team: string; rows: Row[]; open: boolean }) {
	const reply = latestOf(rows, 'customer_response')
	const approval = latestOf(rows, 'approval')
	const weeks = new Set(rows.map((r) => r.week)).size
	return (
		<details className="card metric-team" open={open}>
			<summary>
				<strong>{teamLabel(team)}</strong>{' '}
				<span className="muted small">
					{weeks} {weeks === 1 ? 'week' : 'weeks'}
					{reply ? ` · ${latestText('first reply', reply)}` : ''}
					{approval ? ` · ${latestText('approval', approval)}` : ''}
				</span>
			</summary>
			<TableScroll label={`Weekly response times: ${teamLabel(team)}`}>
				<table>
					<caption className="sr-only">Response times of {teamLabel(team)} per week</caption>
					<thead>
						<tr>
							<th scope="col">Week</th>
							<th scope="col">Kind</th>
							<th scope="col" className="num">
								Events
							</th>
							<th scope="col" className="num">
								Answered
							</th>
							<th scope="col" className="num">
								Open
							</th>
							<th scope="col" className="num">
								Median
							</th>
							<th scope="col" className="num">
								p90
							</th>
							<th scope="col" className="num">
								Sign-offs (mean)
							</th>
						</tr>
					</thead>
					<tbody>
						{rows.map((r) => (
							<tr key={`${r.week}|${r.type}`}>
								<td>{weekLabel(r.week, r.isoWeek)}</td>
								<td>{TYPE_LABEL[r.type]}</td>
								<td className="num">{r.count}</td>
								<td className="num">{r.answered}</td>
								<td className="num">{r.open || '—'}</td>
								<td className="num">{duration(r.median, r.unit)}</td>
								<td className="num">{duration(r.p90, r.unit)}</td>
								<td className="num">{r.meanApprovals ?? '—'}</td>
							</tr>
						))}
					</tbody>
				</table>
			</TableScroll>
		</details>
	)
}

export default function Metrics() {
	const { filters, teams, timeZone, problems, rows } = useLoaderData<typeof loader>()
	const errorOf = (field: string) => problems.find((p) => p.field === field)?.message
	return (
		<>
			<PageHead
				title="Response times"
				actions={
					<>
						<Link className="button button-secondary" to="/admin/metrics/import">
							Import CSV
						</Link>
						<Link className="button button-secondary" to="/admin/api-keys">
							API keys
						</Link>
						<Link className="button button-secondary" to="/admin/connectors">
							Connectors
						</Link>
					</>
				}
			>
				Per team and ISO week (Monday to Sunday, {timeZone.replace(/_/g, ' ')}): first replies to customers and approval cycles. Median and p90 count answered events only; open
				ones are counted apart.
			</PageHead>
			<div className="card">
				<Form method="get" className="form-row filters">
					<Field label="From" name="from" type="date" defaultValue={filters.from} error={errorOf('from')} />
					<Field label="To" name="to" type="date" defaultValue={filters.to} error={errorOf('to')} />
					<SelectField
						label="Team (with its sub-teams)"
						name="team"
						defaultValue={filters.team}
						placeholder="Every team, one by one"
						options={teams.map((t) => ({ value: t.path, label: `${'  '.repeat(t.depth)}${teamLabel(t.path)}` }))}
						error={errorOf('team')}
					/>
					<div className="field" style={{ alignSelf: 'end' }}>
						<button type="submit" className="button">
							Show
						</button>
					</div>
				</Form>
			</div>
			{problems.length ? null : rows.length === 0 ? (
				<EmptyState title="No events in this period">
					Events arrive through the API (create a key under <Link to="/admin/api-keys">API keys</Link>) or from a <Link to="/admin/metrics/import">CSV upload</Link>. Try a longer
					period if you sent some already.
				</EmptyState>
			) : (
				// One folded section per team: every team's weeks in one table made the page about
				// 24,000 px tall on a phone. The summary says the latest week, the table the rest.
				<div className="metric-teams">
					{byTeam(rows).map(([team, teamRows]) => (
						<TeamWeeks key={team} team={team} rows={teamRows} open={byTeam(rows).length === 1} />
					))}
				</div>
			)}
		</>
	)
}
