/**
 * In their own words: the comments the gate allows for this group, grouped by theme (read from
 * their words only), with counts, a search and what the latest week brought. No comment ever
 * shows a team, level or date: the list is the gate's, whole.
 */
import { useId, useState } from 'react'

import { day, plural } from './format'
import type { Report } from './types'

export function Comments({ report: r }: { report: Report }) {
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
			<h2 id="comments">In their own words</h2>
			{c.allowed && c.items ? (
				c.items.length ? (
					<>
						<div className="comment-tools">
							<label htmlFor={searchId} className="sr-only">
								Search the comments
							</label>
							<input id={searchId} type="search" placeholder="Search the comments" value={query} onChange={(e) => setQuery(e.target.value)} />
							{c.newSince && freshCount ? (
								<label className="checkbox-inline">
									<input type="checkbox" checked={onlyNew} onChange={(e) => setOnlyNew(e.target.checked)} /> Only new ({freshCount})
								</label>
							) : null}
						</div>
						<p className="small muted" role="status">
							{filtering ? `${plural(shown.length, 'comment')} of ${c.tagged.length} match.` : `${plural(c.tagged.length, 'comment')}`}
							{c.newSince
								? freshCount
									? ` · ${freshCount} new with the week of ${day(c.newSince)}, the latest released`
									: ` · none new with the week of ${day(c.newSince)}, the latest released`
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
											<span className="theme-label">{theme.label}</span>
											<span className="badge">{filtering ? `${items.length} of ${theme.count}` : theme.count}</span>
											{fresh ? <span className="badge badge-new">{fresh} new</span> : null}
										</summary>
										<ul className="comments">
											{items.map((t, i) => (
												<li key={i}>
													{t.fresh ? <span className="badge badge-new">new</span> : null} {t.text}
												</li>
											))}
										</ul>
									</details>
								)
							})}
						</div>
						<p className="small muted">
							Only whole groups of at least {c.threshold} people who answered, never one level; grouped by their words, in an order that says nothing about who wrote them.
						</p>
					</>
				) : (
					<p className="muted">Nobody left a comment in this period.</p>
				)
			) : (
				<p className="muted">
					{c.reason === 'level'
						? 'Comments are shown for whole teams, never for one level: choose “Everyone” to read them.'
						: c.reason === 'pending'
							? 'Comments appear with the results, once the week’s pulses have closed.'
							: `Comments are shown only for groups in which at least ${c.threshold} people answered (and from which no smaller group can be worked out); this selection holds no such group.`}
				</p>
			)}
		</section>
	)
}
