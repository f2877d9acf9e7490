/**
 * Jira Service Management approvals: the requests updated since the start (GET
 * /rest/api/3/search/jql, `nextPageToken` from page to page, until `isLast`) and each one's
 * approvals (GET /rest/servicedeskapi/request/{id}/approval; 404 for an issue that is not a
 * service request). The first approval of a request, from its `createdDate` to its
 * `completedDate` once decided (declined → rejected), keyed by the issue id as the webhook's
 * status-based approval is, so both land on one event. The project key is mapped to a team. Jira
 * answers 429 with Retry-After (and X-RateLimit-Reset).
 */
import { asRecord, idText, isoTime, type MappedEvent } from '../provider'
import { basic, type History, text } from './history'

const PER_PAGE = 50

const jqlDate = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ')

const approvalTime = (value: unknown) => {
	const v = asRecord(value)
	return typeof v.epochMillis === 'number' ? new Date(v.epochMillis).toISOString() : isoTime(v.iso8601)
}

export const jiraHistory: History = {
	defaultUrl: null,
	needsUser: true,
	auth: ({ user, token }) => ({ authorization: basic(user, token) }),
	async page({ client, since }, cursor) {
		const token = text(cursor?.next)
		const { body } = await client.get('/rest/api/3/search/jql', {
			jql: `updated >= "${jqlDate(since)}" ORDER BY updated ASC`,
			fields: 'created,updated,project',
			maxResults: PER_PAGE,
			nextPageToken: token,
		})
		const page = asRecord(body)
		const events: MappedEvent[] = []
		for (const issue of (Array.isArray(page.issues) ? page.issues : []).map(asRecord)) {
			const id = idText(issue.id)
			if (!id) continue
			const answer = await client.get(`/rest/servicedeskapi/request/${encodeURIComponent(id)}/approval`, undefined, [404])
			if (answer.status === 404) continue
			const approvals = (Array.isArray(asRecord(answer.body).values) ? (asRecord(answer.body).values as unknown[]) : [])
				.map(asRecord)
				.map((a) => ({ a, created: approvalTime(a.createdDate) }))
				.filter((x): x is { a: Record<string, unknown>; created: string } => x.created !== undefined)
				.sort((x, y) => x.created.localeCompare(y.created))
			const first = approvals[0]
			if (!first) continue
			const decision = String(first.a.finalDecision).toLowerCase()
			const decided = decision !== 'pending' ? approvalTime(first.a.completedDate) : undefined
			events.push({
				providerId: id,
				type: 'approval',
				source: idText(asRecord(asRecord(issue.fields).project).key),
				channel: 'service_desk',
				startedAt: first.created,
				endedAt: decided,
				outcome: decided ? (decision.startsWith('declin') ? 'rejected' : 'approved') : null,
				approvals: Array.isArray(first.a.approvers) ? Math.max(1, first.a.approvers.length) : null,
			})
		}
		const next = text(page.nextPageToken)
		return { events, cursor: { next: next ?? token ?? null }, done: page.isLast === true || !next }
	},
}
