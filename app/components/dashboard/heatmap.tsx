/**
 * Teams × dimensions over the period. Each cell prints its score and is coloured by how far it
 * sits from the group above it (the first row), so "worse than the organisation" reads at a
 * glance. Sortable by any column; the team column stays in view while the table scrolls sideways.
 */
import type { TFunction } from 'i18next'
import { useState } from 'react'

import { TableScroll } from '~/components/page'

import { useReportWords } from './format'
import { CELL_INK, stepOf, STEPS } from './heatmap-scale'
import { hiddenShort } from './hidden'
import type { Report } from './types'
import { dimensionName, groupName, groupObject } from './words'

type Row = Report['heatmap'][number]
type SortKey = 'team' | string

export function Heatmap({ report: r }: { report: Report }) {
	const { t, f } = useReportWords()
	const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'team', dir: 'asc' })
	const [reference, ...teams] = r.heatmap
	if (!reference) return null
	const refName = groupObject(t, reference.teamId, reference.label)
	const nameOf = (row: Row) => groupName(t, row.teamId, row.label)
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
				<h2 id="heatmap">{t('heatmap.title')}</h2>
				<Legend refName={refName} t={t} />
			</div>
			<TableScroll label={t('heatmap.tableLabel')} className="heatmap-wrap">
				<table className="heatmap">
					<caption className="sr-only">{t('heatmap.caption', { group: refName })}</caption>
					<thead>
						<tr>
							{header('team', t('table.team'), 'sticky-col')}
							{r.dimensions.map((d) => header(d.key, dimensionName(t, d.key), 'num'))}
						</tr>
					</thead>
					<tbody>
						{[reference, ...sorted].map((row) => (
							<tr key={row.teamId} className={row === reference ? 'reference-row' : undefined}>
								<th scope="row" className="sticky-col">
									{nameOf(row)}
									{row.weeksHidden ? <span className="cell-note">{t('heatmap.weeksLeftOut', { count: row.weeksHidden })}</span> : null}
								</th>
								{row.scores ? (
									r.dimensions.map(({ key }) => {
										const score = row.scores![key] ?? null
										const ref = reference.scores?.[key] ?? null
										const diff = score !== null && ref !== null && row !== reference ? score - ref : null
										const fav = row.favourable?.[key]
										return (
											<td
												key={key}
												className="num heat-cell"
												style={diff === null ? undefined : { background: STEPS[stepOf(diff)].fill, color: CELL_INK }}
												title={cellTitle(t, {
													dimension: dimensionName(t, key),
													score: f.fmt(score),
													favourable: fav != null ? f.fmt(fav) : null,
													diff: diff !== null ? f.signed(diff) : null,
													group: refName,
												})}
											>
												{f.fmt(score)}
												{diff !== null ? <span className="sr-only"> {t('heatmap.against', { diff: f.signed(diff), group: refName })}</span> : null}
											</td>
										)
									})
								) : (
									<td colSpan={r.dimensions.length} className={row.empty ? 'muted' : 'suppressed'}>
										{hiddenShort(row.hiddenBecause, r.k, t)}
									</td>
								)}
							</tr>
						))}
					</tbody>
				</table>
			</TableScroll>
			<p className="small muted heat-note">
				{t('heatmap.note', { count: r.k })}
				{r.level ? ` ${t('heatmap.levelNote')}` : ''}
			</p>
		</section>
	)
}

/** A cell's tooltip: "Decision autonomy: 62 (58% favourable), +4 against the organisation". */
function cellTitle(t: TFunction, v: { dimension: string; score: string; favourable: string | null; diff: string | null; group: string }) {
	const favourable = v.favourable === null ? '' : ` ${t('heatmap.favourable', { percent: v.favourable })}`
	const against = v.diff === null ? '' : `, ${t('heatmap.againstPlain', { diff: v.diff, group: v.group })}`
	return `${v.dimension}: ${v.score}${favourable}${against}`
}

function Legend({ refName, t }: { refName: string; t: TFunction }) {
	return (
		<div className="heat-legend" aria-label={t('heatmap.legendLabel', { group: refName })} role="group">
			<span className="small muted">{t('heatmap.legend', { group: refName })}</span>
			<ol>
				{STEPS.map((s) => (
					<li key={s.key} style={{ background: s.fill, color: CELL_INK }}>
						{t(`heatmap.steps.${s.key}`)}
					</li>
				))}
			</ol>
		</div>
	)
}
