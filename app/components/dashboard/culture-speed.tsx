/** Culture and speed: what the data says in words, the autonomy × first-reply scatter (dots name their team), and the same as a table. */
import { useMemo, useState } from 'react'

import { ScatterChart } from '~/components/charts.client'
import { TableScroll } from '~/components/page'
import { teamLabel } from '~/org/team-path'
import { useHydrated } from '~/utils/use-hydrated'

import { Finding } from './finding'
import { useReportWords } from './format'
import { type PackedScatter, type ScatterPoint, unpackScatter } from './scatter-points'
import type { Report } from './types'

export function CultureSpeed({ report: r, scatter }: { report: Report; scatter: PackedScatter }) {
	const { t, f } = useReportWords()
	const hydrated = useHydrated()
	const points = useMemo(() => unpackScatter(scatter), [scatter])
	const lag0 = r.correlations.find((c) => c.dimension === 'autonomy')?.lags.find((l) => l.lag === 0)
	return (
		<section className="card" aria-labelledby="scatter">
			<h2 id="scatter">{t('speed.title')}</h2>
			{r.findingWords.length ? (
				<ul className="findings">
					{r.findingWords.map((w, i) => (
						<li key={i}>
							<Finding words={w} />
						</li>
					))}
				</ul>
			) : null}
			{points.length ? (
				<>
					<p className="small muted">
						{t('speed.eachDot')} {lag0 && lag0.rho !== null ? (lag0.rho < -0.1 ? t('speed.faster') : lag0.rho > 0.1 ? t('speed.slower') : t('speed.noLink')) : ''}
					</p>
					<div className="chart-box chart-box-scatter">
						{hydrated ? (
							<ScatterChart
								points={points.map((p) => ({ x: p.autonomy, y: p.firstReplyMinutes, team: teamLabel(p.team), week: f.shortDay(p.week) }))}
								xLabel={t('speed.xLabel')}
								yLabel={t('speed.yLabel')}
								label={t('speed.chartLabel')}
								words={{
									keys: t('speed.chartKeys'),
									title: (team, week) => t('speed.dotTitle', { team, week }),
									label: (x, y) => t('speed.dotLabel', { autonomy: f.fmt(x), minutes: f.fmt(y) }),
									focused: (team, week, x, y) => t('speed.dotFocused', { team, week, autonomy: f.fmt(x), minutes: f.fmt(y) }),
								}}
							/>
						) : null}
					</div>
				</>
			) : (
				<p className="muted">{t('speed.none')}</p>
			)}
			<ScatterTable points={points} />
		</section>
	)
}

/**
 * The scatter's table alternative. A large organisation has thousands of team-weeks, so the rows
 * are drawn when the table is opened rather than sent as HTML with every view.
 */
function ScatterTable({ points }: { points: ScatterPoint[] }) {
	const { t, f } = useReportWords()
	const [open, setOpen] = useState(false)
	if (!points.length) return null
	return (
		<details className="table-details" onToggle={(e) => setOpen(e.currentTarget.open)}>
			<summary>{t('speed.table', { count: points.length })}</summary>
			<noscript>
				<p className="small muted">{t('speed.noscript')}</p>
			</noscript>
			{open ? (
				<TableScroll label={t('speed.tableLabel')}>
					<table>
						<thead>
							<tr>
								<th scope="col">{t('table.team')}</th>
								<th scope="col">{t('table.weekOf')}</th>
								<th scope="col" className="num">
									{t('speed.autonomy')}
								</th>
								<th scope="col" className="num">
									{t('speed.medianFirstReply')}
								</th>
							</tr>
						</thead>
						<tbody>
							{points.map((p) => (
								<tr key={`${p.team}${p.week}`}>
									<td>{teamLabel(p.team)}</td>
									<td>{f.dayAlone(p.week)}</td>
									<td className="num">{f.fmt(p.autonomy)}</td>
									<td className="num">{f.duration(p.firstReplyMinutes)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			) : null}
		</details>
	)
}
