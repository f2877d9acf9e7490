/**
 * What matters most: for one outcome (eNPS, the culture index), each dimension's score against
 * its importance (rank correlation with the outcome across respondents), with the suggested
 * focus — low score, high importance — named. A small SVG plus the same figures as a table.
 */
import { TableScroll } from '~/components/page'
import type { DriverResult } from '~/reports/drivers'

const HIDDEN_TEXT: Record<Extract<DriverResult, { shown: false }>['hiddenBecause'], string> = {
	'fewer-than-30': 'Shown for groups with at least 30 respondents in one week; this group had fewer.',
	'group-hidden': 'This group’s latest weeks are hidden to protect a small group, so nothing is worked out from its answers.',
	'not-asked': 'The pulse did not ask this question in the latest week.',
	'no-released-week': 'No week of the latest period is released yet.',
}

/** Two decimals with a true minus sign, and no "−0.00". */
const rho = (x: number) => {
	const s = Math.abs(x).toFixed(2)
	return x < 0 && Number(s) !== 0 ? `−${s}` : s
}

/**
 * The dashboard's card: the suggested focus said in its title line, the matrices one click away
 * (they are technical detail, and the page stays within three screens).
 */
export function DriversCard({ drivers }: { drivers: { culture: DriverResult; enps: DriverResult } }) {
	const focus = [drivers.enps, drivers.culture].flatMap((d) => (d.shown && d.focus ? [d.focus.label] : []))
	const shown = drivers.enps.shown || drivers.culture.shown
	return (
		<section className="card drivers-card" aria-labelledby="drivers">
			<details>
				<summary>
					<h2 id="drivers">What matters most</h2>{' '}
					<span className="small muted" data-testid="drivers-summary">
						{focus.length
							? `Suggested focus: ${[...new Set(focus)].join(' and ')}.`
							: shown
								? 'No dimension is both low and clearly important: no focus to suggest.'
								: 'Worked out for groups with at least 30 respondents in one week.'}
					</span>
				</summary>
				<PriorityMatrix drivers={drivers} />
			</details>
		</section>
	)
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
					<TableScroll label={`${title}: the same as a table`}>
						<table className="small">
							<thead>
								<tr>
									<th scope="col">Dimension</th>
									<th scope="col" className="num">
										Score
									</th>
									<th scope="col" className="num">
										Importance ρ
									</th>
								</tr>
							</thead>
							<tbody>
								{r.importances.map((i, n) => {
									const p = r.priorities.find((x) => x.dimension === i.dimension)!
									return (
										<tr key={i.dimension}>
											<th scope="row">
												<span className="stat-matrix-key">{n + 1}</span> {i.label}
												{p.focus ? <span className="badge badge-warn"> focus</span> : null}
											</th>
											<td className="num">{p.score.toFixed(0)}</td>
											<td className="num">
												{rho(i.importance)}
												<span className="stat-pq">
													95%: {rho(i.low)} to {rho(i.high)}
												</span>
											</td>
										</tr>
									)
								})}
							</tbody>
						</table>
					</TableScroll>
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
const H = 190
const PAD = { left: 30, right: 12, top: 12, bottom: 30 }

/**
 * Score (up) against importance (right), each dimension a numbered dot (the number of its row in
 * the table, so close dots never hide each other's names); the shaded corner is the focus rule:
 * at most the bottom quarter's highest score, at least the median importance.
 */
function Matrix({ result: r, label }: { result: Extract<DriverResult, { shown: true }>; label: string }) {
	const imps = r.priorities.map((p) => p.importance)
	const scores = r.priorities.map((p) => p.score)
	const lo = Math.min(0, ...imps) - 0.05
	const hi = Math.max(0.2, ...imps) + 0.05
	const sLo = Math.max(0, Math.floor((Math.min(...scores) - 8) / 10) * 10)
	const sHi = Math.min(100, Math.ceil((Math.max(...scores) + 8) / 10) * 10)
	const x = (v: number) => PAD.left + ((v - lo) / (hi - lo)) * (W - PAD.left - PAD.right)
	const y = (s: number) => PAD.top + (1 - (s - sLo) / (sHi - sLo || 1)) * (H - PAD.top - PAD.bottom)
	const number = new Map(r.importances.map((i, n) => [i.dimension, n + 1]))
	return (
		<svg className="stat-matrix" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
			<rect x={x(r.cuts.importance)} y={y(r.cuts.score)} width={W - PAD.right - x(r.cuts.importance)} height={y(sLo) - y(r.cuts.score)} className="stat-matrix-focus" />
			<line x1={PAD.left} x2={W - PAD.right} y1={y(sLo)} y2={y(sLo)} className="stat-matrix-axis" />
			<line x1={PAD.left} x2={PAD.left} y1={y(sHi)} y2={y(sLo)} className="stat-matrix-axis" />
			{lo < 0 ? <line x1={x(0)} x2={x(0)} y1={y(sHi)} y2={y(sLo)} className="stat-matrix-zero" /> : null}
			<text x={PAD.left - 4} y={y(sHi) + 4} textAnchor="end" className="stat-matrix-tick">
				{sHi}
			</text>
			<text x={PAD.left - 4} y={y(sLo)} textAnchor="end" className="stat-matrix-tick">
				{sLo}
			</text>
			<text x={PAD.left} y={H - 8} className="stat-matrix-tick">
				score ↑ · importance →
			</text>
			<text x={W - PAD.right - 3} y={y(sLo) - 4} textAnchor="end" className="stat-matrix-tick">
				focus: low score, high importance
			</text>
			{r.priorities.map((p) => (
				<g key={p.dimension}>
					<circle cx={x(p.importance)} cy={y(p.score)} r={7} className={p.focus ? 'stat-matrix-dot stat-matrix-dot-focus' : 'stat-matrix-dot'}>
						<title>{`${p.label}: score ${p.score.toFixed(0)}, importance ${p.importance.toFixed(2)}`}</title>
					</circle>
					<text x={x(p.importance)} y={y(p.score) + 3.5} textAnchor="middle" className="stat-matrix-number" aria-hidden="true">
						{number.get(p.dimension)}
					</text>
				</g>
			))}
		</svg>
	)
}
