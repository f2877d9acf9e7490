/** An action's measured effect in words: before → since, the change with its interval, or why there is none yet. */
import { Trans, useTranslation } from 'react-i18next'

import type { ActionMeasure } from '~/actions/measure-action.server'
import { reportFormat } from '~/components/dashboard/format'

/** What the action is measured on: a dimension by its key, or the culture index (an action on a comment theme). */
export function useMeasureLabel() {
	const { t } = useTranslation('reports')
	return (m: Pick<ActionMeasure, 'metric'>) => (m.metric === 'culture' ? t('actions.cultureIndex') : t(`dimensions.${m.metric}`))
}

export function MeasureText({ m, k }: { m: ActionMeasure; k?: number }) {
	const { t, i18n } = useTranslation('reports')
	const f = reportFormat(i18n.language, t)
	const label = useMeasureLabel()(m)
	const r0 = (x: number | null) => (x === null ? '—' : f.fmt(Math.round(x)))
	const signed = (x: number) => (Math.round(x) === 0 ? '±0' : f.signed(x))
	const weeks = (n: number) => t('measure.weeks', { count: n })
	if (m.state === 'hidden') return <span className="muted">{k === undefined ? t('measure.hiddenNoK', { label }) : t('measure.hidden', { label, count: k })}</span>
	if (m.state === 'too-few-weeks')
		return <span className="muted">{t('measure.tooFewWeeks', { label, before: weeks(m.before.weeks.length), since: weeks(m.since.weeks.length) })}</span>
	const c = m.change
	const sides = t('measure.sides', { before: r0(m.before.mean), beforeWeeks: weeks(m.before.weeks.length), since: r0(m.since.mean), sinceWeeks: weeks(m.since.weeks.length) })
	if (m.state === 'too-few-teams') return <span>{t('measure.tooFewTeams', { label, sides })}</span>
	const delta = c.delta === null ? '' : t('measure.delta', { delta: signed(c.delta) })
	const interval = c.interval ? ` ${t('measure.interval', { low: signed(c.interval.low), high: signed(c.interval.high) })}` : ''
	const verdict = t(`measure.verdict.${c.verdict}`)
	return (
		<span>
			<Trans
				t={t}
				i18nKey="measure.measured"
				values={{ label, sides, change: `${delta}${interval}`, verdict }}
				components={{ strong: <strong className={c.verdict === 'up' ? 'delta-up' : c.verdict === 'down' ? 'delta-down' : undefined} /> }}
			/>
			{c.own !== null && c.controlsMean !== null ? ` ${t('measure.others', { own: signed(c.own), count: c.controls, mean: signed(c.controlsMean) })}` : ''}
		</span>
	)
}
