/**
 * Freshdesk end to end. Freshdesk does not sign webhooks: its automation rule's "Trigger webhook"
 * sends the connector's secret in the X-Connector-Secret custom header or as the basic-auth
 * password, with the JSON body documented in docs/operations.md (Freshdesk placeholders filled).
 */
import { beforeAll, describe, expect, test } from 'vitest'

import { createConnector, setMapping } from '~/connectors/connectors.server'

import { asideEvents, counters, expectNothingStored, minutes, storedEvents, type Target } from '../../support/connector-checks'
import { sendHook } from '../../support/connectors'
import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam } from '../../support/fixtures'

useTestDatabase()

let target: Target
let billingTeam: string

/** The body our docs tell the admin to paste, as Freshdesk fills its placeholders. */
const hook = (event: 'ticket_created' | 'agent_reply', ticketId: number, group: string, extra: Record<string, string> = {}) => ({
	freshdesk_webhook: { event, ticket_id: ticketId, ticket_group_name: group, ticket_source: 'Email', ...extra },
})

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

beforeAll(async () => {
	const org = await makeOrg()
	billingTeam = await makeTeam(org.id, 'Billing')
	const made = await createConnector(org.id, { provider: 'freshdesk', name: 'Helpdesk' })
	if (!made.ok || !made.value.secret) throw new Error('connector not created')
	target = { orgSlug: org.slug, connectorId: made.value.id, secret: made.value.secret, orgId: org.id }
	expect((await setMapping(org.id, target.connectorId, 'Billing', billingTeam)).ok).toBe(true)
})

describe('Freshdesk connector', () => {
	test('created then an agent reply (times from the rule’s JSON) is one first response; an automation’s reply is not', async () => {
		expect(await sendHook('freshdesk', target, hook('ticket_created', 501, 'Billing', { ticket_created_at: '2026-11-30T09:00:00Z' }))).toMatchObject({
			status: 200,
			data: { stored: 1 },
		})
		await sendHook('freshdesk', target, hook('agent_reply', 501, 'Billing', { replied_at: '2026-11-30T09:05:00Z', performed_by: 'system' }))
		expect((await storedEvents(target.orgId))[0]).toMatchObject({ teamId: billingTeam, endedAt: null, channel: 'email' })
		await sendHook('freshdesk', target, hook('agent_reply', 501, 'Billing', { replied_at: '2026-11-30T09:48:00Z', performed_by: 'agent' }))
		const rows = await storedEvents(target.orgId)
		expect(rows).toHaveLength(1)
		expect(minutes(rows[0]!)).toBe(48)
	})

	test('without times in the body, the delivery’s arrival is when it happened', async () => {
		const t0 = Date.now()
		await sendHook('freshdesk', target, hook('ticket_created', 502, 'Billing'))
		await sendHook('freshdesk', target, hook('agent_reply', 502, 'Billing'))
		const event = (await storedEvents(target.orgId)).find((e) => e.startedAt.getTime() >= t0 - 1000)!
		expect(event.endedAt!.getTime()).toBeGreaterThanOrEqual(event.startedAt.getTime())
	})

	test('the secret as the basic-auth password is accepted too', async () => {
		const answer = await sendHook('freshdesk', target, hook('ticket_created', 503, 'Billing'), {
			headers: { 'X-Connector-Secret': '', Authorization: basic('freshdesk', target.secret) },
		})
		expect(answer).toMatchObject({ status: 200, data: { stored: 1 } })
	})

	test('no secret, a wrong header or wrong basic auth: 401 before parsing', async () => {
		const before = await counters(target)
		const payload = hook('ticket_created', 504, 'Billing')
		await expectNothingStored(target.orgId, () => sendHook('freshdesk', target, payload, { headers: { 'X-Connector-Secret': '' } }), 401)
		await expectNothingStored(target.orgId, () => sendHook('freshdesk', target, payload, { secret: 'whsec_guessed-secret-value' }), 401)
		await expectNothingStored(target.orgId, () => sendHook('freshdesk', target, payload, { headers: { 'X-Connector-Secret': '', Authorization: basic(target.secret, 'X') } }), 401)
		await expectNothingStored(target.orgId, () => sendHook('freshdesk', target, null, { raw: 'not json', headers: { 'X-Connector-Secret': 'nope' } }), 401)
		expect((await counters(target)).rejected - before.rejected).toBe(4)
	})

	test('a retried delivery stores nothing twice', async () => {
		const payload = hook('ticket_created', 505, 'Billing', { ticket_created_at: '2026-11-30T10:00:00Z' })
		const body = JSON.stringify(payload)
		expect(await sendHook('freshdesk', target, payload, { raw: body })).toMatchObject({ status: 200, data: { stored: 1 } })
		const again = await expectNothingStored(target.orgId, () => sendHook('freshdesk', target, payload, { raw: body }), 200)
		expect(again.data).toEqual({ ignored: 'This delivery was already received.' })
	})

	test('a group with no team is kept aside and counted as unmapped', async () => {
		const before = await counters(target)
		await sendHook('freshdesk', target, hook('ticket_created', 506, 'Tier 2', { ticket_created_at: '2026-11-30T11:00:00Z' }))
		expect((await asideEvents(target.orgId)).map((a) => a.source)).toEqual(['Tier 2'])
		expect((await counters(target)).unmapped - before.unmapped).toBe(1)
	})
})
