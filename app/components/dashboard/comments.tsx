/**
 * In their own words: the comments the gate allows for this group, grouped by theme (read from
 * their words only), with counts, a search and what the latest week brought. No comment ever
 * shows a team, level or date: the list is the gate's, whole.
 */
import { useId, useState } from 'react'

import { useReportWords } from './format'
import type { Report } from './types'
import { themeName } from './words'

export function Comments({ report: r }: { report: Report }) {
	const { t, f } = useReportWords()
	const c = r.comments
	const [query, setQuery] = useState('')
	const [onlyNew, setOnlyNew] = useState(false)
	const searchId = useId()
	const q = query.trim().toLowerCase()
	const shown = c.tagged.filter((t) => (!q || t.text.toLowerCase().includes(q)) && (!onlyNew || t.fresh))
	const freshCount = c.tagged.filter((t) => t.fresh).length
	const filtering = Boolean(q) || onlyNew
	return (
		<section className="card" aria-labelledby="comments">
			<h2 id="comments">{t('comments.title')}</h2>
			{c.allowed && c.items ? (
				c.items.length ? (
					<>
						<div className="comment-tools">
							<label htmlFor={searchId} className="sr-only">
								{t('comments.search')}
							</label>
							<input id={searchId} type="search" placeholder={t('comments.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
							{c.newSince && freshCount ? (
								<label className="checkbox-inline">
									<input type="checkbox" checked={onlyNew} onChange={(e) => setOnlyNew(e.target.checked)} /> {t('comments.onlyNew', { count: freshCount })}
								</label>
							) : null}
						</div>
						<p className="small muted" role="status">
							{filtering ? t('comments.match', { count: shown.length, total: c.tagged.length }) : t('comments.count', { count: c.tagged.length })}
							{c.newSince
								? freshCount
									? ` · ${t('comments.newWith', { count: freshCount, week: f.day(c.newSince) })}`
									: ` · ${t('comments.noneNewWith', { week: f.day(c.newSince) })}`
								: ''}
						</p>
						<div className="themes">
							{c.themes.map((theme) => {
								const items = shown.filter((t) => t.theme === theme.theme)
								if (filtering && !items.length) return null
								const fresh = items.filter((t) => t.fresh).length
								return (
									<details key={theme.theme} className="theme" open={filtering ? true : undefined}>
										<summary>
											<span className="theme-label">{themeName(t, theme.theme)}</span>
											<span className="badge">{filtering ? t('comments.ofCount', { shown: items.length, total: theme.count }) : theme.count}</span>
											{fresh ? <span className="badge badge-new">{t('comments.newCount', { count: fresh })}</span> : null}
										</summary>
										<ul className="comments">
											{items.map((item, i) => (
												<li key={i}>
													{item.fresh ? <span className="badge badge-new">{t('comments.new')}</span> : null} {item.text}
												</li>
											))}
										</ul>
									</details>
								)
							})}
						</div>
						<p className="small muted">{t('comments.howGrouped', { count: c.threshold })}</p>
					</>
				) : (
					<p className="muted">{t('comments.none')}</p>
				)
			) : (
				<p className="muted">
					{c.reason === 'level' ? t('comments.hiddenLevel') : c.reason === 'pending' ? t('comments.hiddenPending') : t('comments.hiddenFew', { count: c.threshold })}
				</p>
			)}
		</section>
	)
}
