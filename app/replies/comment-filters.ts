/**
 * The filters and pages of /comments, read from the address (so a filtered view is a link to
 * share, and works without JavaScript). Pure. Only the team filter chooses whose comments are
 * read, and it goes through the gate (threads.server.ts); theme, "asked for a reply" and "not
 * answered yet" read each comment's own words and thread, never who wrote it, so none of them
 * narrows a view to fewer people than the gate allowed.
 */
import { type CommentTheme, commentTheme, THEME_LABELS } from '~/reports/sections/comment-themes'

export const COMMENTS_PER_PAGE = 20

export interface CommentFilters {
	/** A team id as written in the address; checked against the leader's teams by the route. */
	team: string | null
	theme: CommentTheme | null
	asked: boolean
	unanswered: boolean
	page: number
}

const isTheme = (t: string): t is CommentTheme => Object.hasOwn(THEME_LABELS, t)

export function readCommentFilters(params: URLSearchParams): CommentFilters {
	const theme = params.get('theme') ?? ''
	const page = Number(params.get('page'))
	return {
		team: params.get('team') || null,
		theme: isTheme(theme) ? theme : null,
		asked: params.get('asked') === '1',
		unanswered: params.get('unanswered') === '1',
		page: Number.isInteger(page) && page > 0 ? page : 1,
	}
}

interface FilterableThread {
	text: string
	replyable: boolean
	messages: { fromAuthor: boolean; hidden: boolean }[]
}

/** The author asked for replies and no leader has answered their last word yet. */
export function awaitsAnswer(thread: FilterableThread): boolean {
	const shown = thread.messages.filter((m) => !m.hidden)
	return thread.replyable && (shown.length === 0 || shown.at(-1)!.fromAuthor)
}

/** The threads the filters keep (in their order), with each one's theme, and the page asked for. */
export function filterAndPage<T extends FilterableThread>(threads: T[], filters: CommentFilters) {
	const kept = threads
		.map((t) => ({ ...t, theme: commentTheme(t.text) }))
		.filter((t) => (!filters.theme || t.theme === filters.theme) && (!filters.asked || t.replyable) && (!filters.unanswered || awaitsAnswer(t)))
	const pages = Math.max(1, Math.ceil(kept.length / COMMENTS_PER_PAGE))
	const page = Math.min(filters.page, pages)
	return { threads: kept.slice((page - 1) * COMMENTS_PER_PAGE, page * COMMENTS_PER_PAGE), total: kept.length, page, pages, first: (page - 1) * COMMENTS_PER_PAGE + 1 }
}

/** The address of the same view on another page (page 1 is the address without a page). */
export function pageHref(params: URLSearchParams, page: number): string {
	const next = new URLSearchParams(params)
	if (page <= 1) next.delete('page')
	else next.set('page', String(page))
	const q = next.toString()
	return q ? `?${q}` : '?'
}
