/**
 * Each provider's history as its API documents it, for the backfill tests: five items from 2
 * November 2026 (items 1–4 answered or decided after 10·i minutes, item 5 still waiting, in a
 * group with no team where the provider has groups), with what must never be stored (subjects,
 * names, e-mails) in them, the provider's authentication and its own rate-limit answer.
 */
import type { ConnectorProvider } from '~db/schema'

import type { StubData } from './provider-api-stub'

export const TOKEN = 'api-token-7f3a9c1e5b'
export const USER = 'backfill-agent@northwind.example'
export const SINCE = '2026-11-01'
export const day = (i: number) => Date.UTC(2026, 10, 1 + i, 9, 0) // 2 Nov 09:00 UTC onwards
export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')
const unix = (ms: number) => Math.floor(ms / 1000)
export const ITEMS = [1, 2, 3, 4, 5]
/** Items 1–4 answered after 10·i minutes; item 5 still waiting. */
const replyAt = (i: number) => day(i) + 10 * i * 60_000
export const PERSONAL = ['Jane Customer', 'jane@example.com', 'Where is my parcel', 'fred@example.com', USER, TOKEN]

export interface Scenario {
	data: StubData
	authorization: string
	user?: string
	/** The mapped group, and the one left without a team (null: every item is in the mapped one). */
	mapped: string
	unmapped: string | null
	rateLimit: { status: number; headers: (now: number) => Record<string, string>; waitMs: number }
	type: 'customer_response' | 'approval'
}

export const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`

export function scenario(provider: ConnectorProvider): Scenario {
	switch (provider) {
		case 'zendesk':
			return {
				type: 'customer_response',
				authorization: basic(`${USER}/token`, TOKEN),
				user: USER,
				mapped: '360001',
				unmapped: '360099',
				rateLimit: { status: 429, headers: () => ({ 'Retry-After': '30' }), waitMs: 30_000 },
				data: {
					zendesk: {
						tickets: ITEMS.map((i) => ({
							id: 35_000 + i,
							url: `https://northwind.zendesk.com/api/v2/tickets/${35_000 + i}.json`,
							subject: 'Where is my parcel?',
							description: 'My order never arrived — Jane Customer, jane@example.com',
							requester_id: 8_447_388_090_494,
							group_id: i < 5 ? 360_001 : 360_099,
							status: i < 5 ? 'open' : 'new',
							created_at: iso(day(i)),
							updated_at: iso(day(i) + 86_400_000),
							via: { channel: 'email', source: { from: { address: 'jane@example.com', name: 'Jane Customer' } } },
						})),
						metricSets: ITEMS.map((i) => ({
							id: 90_000 + i,
							ticket_id: 35_000 + i,
							created_at: iso(day(i)),
							updated_at: iso(day(i) + 86_400_000),
							replies: i < 5 ? 1 : 0,
							reply_time_in_minutes: { calendar: i < 5 ? 10 * i : null, business: i < 5 ? 10 * i : null },
							first_resolution_time_in_minutes: { calendar: null, business: null },
						})),
					},
				},
			}
		case 'intercom':
			return {
				type: 'customer_response',
				authorization: `Bearer ${TOKEN}`,
				mapped: '5017',
				unmapped: '9999',
				rateLimit: { status: 429, headers: (now) => ({ 'X-RateLimit-Limit': '166', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(unix(now) + 40) }), waitMs: 40_000 },
				data: {
					intercom: {
						conversations: ITEMS.map((i) => ({
							type: 'conversation',
							id: String(2_000_000 + i),
							created_at: unix(day(i)),
							updated_at: unix(day(i) + 86_400_000),
							source: {
								type: 'conversation',
								delivered_as: 'customer_initiated',
								subject: '',
								body: '<p>Where is my parcel?</p>',
								author: { type: 'user', id: 'u1', name: 'Jane Customer', email: 'jane@example.com' },
							},
							contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: 'c1' }] },
							admin_assignee_id: 814_860,
							team_assignee_id: i < 5 ? '5017' : '9999',
							state: 'open',
							statistics: { type: 'conversation_statistics', first_contact_reply_at: unix(day(i)), first_admin_reply_at: i < 5 ? unix(replyAt(i)) : null },
						})),
					},
				},
			}
		case 'freshdesk':
			return {
				type: 'customer_response',
				authorization: basic(TOKEN, 'X'),
				mapped: 'Billing',
				unmapped: 'Tier 2',
				rateLimit: { status: 429, headers: () => ({ 'Retry-After': '25', 'X-Ratelimit-Total': '400', 'X-Ratelimit-Remaining': '0' }), waitMs: 25_000 },
				data: {
					freshdesk: {
						groups: [
							{ id: 11, name: 'Billing' },
							{ id: 12, name: 'Tier 2' },
						],
						tickets: ITEMS.map((i) => ({
							id: 3000 + i,
							subject: 'Where is my parcel?',
							requester_id: 42,
							group_id: i < 5 ? 11 : 12,
							source: 1,
							status: 2,
							created_at: iso(day(i)),
							updated_at: iso(day(i) + 86_400_000),
						})),
						conversations: Object.fromEntries(
							ITEMS.map((i) => [
								String(3000 + i),
								[
									// The customer writes again, an agent leaves a private note: neither is the first response.
									{ id: 1, body_text: 'Jane Customer again', incoming: true, private: false, source: 0, created_at: iso(day(i) + 3 * 60_000), from_email: 'jane@example.com' },
									{ id: 2, body_text: 'note', incoming: false, private: true, source: 2, created_at: iso(day(i) + 4 * 60_000) },
									...(i < 5 ? [{ id: 3, body_text: 'On its way', incoming: false, private: false, source: 0, created_at: iso(replyAt(i)), to_emails: ['jane@example.com'] }] : []),
								],
							]),
						),
					},
				},
			}
		case 'github':
			return {
				type: 'approval',
				authorization: `Bearer ${TOKEN}`,
				mapped: 'northwind/refunds',
				unmapped: null,
				rateLimit: {
					status: 403,
					headers: (now) => ({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': String(unix(now) + 50) }),
					waitMs: 50_000,
				},
				data: {
					github: {
						pulls: {
							'northwind/refunds': [
								...ITEMS.map((i) => ({
									number: i,
									title: 'Refund for Jane Customer',
									state: 'open',
									created_at: iso(day(i)),
									updated_at: iso(day(i) + 86_400_000),
									requested_reviewers: i === 5 ? [{ login: 'octocat', id: 1, type: 'User' }] : [],
									requested_teams: [],
									base: { ref: 'main', repo: { id: 99, full_name: 'northwind/refunds' } },
								})),
								// Last touched before the start: not read, and the listing stops there.
								{
									number: 6,
									state: 'closed',
									created_at: '2026-09-01T09:00:00Z',
									updated_at: '2026-09-02T09:00:00Z',
									requested_reviewers: [],
									requested_teams: [],
									base: { repo: { id: 99 } },
								},
							],
						},
						reviews: Object.fromEntries(
							ITEMS.filter((i) => i < 5).map((i) => [
								`northwind/refunds#${i}`,
								[
									// A bot approving first does not count; a comment is not an approval.
									{ id: 1, user: { login: 'dependabot[bot]', id: 3, type: 'Bot' }, state: 'APPROVED', submitted_at: iso(day(i) + 60_000) },
									{ id: 2, user: { login: 'reviewer', id: 7, type: 'User' }, state: 'COMMENTED', submitted_at: iso(day(i) + 2 * 60_000) },
									{ id: 3, user: { login: 'reviewer', id: 7, type: 'User' }, state: 'APPROVED', submitted_at: iso(replyAt(i)) },
								],
							]),
						),
					},
				},
			}
		case 'jira':
			return {
				type: 'approval',
				authorization: basic(USER, TOKEN),
				user: USER,
				mapped: 'ITS',
				unmapped: 'HR',
				rateLimit: { status: 429, headers: (now) => ({ 'Retry-After': '20', 'X-RateLimit-Reset': new Date(now + 20_000).toISOString() }), waitMs: 20_000 },
				data: {
					jira: {
						issues: [...ITEMS, 6].map((i) => ({
							id: String(10_000 + i),
							key: `${i < 5 ? 'ITS' : 'HR'}-${i}`,
							fields: { project: { key: i < 5 ? 'ITS' : 'HR' }, created: iso(day(i)), updated: iso(day(i) + 86_400_000) },
						})),
						// Issue 6 is not a service request: its approval call answers 404.
						approvals: Object.fromEntries(
							ITEMS.map((i) => [
								String(10_000 + i),
								[
									{
										id: String(i),
										name: 'Manager approval',
										finalDecision: i < 4 ? 'approved' : i === 4 ? 'declined' : 'pending',
										canAnswerApproval: false,
										approvers: [{ approver: { accountId: 'qm:1', displayName: 'Fred F. User', emailAddress: 'fred@example.com' }, approverDecision: 'approved' }],
										createdDate: { epochMillis: day(i), iso8601: iso(day(i)), friendly: 'today' },
										...(i < 5 ? { completedDate: { epochMillis: replyAt(i), iso8601: iso(replyAt(i)), friendly: 'today' } } : {}),
									},
								],
							]),
						),
					},
				},
			}
	}
}
