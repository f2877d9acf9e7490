/**
 * The period, team and level the dashboard shows: presets for the usual periods, errors next to
 * the field they belong to, and an export of what is on screen.
 */
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { teamLabel } from '~/org/team-path'
import { isReportDate } from '~/reports/dates'
import { levels } from '~db/enums'

export interface FilterQuery {
	from: string
	to: string
	team: string
	level: string
}
export type FieldErrors = Partial<Record<'from' | 'to' | 'team' | 'level', string>>
export interface Preset {
	/** Which period: the last 4, 13 or 26 weeks, or since the baseline. */
	key: 'last4' | 'quarter' | 'last26' | 'baseline'
	from: string
	to: string
}

export function Filters(props: {
	query: FilterQuery
	teams: { id: string; path: string }[]
	/** The label of the group a manager is scoped to, shown as the empty choice. */
	ownLabel: string | null
	errors: FieldErrors
	presets: Preset[]
	exportHref: string | null
}) {
	const { t } = useTranslation('reports')
	const { query, errors } = props
	const link = (p: Preset) => `?${new URLSearchParams({ from: p.from, to: p.to, ...(query.team ? { team: query.team } : {}), ...(query.level ? { level: query.level } : {}) })}`
	const field = (name: keyof FieldErrors) => ({
		className: `field${errors[name] ? ' has-error' : ''}`,
		input: { id: name, name, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': errors[name] ? `${name}-error` : undefined },
		error: errors[name] ? (
			<p className="field-error" id={`${name}-error`}>
				{errors[name]}
			</p>
		) : null,
	})
	const [from, to, team, level] = [field('from'), field('to'), field('team'), field('level')]
	return (
		<div className="dash-filters">
			<nav className="presets" aria-label={t('filters.presets')}>
				{props.presets.map((p) => (
					<a key={p.key} href={link(p)} className="preset" aria-current={p.from === query.from && p.to === query.to ? 'true' : undefined}>
						{t(`presets.${p.key}`)}
					</a>
				))}
			</nav>
			<Form method="get" className="filters" aria-label={t('filters.label')} noValidate>
				<div className={from.className}>
					<label htmlFor="from">{t('filters.from')}</label>
					{/* A date the browser cannot hold is left out of the field; its error quotes it. */}
					<input {...from.input} type="date" defaultValue={isReportDate(query.from) ? query.from : ''} />
					{from.error}
				</div>
				<div className={to.className}>
					<label htmlFor="to">{t('filters.to')}</label>
					<input {...to.input} type="date" defaultValue={isReportDate(query.to) ? query.to : ''} />
					{to.error}
				</div>
				<div className={team.className}>
					<label htmlFor="team">
						{t('filters.team')} <span className="label-more">{t('filters.subTeams')}</span>
					</label>
					<select {...team.input} defaultValue={query.team}>
						{/* A manager's report starts at their own team, listed once among the teams below. */}
						{props.ownLabel ? null : <option value="">{t('wholeOrganisation')}</option>}
						{props.teams.map((t) => (
							<option key={t.id} value={t.id}>
								{teamLabel(t.path)}
							</option>
						))}
					</select>
					{team.error}
				</div>
				<div className={level.className}>
					<label htmlFor="level">{t('filters.level')}</label>
					<select {...level.input} defaultValue={query.level}>
						<option value="">{t('filters.everyone')}</option>
						{levels.map((l) => (
							<option key={l} value={l}>
								{t(`levels.${l}`)}
							</option>
						))}
					</select>
					{level.error}
				</div>
				<div className="filter-actions">
					<button type="submit" className="button button-secondary">
						{t('filters.show')}
					</button>
					{props.exportHref ? (
						<a className="button button-quiet" href={props.exportHref} download>
							{t('filters.export')}
						</a>
					) : null}
				</div>
			</Form>
		</div>
	)
}
