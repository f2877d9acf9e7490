/** Where are we and are we moving: the index, its change since the baseline in words, and the way to the target. */
import { changeSentence, headlineVerdict } from './change-verdict'
import { useReportWords } from './format'
import { hiddenLong } from './hidden'
import { SectionPeriod } from './section-period'
import type { Report } from './types'

export function IndexCard({ report: r }: { report: Report }) {
	const { t, f } = useReportWords()
	const h = r.headline
	// Without a baseline in the period there is no change, but the index of the last week shown still says where we are.
	const lastShown = [...r.trend].reverse().find((w) => w.rtmi !== null)
	return (
		<section className="card summary-index" aria-labelledby="headline">
			<h2 id="headline">{t('index.title')}</h2>
			{h.suppressed ? null : <SectionPeriod report={r} covers="change" />}
			{h.suppressed ? (
				<>
					{h.hiddenBecause === 'no-baseline' && lastShown ? (
						<p className="index-figure">
							<strong data-testid="index-value">{f.fmt(lastShown.rtmi)}</strong>
							<span className="muted"> {t('index.ofWeek', { week: f.day(lastShown.week) })}</span>
						</p>
					) : null}
					<p className="muted">
						{h.hiddenBecause === 'no-baseline' ? (
							<>
								{r.baselineSetting ? t('index.noBaselineWithDates', { dates: f.range(r.baselineSetting) }) : t('index.noBaseline')}{' '}
								{r.baselineSetting ? (
									<a
										href={`?${new URLSearchParams({ from: r.baselineSetting.from, to: r.to, ...(r.selected.id !== 'org' ? { team: r.selected.id } : {}), ...(r.level ? { level: r.level } : {}) })}`}
									>
										{t('index.sinceBaseline')}
									</a>
								) : null}
							</>
						) : (
							t('index.hidden', { why: hiddenLong(h.hiddenBecause, r.k, t) })
						)}
					</p>
				</>
			) : (
				<>
					<p className="index-figure">
						<strong data-testid="index-value">{f.fmt(h.rtmi)}</strong>
						<span className="muted"> {t('index.of100')}</span>
					</p>
					{h.delta !== null ? (
						<p className={`index-change change-${headlineVerdict(h)}`} data-testid="index-change">
							{changeSentence(h.delta, headlineVerdict(h), f.since(r.baseline, r.latest), t)}
						</p>
					) : (
						<p className="muted">{t('index.noCompare')}</p>
					)}
					{h.delta !== null && h.verdict === 'unclear' && h.smallestDetectable !== null ? (
						<p className="small" data-testid="index-smallest-change">
							{t('index.smallest', { count: h.clusters, points: f.fmt(h.smallestDetectable) })}
						</p>
					) : null}
					{h.shareOfWay !== null && h.baseline !== null ? <TargetLine share={h.shareOfWay} from={h.baseline} target={h.target} /> : null}
					<p className="small muted">
						{t('index.windows', { baseline: f.fmt(h.baseline), baselineDates: r.baseline ? f.range(r.baseline) : '—', latest: f.fmt(h.rtmi), latestDates: f.range(r.latest) })} ·{' '}
						{f.answersOf(h.n.latest)}
					</p>
				</>
			)}
		</section>
	)
}

/** "66% of the way from 51 to the target of 75", or "Target of 75 passed". */
function TargetLine({ share, from, target }: { share: number; from: number; target: number }) {
	const { t, f } = useReportWords()
	const pct = Math.round(share * 100)
	const text =
		share >= 1 ? t('index.targetPassed', { target }) : share < 0 ? t('index.movingAway', { target }) : t('index.wayToTarget', { percent: pct, from: f.fmt(from), target })
	return (
		<div className="target">
			<span className="progress-track" aria-hidden="true">
				<span className={`progress-fill${share >= 1 ? ' progress-done' : ''}`} style={{ width: `${Math.max(0, Math.min(100, pct))}%` }} />
			</span>
			<span data-testid="target">{text}</span>
		</div>
	)
}
