/** Where are we and are we moving: the index, its change since the baseline in words, and the way to the target. */
import { changeSentence, headlineVerdict } from './change-verdict'
import { day, fmt, plural, range, since } from './format'
import { hiddenLong } from './hidden'
import type { Report } from './types'

export function IndexCard({ report: r }: { report: Report }) {
	const h = r.headline
	// Without a baseline in the period there is no change, but the index of the last week shown still says where we are.
	const lastShown = [...r.trend].reverse().find((t) => t.rtmi !== null)
	return (
		<section className="card summary-index" aria-labelledby="headline">
			<h2 id="headline">Real-Time Mindset Index</h2>
			{h.suppressed ? (
				<>
					{h.hiddenBecause === 'no-baseline' && lastShown ? (
						<p className="index-figure">
							<strong data-testid="index-value">{fmt(lastShown.rtmi)}</strong>
							<span className="muted"> / 100 in the week of {day(lastShown.week)}</span>
						</p>
					) : null}
					<p className="muted">
						{h.hiddenBecause === 'no-baseline' ? (
							<>
								The baseline{r.baselineSetting ? ` (${range(r.baselineSetting)})` : ''} is not in this period, so there is no change to show.{' '}
								{r.baselineSetting ? (
									<a
										href={`?${new URLSearchParams({ from: r.baselineSetting.from, to: r.to, ...(r.selected.id !== 'org' ? { team: r.selected.id } : {}), ...(r.level ? { level: r.level } : {}) })}`}
									>
										Show everything since the baseline
									</a>
								) : null}
							</>
						) : (
							`No index for this group: ${hiddenLong(h.hiddenBecause, r.k)} in the baseline or the latest weeks.`
						)}
					</p>
				</>
			) : (
				<>
					<p className="index-figure">
						<strong data-testid="index-value">{fmt(h.rtmi)}</strong>
						<span className="muted"> / 100</span>
					</p>
					{h.delta !== null ? (
						<p className={`index-change change-${headlineVerdict(h)}`} data-testid="index-change">
							{changeSentence(h.delta, headlineVerdict(h), since(r.baseline, r.latest))}
						</p>
					) : (
						<p className="muted">Not enough answers to compare with the baseline.</p>
					)}
					{h.delta !== null && h.verdict === 'unclear' && h.smallestDetectable !== null ? (
						<p className="small" data-testid="index-smallest-change">
							With {h.clusters} teams, changes under ±{fmt(h.smallestDetectable)} points can’t be told from chance.
						</p>
					) : null}
					{h.shareOfWay !== null && h.baseline !== null ? <TargetLine share={h.shareOfWay} from={h.baseline} target={h.target} /> : null}
					<p className="small muted">
						{fmt(h.baseline)} in the baseline ({r.baseline ? range(r.baseline) : '—'}), {fmt(h.rtmi)} in the latest weeks ({range(r.latest)}) · {plural(h.n.latest, 'response')}
					</p>
				</>
			)}
		</section>
	)
}

/** "66% of the way from 51 to the target of 75", or "Target of 75 passed". */
function TargetLine({ share, from, target }: { share: number; from: number; target: number }) {
	const pct = Math.round(share * 100)
	const text =
		share >= 1 ? `Target of ${target} passed` : share < 0 ? `Moving away from the target of ${target}` : `${pct}% of the way from ${fmt(from)} to the target of ${target}`
	return (
		<div className="target">
			<span className="progress-track" aria-hidden="true">
				<span className={`progress-fill${share >= 1 ? ' progress-done' : ''}`} style={{ width: `${Math.max(0, Math.min(100, pct))}%` }} />
			</span>
			<span data-testid="target">{text}</span>
		</div>
	)
}
