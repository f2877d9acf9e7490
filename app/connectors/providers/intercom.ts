/**
 * Intercom webhooks (Developer Hub › your app › Webhooks, topics conversation.user.created,
 * conversation.user.replied, conversation.admin.replied, conversation.admin.closed).
 *
 * Signature: X-Hub-Signature is `sha1=` + hex(HMAC-SHA1(client secret, raw body)); the secret is
 * the app's client secret from Basic Info (Intercom makes it, the admin pastes it). Intercom sends
 * no signed timestamp, so there is no replay window: a replayed delivery is caught by its digest
 * and by the conversation id (nothing is stored twice).
 *
 * First response as Intercom counts it: the conversation's `created_at` to
 * `statistics.first_admin_reply_at` (a teammate's reply; Fin and other bots are `bot` authors and
 * not counted). When a payload lacks the statistics, the earliest `comment` part by an `admin`
 * author is used; notes (`note` parts) never end it; bot comments only when the admin counts bots.
 */
import { asRecord, type Delivery, hmac, idText, isoTime, type MapOptions, type Mapped, prefixedHex, type Provider, sameBytes } from '../provider'

function verify({ headers, body }: Delivery, secrets: string[]) {
	const received = prefixedHex(headers.get('x-hub-signature'), 'sha1=')
	if (!received) return { ok: false as const, refusal: { code: 'signatureMissing' as const, header: 'X-Hub-Signature', format: 'sha1=<hex>' } }
	return secrets.some((s) => sameBytes(received, hmac('sha1', s, body))) ? { ok: true as const } : { ok: false as const, refusal: { code: 'signatureMismatch' as const } }
}

const CONVERSATION_TOPICS = new Set([
	'conversation.user.created',
	'conversation.user.replied',
	'conversation.admin.replied',
	'conversation.admin.closed',
	'conversation.admin.assigned',
])

// Intercom calls a human teammate's author type "admin" (its docs, "Conversation parts"), nothing to do with our roles.
const INTERCOM_AGENT_TYPES: ReadonlySet<unknown> = new Set(['admin'])

function firstReplyFromParts(item: Record<string, unknown>, includeBots: boolean): string | undefined {
	const parts = asRecord(item.conversation_parts).conversation_parts
	if (!Array.isArray(parts)) return undefined
	const times = parts
		.map(asRecord)
		.filter((p) => p.part_type === 'comment')
		.filter((p) => {
			const type = asRecord(p.author).type
			return INTERCOM_AGENT_TYPES.has(type) || (includeBots && type === 'bot')
		})
		.map((p) => isoTime(p.created_at))
		.filter((t): t is string => t !== undefined)
		.sort()
	return times[0]
}

function map(payload: unknown, { includeBots }: MapOptions): Mapped {
	const p = asRecord(payload)
	if (p.topic === 'ping') return { events: [], ignored: { code: 'ping' } }
	if (typeof p.topic !== 'string' || !CONVERSATION_TOPICS.has(p.topic)) return { events: [], ignored: { code: 'topicNotUsed', event: String(p.topic).slice(0, 80) } }
	const item = asRecord(asRecord(p.data).item)
	const conversationId = idText(item.id)
	const startedAt = isoTime(item.created_at)
	if (item.type !== 'conversation' || !conversationId || !startedAt) return { events: [], ignored: { code: 'notConversation' } }
	const statistics = asRecord(item.statistics)
	// Intercom's own figure first; the parts only when it is absent (older payloads, or bots counted).
	const fromStatistics = isoTime(statistics.first_admin_reply_at)
	const fromParts = firstReplyFromParts(item, includeBots)
	const endedAt = [fromStatistics, includeBots ? fromParts : fromStatistics ? undefined : fromParts].filter((t): t is string => t !== undefined).sort()[0]
	const source = asRecord(item.source)
	const channel = typeof source.delivered_as === 'string' ? source.delivered_as.slice(0, 40) : typeof source.type === 'string' ? source.type.slice(0, 40) : null
	return {
		events: [{ providerId: conversationId, type: 'customer_response', source: idText(item.team_assignee_id), startedAt, endedAt, channel }],
		...(p.topic === 'conversation.admin.replied' && !endedAt ? { ignored: { code: 'botReply' as const } } : {}),
	}
}

export const intercom: Provider = {
	id: 'intercom',
	label: 'Intercom',
	secretFrom: 'provider',
	verify,
	map,
	sign(body, secret) {
		return { 'X-Hub-Signature': `sha1=${hmac('sha1', secret, body).toString('hex')}` }
	},
}
