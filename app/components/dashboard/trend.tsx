/**
 * Week by week: the index alone with its target line, then each dimension as a small chart on
 * one shared scale (so their heights compare), and all of it as a table.
 */
import { IndexTrendChart, SmallTrendChart } from '~/components/charts.client'
import { TableScroll } from '~/components/page'
import { useHydrated } from '~/utils/use-hydrated'

import { day, fmt, range, shortDay, signed } from './format'
import { hiddenShort } from './hidden'
import type { Report } from './types'

export function Trend({ report: r }: { report: Report }) {
	const hydrated = useHydrated()
	const labels = r.trend.map((t) => shortDay(t.week))
	const nothing = r.trend.every((t) => t.culture === null)
	// One scale for every small chart: the lowest and highest weekly score of any dimension, in tens.
	const all = r.trend.flatMap((t) => r.dimensions.map((d) => t.dimensions[d.key]).filter((x): x is number => x != null))
	const min = all.length ? Math.max(0, Math.floor(Math.min(...all) / 10) * 10) : 0
	const max = all.length ? Math.min(100, Math.ceil(Math.max(...all) / 10) * 10) : 100
	const changeOf = new Map(r.changes.map((c) => [c.key, c]))
	return (
		<section className="card" aria-labelledby="trend">
			<h2 id="trend">Week by week</h2>
			{nothing ? <p className="muted">No week of this period can be shown for this group: the table says why.</p> : null}
			<div className="chart-box chart-box-index" hidden={nothing}>
				{hydrated ? <IndexTrendChart labels={labels} values={r.trend.map((t) => t.rtmi)} target={r.rtmiTarget} label="Real-Time Mindset Index" /> : null}
			</div>
			{!nothing && r.dimensions.length ? (
				<>
					<h3 className="multiples-title">
						Each dimension{' '}
						<span className="small muted">
							(all on the same {min}–{max} scale; the figure is the latest weeks, {range(r.latest)}, with its change since the baseline)
						</span>
					</h3>
					<ul className="multiples">
						{r.dimensions.map((d) => {
							const change = changeOf.get(d.key)
							// The latest weeks' score where the group is shown then (as in "Moved most"), else its last shown week.
							const now = change ? change.latest : ([...r.trend].reverse().find((t) => t.dimensions[d.key] != null)?.dimensions[d.key] ?? null)
							return (
								<li key={d.key} className="multiple">
									<p className="multiple-head">
										<span className="multiple-label">{d.label}</span>
										<span className="multiple-figures">
											<strong>{fmt(now)}</strong>
											{change ? (
												<span className={`small delta-text-${Math.round(change.delta) > 0 ? 'up' : Math.round(change.delta) < 0 ? 'down' : 'flat'}`}> {signed(change.delta)}</span>
											) : null}
										</span>
									</p>
									<div className="chart-box chart-box-multiple">
										{hydrated ? <SmallTrendChart labels={labels} data={r.trend.map((t) => t.dimensions[d.key] ?? null)} min={min} max={max} /> : null}
									</div>
								</li>
							)
						})}
					</ul>
				</>
			) : null}
			<details className="table-details">
				<summary>The same as a table, with participation</summary>
				<TableScroll label="Scores by week">
					<table>
						<caption className="sr-only">Scores by week, 0–100</caption>
						<thead>
							<tr>
								<th scope="col" className="sticky-col">
									Week of
								</th>
								<th scope="col" className="num">
									Index
								</th>
								<th scope="col" className="num">
									Culture
								</th>
								{r.dimensions.map((d) => (
									<th key={d.key} scope="col" className="num">
										{d.label}
									</th>
								))}
								<th scope="col" className="num">
									Participation
								</th>
							</tr>
						</thead>
						<tbody>
							{r.trend.map((t) => (
								<tr key={t.week}>
									<th scope="row" className="sticky-col">
										{day(t.week)}
									</th>
									{t.hiddenBecause ? (
										<td colSpan={r.dimensions.length + 2} className={t.suppressed ? 'suppressed' : 'muted'}>
											{t.hiddenBecause === 'pending' ? 'results after the pulse closes' : hiddenShort(t.hiddenBecause, r.k)}
										</td>
									) : (
										<>
											<td className="num">{fmt(t.rtmi)}</td>
											<td className="num">{fmt(t.culture)}</td>
											{r.dimensions.map((d) => (
												<td key={d.key} className="num">
													{fmt(t.dimensions[d.key])}
												</td>
											))}
										</>
									)}
									<td className="num">
										{t.invited ? (t.answered === null ? `— of ${t.invited}` : `${t.answered} of ${t.invited} (${fmt((t.answered / t.invited) * 100)}%)`) : '—'}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
				<p className="small muted">
					Participation counts people: those invited to at least one pulse that week, and how many of them answered — shown only where one pulse reached the group that week (each
					pulse&rsquo;s own page has its figure) and at least {r.k} people were invited.
				</p>
			</details>
		</section>
	)
}
