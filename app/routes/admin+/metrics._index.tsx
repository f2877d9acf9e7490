import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import type { TFunction } from 'i18next'
import { Trans, useTranslation } from 'react-i18next'

import { requireAdmin } from '~/auth/guard.server'
import { Field, SelectField } from '~/components/forms'
import { EmptyState, PageHead, TableScroll } from '~/components/page'
import { formatNumber, intlLocale } from '~/i18n/format'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { localizeIntegrationProblem } from '~/i18n/integration-problems.server'
import { metaT } from '~/i18n/react'
import { parseWeeklyQuery, weeklyMetrics } from '~/metrics/weekly.server'
import { addDays, mondayOf, todayIn } from '~/metrics/weeks'
import { teamLabel } from '~/org/team-path'
import { listTeams } from '~/org/teams.server'

export const meta: MetaFunction = ({ matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: t('metrics.title', { ns: 'integrations' }) }) }]
}

const DEFAULT_WEEKS = 12

export async function loader({ request }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const url = new URL(request.url)
	const today = todayIn(org.timeZone)
	const params = new URLSearchParams(url.searchParams)
	if (!params.get('from')) params.set('from', addDays(mondayOf(today), -7 * (DEFAULT_WEEKS - 1)))
	if (!params.get('to')) params.set('to', today)
	const teams = (await listTeams(org.id)).map((t) => ({ path: t.path, depth: t.depth }))
	const parsed = parseWeeklyQuery(params)
	const filters = { from: params.get('from') ?? '', to: params.get('to') ?? '', team: params.get('team') ?? '' }
	if (!parsed.ok)
		return { filters, teams, timeZone: org.timeZone, problems: parsed.problems.map((p) => ({ ...p, message: localizeIntegrationProblem(locale, p.message) })), rows: [] }
	const report = await weeklyMetrics(org.id, org.timeZone, parsed.query)
	if (!report) return { filters, teams, timeZone: org.timeZone, problems: [{ field: 'team', message: fixedT(locale, 'integrations')('metrics.noTeam') }], rows: [] }
	return { filters, teams, timeZone: org.timeZone, problems: [], rows: report.rows }
}

/** 42 min, 3.5 h, 2.1 d: the unit a person would say, in their language. */
function duration(value: number | null, unit: 'minutes' | 'hours', t: TFunction, locale: string) {
	if (value === null) return t('common.dash')
	const minutes = unit === 'minutes' ? value : value * 60
	const one = { minimumFractionDigits: 1, maximumFractionDigits: 1 }
	if (minutes < 120) return t('metrics.minutes', { value: minutes < 10 ? formatNumber(minutes, locale, one) : formatNumber(Math.round(minutes), locale) })
	if (minutes < 48 * 60) return t('metrics.hours', { value: formatNumber(minutes / 60, locale, one) })
	return t('metrics.days', { value: formatNumber(minutes / 1440, locale, one) })
}

/** "W48" (2026-W48) as each language writes a week's number. */
const weekNumber = (isoWeek: string, t: TFunction) => t('metrics.isoWeek', { week: Number(isoWeek.slice(6)) })

function weekLabel(week: string, isoWeek: string, t: TFunction, locale: string) {
	const d = new Date(`${week}T00:00:00Z`)
	return t('metrics.weekOf', {
		week: weekNumber(isoWeek, t),
		date: new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d),
	})
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
function latestText(r: Row, t: TFunction, locale: string) {
	const kind = t(`metrics.kind.${r.type}`)
	return r.median === null
		? t('metrics.latestNone', { kind, week: weekNumber(r.isoWeek, t) })
		: t('metrics.latest', { kind, duration: duration(r.median, r.unit, t, locale), week: weekNumber(r.isoWeek, t) })
}

function TeamWeeks({ team, rows, open }: { team: string; rows: Row[]; open: boolean }) {
	const { t, i18n } = useTranslation('integrations')
	const locale = i18n.language
	const reply = latestOf(rows, 'customer_response')
	const approval = latestOf(rows, 'approval')
	const weeks = new Set(rows.map((r) => r.week)).size
	return (
		<details className="card metric-team" open={open}>
			<summary>
				<strong>{teamLabel(team)}</strong>{' '}
				<span className="muted small">
					{t('metrics.weeks', { count: weeks })}
					{reply ? ` · ${latestText(reply, t, locale)}` : ''}
					{approval ? ` · ${latestText(approval, t, locale)}` : ''}
				</span>
			</summary>
			<TableScroll label={t('metrics.tableLabel', { team: teamLabel(team) })}>
				<table>
					<caption className="sr-only">{t('metrics.caption', { team: teamLabel(team) })}</caption>
					<thead>
						<tr>
							<th scope="col">{t('metrics.col.week')}</th>
							<th scope="col">{t('metrics.col.kind')}</th>
							<th scope="col" className="num">
								{t('metrics.col.events')}
							</th>
							<th scope="col" className="num">
								{t('metrics.col.answered')}
							</th>
							<th scope="col" className="num">
								{t('metrics.col.open')}
							</th>
							<th scope="col" className="num">
								{t('metrics.col.median')}
							</th>
							<th scope="col" className="num">
								{t('metrics.col.p90')}
							</th>
							<th scope="col" className="num">
								{t('metrics.col.signOffs')}
							</th>
						</tr>
					</thead>
					<tbody>
						{rows.map((r) => (
							<tr key={`${r.week}|${r.type}`}>
								<td>{weekLabel(r.week, r.isoWeek, t, locale)}</td>
								<td>{t(`metrics.type.${r.type}`)}</td>
								<td className="num">{formatNumber(r.count, locale)}</td>
								<td className="num">{formatNumber(r.answered, locale)}</td>
								<td className="num">{r.open ? formatNumber(r.open, locale) : t('common.dash')}</td>
								<td className="num">{duration(r.median, r.unit, t, locale)}</td>
								<td className="num">{duration(r.p90, r.unit, t, locale)}</td>
								<td className="num">{r.meanApprovals === null ? t('common.dash') : formatNumber(r.meanApprovals, locale)}</td>
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
	const { t } = useTranslation('integrations')
	return (
		<>
			<PageHead
				title={t('metrics.title')}
				actions={
					<>
						<Link className="button button-secondary" to="/admin/metrics/import">
							{t('metrics.importCsv')}
						</Link>
						<Link className="button button-secondary" to="/admin/api-keys">
							{t('apiKeys.title')}
						</Link>
						<Link className="button button-secondary" to="/admin/connectors">
							{t('connectors.title')}
						</Link>
					</>
				}
			>
				{t('metrics.intro', { zone: timeZone.replace(/_/g, ' ') })}
			</PageHead>
			<div className="card">
				<Form method="get" className="form-row filters">
					<Field label={t('common.from')} name="from" type="date" defaultValue={filters.from} error={errorOf('from')} />
					<Field label={t('common.to')} name="to" type="date" defaultValue={filters.to} error={errorOf('to')} />
					<SelectField
						label={t('metrics.team')}
						name="team"
						defaultValue={filters.team}
						placeholder={t('metrics.everyTeam')}
						options={teams.map((t) => ({ value: t.path, label: `${'  '.repeat(t.depth)}${teamLabel(t.path)}` }))}
						error={errorOf('team')}
					/>
					<div className="field" style={{ alignSelf: 'end' }}>
						<button type="submit" className="button">
							{t('metrics.show')}
						</button>
					</div>
				</Form>
			</div>
			{problems.length ? null : rows.length === 0 ? (
				<EmptyState title={t('metrics.empty.title')}>
					<Trans t={t} i18nKey="metrics.empty.text" components={{ keys: <Link to="/admin/api-keys" />, csv: <Link to="/admin/metrics/import" /> }} />
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
