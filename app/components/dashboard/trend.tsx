/**
 * Week by week: the index alone with its target line, then each dimension as a small chart on
 * one shared scale (so their heights compare), and all of it as a table.
 */
import { IndexTrendChart, SmallTrendChart } from '~/components/charts.client'
import { TableScroll } from '~/components/page'
import { useHydrated } from '~/utils/use-hydrated'

import { useReportWords } from './format'
import { hiddenShort } from './hidden'
import type { Report } from './types'
import { dimensionName } from './words'

export function Trend({ report: r }: { report: Report }) {
	const { t, f } = useReportWords()
	const hydrated = useHydrated()
	const labels = r.trend.map((w) => f.shortDay(w.week))
	const nothing = r.trend.every((w) => w.culture === null)
	// One scale for every small chart: the lowest and highest weekly score of any dimension, in tens.
	const all = r.trend.flatMap((w) => r.dimensions.map((d) => w.dimensions[d.key]).filter((x): x is number => x != null))
	const min = all.length ? Math.max(0, Math.floor(Math.min(...all) / 10) * 10) : 0
	const max = all.length ? Math.min(100, Math.ceil(Math.max(...all) / 10) * 10) : 100
	const changeOf = new Map(r.changes.map((c) => [c.key, c]))
	return (
		<section className="card" aria-labelledby="trend">
			<h2 id="trend">{t('trend.title')}</h2>
			{nothing ? <p className="muted">{t('trend.nothing')}</p> : null}
			<div className="chart-box chart-box-index" hidden={nothing}>
				{hydrated ? (
					<IndexTrendChart
						labels={labels}
						values={r.trend.map((w) => w.rtmi)}
						target={r.rtmiTarget}
						label={t('index.title')}
						targetLabel={t('trend.target', { target: r.rtmiTarget })}
					/>
				) : null}
			</div>
			{!nothing && r.dimensions.length ? (
				<>
					<h3 className="multiples-title">
						{t('trend.eachDimension')} <span className="small muted">{t('trend.scale', { min, max, latest: f.range(r.latest) })}</span>
					</h3>
					<ul className="multiples">
						{r.dimensions.map((d) => {
							const change = changeOf.get(d.key)
							// The latest weeks' score where the group is shown then (as in "Moved most"), else its last shown week.
							const now = change ? change.latest : ([...r.trend].reverse().find((w) => w.dimensions[d.key] != null)?.dimensions[d.key] ?? null)
							return (
								<li key={d.key} className="multiple">
									<p className="multiple-head">
										<span className="multiple-label">{dimensionName(t, d.key)}</span>
										<span className="multiple-figures">
											<strong>{f.fmt(now)}</strong>
											{change ? (
												<span className={`small delta-text-${Math.round(change.delta) > 0 ? 'up' : Math.round(change.delta) < 0 ? 'down' : 'flat'}`}>
													{' '}
													{f.signed(change.delta)}
												</span>
											) : null}
										</span>
									</p>
									<div className="chart-box chart-box-multiple">
										{hydrated ? <SmallTrendChart labels={labels} data={r.trend.map((w) => w.dimensions[d.key] ?? null)} min={min} max={max} /> : null}
									</div>
								</li>
							)
						})}
					</ul>
				</>
			) : null}
			<details className="table-details">
				<summary>{t('trend.asTable')}</summary>
				<TableScroll label={t('trend.tableLabel')}>
					<table>
						<caption className="sr-only">{t('trend.caption')}</caption>
						<thead>
							<tr>
								<th scope="col" className="sticky-col">
									{t('table.weekOf')}
								</th>
								<th scope="col" className="num">
									{t('table.index')}
								</th>
								<th scope="col" className="num">
									{t('trend.culture')}
								</th>
								{r.dimensions.map((d) => (
									<th key={d.key} scope="col" className="num">
										{dimensionName(t, d.key)}
									</th>
								))}
								<th scope="col" className="num">
									{t('trend.participation')}
								</th>
							</tr>
						</thead>
						<tbody>
							{r.trend.map((w) => (
								<tr key={w.week}>
									<th scope="row" className="sticky-col">
										{f.dayAlone(w.week)}
									</th>
									{w.hiddenBecause ? (
										<td colSpan={r.dimensions.length + 2} className={w.suppressed ? 'suppressed' : 'muted'}>
											{w.hiddenBecause === 'pending' ? t('trend.pending') : hiddenShort(w.hiddenBecause, r.k, t)}
										</td>
									) : (
										<>
											<td className="num">{f.fmt(w.rtmi)}</td>
											<td className="num">{f.fmt(w.culture)}</td>
											{r.dimensions.map((d) => (
												<td key={d.key} className="num">
													{f.fmt(w.dimensions[d.key])}
												</td>
											))}
										</>
									)}
									<td className="num">
										{w.invited
											? w.answered === null
												? t('trend.ofInvitedUnknown', { invited: w.invited })
												: t('trend.ofInvited', { answered: w.answered, invited: w.invited, percent: f.fmt((w.answered / w.invited) * 100) })
											: '—'}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
				<p className="small muted">{t('trend.participationNote', { count: r.k })}</p>
			</details>
		</section>
	)
}
