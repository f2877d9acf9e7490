/**
 * For a manager: what to talk about with the team, from the figures the gate shows for their
 * subtree — the weakest dimensions now, what moved, the sub-team to look at, and why some groups
 * show nothing (so nobody reads a hidden team as a missing one).
 */
import { Trans } from 'react-i18next'

import { changeVerdict, isReal } from './change-verdict'
import { useReportWords } from './format'
import { hiddenLong } from './hidden'
import type { Report } from './types'
import { dimensionName, groupName } from './words'

export function ManagerBrief({ report: r }: { report: Report }) {
	const { t, f } = useReportWords()
	const a = r.attention
	const moved = r.changes.filter((c) => isReal(changeVerdict(c))).slice(0, 2)
	const hidden = r.heatmap.slice(1).filter((h) => !h.scores)
	const since = f.since(r.baseline, r.latest)
	const group = groupName(t, r.selected.id, r.selected.label)
	const strong = { strong: <strong /> }
	return (
		<section className="card brief" aria-labelledby="brief">
			<h2 id="brief">{t('brief.title', { group })}</h2>
			{/* The brief's figures are over the latest weeks, not the whole period above: said here, so they are not read against the trend's (issue 17). */}
			<p className="small muted">
				{r.baseline ? t('brief.periodWithBaseline', { latest: f.range(r.latest), baseline: f.range(r.baseline) }) : t('brief.period', { latest: f.range(r.latest) })}
			</p>
			<ul>
				{a.weakest.length ? (
					<li>
						<Trans
							t={t}
							i18nKey="brief.weakest"
							values={{ list: a.weakest.map((w) => t('brief.dimensionScore', { dimension: dimensionName(t, w.key), score: f.fmt(w.score) })).join(t('brief.and')) }}
							components={strong}
						/>
					</li>
				) : (
					<li>{t('brief.noWeakest')}</li>
				)}
				{moved.length ? (
					<li>
						<Trans
							t={t}
							i18nKey="brief.moved"
							values={{
								since,
								list: moved
									.map((c) =>
										c.delta > 0
											? t('brief.up', { dimension: dimensionName(t, c.key), points: f.points(c.delta) })
											: t('brief.down', { dimension: dimensionName(t, c.key), points: f.points(c.delta) }),
									)
									.join(', '),
							}}
							components={strong}
						/>{' '}
						{moved.some((c) => c.delta > 0) ? t('brief.askSticks') : t('brief.askSetsIn')}
					</li>
				) : r.changes.length && r.changes.every((c) => c.verdict === 'too-few-clusters') ? (
					<li>
						<Trans t={t} i18nKey="brief.tooFewTeams" values={{ since }} components={strong} />
					</li>
				) : r.changes.length ? (
					<li>
						<Trans t={t} i18nKey="brief.nothingMoved" values={{ since }} components={strong} />
					</li>
				) : null}
				{a.team ? (
					<li>
						{a.team.weakest ? (
							<Trans
								t={t}
								i18nKey="brief.lookAtWeakest"
								values={{ team: a.team.label, culture: f.fmt(a.team.culture), gap: Math.abs(Math.round(a.team.gap)), dimension: dimensionName(t, a.team.weakest.key, true) }}
								components={strong}
							/>
						) : (
							<Trans t={t} i18nKey="brief.lookAt" values={{ team: a.team.label, culture: f.fmt(a.team.culture), gap: Math.abs(Math.round(a.team.gap)) }} components={strong} />
						)}
					</li>
				) : null}
				{hidden.map((h) => (
					<li key={h.teamId}>
						<Trans t={t} i18nKey="brief.hidden" values={{ team: h.label, why: hiddenLong(h.hiddenBecause, r.k, t), group }} components={strong} />
					</li>
				))}
			</ul>
		</section>
	)
}
