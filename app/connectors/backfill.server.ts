/**
 * A connector's backfill: its history read from the provider's API (history/*), page by page,
 * from a date the admin chose. Each page's events are stored through the webhooks' own merge
 * (receive.server.ts `storeEvent`, the provider's ids hashed) and the cursor of the next page is
 * written in the same transaction: a crash at any moment resumes after the last page stored, and
 * a page read twice (or an event a webhook brought too) changes nothing.
 *
 * Run by the "connector backfill" job (app/jobs): a backfill is claimed with FOR UPDATE SKIP
 * LOCKED and a lease (an id and an expiry), and each page is committed only while that lease is
 * still held, so two instances never read the same backfill at once. A rate limit (429 with
 * Retry-After or the provider's reset header) is a pause, not a failure; a network error or 5xx
 * is retried with a doubling pause and stops the backfill after MAX_FAILURES in a row; refused
 * credentials stop it at once. The credentials are encrypted like the signing secrets.
 */
import { and, asc, eq, isNull, lte, notInArray, or, sql } from 'drizzle-orm'

import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { isUuid } from '~/utils/http'
import { fail, ok, type Result } from '~/utils/result'
import { hasNul, NUL_MESSAGE } from '~/utils/text'
import { type BackfillState, connectorBackfills, type ConnectorProvider, connectors, connectorTeamMaps } from '~db/schema'

import type { Cursor } from './history/history'
import { ApiClient, RateLimited, Refused } from './history/http'
import { HISTORIES } from './history/registry'
import { decryptSecret, encryptSecret } from './keys.server'
import { type ConnectorRow, storeEvent } from './receive.server'
import { providerFor } from './registry'

/** How long a claim holds a backfill without committing a page; a crashed instance's claim lapses after it. */
export const LEASE_MS = 2 * 60_000
/** Failures in a row (not rate limits) before the backfill stops with its last error. */
export const MAX_FAILURES = 8
const FIRST_RETRY_MS = 60_000
const MAX_RETRY_MS = 60 * 60_000
const MAX_TOKEN = 500
const EARLIEST_SINCE = Date.UTC(2000, 0, 1)

const credentialsAad = (connectorId: string) => `${connectorId}/backfill-credentials`

export interface BackfillInput {
	/** YYYY-MM-DD, read as midnight UTC. */
	since: string
	apiUrl: string
	user?: string
	/** Empty: keep the token of the previous backfill. */
	token?: string
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** The API's address: HTTPS (plain HTTP only to this machine outside production, for the tests' stubs), no credentials or query in it. */
function checkApiUrl(raw: string): Result<string> {
	let url: URL
	try {
		url = new URL(raw.trim())
	} catch {
		return fail({ apiUrl: 'Give the API’s address, such as https://yourcompany.zendesk.com.' })
	}
	const local = url.protocol === 'http:' && LOOPBACK.has(url.hostname) && env().NODE_ENV !== 'production'
	if (url.protocol !== 'https:' && !local) return fail({ apiUrl: 'The address must start with https://.' })
	if (url.username || url.password || url.search || url.hash) return fail({ apiUrl: 'Only the address: no user name, password, query or # in it.' })
	return ok(url.toString().replace(/\/$/, ''))
}

function checkSince(raw: string, now: Date): Result<Date> {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim())
	const at = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN
	if (!match || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== raw.trim()) return fail({ since: 'Give a date as YYYY-MM-DD.' })
	if (at > now.getTime()) return fail({ since: 'The date is in the future: nothing to read yet.' })
	if (at < EARLIEST_SINCE) return fail({ since: 'Start in 2000 or later.' })
	return ok(new Date(at))
}

/**
 * Starts (or restarts from the beginning) the connector's backfill. Everything is checked before
 * anything is written; the credentials are stored encrypted and never shown again; audited.
 */
export async function startBackfill(orgId: string, connectorId: string, input: BackfillInput, actor: AuditActor = SYSTEM_ACTOR, now = new Date()): Promise<Result<null>> {
	if (!isUuid(connectorId)) return fail({ _form: 'That connector does not exist.' })
	const [connector] = await db()
		.select()
		.from(connectors)
		.where(and(eq(connectors.orgId, orgId), eq(connectors.id, connectorId)))
	const provider = connector && providerFor(connector.provider)
	if (!connector || !provider) return fail({ _form: 'That connector does not exist.' })
	const history = HISTORIES[connector.provider]
	const since = checkSince(input.since, now)
	if (!since.ok) return since
	const apiUrl = checkApiUrl(input.apiUrl || history.defaultUrl || '')
	if (!apiUrl.ok) return apiUrl
	const user = (input.user ?? '').trim()
	let token = (input.token ?? '').trim()
	if ([user, token].some(hasNul)) return fail({ token: NUL_MESSAGE })
	if (history.needsUser && (!user || user.length > 200)) return fail({ user: `${provider.label}’s API wants the user (an e-mail) that owns the token.` })
	const [previous] = await db()
		.select({ credentials: connectorBackfills.credentialsEncrypted })
		.from(connectorBackfills)
		.where(and(eq(connectorBackfills.orgId, orgId), eq(connectorBackfills.connectorId, connectorId)))
	if (!token && previous) token = (JSON.parse(decryptSecret(previous.credentials, credentialsAad(connectorId)) ?? '{}') as { token?: string }).token ?? ''
	if (!token) return fail({ token: `Paste an API token of ${provider.label}.` })
	if (token.length > MAX_TOKEN) return fail({ token: `At most ${MAX_TOKEN} characters.` })
	const credentialsEncrypted = encryptSecret(JSON.stringify({ user, token }), credentialsAad(connectorId))
	const fresh = {
		state: 'running' as const,
		since: since.value,
		apiUrl: apiUrl.value,
		credentialsEncrypted,
		cursor: null,
		pages: 0,
		events: 0,
		failures: 0,
		nextAttemptAt: now,
		leaseId: null,
		leaseUntil: null,
		lastError: null,
		lastErrorAt: null,
		startedAt: now,
		updatedAt: now,
		finishedAt: null,
	}
	await db().transaction(async (tx) => {
		await tx
			.insert(connectorBackfills)
			.values({ orgId, connectorId, ...fresh })
			.onConflictDoUpdate({ target: [connectorBackfills.orgId, connectorBackfills.connectorId], set: fresh })
		await recordAudit(tx, orgId, {
			actor,
			action: 'connector.backfill_started',
			target: connectorId,
			detail: { tool: provider.id, name: connector.name, since: input.since.trim(), apiUrl: apiUrl.value },
		})
	})
	return ok(null)
}

/** Stops a running backfill (it can be started again from a date). */
export async function cancelBackfill(orgId: string, connectorId: string, actor: AuditActor = SYSTEM_ACTOR, now = new Date()): Promise<Result<null>> {
	if (!isUuid(connectorId)) return fail({ _form: 'That connector does not exist.' })
	const stopped = await db().transaction(async (tx) => {
		const [row] = await tx
			.update(connectorBackfills)
			.set({ state: 'cancelled', leaseId: null, leaseUntil: null, updatedAt: now, finishedAt: now })
			.where(and(eq(connectorBackfills.orgId, orgId), eq(connectorBackfills.connectorId, connectorId), eq(connectorBackfills.state, 'running')))
			.returning({ connectorId: connectorBackfills.connectorId })
		if (row) {
			const [connector] = await tx
				.select({ provider: connectors.provider, name: connectors.name })
				.from(connectors)
				.where(and(eq(connectors.orgId, orgId), eq(connectors.id, connectorId)))
			await recordAudit(tx, orgId, {
				actor,
				action: 'connector.backfill_cancelled',
				target: connectorId,
				detail: { tool: connector?.provider ?? null, name: connector?.name ?? null },
			})
		}
		return row
	})
	return stopped ? ok(null) : fail({ _form: 'No backfill is running for this connector.' })
}

export interface BackfillStatus {
	state: BackfillState
	since: Date
	apiUrl: string
	pages: number
	events: number
	nextAttemptAt: Date
	lastError: string | null
	lastErrorAt: Date | null
	startedAt: Date
	updatedAt: Date
	finishedAt: Date | null
}

/** What the admin pages show: progress, state, last error; never the credentials. */
export async function backfillStatuses(orgId: string, connectorId?: string): Promise<Map<string, BackfillStatus>> {
	const rows = await db()
		.select()
		.from(connectorBackfills)
		.where(and(eq(connectorBackfills.orgId, orgId), connectorId ? eq(connectorBackfills.connectorId, connectorId) : undefined))
	return new Map(
		rows.map((r) => [
			r.connectorId,
			{
				state: r.state,
				since: r.since,
				apiUrl: r.apiUrl,
				pages: r.pages,
				events: r.events,
				nextAttemptAt: r.nextAttemptAt,
				lastError: r.lastError,
				lastErrorAt: r.lastErrorAt,
				startedAt: r.startedAt,
				updatedAt: r.updatedAt,
				finishedAt: r.finishedAt,
			},
		]),
	)
}

export interface RunOptions {
	now?: () => number
	/** Stop taking new pages after this long (the job's run stays short; the next tick goes on). */
	budgetMs?: number
	/** Called inside a page's transaction, after its events and cursor are written: a throw rolls the page back (the tests' crash). */
	beforeCommit?: (page: number) => void
}

type Claimed = typeof connectorBackfills.$inferSelect

/**
 * Claims one due backfill for this run: not finished, its pause over, nobody else's lease current.
 * Which are due is read without a lock, then one is claimed by a conditional update of its own
 * row: on Citus a statement locks rows of one organisation's shard only (no cross-tenant `FOR
 * UPDATE SKIP LOCKED`), and of two instances claiming the same row the second finds it leased.
 */
async function claim(now: number, leaseId: string, exclude: string[]): Promise<Claimed | null> {
	const at = new Date(now)
	const due = and(
		eq(connectorBackfills.state, 'running'),
		lte(connectorBackfills.nextAttemptAt, at),
		or(isNull(connectorBackfills.leaseUntil), lte(connectorBackfills.leaseUntil, at)),
	)
	const candidates = await db()
		.select({ orgId: connectorBackfills.orgId, connectorId: connectorBackfills.connectorId })
		.from(connectorBackfills)
		.where(and(due, exclude.length ? notInArray(connectorBackfills.connectorId, exclude) : undefined))
		.orderBy(asc(connectorBackfills.nextAttemptAt))
		.limit(20)
	for (const c of candidates) {
		const [row] = await db()
			.update(connectorBackfills)
			.set({ leaseId, leaseUntil: new Date(now + LEASE_MS) })
			.where(and(eq(connectorBackfills.orgId, c.orgId), eq(connectorBackfills.connectorId, c.connectorId), due))
			.returning()
		if (row) return row
	}
	return null
}

const mine = (row: Claimed, leaseId: string) =>
	and(eq(connectorBackfills.orgId, row.orgId), eq(connectorBackfills.connectorId, row.connectorId), eq(connectorBackfills.leaseId, leaseId))

/** Ends this run's hold with a state change (a pause, an error, a stop); nothing if the lease was lost meanwhile. */
async function release(row: Claimed, leaseId: string, set: Partial<Claimed>) {
	await db()
		.update(connectorBackfills)
		.set({ ...set, leaseId: null, leaseUntil: null })
		.where(mine(row, leaseId))
}

class LostLease extends Error {}

/** Reads pages of one claimed backfill until it is done, paused, or the run's budget is spent. */
async function runClaimed(row: Claimed, leaseId: string, options: Required<Pick<RunOptions, 'now' | 'budgetMs'>> & RunOptions): Promise<void> {
	const { now } = options
	const started = now()
	const [connector] = await db()
		.select()
		.from(connectors)
		.where(and(eq(connectors.orgId, row.orgId), eq(connectors.id, row.connectorId)))
	if (!connector) return
	const provider = providerFor(connector.provider)!
	if (connector.disabledAt)
		return release(row, leaseId, { nextAttemptAt: new Date(now() + FIRST_RETRY_MS), lastError: 'Paused: the connector is disabled.', lastErrorAt: new Date(now()) })
	const credentials = JSON.parse(decryptSecret(row.credentialsEncrypted, credentialsAad(row.connectorId)) ?? 'null') as { user: string; token: string } | null
	if (!credentials)
		return release(row, leaseId, {
			state: 'failed',
			finishedAt: new Date(now()),
			lastError: 'The stored credentials no longer decrypt (was the key changed?): start again.',
			lastErrorAt: new Date(now()),
		})
	const history = HISTORIES[connector.provider]
	const client = new ApiClient(row.apiUrl, history.auth(credentials), provider.label, now)
	const sources = (
		await db()
			.select({ source: connectorTeamMaps.source })
			.from(connectorTeamMaps)
			.where(and(eq(connectorTeamMaps.orgId, row.orgId), eq(connectorTeamMaps.connectorId, row.connectorId)))
	).map((m) => m.source)
	let cursor = row.cursor as Cursor | null
	let pages = row.pages
	let failures = row.failures
	for (;;) {
		try {
			const page = await history.page({ client, since: row.since, includeBots: connector.includeBots, sources, now: now() }, cursor)
			await db().transaction(async (tx) => {
				let stored = 0
				for (const event of page.events) if ((await storeEvent(tx, connector as ConnectorRow, event, now())) !== 'ignored') stored++
				const at = new Date(now())
				const [updated] = await tx
					.update(connectorBackfills)
					.set({
						cursor: page.cursor,
						pages: sql`${connectorBackfills.pages} + 1`,
						events: sql`${connectorBackfills.events} + ${stored}`,
						failures: 0,
						updatedAt: at,
						leaseUntil: new Date(now() + LEASE_MS),
						...(page.done ? { state: 'done' as const, finishedAt: at, leaseId: null, leaseUntil: null } : {}),
					})
					.where(mine(row, leaseId))
					.returning({ pages: connectorBackfills.pages })
				if (!updated) throw new LostLease()
				options.beforeCommit?.(updated.pages)
			})
			cursor = page.cursor
			pages++
			failures = 0
			if (page.done) return
			if (now() - started >= options.budgetMs) return release(row, leaseId, { nextAttemptAt: new Date(now()) })
		} catch (error) {
			if (error instanceof LostLease) return
			const at = new Date(now())
			if (error instanceof RateLimited)
				return release(row, leaseId, {
					nextAttemptAt: new Date(now() + error.waitMs),
					lastError: `${provider.label} asked to wait ${Math.ceil(error.waitMs / 1000)} s (${error.header}); resumes then from page ${pages + 1}.`,
					lastErrorAt: at,
				})
			const message = error instanceof Error ? error.message : String(error)
			if (error instanceof Refused) return release(row, leaseId, { state: 'failed', finishedAt: at, lastError: message.slice(0, 300), lastErrorAt: at })
			failures++
			const stop = failures >= MAX_FAILURES
			await release(row, leaseId, {
				failures,
				nextAttemptAt: new Date(now() + Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS)),
				lastError: `${message.slice(0, 260)}${stop ? ` Stopped after ${failures} failures in a row.` : ' Tried again later.'}`,
				lastErrorAt: at,
				...(stop ? { state: 'failed' as const, finishedAt: at } : {}),
			})
			return
		}
	}
}

/** The job: every due backfill, one after another, each for at most `budgetMs`. Returns how many were worked on. */
export async function runBackfills(options: RunOptions = {}): Promise<number> {
	const settings = { now: Date.now, budgetMs: 20_000, ...options }
	const worked: string[] = []
	for (;;) {
		const leaseId = crypto.randomUUID()
		// Each backfill once per run: one whose budget is spent waits for the next tick.
		const row = await claim(settings.now(), leaseId, worked)
		if (!row) return worked.length
		worked.push(row.connectorId)
		await runClaimed(row, leaseId, settings)
	}
}

/**
 * What the backfill form asks for this provider (the API's address, a user or not). Where its
 * address and its token come from is said in the `integrations` catalogue, `connector.urlHint.<provider>`
 * and `connector.tokenHint.<provider>`.
 */
export function backfillForm(provider: ConnectorProvider) {
	const { defaultUrl, needsUser } = HISTORIES[provider]
	return { defaultUrl, needsUser }
}
