/**
 * "How this was computed": the technical detail behind the first screen, one click away —
 * intervals, effect sizes, sample sizes, operational medians and the culture ↔ speed lag table.
 * Kept apart from the summary so the statistics can change without touching it.
 */
import { Trans } from 'react-i18next'

import { TableScroll } from '~/components/page'

import { changeVerdict, isReal, verdictWords } from './change-verdict'
import { Finding } from './finding'
import { useReportWords } from './format'
import { LagTable } from './lag-table'
import { ProgressDetail } from './progress-detail'
import type { Report } from './types'
import { dimensionName } from './words'

export function StatisticsDetails({ report: r }: { report: Report }) {
	const { t, f } = useReportWords()
	const h = r.headline
	return (
		<details className="card how" data-testid="how-computed">
			<summary>{t('how.title')}</summary>
			<div className="how-body">
				<p className="small">
					<Trans t={t} i18nKey="how.method" components={{ method: <a href="/docs/method" /> }} />
				</p>
				<h3>{t('how.index')}</h3>
				{h.suppressed ? (
					<p className="small">{t('how.noIndex')}</p>
				) : (
					<ul className="small">
						<li>
							{t('how.windows', {
								baselineDates: r.baseline ? f.range(r.baseline) : '—',
								baseline: f.fmt(h.baseline, 1),
								baselineAnswers: f.answersOf(h.n.baseline),
								latestDates: f.range(r.latest),
								latest: f.fmt(h.rtmi, 1),
								latestAnswers: f.answersOf(h.n.latest),
							})}
						</li>
						<li>
							{h.delta === null ? t('how.changeNone') : t('how.change', { delta: f.signed(h.delta, 1) })}
							{h.effectSize !== null ? t('how.effectSize', { d: f.fmt(h.effectSize, 2) }) : ''}. {t('how.called', { verdict: verdictWords(h.verdict, t) })}
							<ProgressDetail progress={h} />
						</li>
						<li>
							{t('how.operational', {
								firstReply: f.duration(h.operational.latest.firstResponseMinutes),
								firstReplyTarget: h.operational.targets.firstResponseMinutes,
								approval: h.operational.latest.approvalCycleHours === null ? '—' : t('format.hours', { value: f.fmt(h.operational.latest.approvalCycleHours, 1) }),
								approvalTarget: h.operational.targets.approvalCycleHours,
							})}
						</li>
						<li>{t('how.never', { count: r.k })}</li>
					</ul>
				)}
				{r.changes.length ? (
					<>
						<h3>{t('how.dimensions')}</h3>
						<TableScroll label={t('how.dimensionsLabel')}>
							<table>
								<thead>
									<tr>
										<th scope="col">{t('table.dimension')}</th>
										<th scope="col" className="num">
											{t('how.baseline')}
										</th>
										<th scope="col" className="num">
											{t('how.latest')}
										</th>
										<th scope="col" className="num">
											{t('how.changeColumn')}
										</th>
										<th scope="col" className="num">
											{t('how.interval')}
										</th>
										<th scope="col" className="num">
											{t('how.d')}
										</th>
										<th scope="col">{t('how.reading')}</th>
									</tr>
								</thead>
								<tbody>
									{r.changes.map((c) => (
										<tr key={c.key}>
											<th scope="row">{dimensionName(t, c.key)}</th>
											<td className="num">{f.fmt(c.baseline, 1)}</td>
											<td className="num">{f.fmt(c.latest, 1)}</td>
											<td className="num">{f.signed(c.delta, 1)}</td>
											<td className="num">{c.low === null || c.high === null ? t('how.tooFewTeams') : t('how.range', { low: f.fmt(c.low, 1), high: f.fmt(c.high, 1) })}</td>
											<td className="num">{f.fmt(c.d, 2)}</td>
											<td>{isReal(changeVerdict(c)) ? t('verdict.real') : t('verdict.couldBeChance')}</td>
										</tr>
									))}
								</tbody>
							</table>
						</TableScroll>
					</>
				) : null}
				{r.findingWords.length ? (
					<>
						<h3>{t('how.findings')}</h3>
						<ul className="small">
							{r.findingWords.map((w, i) => (
								<li key={i}>
									<Finding words={w} withStatistics />
								</li>
							))}
						</ul>
					</>
				) : null}
				<h3>{t('how.speed')}</h3>
				<p className="small muted">{t('how.spearman')}</p>
				<LagTable correlations={r.correlations} test={r.correlationTest} />
			</div>
		</details>
	)
}
