/**
 * What each provider's history reader gives the backfill (backfill.server.ts): how to sign in
 * to its API, and one page of its history as events, with the cursor of the next page. Events
 * are the same `MappedEvent`s the webhooks make, keyed by the same provider ids, so a backfill
 * overlapping webhooks merges into the same rows and stores nothing twice.
 */
import type { MappedEvent } from '../provider'
import type { ApiAuth, ApiClient } from './http'

export type Cursor = Record<string, unknown>

export interface HistoryContext {
	client: ApiClient
	/** Only what changed on or after this time is read. */
	since: Date
	includeBots: boolean
	/** The connector's mapped groups (GitHub reads the mapped repositories). */
	sources: string[]
	now: number
}

export interface HistoryPage {
	events: MappedEvent[]
	/** Where the next page starts; with `done`, nothing more to read. */
	cursor: Cursor
	done: boolean
}

export interface History {
	/** The API's usual address (shown as the field's placeholder); null when it is the customer's own subdomain. */
	defaultUrl: string | null
	/** Whether the API wants a user (an e-mail) with the token. */
	needsUser: boolean
	auth(credentials: { user: string; token: string }): ApiAuth
	page(context: HistoryContext, cursor: Cursor | null): Promise<HistoryPage>
}

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

export const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
