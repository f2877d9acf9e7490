/**
 * What matters most: for one outcome (eNPS, the culture index), each dimension's score against
 * its importance (rank correlation with the outcome across respondents), with the suggested
 * focus — low score, high importance — named. A small SVG plus the same figures as a table.
 */
import type { DriverResult } from '~/reports/drivers'

const HIDDEN_TEXT: Record<Extract<DriverResult, { shown: false }>['hiddenBecause'], string> = {
	'fewer-than-30': 'Shown for groups with at least 30 respondents in one week; this group had fewer.',
	'group-hidden': 'This group’s latest weeks are hidden to protect a small group, so nothing is worked out from its answers.',
	'not-asked': 'The pulse did not ask this question in the latest week.',
	'no-released-week': 'No week of the latest period is released yet.',
}

export function PriorityMatrix({ drivers }: { drivers: { culture: DriverResult; enps: DriverResult } }) {
	return (
		<div className="stat-drivers">
			<DriverBlock id="drivers-enps" title="What matters most for eNPS" result={drivers.enps} outcome="eNPS" />
			<DriverBlock id="drivers-culture" title="What matters most for the culture index" result={drivers.culture} outcome="the culture index (of the other dimensions)" />
		</div>
	)
}

function DriverBlock({ id, title, result: r, outcome }: { id: string; title: string; result: DriverResult; outcome: string }) {
	return (
		<section aria-labelledby={id} data-testid={id}>
			<h3 id={id}>{title}</h3>
			{!r.shown ? (
				<p className="muted">{HIDDEN_TEXT[r.hiddenBecause]}</p>
			) : (
				<>
					<p data-testid={`${id}-focus`}>
						{r.focus ? (
							<>
								Suggested focus: <strong>{r.focus.label}</strong> — among the lowest scores, and among what goes most with {outcome}.
							</>
						) : (
							'No suggested focus: none of the lowest-scoring dimensions is clearly among the most important.'
						)}
					</p>
					<Matrix result={r} label={`${title}: score against importance`} />
					<div className="table-wrap">
						<table className="small">
							<thead>
								<tr>
									<th scope="col">Dimension</th>
									<th scope="col" className="num">
										Score
									</th>
									<th scope="col" className="num">
										Importance ρ (95% interval)
									</th>
								</tr>
							</thead>
							<tbody>
								{r.importances.map((i) => {
									const p = r.priorities.find((x) => x.dimension === i.dimension)!
									return (
										<tr key={i.dimension}>
											<th scope="row">
												{i.label}
												{p.focus ? <span className="badge badge-warn"> focus</span> : null}
											</th>
											<td className="num">{p.score.toFixed(0)}</td>
											<td className="num">
												{i.importance.toFixed(2)} ({i.low.toFixed(2)} to {i.high.toFixed(2)})
											</td>
										</tr>
									)
								})}
							</tbody>
						</table>
					</div>
					<p className="small muted">
						{r.n} respondents in the week of {r.week}, each once. Importance: Spearman’s ρ between a person’s score on the dimension and {outcome}; an association, not a cause.
					</p>
				</>
			)}
		</section>
	)
}

// Plot area in SVG units; the SVG scales to its box, so it fits a phone and a desktop alike.
const W = 320
const H = 200
const PAD = { left: 34, right: 10, top: 10, bottom: 30 }

function Matrix({ result: r, label }: { result: Extract<DriverResult, { shown: true }>; label: string }) {
	const imps = r.priorities.map((p) => p.importance)
	const lo = Math.min(0, ...imps)
	const hi = Math.max(0.1, ...imps)
	const x = (v: number) => PAD.left + ((v - lo) / (hi - lo || 1)) * (W - PAD.left - PAD.right)
	const y = (s: number) => PAD.top + (1 - s / 100) * (H - PAD.top - PAD.bottom)
	const midX = x((lo + hi) / 2)
	return (
		<svg className="stat-matrix" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
			<rect x={midX} y={y(50)} width={W - PAD.right - midX} height={y(0) - y(50)} className="stat-matrix-focus" />
			<line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} className="stat-matrix-axis" />
			<line x1={PAD.left} x2={PAD.left} y1={y(100)} y2={y(0)} className="stat-matrix-axis" />
			<text x={PAD.left - 4} y={y(100) + 4} textAnchor="end" className="stat-matrix-tick">
				100
			</text>
			<text x={PAD.left - 4} y={y(0)} textAnchor="end" className="stat-matrix-tick">
				0
			</text>
			<text x={(PAD.left + W - PAD.right) / 2} y={H - 6} textAnchor="middle" className="stat-matrix-tick">
				importance → (score ↑)
			</text>
			<text x={W - PAD.right - 4} y={y(0) - 6} textAnchor="end" className="stat-matrix-tick">
				low score, high importance
			</text>
			{r.priorities.map((p) => (
				<g key={p.dimension}>
					<circle cx={x(p.importance)} cy={y(p.score)} r={p.focus ? 6 : 4} className={p.focus ? 'stat-matrix-dot stat-matrix-dot-focus' : 'stat-matrix-dot'} />
					<text x={x(p.importance) + (x(p.importance) > W - 90 ? -8 : 8)} y={y(p.score) + 4} textAnchor={x(p.importance) > W - 90 ? 'end' : 'start'} className="stat-matrix-label">
						{p.label}
					</text>
				</g>
			))}
		</svg>
	)
}
