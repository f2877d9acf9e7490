/** Are we moving: the two dimensions that moved most since the baseline, each with whether that is more than chance. */
import { changeVerdict, isReal, verdictWords } from './change-verdict'
import { fmt, signed, since } from './format'
import type { Report } from './types'

export function Movers({ report: r }: { report: Report }) {
	const top = r.changes.slice(0, 2)
	return (
		<section className="card summary-tile" aria-labelledby="movers">
			<h2 id="movers">Moved most {since(r.baseline, r.latest)}</h2>
			{top.length ? (
				<ul className="movers">
					{top.map((c) => {
						const v = changeVerdict(c)
						return (
							<li key={c.key}>
								<span className={`delta delta-${Math.round(c.delta) > 0 ? 'up' : Math.round(c.delta) < 0 ? 'down' : 'flat'}`}>{signed(c.delta)}</span>
								<span>
									<strong>{c.label}</strong>
									<span className="small muted">
										{' '}
										now {fmt(c.latest)} · {isReal(v) ? 'more than chance' : v === 'too-few-clusters' ? verdictWords(v) : 'could be chance'}
									</span>
								</span>
							</li>
						)
					})}
				</ul>
			) : (
				<p className="muted small">No dimension can be compared with the baseline for this group and period.</p>
			)}
		</section>
	)
}
