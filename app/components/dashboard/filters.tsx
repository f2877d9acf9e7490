/**
 * The period, team and level the dashboard shows: presets for the usual periods, errors next to
 * the field they belong to, and an export of what is on screen.
 */
import { Form } from '@remix-run/react'

import { levelLabels } from '~/org/person-schema'
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
	label: string
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
			<nav className="presets" aria-label="Period presets">
				{props.presets.map((p) => (
					<a key={p.label} href={link(p)} className="preset" aria-current={p.from === query.from && p.to === query.to ? 'true' : undefined}>
						{p.label}
					</a>
				))}
			</nav>
			<Form method="get" className="filters" aria-label="Filters" noValidate>
				<div className={from.className}>
					<label htmlFor="from">From</label>
					{/* A date the browser cannot hold is left out of the field; its error quotes it. */}
					<input {...from.input} type="date" defaultValue={isReportDate(query.from) ? query.from : ''} />
					{from.error}
				</div>
				<div className={to.className}>
					<label htmlFor="to">To</label>
					<input {...to.input} type="date" defaultValue={isReportDate(query.to) ? query.to : ''} />
					{to.error}
				</div>
				<div className={team.className}>
					<label htmlFor="team">
						Team <span className="label-more">and its sub-teams</span>
					</label>
					<select {...team.input} defaultValue={query.team}>
						{/* A manager's report starts at their own team, listed once among the teams below. */}
						{props.ownLabel ? null : <option value="">Whole organisation</option>}
						{props.teams.map((t) => (
							<option key={t.id} value={t.id}>
								{teamLabel(t.path)}
							</option>
						))}
					</select>
					{team.error}
				</div>
				<div className={level.className}>
					<label htmlFor="level">Level</label>
					<select {...level.input} defaultValue={query.level}>
						<option value="">Everyone</option>
						{levels.map((l) => (
							<option key={l} value={l}>
								{levelLabels[l]}
							</option>
						))}
					</select>
					{level.error}
				</div>
				<div className="filter-actions">
					<button type="submit" className="button button-secondary">
						Show
					</button>
					{props.exportHref ? (
						<a className="button button-quiet" href={props.exportHref} download>
							Export CSV
						</a>
					) : null}
				</div>
			</Form>
		</div>
	)
}
