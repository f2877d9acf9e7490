import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'

import { userActor } from '~/audit/audit.server'
import { requireUser } from '~/auth/guard.server'
import { isAdmin } from '~/auth/roles'
import { reachesOwnSubtree } from '~/auth/roles'
import { EmptyState, PageHead } from '~/components/page'
import { filterAndPage, pageHref, readCommentFilters } from '~/replies/comment-filters'
import { hideComment, hideReply, leaderThreads, replyAsLeader, teamsInLeaderView } from '~/replies/threads.server'
import { THEME_LABELS } from '~/reports/sections/comment-themes'
import { errorResponse } from '~/utils/errors'
import { isUuid } from '~/utils/http'

export const meta: MetaFunction = () => [{ title: 'Comments · State of Now' }]

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
			return data({ ref, errors: outcome.errors }, { status: 422 })
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
	const filtering = Boolean(filters.team || filters.theme || filters.asked || filters.unanswered)
	return (
		<>
			<PageHead title="Comments and replies">
				Reply to a comment whose author asked for replies: they read it with the key only their browser holds. Neither you nor anyone else can learn who wrote it.
			</PageHead>
			{/* A plain GET form: the filters are in the address, to share, and work without JavaScript. */}
			<Form method="get" className="card comment-filters" aria-label="Filter the comments">
				<label>
					Team
					<select name="team" defaultValue={filters.team ?? ''}>
						<option value="">{reachesOwnSubtree(role) ? 'All of my teams' : 'All teams'}</option>
						{teams.map((t) => (
							<option key={t.id} value={t.id}>
								{t.label}
							</option>
						))}
					</select>
				</label>
				<label>
					Theme
					<select name="theme" defaultValue={filters.theme ?? ''}>
						<option value="">All themes</option>
						{Object.entries(THEME_LABELS).map(([key, label]) => (
							<option key={key} value={key}>
								{label}
							</option>
						))}
					</select>
				</label>
				<label className="checkbox-inline">
					<input type="checkbox" name="asked" value="1" defaultChecked={filters.asked} /> Asked for a reply
				</label>
				<label className="checkbox-inline">
					<input type="checkbox" name="unanswered" value="1" defaultChecked={filters.unanswered} /> Not answered yet
				</label>
				<button type="submit" className="button">
					Show
				</button>
				{filtering ? <Link to="?">Clear the filters</Link> : null}
			</Form>
			<p className="small muted" role="status">
				{total === 0 ? 'No comments' : total <= threads.length ? `${total} ${total === 1 ? 'comment' : 'comments'}` : `Comments ${first}–${first + threads.length - 1} of ${total}`}
				{filtering ? ' match these filters.' : '.'}
				{filters.team ? ' A team shows only the comment groups of at least the threshold’s number of people inside it; smaller teams’ comments are shown with a larger group.' : ''}
			</p>
			{threads.length ? (
				<ul className="comment-threads">
					{threads.map((c) => {
						const errors = result && result.ref === c.ref ? (result.errors as Record<string, string | undefined>) : {}
						return (
							<li key={c.ref} className="card" data-testid="comment-thread">
								<p className="small muted comment-theme">{THEME_LABELS[c.theme]}</p>
								<blockquote className="comment">{c.text}</blockquote>
								{c.messages.length ? (
									<ol className="thread-messages">
										{c.messages.map((m) => (
											<li key={m.id} className={m.fromAuthor ? 'from-author' : 'from-leader'}>
												<span className="small muted">
													{m.fromAuthor ? 'The author' : m.leaderName} · {m.writtenOn}
													{m.hidden ? ' · hidden' : ''}
												</span>
												<p>{m.body}</p>
												{isAdmin(role) && !m.hidden ? (
													<Form method="post" className="inline">
														<input type="hidden" name="ref" value={m.id} />
														<button type="submit" name="intent" value="hide-reply" className="link-button small">
															Hide this reply
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
											Your reply (signed with your name)
											{/* Keyed by the thread's length: a sent reply empties the box (no second click posts it twice); a refused one keeps the text. */}
											<textarea key={c.messages.length} name="body" rows={3} maxLength={2000} aria-invalid={errors.body ? true : undefined} />
										</label>
										{errors.body || errors._form ? <p className="field-error">{errors.body ?? errors._form}</p> : null}
										<button type="submit" name="intent" value="reply" className="button" disabled={navigation.state === 'submitting'}>
											Reply
										</button>
									</Form>
								) : (
									<p className="small muted">Its author did not ask for replies.</p>
								)}
								{isAdmin(role) ? (
									<Form method="post" className="inline">
										<input type="hidden" name="ref" value={c.ref} />
										<button type="submit" name="intent" value="hide-comment" className="link-button small">
											Hide this comment
										</button>
									</Form>
								) : null}
							</li>
						)
					})}
				</ul>
			) : filtering ? null : (
				<EmptyState title="No comments to show">
					Comments appear once a week is released, each with the smallest team of enough respondents around its author; none is in your view for the last 26 weeks.
				</EmptyState>
			)}
			{pages > 1 ? (
				<nav className="pager" aria-label="Pages of comments">
					{page > 1 ? (
						<Link to={pageHref(params, page - 1)} rel="prev">
							Previous
						</Link>
					) : null}
					<span>
						Page {page} of {pages}
					</span>
					{page < pages ? (
						<Link to={pageHref(params, page + 1)} rel="next">
							Next
						</Link>
					) : null}
				</nav>
			) : null}
		</>
	)
}
