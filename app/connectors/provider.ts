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

export type Verification = { ok: true } | { ok: false; reason: string }

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

/** Events, or why the delivery holds none (a ping, an internal note, a bot's reply). */
export type Mapped = { events: MappedEvent[]; ignored?: string }

export interface Provider {
	id: ConnectorProvider
	label: string
	/** `provider`: the provider makes the secret and the admin pastes it; `generated`: we make it and show it once. */
	secretFrom: 'provider' | 'generated'
	/** What the provider calls the thing mapped to a team. */
	sourceLabel: string
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
