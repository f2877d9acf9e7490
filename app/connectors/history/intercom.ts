/**
 * Intercom's conversation search (POST /conversations/search, `updated_at` after the start,
 * `pagination.starting_after` = the previous page's `pages.next.starting_after`). Each
 * conversation goes through the webhook's own mapping (statistics.first_admin_reply_at, bots
 * only when counted), so both paths give the same figure. Intercom answers 429 with
 * X-RateLimit-Reset (epoch seconds).
 */
import { asRecord, type MappedEvent } from '../provider'
import { intercom } from '../providers/intercom'
import { type History, text } from './history'

const PER_PAGE = 50

export const intercomHistory: History = {
	defaultUrl: 'https://api.intercom.io',
	needsUser: false,
	auth: ({ token }) => ({ authorization: `Bearer ${token}`, headers: { 'Intercom-Version': '2.11' } }),
	async page({ client, since, includeBots, now }, cursor) {
		const startingAfter = text(cursor?.startingAfter)
		const { body } = await client.post('/conversations/search', {
			query: { field: 'updated_at', operator: '>', value: Math.floor(since.getTime() / 1000) - 1 },
			pagination: { per_page: PER_PAGE, ...(startingAfter ? { starting_after: startingAfter } : {}) },
		})
		const page = asRecord(body)
		const events: MappedEvent[] = []
		for (const item of Array.isArray(page.conversations) ? page.conversations : []) {
			const mapped = intercom.map({ topic: 'conversation.user.created', data: { item } }, { includeBots, now, headers: new Headers() })
			events.push(...mapped.events)
		}
		const next = text(asRecord(asRecord(page.pages).next).starting_after)
		return { events, cursor: { startingAfter: next ?? startingAfter ?? null }, done: !next }
	},
}
