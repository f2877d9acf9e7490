/** Culture and speed: what the data says in words, the autonomy × first-reply scatter (dots name their team), and the same as a table. */
import { useState } from 'react'

import { ScatterChart } from '~/components/charts.client'
import { TableScroll } from '~/components/page'
import { teamLabel } from '~/org/team-path'
import { useHydrated } from '~/utils/use-hydrated'

import { day, duration, fmt, shortDay } from './format'
import { plainFinding } from './plain-finding'
import type { Report } from './types'

export function CultureSpeed({ report: r }: { report: Report }) {
	const hydrated = useHydrated()
	const lag0 = r.correlations.find((c) => c.dimension === 'autonomy')?.lags.find((l) => l.lag === 0)
	return (
		<section className="card" aria-labelledby="scatter">
			<h2 id="scatter">Culture and speed</h2>
			{r.findings.length ? (
				<ul className="findings">
					{r.findings.map((f) => (
						<li key={f}>{plainFinding(f)}</li>
					))}
				</ul>
			) : null}
			{r.scatter.length ? (
				<>
					<p className="small muted">
						Each dot is one team in one week, across every team you can see (the team filter does not narrow it): its decision autonomy and its median first reply to customers.{' '}
						{lag0 && lag0.rho !== null
							? lag0.rho < -0.1
								? 'Where autonomy is higher, replies are faster.'
								: lag0.rho > 0.1
									? 'Where autonomy is higher, replies are slower.'
									: 'No clear link.'
							: ''}
					</p>
					<div className="chart-box chart-box-scatter">
						{hydrated ? (
							<ScatterChart
								points={r.scatter.map((p) => ({ x: p.autonomy, y: p.firstReplyMinutes, team: teamLabel(p.team), week: shortDay(p.week) }))}
								xLabel="Decision autonomy (0–100)"
								yLabel="Median first reply (minutes)"
								label="Decision autonomy against median first reply, one dot per team and week"
							/>
						) : null}
					</div>
				</>
			) : (
				<p className="muted">No team-week in this selection has both a score that may be shown and a first-reply median.</p>
			)}
			<ScatterTable points={r.scatter} />
		</section>
	)
}

/**
 * The scatter's table alternative. A large organisation has thousands of team-weeks, so the rows
 * are drawn when the table is opened rather than sent as HTML with every view.
 */
function ScatterTable({ points }: { points: Report['scatter'] }) {
	const [open, setOpen] = useState(false)
	if (!points.length) return null
	return (
		<details className="table-details" onToggle={(e) => setOpen(e.currentTarget.open)}>
			<summary>The same as a table ({points.length} team-weeks)</summary>
			<noscript>
				<p className="small muted">This table is drawn in the browser: turn on JavaScript to see it.</p>
			</noscript>
			{open ? (
				<TableScroll label="Autonomy and first reply by team and week">
					<table>
						<thead>
							<tr>
								<th scope="col">Team</th>
								<th scope="col">Week of</th>
								<th scope="col" className="num">
									Autonomy
								</th>
								<th scope="col" className="num">
									Median first reply
								</th>
							</tr>
						</thead>
						<tbody>
							{points.map((p) => (
								<tr key={`${p.team}${p.week}`}>
									<td>{teamLabel(p.team)}</td>
									<td>{day(p.week)}</td>
									<td className="num">{fmt(p.autonomy)}</td>
									<td className="num">{duration(p.firstReplyMinutes)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			) : null}
		</details>
	)
}
