/**
 * Teams × dimensions over the period. Each cell prints its score and is coloured by how far it
 * sits from the group above it (the first row), so "worse than the organisation" reads at a
 * glance. Sortable by any column; the team column stays in view while the table scrolls sideways.
 */
import { useState } from 'react'

import { TableScroll } from '~/components/page'

import { fmt, signed } from './format'
import { CELL_INK, stepOf, STEPS } from './heatmap-scale'
import { hiddenShort } from './hidden'
import type { Report } from './types'

type Row = Report['heatmap'][number]
type SortKey = 'team' | string

export function Heatmap({ report: r }: { report: Report }) {
	const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'team', dir: 'asc' })
	const [reference, ...teams] = r.heatmap
	if (!reference) return null
	const refName = reference.label === 'Whole organisation' ? 'the organisation' : reference.label
	const value = (row: Row) => (sort.key === 'team' ? null : (row.scores?.[sort.key] ?? null))
	const sorted = [...teams].sort((a, b) => {
		if (sort.key === 'team') return (sort.dir === 'asc' ? 1 : -1) * a.label.localeCompare(b.label)
		const [x, y] = [value(a), value(b)]
		if (x === null || y === null) return x === null && y === null ? a.label.localeCompare(b.label) : x === null ? 1 : -1
		return (sort.dir === 'asc' ? 1 : -1) * (x - y)
	})
	const sortBy = (key: SortKey) => setSort((s) => ({ key, dir: s.key === key ? (s.dir === 'asc' ? 'desc' : 'asc') : key === 'team' ? 'asc' : 'asc' }))
	const ariaSort = (key: SortKey) => (sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined)
	const header = (key: SortKey, label: string, className?: string) => (
		<th key={key} scope="col" className={className} aria-sort={ariaSort(key)}>
			<button type="button" className="sort" onClick={() => sortBy(key)}>
				{label}
				<span aria-hidden="true" className="sort-mark">
					{sort.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
				</span>
			</button>
		</th>
	)
	return (
		<section className="card" aria-labelledby="heatmap">
			<div className="section-head">
				<h2 id="heatmap">Teams by dimension</h2>
				<Legend refName={refName} />
			</div>
			<TableScroll label="Scores of each team, by dimension" className="heatmap-wrap">
				<table className="heatmap">
					<caption className="sr-only">Scores 0–100 over the period, each compared with {refName} (the first row). Sort by a column with its button.</caption>
					<thead>
						<tr>
							{header('team', 'Team', 'sticky-col')}
							{r.dimensions.map((d) => header(d.key, d.label, 'num'))}
						</tr>
					</thead>
					<tbody>
						{[reference, ...sorted].map((row) => (
							<tr key={row.teamId} className={row === reference ? 'reference-row' : undefined}>
								<th scope="row" className="sticky-col">
									{row.label}
									{row.weeksHidden ? (
										<span className="cell-note">
											{row.weeksHidden} {row.weeksHidden === 1 ? 'week' : 'weeks'} left out
										</span>
									) : null}
								</th>
								{row.scores ? (
									r.dimensions.map(({ key, label }) => {
										const score = row.scores![key] ?? null
										const ref = reference.scores?.[key] ?? null
										const diff = score !== null && ref !== null && row !== reference ? score - ref : null
										const fav = row.favourable?.[key]
										return (
											<td
												key={key}
												className="num heat-cell"
												style={diff === null ? undefined : { background: STEPS[stepOf(diff)].fill, color: CELL_INK }}
												title={`${label}: ${fmt(score)}${fav != null ? ` (${fmt(fav)}% favourable)` : ''}${diff !== null ? `, ${signed(diff)} against ${refName}` : ''}`}
											>
												{fmt(score)}
												{diff !== null ? (
													<span className="sr-only">
														{' '}
														({signed(diff)} against {refName})
													</span>
												) : null}
											</td>
										)
									})
								) : (
									<td colSpan={r.dimensions.length} className={row.empty ? 'muted' : 'suppressed'}>
										{hiddenShort(row.hiddenBecause, r.k)}
									</td>
								)}
							</tr>
						))}
					</tbody>
				</table>
			</TableScroll>
			<p className="small muted heat-note">
				“Hidden: under {r.k}”: fewer than {r.k} people answered in every week. “Hidden †”: large enough, but shown it would let a smaller group be worked out by subtraction.
				{r.level ? ' Response times belong to teams, not levels.' : ''}
			</p>
		</section>
	)
}

function Legend({ refName }: { refName: string }) {
	return (
		<div className="heat-legend" aria-label={`Colour key: against ${refName}`} role="group">
			<span className="small muted">Against {refName}:</span>
			<ol>
				{STEPS.map((s) => (
					<li key={s.label} style={{ background: s.fill, color: CELL_INK }}>
						{s.label}
					</li>
				))}
			</ol>
		</div>
	)
}
