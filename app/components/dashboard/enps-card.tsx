/** eNPS now, its change since the baseline, and its weekly trend (with the same as a table). */
import { EnpsTrendChart } from '~/components/charts.client'
import { TableScroll } from '~/components/page'
import { useHydrated } from '~/utils/use-hydrated'

import { useReportWords } from './format'
import { SectionPeriod } from './section-period'
import type { Report } from './types'

export function EnpsCard({ report: r }: { report: Report }) {
	const { t, f } = useReportWords()
	const hydrated = useHydrated()
	const e = r.enpsChange
	const weeks = r.trend.filter((w) => w.enps !== null)
	return (
		<section className="card summary-tile" aria-labelledby="enps">
			<h2 id="enps">{t('enps.title')}</h2>
			<SectionPeriod report={r} covers={e.delta !== null ? 'change' : 'latest'} />
			{e.latest?.value != null ? (
				<>
					<p className="enps-figure">
						<strong data-testid="enps-value">{f.signed(e.latest.value)}</strong>
						{e.delta !== null ? (
							<span className={`delta delta-${Math.round(e.delta) > 0 ? 'up' : Math.round(e.delta) < 0 ? 'down' : 'flat'}`}>
								{f.signed(e.delta)} {f.since(r.baseline, r.latest)}
							</span>
						) : null}
					</p>
					<p className="small muted">
						{e.latest.n !== null && e.latest.promoters !== null && e.latest.detractors !== null
							? t('enps.counts', {
									promoters: t('enps.promoters', { count: e.latest.promoters }),
									detractors: t('enps.detractors', { count: e.latest.detractors }),
									answers: t('enps.answers', { count: e.latest.n }),
								})
							: t('enps.noCounts')}
					</p>
				</>
			) : (
				<p className="muted small">{t('enps.notShown', { count: r.k })}</p>
			)}
			{weeks.length >= 2 ? (
				<>
					<div className="chart-box chart-box-spark">
						{hydrated ? (
							<EnpsTrendChart labels={r.trend.map((w) => f.shortDay(w.week))} values={r.trend.map((w) => (w.enps === null ? null : w.enps))} label={t('enps.title')} />
						) : null}
					</div>
					<details className="table-details">
						<summary>{t('enps.asTable')}</summary>
						<TableScroll label={t('enps.byWeek')}>
							<table>
								<thead>
									<tr>
										<th scope="col">{t('table.weekOf')}</th>
										<th scope="col" className="num">
											{t('enps.title')}
										</th>
									</tr>
								</thead>
								<tbody>
									{weeks.map((w) => (
										<tr key={w.week}>
											<th scope="row">{f.dayAlone(w.week)}</th>
											<td className="num">{f.signed(w.enps!)}</td>
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
