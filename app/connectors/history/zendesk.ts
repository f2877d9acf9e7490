/**
 * Zendesk's cursor-based incremental ticket export (GET /api/v2/incremental/tickets/cursor.json,
 * `start_time` on the first page, then `cursor` = the previous page's `after_cursor`, until
 * `end_of_stream`), with the ticket metrics side-loaded (`include=metric_sets`). The first reply
 * is Zendesk's own figure: the ticket's `created_at` plus its metric set's
 * `reply_time_in_minutes.calendar` (public agent replies only, as the webhook's rule). Deleted
 * tickets are left out. Zendesk allows 10 export requests a minute and answers 429 with
 * Retry-After beyond that.
 */
import { asRecord, idText, isoTime, type MappedEvent } from '../provider'
import { basic, type History, text } from './history'

export const zendeskHistory: History = {
	defaultUrl: null,
	needsUser: true,
	auth: ({ user, token }) => ({ authorization: basic(`${user}/token`, token) }),
	async page({ client, since }, cursor) {
		const after = text(cursor?.after)
		const query = after ? { cursor: after, include: 'metric_sets' } : { start_time: Math.floor(since.getTime() / 1000), include: 'metric_sets' }
		const { body } = await client.get('/api/v2/incremental/tickets/cursor.json', query)
		const page = asRecord(body)
		const metrics = new Map<string, Record<string, unknown>>()
		for (const m of (Array.isArray(page.metric_sets) ? page.metric_sets : []).map(asRecord)) {
			const ticketId = idText(m.ticket_id)
			if (ticketId) metrics.set(ticketId, m)
		}
		const events: MappedEvent[] = []
		for (const ticket of (Array.isArray(page.tickets) ? page.tickets : []).map(asRecord)) {
			const id = idText(ticket.id)
			const startedAt = isoTime(ticket.created_at)
			if (!id || !startedAt || ticket.status === 'deleted') continue
			const minutes = asRecord(asRecord(metrics.get(id)).reply_time_in_minutes).calendar
			const endedAt = typeof minutes === 'number' && minutes >= 0 ? new Date(Date.parse(startedAt) + minutes * 60_000).toISOString() : undefined
			const channel = text(asRecord(ticket.via).channel)?.slice(0, 40) ?? null
			events.push({ providerId: id, type: 'customer_response', source: idText(ticket.group_id), startedAt, endedAt, channel })
		}
		const next = text(page.after_cursor)
		return { events, cursor: { after: next ?? after ?? null }, done: page.end_of_stream === true || !next }
	},
}
