/**
 * GitHub's pull requests of each mapped repository (GET /repos/{owner}/{repo}/pulls?state=all,
 * most recently updated first, next page from the Link header, stopping at the first one
 * updated before the start) and each one's reviews (GET …/pulls/{number}/reviews). As the
 * webhook: an approval cycle from the request for review to the first approving review (not by
 * a bot unless counted); the request's time is not in the list, so the pull request's creation
 * stands in only when no webhook said when the review was requested (the merge keeps the
 * earlier start it knows). GitHub answers 403 or 429 with x-ratelimit-remaining 0 and
 * x-ratelimit-reset (epoch seconds), or Retry-After for its secondary limits.
 */
import { asRecord, idText, isoTime, type MappedEvent } from '../provider'
import { type History, text } from './history'
import { nextLink, Refused } from './http'

const PER_PAGE = 50

export const githubHistory: History = {
	defaultUrl: 'https://api.github.com',
	needsUser: false,
	auth: ({ token }) => ({ authorization: `Bearer ${token}`, headers: { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' } }),
	async page({ client, since, includeBots, sources }, cursor) {
		const repos = Array.isArray(cursor?.repos) ? (cursor.repos as string[]) : sources.filter((s) => /^[\w.-]+\/[\w.-]+$/.test(s)).sort()
		if (!repos.length) throw new Refused('Map at least one repository (owner/name) to a team first: the backfill reads the mapped repositories.')
		const index = typeof cursor?.repo === 'number' ? cursor.repo : 0
		const repo = repos[index]
		if (!repo) return { events: [], cursor: { repos, repo: index }, done: true }
		const from = text(cursor?.next)
		const answer = from ? await client.get(from) : await client.get(`/repos/${repo}/pulls`, { state: 'all', sort: 'updated', direction: 'desc', per_page: PER_PAGE })
		const events: MappedEvent[] = []
		let reachedStart = false
		for (const pr of (Array.isArray(answer.body) ? answer.body : []).map(asRecord)) {
			const updated = isoTime(pr.updated_at)
			if (updated && Date.parse(updated) < since.getTime()) {
				reachedStart = true
				break
			}
			const number = idText(pr.number)
			const repoId = idText(asRecord(asRecord(pr.base).repo).id)
			if (!number || !repoId) continue
			const reviews: Record<string, unknown>[] = []
			let next: string | null = `/repos/${repo}/pulls/${number}/reviews?per_page=100`
			while (next) {
				const page = await client.get(next)
				reviews.push(...(Array.isArray(page.body) ? page.body : []).map(asRecord))
				next = nextLink(page.headers.get('link'))
			}
			const requested = (Array.isArray(pr.requested_reviewers) ? pr.requested_reviewers.length : 0) + (Array.isArray(pr.requested_teams) ? pr.requested_teams.length : 0)
			if (!requested && !reviews.length) continue
			const reviewers = new Set(reviews.map((r) => idText(asRecord(r.user).id) ?? text(asRecord(r.user).login)).filter(Boolean))
			const approvals = reviews
				.filter((r) => String(r.state).toUpperCase() === 'APPROVED' && (includeBots || asRecord(r.user).type !== 'Bot'))
				.map((r) => isoTime(r.submitted_at))
				.filter((t): t is string => t !== undefined)
				.sort()
			events.push({
				providerId: `${repoId}#${number}`,
				type: 'approval',
				source: repo,
				channel: 'pull_request',
				fallbackStart: isoTime(pr.created_at),
				endedAt: approvals[0],
				outcome: approvals[0] ? 'approved' : null,
				approvals: Math.max(1, requested + reviewers.size),
			})
		}
		const next = reachedStart ? null : nextLink(answer.headers.get('link'))
		if (next) return { events, cursor: { repos, repo: index, next }, done: false }
		return { events, cursor: { repos, repo: index + 1, next: null }, done: index + 1 >= repos.length }
	},
}
