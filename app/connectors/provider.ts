/**
 * What every provider module gives: how its deliveries are signed (checked on the raw bytes,
 * before anything is parsed) and how its payloads become response-time events. Pure: no
 * database, no Request; the receiver (receive.server.ts) does the rest the same way for all.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

import type { ConnectorProvider } from '~db/schema'

export interface Delivery {
	headers: Headers
	body: Buffer
	now: number
}

/** Why a delivery was refused, as a code (the admin's page words it) with its data: a header's name, a format, a window. */
export type Refusal =
	| { code: 'signatureMissing'; header: string; format: string }
	| { code: 'secretNotSent' }
	| { code: 'timestampMissing'; header: string }
	| { code: 'timestampNotTime' }
	| { code: 'timestampOutsideWindow'; minutes: number }
	| { code: 'signatureMismatch' }

export type Verification = { ok: true } | { ok: false; refusal: Refusal }

/** A refusal in English, for the tool's delivery log and the server's own log (the admin's page words the code). */
export function refusalText(r: Refusal): string {
	switch (r.code) {
		case 'signatureMissing':
			return `The ${r.header} header is missing or not ${r.format}.`
		case 'secretNotSent':
			return 'Neither the X-Connector-Secret header nor basic authentication was sent.'
		case 'timestampMissing':
			return `The ${r.header} or its timestamp header is missing.`
		case 'timestampNotTime':
			return 'The signature timestamp is not a time.'
		case 'timestampOutsideWindow':
			return `The signature timestamp is more than ${r.minutes} minutes away from now (a replayed or delayed delivery).`
		case 'signatureMismatch':
			return 'The signature does not match this connector’s secret.'
	}
}

/** One of the provider's objects (a ticket, a conversation, a pull request) as an event, or part of one. */
export interface MappedEvent {
	/** The provider's own id of the object; hashed before it is stored. */
	providerId: string
	type: 'customer_response' | 'approval'
	/** The provider's group / team / project / repository, matched against the team mapping; null: none. */
	source: string | null
	/** When the customer wrote or the approval was requested, if this delivery says. */
	startedAt?: string
	/** Used only when nothing earlier said when it started (a review whose request we never saw). */
	fallbackStart?: string
	/** The first public reply or the decision. */
	endedAt?: string
	channel?: string | null
	approvals?: number | null
	outcome?: 'approved' | 'rejected' | null
}

export interface MapOptions {
	includeBots: boolean
	now: number
	headers: Headers
}

/**
 * Why a delivery (or a part of it) counts for nothing: a code the admin's page words, with the
 * tool's own event or topic name as data where one is the reason.
 */
export type IgnoredReason =
	| {
			code:
				| 'ping'
				| 'notTicket'
				| 'notIssue'
				| 'notConversation'
				| 'noTicketId'
				| 'noCreationTime'
				| 'internalNote'
				| 'internalComment'
				| 'endUserComment'
				| 'customerComment'
				| 'automationComment'
				| 'automationReply'
				| 'botReply'
				| 'botApproval'
				| 'noStatusChange'
				| 'notApproval'
				| 'reviewNotApproval'
				| 'reviewWithoutTime'
	  }
	| { code: 'eventNotUsed' | 'topicNotUsed' | 'noPullRequest'; event: string }

const IGNORED_ENGLISH: Record<IgnoredReason['code'], string> = {
	ping: 'ping',
	notTicket: 'not a ticket event',
	notIssue: 'not an issue event',
	notConversation: 'not a conversation',
	noTicketId: 'no ticket_id',
	noCreationTime: 'issue without a creation time',
	internalNote: 'internal note',
	internalComment: 'internal comment',
	endUserComment: 'comment by the end user',
	customerComment: 'comment by the customer',
	automationComment: 'comment by a trigger or automation',
	automationReply: 'reply by an automation',
	botReply: 'reply by a bot',
	botApproval: 'approval by a bot',
	noStatusChange: 'update without a status change',
	notApproval: 'status change outside approval',
	reviewNotApproval: 'review is not an approval',
	reviewWithoutTime: 'review without a time',
	eventNotUsed: 'event {event} is not used',
	topicNotUsed: 'topic {event} is not used',
	noPullRequest: 'event {event} has no pull request',
}

/** A reason in English, for the webhook's answer (read in the tool's delivery log). */
export function ignoredText(r: IgnoredReason): string {
	const text = IGNORED_ENGLISH[r.code]
	return 'event' in r ? text.replace('{event}', r.event) : text
}

/** Events, or why the delivery holds none (a ping, an internal note, a bot's reply). */
export type Mapped = { events: MappedEvent[]; ignored?: IgnoredReason }

export interface Provider {
	id: ConnectorProvider
	label: string
	/** `provider`: the provider makes the secret and the admin pastes it; `generated`: we make it and show it once. */
	secretFrom: 'provider' | 'generated'
	/**
	 * Where the provider signs a timestamp (Zendesk): how far from now it may be, either way, before
	 * a delivery is refused even with a right signature. Within it, a replay is caught by the
	 * delivery's digest (kept longer than any window); providers that sign no time have none.
	 */
	replayWindowMs?: number
	/** Checks the signature with each secret currently accepted (the new one and, during a rotation, the old). */
	verify(delivery: Delivery, secrets: string[]): Verification
	/** The parsed JSON body → events. Anything not understood is ignored with a reason, never an error. */
	map(payload: unknown, options: MapOptions): Mapped
	/** The headers a test (or the provider) sends for a body signed with a secret. */
	sign(body: string, secret: string, now: number): Record<string, string>
}

export function hmac(algorithm: 'sha1' | 'sha256', secret: string, data: Buffer | string): Buffer {
	return createHmac(algorithm, secret).update(data).digest()
}

/** Constant-time comparison of a received signature with the expected bytes. */
export function sameBytes(received: Buffer, expected: Buffer): boolean {
	return received.length === expected.length && timingSafeEqual(received, expected)
}

/** `sha256=<hex>` / `sha1=<hex>` headers (GitHub, Intercom, Jira): the hex bytes, or null when malformed. */
export function prefixedHex(header: string | null, prefix: string): Buffer | null {
	if (!header?.startsWith(prefix)) return null
	const hex = header.slice(prefix.length).trim()
	return /^[0-9a-f]+$/i.test(hex) && hex.length % 2 === 0 ? Buffer.from(hex, 'hex') : null
}

/** A provider's time (ISO 8601, Jira's `+0000` offsets, or Unix seconds) as an ISO string in UTC; undefined if unreadable. */
export function isoTime(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value) && value > 0) return new Date(value * 1000).toISOString()
	if (typeof value !== 'string' || !value) return undefined
	// Jira writes offsets without a colon (2024-03-05T10:00:00.000+0000); Date.parse wants one.
	const text = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
	const ms = Date.parse(text)
	return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}

export const asRecord = (value: unknown): Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}

/** An id the provider sends as a number or a string; empty, 0 and null are "none". */
export function idText(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value) && value !== 0) return String(value)
	if (typeof value === 'string' && value.trim() && value.trim() !== '0') return value.trim().slice(0, 200)
	return null
}
