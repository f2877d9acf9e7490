/** eNPS now, its change since the baseline, and its weekly trend (with the same as a table). */
import { EnpsTrendChart } from '~/components/charts.client'
import { TableScroll } from '~/components/page'
import { useHydrated } from '~/utils/use-hydrated'

import { day, plural, shortDay, signed, since } from './format'
import type { Report } from './types'

export function EnpsCard({ report: r }: { report: Report }) {
	const hydrated = useHydrated()
	const e = r.enpsChange
	const weeks = r.trend.filter((t) => t.enps !== null)
	return (
		<section className="card summary-tile" aria-labelledby="enps">
			<h2 id="enps">eNPS</h2>
			{e.latest?.value != null ? (
				<>
					<p className="enps-figure">
						<strong data-testid="enps-value">{signed(e.latest.value)}</strong>
						{e.delta !== null ? (
							<span className={`delta delta-${Math.round(e.delta) > 0 ? 'up' : Math.round(e.delta) < 0 ? 'down' : 'flat'}`}>
								{signed(e.delta)} {since(r.baseline, r.latest)}
							</span>
						) : null}
					</p>
					<p className="small muted">
						{plural(e.latest.promoters, 'promoter')}, {plural(e.latest.detractors, 'detractor')} of {plural(e.latest.n, 'answer')} in the latest weeks
					</p>
				</>
			) : (
				<p className="muted small">Not shown: no eNPS answers, or fewer than {r.k} respondents.</p>
			)}
			{weeks.length >= 2 ? (
				<>
					<div className="chart-box chart-box-spark">
						{hydrated ? <EnpsTrendChart labels={r.trend.map((t) => shortDay(t.week))} values={r.trend.map((t) => (t.enps === null ? null : t.enps))} /> : null}
					</div>
					<details className="table-details">
						<summary>eNPS by week as a table</summary>
						<TableScroll label="eNPS by week">
							<table>
								<thead>
									<tr>
										<th scope="col">Week of</th>
										<th scope="col" className="num">
											eNPS
										</th>
									</tr>
								</thead>
								<tbody>
									{weeks.map((t) => (
										<tr key={t.week}>
											<th scope="row">{day(t.week)}</th>
											<td className="num">{signed(t.enps!)}</td>
										</tr>
									))}
								</tbody>
							</table>
						</TableScroll>
					</details>
				</>
			) : null}
		</section>
	)
}
