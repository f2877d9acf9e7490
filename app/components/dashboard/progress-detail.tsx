/**
 * The headline change with its team-clustered 95% interval, what it lets us say (up, down, can't
 * tell, too few teams to tell) and the smallest change these teams could tell from chance.
 */
import type { ChangeVerdict } from '~/reports/stats'

export interface ProgressFigures {
	delta: number | null
	interval: { low: number; high: number } | null
	verdict: ChangeVerdict
	smallestDetectable: number | null
	clusters: number
}

const points = (x: number, digits = 1) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(digits)}`

export function ProgressDetail({ progress: p, unit = 'teams' }: { progress: ProgressFigures; unit?: string }) {
	if (p.delta === null) return null
	return (
		<div className="stat-progress" data-testid="progress-detail">
			{p.verdict === 'too-few-clusters' || !p.interval ? (
				<p>
					<span className="badge badge-warn">too few {unit} to tell</span> Its answers come from only {p.clusters} {p.clusters === 1 ? unit.replace(/s$/, '') : unit} (a team too
					small to be shown every week counts with the team above it): a change cannot be told from chance with fewer than 5, so no interval is shown.
				</p>
			) : (
				<>
					<p>
						<span className={`badge ${p.verdict === 'unclear' ? 'badge-warn' : p.verdict === 'up' ? 'badge-ok' : 'badge-danger'}`} data-testid="progress-verdict">
							{p.verdict === 'up' ? 'a real rise' : p.verdict === 'down' ? 'a real fall' : 'can’t tell from chance'}
						</span>{' '}
						95% interval <strong data-testid="progress-interval">{`${points(p.interval.low)} to ${points(p.interval.high)}`}</strong> points, from {p.clusters} {unit} (clustered by
						team, so the same people answering every week are not counted as new evidence).
					</p>
					{p.smallestDetectable !== null ? (
						<p className="small" data-testid="smallest-change">
							{p.verdict === 'unclear' ? 'Smallest change that would count: ' : 'Smallest change these teams can tell from chance: '}
							<strong>±{p.smallestDetectable.toFixed(1)} points</strong>
							{p.verdict === 'unclear' ? ` — with ${p.clusters} ${unit}, changes under ±${p.smallestDetectable.toFixed(1)} points can’t be told from chance.` : '.'}
						</p>
					) : null}
				</>
			)}
		</div>
	)
}
