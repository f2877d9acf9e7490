/**
 * The dashboard's "Did our actions move the needle?": measured actions, those that moved their
 * dimension first; the first few here, every one on the Actions page.
 */
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { ActionCardData } from './action-card'
import { MeasureText } from './measure-text'

const SHOWN = 2

export function ActionsMoved({ actions, k }: { actions: ActionCardData[]; k: number }) {
	const { t } = useTranslation('reports')
	return (
		<section className="card" aria-labelledby="actions-moved">
			<h2 id="actions-moved">{t('moved.title')}</h2>
			{actions.length ? (
				<ul className="action-list">
					{actions.slice(0, SHOWN).map((a) => (
						<li key={a.id} className="action-card">
							<p className="action-title">
								<Link to={`/actions/${a.id}`}>{a.title}</Link> <span className="small muted">· {a.teamLabel}</span>
							</p>
							<p className="small">
								<MeasureText m={a.measure} k={k} />
							</p>
						</li>
					))}
				</ul>
			) : null}
			{actions.length > SHOWN ? (
				<p className="small">
					<Link to="/actions">{t('moved.all', { count: actions.length })}</Link>
				</p>
			) : null}
			{actions.length ? null : <p className="muted">{t('moved.none')}</p>}
		</section>
	)
}
