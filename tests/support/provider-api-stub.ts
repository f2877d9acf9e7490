/**
 * Loopback stand-ins for the five providers' history APIs, answering in the shapes their
 * references document, two items a page so every backfill crosses pages:
 * - Zendesk: GET /api/v2/incremental/tickets/cursor.json (start_time | cursor, include=metric_sets)
 *   → { tickets, metric_sets, after_cursor, after_url, end_of_stream };
 * - Intercom: POST /conversations/search → { type: 'conversation.list', conversations,
 *   total_count, pages: { type: 'pages', page, per_page, total_pages, next: { page, starting_after } } };
 * - Freshdesk: GET /api/v2/groups, GET /api/v2/tickets (updated_since, order_by=updated_at,
 *   order_type=asc, page; Link rel="next"), GET /api/v2/tickets/:id/conversations;
 * - GitHub: GET /repos/:owner/:repo/pulls (state=all, sort=updated, direction=desc, page; Link
 *   rel="next"), GET /repos/:owner/:repo/pulls/:n/reviews;
 * - Jira: GET /rest/api/3/search/jql (nextPageToken; isLast), GET
 *   /rest/servicedeskapi/request/:id/approval (404 for an issue that is not a service request).
 * It checks the Authorization header on every call (401 otherwise), can answer one chosen list
 * call with the provider's rate-limit answer, and records every call.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import type { ConnectorProvider } from '~db/schema'

export const PAGE_SIZE = 2

export interface StubCall {
	method: string
	path: string
	query: Record<string, string>
	status: number
}

export interface StubOptions {
	/** The exact Authorization header expected. */
	authorization: string
	/** The n-th call (1-based) of the history list answers with this rate limit. */
	rateLimit?: { listCall: number; status: number; headers: () => Record<string, string> }
}

type Json = unknown
type Answer = { status: number; body?: Json; headers?: Record<string, string> }

const b64 = (n: number) => Buffer.from(`cursor-${n}`).toString('base64url')
const unb64 = (s: string) => Number(Buffer.from(s, 'base64url').toString().replace('cursor-', ''))

/** What a provider's stub serves: the listed objects (their documented shapes), by provider. */
export interface StubData {
	zendesk?: { tickets: Record<string, unknown>[]; metricSets: Record<string, unknown>[] }
	intercom?: { conversations: Record<string, unknown>[] }
	freshdesk?: { groups: { id: number; name: string }[]; tickets: Record<string, unknown>[]; conversations: Record<string, Record<string, unknown>[]> }
	github?: { pulls: Record<string, Record<string, unknown>[]>; reviews: Record<string, Record<string, unknown>[]> }
	jira?: { issues: Record<string, unknown>[]; approvals: Record<string, Record<string, unknown>[]> }
}

export async function startProviderApiStub(provider: ConnectorProvider, data: StubData, options: StubOptions) {
	const calls: StubCall[] = []
	let listCalls = 0
	const server = http.createServer((req, res) => {
		let raw = ''
		req.on('data', (c) => (raw += c))
		req.on('end', () => {
			const url = new URL(req.url ?? '/', origin)
			const query = Object.fromEntries(url.searchParams)
			const send = (a: Answer) => {
				calls.push({ method: req.method ?? 'GET', path: url.pathname, query, status: a.status })
				res.writeHead(a.status, { 'Content-Type': 'application/json', ...a.headers })
				res.end(a.body === undefined ? '' : JSON.stringify(a.body))
			}
			if (req.headers.authorization !== options.authorization) return send({ status: 401, body: { error: 'Couldn’t authenticate you' } })
			const isList = LIST_PATHS[provider].test(url.pathname)
			if (isList) {
				listCalls++
				if (options.rateLimit && listCalls === options.rateLimit.listCall)
					return send({ status: options.rateLimit.status, headers: options.rateLimit.headers(), body: { error: 'rate limited' } })
			}
			send(answer(provider, data, req.method ?? 'GET', url, raw))
		})
	})
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
	return {
		url: origin,
		calls,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	}
}

const LIST_PATHS: Record<ConnectorProvider, RegExp> = {
	zendesk: /^\/api\/v2\/incremental\/tickets\/cursor\.json$/,
	intercom: /^\/conversations\/search$/,
	freshdesk: /^\/api\/v2\/tickets$/,
	github: /^\/repos\/[^/]+\/[^/]+\/pulls$/,
	jira: /^\/rest\/api\/3\/search\/jql$/,
}

function linkNext(url: URL, page: number, total: number): Record<string, string> {
	if (page * PAGE_SIZE >= total) return {}
	const next = new URL(url)
	next.searchParams.set('page', String(page + 1))
	return { Link: `<${next.toString()}>; rel="next"` }
}

function answer(provider: ConnectorProvider, data: StubData, method: string, url: URL, raw: string): Answer {
	const q = url.searchParams
	const path = url.pathname
	if (provider === 'zendesk' && data.zendesk && path === '/api/v2/incremental/tickets/cursor.json') {
		// The cursor carries the export's start and the position, as Zendesk's opaque cursor does.
		const [from, start] = q.get('cursor')
			? (Buffer.from(q.get('cursor')!, 'base64url').toString().split(':').map(Number) as [number, number])
			: [0, Number(q.get('start_time') ?? 0)]
		const eligible = data.zendesk.tickets.filter((t) => Date.parse(String(t.updated_at)) / 1000 >= start)
		const after = Buffer.from(`${from + PAGE_SIZE}:${start}`).toString('base64url')
		const tickets = eligible.slice(from, from + PAGE_SIZE)
		const end = from + PAGE_SIZE >= eligible.length
		const ids = new Set(tickets.map((t) => t.id))
		return {
			status: 200,
			body: {
				tickets,
				...(q.get('include') === 'metric_sets' ? { metric_sets: data.zendesk.metricSets.filter((m) => ids.has(m.ticket_id)) } : {}),
				after_cursor: end ? null : after,
				after_url: end ? null : `${url.origin}${path}?cursor=${after}`,
				before_cursor: null,
				before_url: null,
				end_of_stream: end,
			},
		}
	}
	if (provider === 'intercom' && data.intercom && method === 'POST' && path === '/conversations/search') {
		const body = JSON.parse(raw) as { query: { field: string; operator: string; value: number }; pagination?: { starting_after?: string } }
		const eligible = data.intercom.conversations.filter((c) => Number(c.updated_at) > body.query.value)
		const from = body.pagination?.starting_after ? unb64(body.pagination.starting_after) : 0
		const page = Math.floor(from / PAGE_SIZE) + 1
		const more = from + PAGE_SIZE < eligible.length
		return {
			status: 200,
			body: {
				type: 'conversation.list',
				conversations: eligible.slice(from, from + PAGE_SIZE),
				total_count: eligible.length,
				pages: {
					type: 'pages',
					page,
					per_page: PAGE_SIZE,
					total_pages: Math.ceil(eligible.length / PAGE_SIZE),
					...(more ? { next: { page: page + 1, starting_after: b64(from + PAGE_SIZE) } } : {}),
				},
			},
		}
	}
	if (provider === 'freshdesk' && data.freshdesk) {
		if (path === '/api/v2/groups') return { status: 200, body: data.freshdesk.groups }
		if (path === '/api/v2/tickets') {
			const since = Date.parse(q.get('updated_since') ?? '1970-01-01T00:00:00Z')
			const eligible = data.freshdesk.tickets.filter((t) => Date.parse(String(t.updated_at)) >= since).sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at)))
			const page = Number(q.get('page') ?? 1)
			return { status: 200, body: eligible.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), headers: linkNext(url, page, eligible.length) }
		}
		const conv = /^\/api\/v2\/tickets\/(\d+)\/conversations$/.exec(path)
		if (conv) return { status: 200, body: data.freshdesk.conversations[conv[1]!] ?? [] }
	}
	if (provider === 'github' && data.github) {
		const pulls = /^\/repos\/([^/]+\/[^/]+)\/pulls$/.exec(path)
		if (pulls) {
			const all = [...(data.github.pulls[pulls[1]!] ?? [])].sort((a, b) => String(b.updated_at).localeCompare(String(a.updated_at)))
			const page = Number(q.get('page') ?? 1)
			return { status: 200, body: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), headers: linkNext(url, page, all.length) }
		}
		const reviews = /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/reviews$/.exec(path)
		if (reviews) return { status: 200, body: data.github.reviews[`${reviews[1]}#${reviews[2]}`] ?? [] }
	}
	if (provider === 'jira' && data.jira) {
		if (path === '/rest/api/3/search/jql') {
			const from = q.get('nextPageToken') ? unb64(q.get('nextPageToken')!) : 0
			const isLast = from + PAGE_SIZE >= data.jira.issues.length
			return { status: 200, body: { issues: data.jira.issues.slice(from, from + PAGE_SIZE), isLast, ...(isLast ? {} : { nextPageToken: b64(from + PAGE_SIZE) }) } }
		}
		const approval = /^\/rest\/servicedeskapi\/request\/([^/]+)\/approval$/.exec(path)
		if (approval) {
			const values = data.jira.approvals[decodeURIComponent(approval[1]!)]
			if (!values) return { status: 404, body: { errorMessage: 'Request does not exist or you do not have permission to see it.' } }
			return { status: 200, body: { _expands: [], size: values.length, start: 0, limit: 50, isLastPage: true, values } }
		}
	}
	return { status: 404, body: { error: `No route ${method} ${path}` } }
}
