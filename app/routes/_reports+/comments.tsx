import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'

import { userActor } from '~/audit/audit.server'
import { requireUser } from '~/auth/guard.server'
import { isAdmin } from '~/auth/roles'
import { reachesOwnSubtree } from '~/auth/roles'
import { useReportWords } from '~/components/dashboard/format'
import { themeName } from '~/components/dashboard/words'
import { EmptyState, PageHead } from '~/components/page'
import { personLocale } from '~/i18n/i18n.server'
import { isLocale, LOCALE_NAMES } from '~/i18n/locales'
import { metaT } from '~/i18n/react'
import { localizeReportProblems } from '~/i18n/report-problems.server'
import { filterAndPage, pageHref, readCommentFilters } from '~/replies/comment-filters'
import { hideComment, hideReply, leaderThreads, replyAsLeader, teamsInLeaderView } from '~/replies/threads.server'
import { COMMENT_THEMES } from '~/reports/sections/comment-themes'
import { errorResponse } from '~/utils/errors'
import { isUuid } from '~/utils/http'

export const meta: MetaFunction = ({ matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: t('page.comments', { ns: 'reports' }) }) }]
}

const LEADERS = ['executive', 'admin', 'manager'] as const

/**
 * The comments a leader's view holds (the last 26 weeks, whole comment groups), each with its
 * thread, filtered and paged as the address says. A team outside the view answers 404.
 */
export async function loader({ request }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request, LEADERS)
	const leader = { id: user.id, role: user.role, teamId: user.teamId }
	const filters = readCommentFilters(new URL(request.url).searchParams)
	const teams = await teamsInLeaderView(org.id, leader)
	if (filters.team && !teams.some((t) => t.id === filters.team)) throw errorResponse('NOT_FOUND')
	const all = await leaderThreads(org.id, leader, new Date(), filters.team ?? undefined)
	const shown = filterAndPage(all, filters)
	return { role: user.role, teams, filters, ...shown }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const { user, org } = await requireUser(request, LEADERS)
	const form = Object.fromEntries(await request.formData())
	const leader = { id: user.id, role: user.role, teamId: user.teamId }
	const actor = userActor(user, context)
	const ref = form.ref
	if (form.intent === 'reply') {
		if (!isUuid(ref)) throw errorResponse('NOT_FOUND')
		const outcome = await replyAsLeader(org.id, leader, ref, form.body, actor)
		if (!outcome.ok) {
			if ('notFound' in outcome) throw errorResponse('NOT_FOUND')
			return data({ ref, errors: localizeReportProblems(personLocale(user, org), outcome.errors) }, { status: 422 })
		}
		return { ref, errors: {} }
	}
	if (form.intent === 'hide-comment' || form.intent === 'hide-reply') {
		if (!isAdmin(user.role)) throw errorResponse('FORBIDDEN', 'Only admins moderate comments.')
		if (!isUuid(ref)) throw errorResponse('NOT_FOUND')
		const done = form.intent === 'hide-comment' ? await hideComment(org.id, leader, ref, actor) : await hideReply(org.id, leader, ref, actor)
		if (!done) throw errorResponse('NOT_FOUND')
		return { ref, errors: {} }
	}
	throw errorResponse('INVALID', 'Unknown action')
}

export default function Comments() {
	const { role, threads, teams, filters, total, page, pages, first } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const navigation = useNavigation()
	const [params] = useSearchParams()
	const { t, f } = useReportWords()
	const filtering = Boolean(filters.team || filters.theme || filters.asked || filters.unanswered)
	return (
		<>
			<PageHead title={t('page.commentsTitle')}>{t('threads.intro')}</PageHead>
			{/* A plain GET form: the filters are in the address, to share, and work without JavaScript. */}
			<Form method="get" className="card comment-filters" aria-label={t('threads.filter')}>
				<label>
					{t('filters.team')}
					<select name="team" defaultValue={filters.team ?? ''}>
						<option value="">{reachesOwnSubtree(role) ? t('threads.allMyTeams') : t('threads.allTeams')}</option>
						{teams.map((t) => (
							<option key={t.id} value={t.id}>
								{t.label}
							</option>
						))}
					</select>
				</label>
				<label>
					{t('threads.theme')}
					<select name="theme" defaultValue={filters.theme ?? ''}>
						<option value="">{t('threads.allThemes')}</option>
						{COMMENT_THEMES.map((key) => (
							<option key={key} value={key}>
								{themeName(t, key)}
							</option>
						))}
					</select>
				</label>
				<label className="checkbox-inline">
					<input type="checkbox" name="asked" value="1" defaultChecked={filters.asked} /> {t('threads.asked')}
				</label>
				<label className="checkbox-inline">
					<input type="checkbox" name="unanswered" value="1" defaultChecked={filters.unanswered} /> {t('threads.unanswered')}
				</label>
				<button type="submit" className="button">
					{t('filters.show')}
				</button>
				{filtering ? <Link to="?">{t('threads.clear')}</Link> : null}
			</Form>
			<p className="small muted" role="status">
				{total === 0
					? filtering
						? t('threads.noneMatch')
						: t('threads.none')
					: total <= threads.length
						? filtering
							? t('threads.countMatch', { count: total })
							: t('threads.count', { count: total })
						: filtering
							? t('threads.rangeMatch', { first, last: first + threads.length - 1, count: total })
							: t('threads.range', { first, last: first + threads.length - 1, count: total })}
				{filters.team ? ` ${t('threads.teamNote')}` : ''}
			</p>
			{threads.length ? (
				<ul className="comment-threads">
					{threads.map((c) => {
						const errors = result && result.ref === c.ref ? (result.errors as Record<string, string | undefined>) : {}
						return (
							<li key={c.ref} className="card" data-testid="comment-thread">
								<p className="small muted comment-theme">
									{themeName(t, c.theme)}
									{c.locale && isLocale(c.locale) ? ` · ${t('threads.writtenIn', { language: LOCALE_NAMES[c.locale] })}` : ''}
								</p>
								<blockquote className="comment" lang={c.locale ?? undefined}>
									{c.text}
								</blockquote>
								{c.messages.length ? (
									<ol className="thread-messages">
										{c.messages.map((m) => (
											<li key={m.id} className={m.fromAuthor ? 'from-author' : 'from-leader'}>
												<span className="small muted">
													{m.fromAuthor ? t('threads.author') : (m.leaderName ?? t('threads.formerLeader'))} · {f.day(m.writtenOn)}
													{m.hidden ? ` · ${t('threads.hidden')}` : ''}
												</span>
												<p>{m.body}</p>
												{isAdmin(role) && !m.hidden ? (
													<Form method="post" className="inline">
														<input type="hidden" name="ref" value={m.id} />
														<button type="submit" name="intent" value="hide-reply" className="link-button small">
															{t('threads.hideReply')}
														</button>
													</Form>
												) : null}
											</li>
										))}
									</ol>
								) : null}
								{c.replyable ? (
									<Form method="post">
										<input type="hidden" name="ref" value={c.ref} />
										<label>
											{t('threads.yourReply')}
											{/* Keyed by the thread's length: a sent reply empties the box (no second click posts it twice); a refused one keeps the text. */}
											<textarea key={c.messages.length} name="body" rows={3} maxLength={2000} aria-invalid={errors.body ? true : undefined} />
										</label>
										{errors.body || errors._form ? <p className="field-error">{errors.body ?? errors._form}</p> : null}
										<button type="submit" name="intent" value="reply" className="button" disabled={navigation.state === 'submitting'}>
											{t('threads.reply')}
										</button>
									</Form>
								) : (
									<p className="small muted">{t('threads.notAsked')}</p>
								)}
								{isAdmin(role) ? (
									<Form method="post" className="inline">
										<input type="hidden" name="ref" value={c.ref} />
										<button type="submit" name="intent" value="hide-comment" className="link-button small">
											{t('threads.hideComment')}
										</button>
									</Form>
								) : null}
							</li>
						)
					})}
				</ul>
			) : filtering ? null : (
				<EmptyState title={t('threads.emptyTitle')}>{t('threads.emptyText')}</EmptyState>
			)}
			{pages > 1 ? (
				<nav className="pager" aria-label={t('threads.pages')}>
					{page > 1 ? (
						<Link to={pageHref(params, page - 1)} rel="prev">
							{t('threads.previous')}
						</Link>
					) : null}
					<span>{t('threads.page', { page, count: pages })}</span>
					{page < pages ? (
						<Link to={pageHref(params, page + 1)} rel="next">
							{t('threads.next')}
						</Link>
					) : null}
				</nav>
			) : null}
		</>
	)
}
