/**
 * "Count bots" (a connector's includeBots, off by default): an automation's reply or approval
 * does not end a first response or an approval cycle unless the admin asked for it. Each tool's
 * own shape for an automation (Zendesk's system author -1, Jira's `app` account, Freshdesk's
 * "Performed by: System", GitHub's `Bot` reviewer, Intercom's `bot` part) is checked both ways,
 * beside a person's reply, which counts either way.
 */
import { describe, expect, test } from 'vitest'

import type { MapOptions, Mapped } from '~/connectors/provider'
import { freshdesk } from '~/connectors/providers/freshdesk'
import { github } from '~/connectors/providers/github'
import { intercom } from '~/connectors/providers/intercom'
import { jira } from '~/connectors/providers/jira'
import { zendesk } from '~/connectors/providers/zendesk'

const NOW = Date.parse('2026-12-07T10:00:00Z')
const options = (includeBots: boolean, headers: Record<string, string> = {}): MapOptions => ({ includeBots, now: NOW, headers: new Headers(headers) })
/** When the delivery ends the response or approval: its first event's end, or null. */
const endOf = (m: Mapped) => m.events.find((e) => e.endedAt)?.endedAt ?? null

describe('count bots, per tool', () => {
	test('Zendesk: a public comment by the system author (triggers, automations) ends the first response only when bots count', () => {
		const comment = (authorId: number) => ({
			type: 'zen:event-type:ticket.comment_added',
			time: '2026-12-07T09:30:00Z',
			detail: { id: '42', created_at: '2026-12-07T09:00:00Z', group_id: '7', via: { channel: 'email' } },
			event: { comment: { is_public: true, author: { id: authorId, is_staff: true } } },
		})
		const bot = comment(-1)
		expect(endOf(zendesk.map(bot, options(false)))).toBeNull()
		expect(zendesk.map(bot, options(false)).ignored).toEqual({ code: 'automationComment' })
		expect(endOf(zendesk.map(bot, options(true)))).toBe('2026-12-07T09:30:00.000Z')
		expect(endOf(zendesk.map(comment(501), options(false)))).toBe('2026-12-07T09:30:00.000Z')
	})

	test('Jira Service Management: a public comment by an app account ends the request’s first response only when bots count', () => {
		const comment = (accountType: string) => ({
			webhookEvent: 'comment_created',
			issue: { id: '10001', fields: { project: { key: 'HELP' }, reporter: { accountId: 'customer-1' } } },
			comment: { jsdPublic: true, created: '2026-12-07T09:45:00.000+0000', author: { accountId: `${accountType}-9`, accountType } },
		})
		expect(endOf(jira.map(comment('app'), options(false)))).toBeNull()
		expect(jira.map(comment('app'), options(false)).ignored).toEqual({ code: 'automationComment' })
		expect(endOf(jira.map(comment('app'), options(true)))).toBe('2026-12-07T09:45:00.000Z')
		expect(endOf(jira.map(comment('atlassian'), options(false)))).toBe('2026-12-07T09:45:00.000Z')
	})

	test('Freshdesk: an agent reply performed by the system ends the first response only when bots count', () => {
		const reply = (performedBy: string) => ({
			freshdesk_webhook: { event: 'agent_reply', ticket_id: 77, ticket_created_at: '2026-12-07T08:00:00Z', replied_at: '2026-12-07T08:20:00Z', performed_by: performedBy },
		})
		expect(endOf(freshdesk.map(reply('system'), options(false)))).toBeNull()
		expect(freshdesk.map(reply('system'), options(false)).ignored).toEqual({ code: 'automationReply' })
		expect(endOf(freshdesk.map(reply('system'), options(true)))).toBe('2026-12-07T08:20:00.000Z')
		expect(endOf(freshdesk.map(reply('Ana Agent'), options(false)))).toBe('2026-12-07T08:20:00.000Z')
	})

	test('GitHub: an approving review by a Bot ends the approval cycle only when bots count', () => {
		const review = (type: string) => ({
			action: 'submitted',
			pull_request: { number: 12, created_at: '2026-12-06T10:00:00Z' },
			repository: { id: 555, full_name: 'acme/api' },
			review: { state: 'approved', submitted_at: '2026-12-07T09:10:00Z', user: { login: 'reviewer', type } },
		})
		const event = { 'x-github-event': 'pull_request_review' }
		expect(endOf(github.map(review('Bot'), options(false, event)))).toBeNull()
		expect(github.map(review('Bot'), options(false, event)).ignored).toEqual({ code: 'botApproval' })
		expect(endOf(github.map(review('Bot'), options(true, event)))).toBe('2026-12-07T09:10:00.000Z')
		expect(endOf(github.map(review('User'), options(false, event)))).toBe('2026-12-07T09:10:00.000Z')
	})

	test('Intercom: a bot’s part is not the first reply unless bots count; a teammate’s later reply is, and Intercom’s own figure wins', () => {
		const conversation = (parts: { type: string; at: number }[], firstAdminReplyAt?: number) => ({
			topic: 'conversation.admin.replied',
			data: {
				item: {
					type: 'conversation',
					id: '9001',
					created_at: Date.parse('2026-12-07T07:00:00Z') / 1000,
					team_assignee_id: 3,
					source: { delivered_as: 'customer_initiated' },
					statistics: firstAdminReplyAt ? { first_admin_reply_at: firstAdminReplyAt } : {},
					conversation_parts: { conversation_parts: parts.map((p) => ({ part_type: 'comment', created_at: p.at, author: { type: p.type } })) },
				},
			},
		})
		const at = (iso: string) => Date.parse(iso) / 1000
		const botOnly = conversation([{ type: 'bot', at: at('2026-12-07T07:01:00Z') }])
		expect(endOf(intercom.map(botOnly, options(false)))).toBeNull()
		expect(intercom.map(botOnly, options(false)).ignored).toEqual({ code: 'botReply' })
		expect(endOf(intercom.map(botOnly, options(true)))).toBe('2026-12-07T07:01:00.000Z')
		const botThenPerson = conversation([
			{ type: 'bot', at: at('2026-12-07T07:01:00Z') },
			{ type: 'admin', at: at('2026-12-07T07:30:00Z') },
		])
		expect(endOf(intercom.map(botThenPerson, options(false)))).toBe('2026-12-07T07:30:00.000Z')
		expect(endOf(intercom.map(botThenPerson, options(true)))).toBe('2026-12-07T07:01:00.000Z')
		// Intercom's statistics count its teammates only: used as they are when bots do not count.
		const withStatistics = conversation([{ type: 'bot', at: at('2026-12-07T07:01:00Z') }], at('2026-12-07T07:40:00Z'))
		expect(endOf(intercom.map(withStatistics, options(false)))).toBe('2026-12-07T07:40:00.000Z')
	})
})
