/**
 * The headline change with its team-clustered 95% interval, what it lets us say (up, down, can't
 * tell, too few teams to tell) and the smallest change these teams could tell from chance.
 */
import { Trans } from 'react-i18next'

import type { ChangeVerdict } from '~/reports/stats'

import { useReportWords } from './format'

export interface ProgressFigures {
	delta: number | null
	interval: { low: number; high: number } | null
	verdict: ChangeVerdict
	smallestDetectable: number | null
	clusters: number
}

export function ProgressDetail({ progress: p }: { progress: ProgressFigures }) {
	const { t, f } = useReportWords()
	if (p.delta === null) return null
	const points = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${f.fmt(Math.abs(x), 1)}`
	return (
		<div className="stat-progress" data-testid="progress-detail">
			{p.verdict === 'too-few-clusters' || !p.interval ? (
				<p>
					<span className="badge badge-warn">{t('progress.tooFew')}</span> {t('progress.tooFewText', { count: p.clusters })}
				</p>
			) : (
				<>
					<p>
						<span className={`badge ${p.verdict === 'unclear' ? 'badge-warn' : p.verdict === 'up' ? 'badge-ok' : 'badge-danger'}`} data-testid="progress-verdict">
							{p.verdict === 'up' ? t('progress.rise') : p.verdict === 'down' ? t('progress.fall') : t('progress.cantTell')}
						</span>{' '}
						<Trans
							t={t}
							i18nKey="progress.interval"
							count={p.clusters}
							values={{ low: points(p.interval.low), high: points(p.interval.high) }}
							components={{ strong: <strong data-testid="progress-interval" /> }}
						/>
					</p>
					{p.smallestDetectable !== null ? (
						<p className="small" data-testid="smallest-change">
							{p.verdict === 'unclear' ? (
								<Trans t={t} i18nKey="progress.smallestUnclear" count={p.clusters} values={{ points: f.fmt(p.smallestDetectable, 1) }} components={{ strong: <strong /> }} />
							) : (
								<Trans t={t} i18nKey="progress.smallest" values={{ points: f.fmt(p.smallestDetectable, 1) }} components={{ strong: <strong /> }} />
							)}
						</p>
					) : null}
				</>
			)}
		</div>
	)
}
