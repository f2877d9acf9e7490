/**
 * Intercom end to end: notifications in Intercom's documented envelope (notification_event →
 * data.item = the conversation), signed as Intercom signs them (X-Hub-Signature, HMAC-SHA1 of the
 * raw body with the app's client secret). Our first-response minutes must equal Intercom's own
 * statistics (created_at → first_admin_reply_at); notes and bots do not end the wait.
 */
import { beforeAll, describe, expect, test } from 'vitest'

import { createConnector, setMapping } from '~/connectors/connectors.server'

import { asideEvents, counters, expectNothingStored, minutes, storedEvents, type Target } from '../../support/connector-checks'
import { sendHook } from '../../support/connectors'
import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam } from '../../support/fixtures'

useTestDatabase()

const CLIENT_SECRET = 'b6f1e4c0d2a84c3f9e5b7a1d0c8e6f42'
let target: Target
let careTeam: string

const unix = (iso: string) => Date.parse(iso) / 1000

type Part = { type: 'comment' | 'note'; author: 'admin' | 'bot' | 'user'; at: string }

/** Intercom's notification (developers.intercom.com › Webhooks › Webhook models) around a conversation. */
function notification(topic: string, conversationId: string, createdAt: string, teamId: string | null, parts: Part[], firstAdminReplyAt: string | null) {
	return {
		type: 'notification_event',
		app_id: 'ecahpwf5',
		id: `notif_${conversationId}_${parts.length}_${topic}`,
		topic,
		delivery_status: 'pending',
		delivery_attempts: 1,
		delivered_at: 0,
		first_sent_at: unix(createdAt),
		created_at: unix(createdAt),
		self: null,
		links: {},
		data: {
			type: 'notification_event_data',
			item: {
				type: 'conversation',
				id: conversationId,
				created_at: unix(createdAt),
				updated_at: unix(parts.at(-1)?.at ?? createdAt),
				source: {
					type: 'conversation',
					id: '403918320',
					delivered_as: 'customer_initiated',
					subject: '',
					body: '<p>My card was charged twice — Jane Customer</p>',
					author: { type: 'user', id: '5ba682d23d7cf92bef87bfd4', name: 'Jane Customer', email: 'jane@example.com' },
				},
				admin_assignee_id: 814860,
				team_assignee_id: teamId,
				open: true,
				state: 'open',
				statistics: {
					type: 'conversation_statistics',
					first_contact_reply_at: unix(createdAt),
					first_admin_reply_at: firstAdminReplyAt ? unix(firstAdminReplyAt) : null,
				},
				conversation_parts: {
					type: 'conversation_part.list',
					conversation_parts: parts.map((p, i) => ({
						type: 'conversation_part',
						id: `${conversationId}${i}`,
						part_type: p.type,
						body: '<p>Refunded, sorry Jane.</p>',
						created_at: unix(p.at),
						author: { type: p.author, id: '814860', name: 'Sam Agent', email: 'sam@example.com' },
					})),
					total_count: parts.length,
				},
			},
		},
	}
}

beforeAll(async () => {
	const org = await makeOrg()
	careTeam = await makeTeam(org.id, 'Care')
	const created = await createConnector(org.id, { provider: 'intercom', name: 'Messenger', secret: CLIENT_SECRET })
	if (!created.ok) throw new Error('connector not created')
	expect(created.value.secret).toBeNull() // Intercom makes the secret; we never show one.
	target = { orgSlug: org.slug, connectorId: created.value.id, secret: CLIENT_SECRET, orgId: org.id }
	expect((await setMapping(org.id, target.connectorId, '5017691', careTeam)).ok).toBe(true)
})

describe('Intercom connector', () => {
	test('a conversation’s first teammate reply gives Intercom’s own figure; a note and a bot do not end it', async () => {
		const created = '2026-11-30T09:00:00Z'
		// Intercom's statistics for this conversation: first_admin_reply_at 42 minutes after creation.
		const id = '1911149811'
		expect(await sendHook('intercom', target, notification('conversation.user.created', id, created, '5017691', [], null))).toMatchObject({ status: 200, data: { stored: 1 } })
		await sendHook('intercom', target, notification('conversation.admin.noted', id, created, '5017691', [{ type: 'note', author: 'admin', at: '2026-11-30T09:05:00Z' }], null))
		await sendHook('intercom', target, notification('conversation.admin.replied', id, created, '5017691', [{ type: 'comment', author: 'bot', at: '2026-11-30T09:01:00Z' }], null))
		let [event] = await storedEvents(target.orgId)
		expect(event).toMatchObject({ type: 'customer_response', teamId: careTeam, endedAt: null })
		const reply = notification('conversation.admin.replied', id, created, '5017691', [{ type: 'comment', author: 'admin', at: '2026-11-30T09:42:00Z' }], '2026-11-30T09:42:00Z')
		expect(await sendHook('intercom', target, reply)).toMatchObject({ status: 200, data: { stored: 1 } })
		const rows = await storedEvents(target.orgId)
		expect(rows).toHaveLength(1)
		event = rows[0]!
		expect(minutes(event)).toBe(42)
		expect(event.externalId).toMatch(/^intercom:/)
		expect(JSON.stringify(rows)).not.toMatch(/Jane|jane@example.com|1911149811|charged/)
	})

	test('bad, missing or another secret’s signature: 401 before the body is even read as JSON', async () => {
		const before = await counters(target)
		const payload = notification('conversation.user.created', '77', '2026-11-30T10:00:00Z', '5017691', [], null)
		await expectNothingStored(target.orgId, () => sendHook('intercom', target, payload, { secret: 'another-apps-client-secret-000000' }), 401)
		await expectNothingStored(target.orgId, () => sendHook('intercom', target, payload, { headers: { 'X-Hub-Signature': '' } }), 401)
		await expectNothingStored(target.orgId, () => sendHook('intercom', target, payload, { tamper: (b) => b.replace('5017691', '5017692') }), 401)
		// A SHA-256 signature in the SHA-1 header (GitHub's form) is not Intercom's.
		await expectNothingStored(target.orgId, () => sendHook('intercom', target, payload, { headers: { 'X-Hub-Signature': `sha256=${'ab'.repeat(32)}` } }), 401)
		// Not JSON at all, unsigned: refused as unsigned (401), not as malformed (400) — the signature comes first.
		await expectNothingStored(target.orgId, () => sendHook('intercom', target, null, { raw: '{not json', secret: 'wrong-secret-wrong-secret-000000' }), 401)
		expect((await counters(target)).rejected - before.rejected).toBe(5)
	})

	test('a redelivered notification stores nothing twice', async () => {
		const payload = notification('conversation.user.created', '88', '2026-11-30T11:00:00Z', '5017691', [], null)
		const body = JSON.stringify(payload)
		expect(await sendHook('intercom', target, payload, { raw: body })).toMatchObject({ status: 200, data: { stored: 1 } })
		const again = await expectNothingStored(target.orgId, () => sendHook('intercom', target, payload, { raw: body }), 200)
		expect(again.data).toEqual({ ignored: 'This delivery was already received.' })
		// The same conversation in a new notification (another id, same figures) is the same one event.
		await sendHook('intercom', target, { ...payload, id: 'notif_retry' })
		expect((await storedEvents(target.orgId)).filter((e) => e.startedAt.toISOString() === '2026-11-30T11:00:00.000Z')).toHaveLength(1)
	})

	test('a team with no mapping is kept aside and counted as unmapped', async () => {
		const before = await counters(target)
		await sendHook('intercom', target, notification('conversation.user.created', '99', '2026-11-30T12:00:00Z', '6000001', [], null))
		expect((await asideEvents(target.orgId)).map((a) => a.source)).toEqual(['6000001'])
		expect((await counters(target)).unmapped - before.unmapped).toBe(1)
	})
})
