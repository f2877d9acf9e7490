/**
 * Are we moving: the two dimensions that moved most since the baseline, each with whether that is
 * more than chance among all the dimensions tested (the family verdict: two picked out of seven
 * would otherwise read "more than chance" in 14–20% of organisations where nothing changed).
 */
import { changeVerdict, isReal, verdictWords } from './change-verdict'
import { useReportWords } from './format'
import { SectionPeriod } from './section-period'
import type { Report } from './types'
import { dimensionName } from './words'

export function Movers({ report: r }: { report: Report }) {
	const { t, f } = useReportWords()
	const top = r.changes.slice(0, 2)
	return (
		<section className="card summary-tile" aria-labelledby="movers">
			<h2 id="movers">{t('movers.title', { since: f.since(r.baseline, r.latest) })}</h2>
			<SectionPeriod report={r} covers="change" />
			{top.length ? (
				<ul className="movers">
					{top.map((c) => {
						const v = changeVerdict({ verdict: c.familyVerdict })
						return (
							<li key={c.key}>
								<span className={`delta delta-${Math.round(c.delta) > 0 ? 'up' : Math.round(c.delta) < 0 ? 'down' : 'flat'}`}>{f.signed(c.delta)}</span>
								<span>
									<strong>{dimensionName(t, c.key)}</strong>
									<span className="small muted">
										{' '}
										{t('movers.now', { score: f.fmt(c.latest) })} · {isReal(v) ? t('verdict.real') : v === 'too-few-clusters' ? verdictWords(v, t) : t('verdict.couldBeChance')}
									</span>
								</span>
							</li>
						)
					})}
				</ul>
			) : (
				<p className="muted small">{t('movers.none')}</p>
			)}
		</section>
	)
}
