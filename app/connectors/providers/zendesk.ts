/**
 * Zendesk event webhooks (Admin Center › Webhooks, subscribed to the ticket events
 * zen:event-type:ticket.created and zen:event-type:ticket.comment_added).
 *
 * Signature: X-Zendesk-Webhook-Signature is base64(HMAC-SHA256(secret, timestamp + body)) with the
 * timestamp of X-Zendesk-Webhook-Signature-Timestamp; the secret is the webhook's signing secret
 * Zendesk shows (we cannot choose it). The timestamp is signed, so a delivery older than
 * REPLAY_WINDOW_MS is refused even with a right signature.
 *
 * First response as Zendesk's reply time counts it: from the ticket's creation to the first
 * public comment by an agent; internal notes and the end user's comments do not end it, nor do
 * comments made by triggers and automations (Zendesk's system author, id -1) unless the admin
 * counts bots.
 */
import { asRecord, type Delivery, hmac, idText, isoTime, type MapOptions, type Mapped, type Provider, sameBytes } from '../provider'

export const REPLAY_WINDOW_MS = 5 * 60_000
const SYSTEM_AUTHOR = '-1'

function verify({ headers, body, now }: Delivery, secrets: string[]) {
	const signature = headers.get('x-zendesk-webhook-signature')
	const timestamp = headers.get('x-zendesk-webhook-signature-timestamp')
	if (!signature || !timestamp) return { ok: false as const, refusal: { code: 'timestampMissing' as const, header: 'X-Zendesk-Webhook-Signature' } }
	const at = Date.parse(timestamp)
	if (Number.isNaN(at)) return { ok: false as const, refusal: { code: 'timestampNotTime' as const } }
	if (Math.abs(now - at) > REPLAY_WINDOW_MS) return { ok: false as const, refusal: { code: 'timestampOutsideWindow' as const, minutes: REPLAY_WINDOW_MS / 60_000 } }
	const received = Buffer.from(signature, 'base64')
	const signed = Buffer.concat([Buffer.from(timestamp), body])
	return secrets.some((s) => sameBytes(received, hmac('sha256', s, signed))) ? { ok: true as const } : { ok: false as const, refusal: { code: 'signatureMismatch' as const } }
}

function map(payload: unknown, { includeBots }: MapOptions): Mapped {
	const p = asRecord(payload)
	const detail = asRecord(p.detail)
	const ticketId = idText(detail.id)
	const startedAt = isoTime(detail.created_at)
	if (!ticketId || !startedAt) return { events: [], ignored: { code: 'notTicket' } }
	const base = {
		providerId: ticketId,
		type: 'customer_response' as const,
		source: idText(detail.group_id),
		startedAt,
		channel: typeof asRecord(detail.via).channel === 'string' ? String(asRecord(detail.via).channel).slice(0, 40) : null,
	}
	if (p.type === 'zen:event-type:ticket.created') return { events: [base] }
	if (p.type === 'zen:event-type:ticket.comment_added') {
		const comment = asRecord(asRecord(p.event).comment)
		const author = asRecord(comment.author)
		const repliedAt = isoTime(p.time)
		if (comment.is_public !== true) return { events: [base], ignored: { code: 'internalNote' } }
		if (author.is_staff !== true) return { events: [base], ignored: { code: 'endUserComment' } }
		if (idText(author.id) === SYSTEM_AUTHOR && !includeBots) return { events: [base], ignored: { code: 'automationComment' } }
		return { events: [{ ...base, endedAt: repliedAt }] }
	}
	return { events: [], ignored: { code: 'eventNotUsed', event: String(p.type).slice(0, 80) } }
}

export const zendesk: Provider = {
	id: 'zendesk',
	label: 'Zendesk',
	secretFrom: 'provider',
	replayWindowMs: REPLAY_WINDOW_MS,
	verify,
	map,
	sign(body, secret, now) {
		const timestamp = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z')
		return {
			'X-Zendesk-Webhook-Signature': hmac('sha256', secret, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)])).toString('base64'),
			'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
		}
	},
}
