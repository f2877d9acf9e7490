/** What should we do: the team below this group with the lowest index, and what is weakest in it. */
import { Trans } from 'react-i18next'

import { useReportWords } from './format'
import { SectionPeriod } from './section-period'
import type { Report } from './types'
import { dimensionName, groupObject } from './words'

export function Attention({ report: r, query }: { report: Report; query: { from: string; to: string; level: string } }) {
	const { t, f } = useReportWords()
	const a = r.attention
	const link = (teamId: string) => `?${new URLSearchParams({ from: query.from, to: query.to, team: teamId, ...(query.level ? { level: query.level } : {}) })}`
	// A first step for each dimension, in the words of the people who buy this: what a leader can change this month.
	const firstStep = (key: string) => <p className="first-step">{t('attention.firstStep', { step: t(`firstStep.${key}`) })}</p>
	const values = a.team ? { culture: f.fmt(a.team.culture), gap: Math.abs(Math.round(a.team.gap)), group: groupObject(t, r.selected.id, r.selected.label) } : {}
	return (
		<section className="card summary-tile" aria-labelledby="attention">
			<h2 id="attention">{t('attention.title')}</h2>
			<SectionPeriod report={r} covers="latest" />
			{a.team ? (
				<div data-testid="attention-item">
					<p className="attention-team">
						<a href={link(a.team.teamId)}>{a.team.label}</a>
					</p>
					<p className="small">
						{a.team.change !== null
							? t('attention.teamWithChange', { ...values, change: f.signed(a.team.change), since: f.since(r.baseline, r.latest) })
							: t('attention.team', values)}
						{a.team.weakest ? (
							<>
								{' '}
								<Trans
									t={t}
									i18nKey="attention.weakest"
									values={{ dimension: dimensionName(t, a.team.weakest.key), score: f.fmt(a.team.weakest.score) }}
									components={{ strong: <strong /> }}
								/>
							</>
						) : null}
					</p>
					{a.team.weakest ? firstStep(a.team.weakest.key) : null}
				</div>
			) : a.weakest.length ? (
				<div data-testid="attention-item">
					<p className="small">{t('attention.noneStandsOut', { group: groupObject(t, r.selected.id, r.selected.label) })}</p>
					<p>
						<strong>{dimensionName(t, a.weakest[0]!.key)}</strong> ({f.fmt(a.weakest[0]!.score)})
					</p>
					{firstStep(a.weakest[0]!.key)}
				</div>
			) : (
				<p className="muted small">{t('attention.nothing')}</p>
			)}
		</section>
	)
}
