/**
 * Freshdesk through "Trigger webhook" actions of two automation rules (Admin › Workflows ›
 * Automations › Ticket creation, and Ticket updates on "Reply is sent" by an agent), each POSTing
 * the JSON documented in docs/operations.md.
 *
 * Freshdesk does not sign webhooks. What it can send is a custom header and HTTP basic
 * authentication, so the connector's generated secret must arrive as one of them: the
 * X-Connector-Secret header, or as the basic-auth password. Both are compared in constant time.
 * This is weaker than a signature (documented in docs/security.md): the secret travels with every
 * request (HTTPS only), nothing binds it to the body, and there is no timestamp; a replayed
 * delivery still stores nothing twice (digest, ticket id).
 *
 * Times: the documented JSON carries no time we can rely on, so `ticket_created_at` and
 * `replied_at` are optional; absent, the delivery's arrival is used — the rules fire on the
 * creation and on the reply, so that is their time to within Freshdesk's queueing (seconds; a
 * retried delivery later, which is why a figure from Freshdesk is approximate, see docs). The
 * group name is mapped to a team.
 */
import { asRecord, type Delivery, idText, isoTime, type MapOptions, type Mapped, type Provider, sameBytes } from '../provider'

export const FRESHDESK_SECRET_HEADER = 'x-connector-secret'

function basicPassword(header: string | null): string | null {
	if (!header?.toLowerCase().startsWith('basic ')) return null
	const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
	const colon = decoded.indexOf(':')
	return colon < 0 ? null : decoded.slice(colon + 1)
}

function verify({ headers }: Delivery, secrets: string[]) {
	const offered = [headers.get(FRESHDESK_SECRET_HEADER), basicPassword(headers.get('authorization'))].filter((s): s is string => !!s)
	if (!offered.length) return { ok: false as const, refusal: { code: 'secretNotSent' as const } }
	return offered.some((o) => secrets.some((s) => sameBytes(Buffer.from(o), Buffer.from(s))))
		? { ok: true as const }
		: { ok: false as const, refusal: { code: 'signatureMismatch' as const } }
}

function map(payload: unknown, { now, includeBots }: MapOptions): Mapped {
	const hook = asRecord(asRecord(payload).freshdesk_webhook)
	const ticketId = idText(hook.ticket_id)
	if (!ticketId) return { events: [], ignored: { code: 'noTicketId' } }
	const at = new Date(now).toISOString()
	const source = typeof hook.ticket_group_name === 'string' && hook.ticket_group_name.trim() ? hook.ticket_group_name.trim().slice(0, 200) : null
	const channel = typeof hook.ticket_source === 'string' ? hook.ticket_source.toLowerCase().slice(0, 40) : null
	const ticket = { providerId: ticketId, type: 'customer_response' as const, source, channel, startedAt: isoTime(hook.ticket_created_at) }
	if (hook.event === 'ticket_created') return { events: [{ ...ticket, startedAt: ticket.startedAt ?? at }] }
	if (hook.event === 'agent_reply') {
		// A rule may fire on replies an automation sends ("Performed by: System"): not a person's first response.
		if (hook.performed_by === 'system' && !includeBots) return { events: [ticket], ignored: { code: 'automationReply' } }
		return { events: [{ ...ticket, endedAt: isoTime(hook.replied_at) ?? at }] }
	}
	return { events: [], ignored: { code: 'eventNotUsed', event: String(hook.event).slice(0, 80) } }
}

export const freshdesk: Provider = {
	id: 'freshdesk',
	label: 'Freshdesk',
	secretFrom: 'generated',
	verify,
	map,
	sign(_body, secret) {
		return { 'X-Connector-Secret': secret }
	},
}
