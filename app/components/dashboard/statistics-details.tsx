/**
 * "How this was computed": the technical detail behind the first screen, one click away —
 * intervals, effect sizes, sample sizes, operational medians and the culture ↔ speed lag table.
 * Kept apart from the summary so the statistics can change without touching it.
 */
import { TableScroll } from '~/components/page'

import { changeVerdict, isReal, verdictWords } from './change-verdict'
import { duration, fmt, plural, range, signed } from './format'
import { LagTable } from './lag-table'
import { ProgressDetail } from './progress-detail'
import type { Report } from './types'

export function StatisticsDetails({ report: r }: { report: Report }) {
	const h = r.headline
	return (
		<details className="card how" data-testid="how-computed">
			<summary>How this was computed</summary>
			<div className="how-body">
				<p className="small">
					Every rule, with a worked example you can check by hand: <a href="/docs/method">the method</a>.
				</p>
				<h3>The index and its change</h3>
				{h.suppressed ? (
					<p className="small">No index is shown for this group and period, so there is nothing to compute.</p>
				) : (
					<ul className="small">
						<li>
							Baseline {r.baseline ? range(r.baseline) : '—'}: {fmt(h.baseline, 1)} ({plural(h.n.baseline, 'response')}). Latest weeks {range(r.latest)}: {fmt(h.rtmi, 1)} (
							{plural(h.n.latest, 'response')}).
						</li>
						<li>
							Change of the index {h.delta === null ? '—' : `${signed(h.delta, 1)} points`}
							{h.effectSize !== null ? `; effect size of the survey part d = ${fmt(h.effectSize, 2)}` : ''}. Called {verdictWords(h.verdict)}: a change is more than chance when its
							95% interval, clustered by team, leaves zero out.
							<ProgressDetail progress={h} />
						</li>
						<li>
							Median first reply {duration(h.operational.latest.firstResponseMinutes)} (target {h.operational.targets.firstResponseMinutes} min); median approval{' '}
							{h.operational.latest.approvalCycleHours === null ? '—' : `${fmt(h.operational.latest.approvalCycleHours, 1)} h`} (target {h.operational.targets.approvalCycleHours}{' '}
							h).
						</li>
						<li>
							Groups of fewer than {r.k} people are never shown, nor any group from which such a group could be worked out; a week in which a group is hidden is left out of its
							figures.
						</li>
					</ul>
				)}
				{r.changes.length ? (
					<>
						<h3>Each dimension since the baseline</h3>
						<TableScroll label="Dimension changes with intervals">
							<table>
								<thead>
									<tr>
										<th scope="col">Dimension</th>
										<th scope="col" className="num">
											Baseline
										</th>
										<th scope="col" className="num">
											Latest
										</th>
										<th scope="col" className="num">
											Change
										</th>
										<th scope="col" className="num">
											95% interval
										</th>
										<th scope="col" className="num">
											d
										</th>
										<th scope="col">Reading</th>
									</tr>
								</thead>
								<tbody>
									{r.changes.map((c) => (
										<tr key={c.key}>
											<th scope="row">{c.label}</th>
											<td className="num">{fmt(c.baseline, 1)}</td>
											<td className="num">{fmt(c.latest, 1)}</td>
											<td className="num">{signed(c.delta, 1)}</td>
											<td className="num">{c.low === null || c.high === null ? 'too few teams' : `${fmt(c.low, 1)} to ${fmt(c.high, 1)}`}</td>
											<td className="num">{fmt(c.d, 2)}</td>
											<td>{isReal(changeVerdict(c)) ? 'more than chance' : 'could be chance'}</td>
										</tr>
									))}
								</tbody>
							</table>
						</TableScroll>
					</>
				) : null}
				{r.findings.length ? (
					<>
						<h3>What the data says, with its statistics</h3>
						<ul className="small">
							{r.findings.map((f) => (
								<li key={f}>{f}</li>
							))}
						</ul>
					</>
				) : null}
				<h3>Culture ↔ first response time</h3>
				<p className="small muted">
					Spearman ρ between each dimension and the weekly median first reply, over team-weeks of teams without sub-teams; lag L pairs a week’s score with the reply time L weeks
					later. Negative: higher score, faster replies.
				</p>
				<LagTable correlations={r.correlations} test={r.correlationTest} />
			</div>
		</details>
	)
}
