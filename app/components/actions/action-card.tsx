/** One action as a team reads it: what will change, for which team, who owns it, by when, how it is going and what it has done to its dimension. */
import { Link } from '@remix-run/react'

import type { ActionStatus } from '~/actions/action-fields'
import type { ActionMeasure } from '~/actions/measure-action.server'
import { useReportWords } from '~/components/dashboard/format'

import { MeasureText, useMeasureLabel } from './measure-text'

export const STATUS_BADGE: Record<ActionStatus, string> = {
	planned: 'badge',
	under_way: 'badge badge-warn',
	done: 'badge badge-ok',
	dropped: 'badge badge-danger',
}

export interface ActionCardData {
	id: string
	title: string
	teamLabel: string
	theme: string | null
	status: ActionStatus
	ownerName: string | null
	dueOn: string
	updates: { id: string; on: string; note: string }[]
	measure: ActionMeasure
}

export function ActionCard({ action: a, link, k }: { action: ActionCardData; link: string | null; k?: number }) {
	const { t, f } = useReportWords()
	const measureLabel = useMeasureLabel()
	const last = a.updates.at(-1)
	return (
		<article className="action-card" aria-label={a.title}>
			<p className="action-title">
				<span className={STATUS_BADGE[a.status]}>{t(`status.${a.status}`)}</span> {link ? <Link to={link}>{a.title}</Link> : <strong>{a.title}</strong>}
			</p>
			<p className="small muted">
				{a.teamLabel} · {a.theme ? t('actions.commentTheme', { theme: a.theme }) : measureLabel(a.measure)} ·{' '}
				{a.ownerName ? t('actions.owner', { name: a.ownerName }) : t('actions.noOwner')} · {t('actions.due', { date: f.day(a.dueOn) })}
			</p>
			{last ? (
				<p className="small">
					<span className="muted">{t('actions.updateOn', { date: f.day(last.on) })}</span> {last.note}
				</p>
			) : null}
			<p className="small">
				<MeasureText m={a.measure} k={k} />
			</p>
		</article>
	)
}
