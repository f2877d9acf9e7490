/**
 * Freshdesk's ticket list (GET /api/v2/tickets?updated_since=…&order_by=updated_at&order_type=asc,
 * next page from the Link header) and each ticket's conversations
 * (GET /api/v2/tickets/{id}/conversations). The first response is the earliest conversation that
 * is an agent's (`incoming` false), public (`private` false) reply — not a note. Groups are named
 * as the webhook names them (GET /api/v2/groups, read once and kept in the cursor). Freshdesk
 * answers 429 with Retry-After.
 */
import { asRecord, idText, isoTime, type MappedEvent } from '../provider'
import { basic, type History, text } from './history'
import { nextLink } from './http'

const PER_PAGE = 30
/** Freshdesk's ticket `source` numbers, named as its webhook placeholder {{ticket.source}} names them (lower case). */
const SOURCES: Record<number, string> = { 1: 'email', 2: 'portal', 3: 'phone', 7: 'chat', 9: 'feedback widget', 10: 'outbound email' }
/** Conversation source 2 is a note. */
const NOTE_SOURCE = 2

export const freshdeskHistory: History = {
	defaultUrl: null,
	needsUser: false,
	auth: ({ token }) => ({ authorization: basic(token, 'X') }),
	async page({ client, since }, cursor) {
		let groups = asRecord(cursor?.groups) as Record<string, string>
		if (!cursor?.groups) {
			groups = {}
			let next: string | null = '/api/v2/groups?per_page=100'
			while (next) {
				const answer = await client.get(next)
				for (const g of (Array.isArray(answer.body) ? answer.body : []).map(asRecord)) {
					const id = idText(g.id)
					if (id && typeof g.name === 'string') groups[id] = g.name.trim().slice(0, 200)
				}
				next = nextLink(answer.headers.get('link'))
			}
		}
		const from = text(cursor?.next)
		const answer = from
			? await client.get(from)
			: await client.get('/api/v2/tickets', { updated_since: since.toISOString().replace(/\.\d{3}Z$/, 'Z'), order_by: 'updated_at', order_type: 'asc', per_page: PER_PAGE })
		const events: MappedEvent[] = []
		for (const ticket of (Array.isArray(answer.body) ? answer.body : []).map(asRecord)) {
			const id = idText(ticket.id)
			const startedAt = isoTime(ticket.created_at)
			if (!id || !startedAt) continue
			const conversations = await client.get(`/api/v2/tickets/${encodeURIComponent(id)}/conversations`, { per_page: 100 })
			const replies = (Array.isArray(conversations.body) ? conversations.body : [])
				.map(asRecord)
				.filter((c) => c.incoming === false && c.private === false && c.source !== NOTE_SOURCE)
				.map((c) => isoTime(c.created_at))
				.filter((t): t is string => t !== undefined)
				.sort()
			const groupId = idText(ticket.group_id)
			events.push({
				providerId: id,
				type: 'customer_response',
				source: groupId ? (groups[groupId] ?? groupId) : null,
				startedAt,
				endedAt: replies[0],
				channel: typeof ticket.source === 'number' ? (SOURCES[ticket.source] ?? null) : null,
			})
		}
		const next = nextLink(answer.headers.get('link'))
		return { events, cursor: { groups, next: next ?? from ?? null }, done: !next }
	},
}
