/**
 * Jira Service Management end to end: Jira's documented webhook bodies (jira:issue_created,
 * comment_created, jira:issue_updated with a changelog), signed as Jira signs admin webhooks with
 * a secret (X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>). First response equals
 * JSM's "Time to first response" in calendar time: creation → first public agent comment.
 */
import { beforeAll, describe, expect, test } from 'vitest'

import { createConnector, setMapping } from '~/connectors/connectors.server'

import { asideEvents, counters, expectNothingStored, minutes, storedEvents, type Target } from '../../support/connector-checks'
import { sendHook } from '../../support/connectors'
import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam } from '../../support/fixtures'

useTestDatabase()

let target: Target
let serviceTeam: string

const CUSTOMER = { accountId: 'qm:a1b2c3d4-0000-4000-8000-000000000001', displayName: 'Jane Customer', emailAddress: 'jane@example.com', accountType: 'customer', active: true }
const AGENT = { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Sam Agent', accountType: 'atlassian', active: true }
const AUTOMATION = { accountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', displayName: 'Automation for Jira', accountType: 'app', active: true }

/** Jira's time format: milliseconds and an offset without a colon. */
const jiraTime = (iso: string) => iso.replace('Z', '.000+0000')

function issue(id: string, key: string, project: string, created: string, full: boolean) {
	// A comment delivery carries only a few of the issue's fields (no created, no reporter).
	const fields = {
		summary: 'Laptop for new starter Jane',
		issuetype: { id: '10002', name: '[System] Service request' },
		project: { id: '10000', key: project, name: 'Service desk' },
		status: { name: 'Waiting for support' },
		...(full ? { created: jiraTime(created), updated: jiraTime(created), reporter: CUSTOMER, description: 'Please order a laptop for jane@example.com' } : {}),
	}
	return { id, self: `https://northwind.atlassian.net/rest/api/2/${id}`, key, fields }
}

const created = (id: string, project: string, at: string) => ({
	timestamp: Date.parse(at),
	webhookEvent: 'jira:issue_created',
	issue_event_type_name: 'issue_created',
	user: CUSTOMER,
	issue: issue(id, `${project}-${id}`, project, at, true),
})

const comment = (id: string, project: string, createdAt: string, at: string, author: object, jsdPublic: boolean) => ({
	timestamp: Date.parse(at),
	webhookEvent: 'comment_created',
	comment: { id: `${id}${Date.parse(at)}`, author, body: 'We have ordered it, Jane.', created: jiraTime(at), updated: jiraTime(at), jsdPublic },
	issue: issue(id, `${project}-${id}`, project, createdAt, false),
})

const statusChange = (id: string, project: string, createdAt: string, at: string, from: string, to: string) => ({
	timestamp: Date.parse(at),
	webhookEvent: 'jira:issue_updated',
	issue_event_type_name: 'issue_generic',
	user: AGENT,
	issue: issue(id, `${project}-${id}`, project, createdAt, true),
	changelog: { id: '10101', items: [{ field: 'status', fieldtype: 'jira', from: '10001', fromString: from, to: '10002', toString: to }] },
})

beforeAll(async () => {
	const org = await makeOrg()
	serviceTeam = await makeTeam(org.id, 'IT Service')
	const made = await createConnector(org.id, { provider: 'jira', name: 'IT requests' })
	if (!made.ok || !made.value.secret) throw new Error('connector not created')
	target = { orgSlug: org.slug, connectorId: made.value.id, secret: made.value.secret, orgId: org.id }
	expect((await setMapping(org.id, target.connectorId, 'ITS', serviceTeam)).ok).toBe(true)
})

describe('Jira Service Management connector', () => {
	test('request → customer comment, internal comment, automation → first public agent comment: JSM’s time to first response', async () => {
		const at = '2026-11-30T09:00:00Z'
		expect(await sendHook('jira', target, created('10004', 'ITS', at))).toMatchObject({ status: 200, data: { stored: 1 } })
		await sendHook('jira', target, comment('10004', 'ITS', at, '2026-11-30T09:10:00Z', CUSTOMER, true))
		await sendHook('jira', target, comment('10004', 'ITS', at, '2026-11-30T09:20:00Z', AGENT, false))
		await sendHook('jira', target, comment('10004', 'ITS', at, '2026-11-30T09:21:00Z', AUTOMATION, true))
		expect((await storedEvents(target.orgId))[0]).toMatchObject({ type: 'customer_response', teamId: serviceTeam, endedAt: null })
		// JSM's SLA "Time to first response" for this request: 1h 35m.
		await sendHook('jira', target, comment('10004', 'ITS', at, '2026-11-30T10:35:00Z', AGENT, true))
		await sendHook('jira', target, comment('10004', 'ITS', at, '2026-11-30T11:00:00Z', AGENT, true))
		const rows = await storedEvents(target.orgId)
		expect(rows).toHaveLength(1)
		expect(minutes(rows[0]!)).toBe(95)
		expect(JSON.stringify(rows)).not.toMatch(/Jane|jane@example.com|Laptop|10004/)
	})

	test('waiting for approval → declined is one approval, rejected, with its cycle time', async () => {
		const at = '2026-11-30T12:00:00Z'
		await sendHook('jira', target, statusChange('10005', 'ITS', at, '2026-11-30T12:05:00Z', 'Waiting for support', 'Waiting for approval'))
		await sendHook('jira', target, statusChange('10005', 'ITS', at, '2026-11-30T14:05:00Z', 'Waiting for approval', 'Declined'))
		const approval = (await storedEvents(target.orgId)).find((e) => e.type === 'approval')!
		expect(approval).toMatchObject({ teamId: serviceTeam, outcome: 'rejected' })
		expect(minutes(approval)).toBe(120)
	})

	test('a missing, wrong or tampered X-Hub-Signature is refused (401) before parsing', async () => {
		const before = await counters(target)
		const payload = created('10006', 'ITS', '2026-11-30T13:00:00Z')
		await expectNothingStored(target.orgId, () => sendHook('jira', target, payload, { secret: 'whsec_not-this-connectors-secret' }), 401)
		await expectNothingStored(target.orgId, () => sendHook('jira', target, payload, { headers: { 'X-Hub-Signature': '' } }), 401)
		await expectNothingStored(target.orgId, () => sendHook('jira', target, payload, { tamper: (b) => b.replace('"ITS"', '"OPS"') }), 401)
		await expectNothingStored(target.orgId, () => sendHook('jira', target, null, { raw: '<xml/>', headers: { 'X-Hub-Signature': 'sha256=zz' } }), 401)
		expect((await counters(target)).rejected - before.rejected).toBe(4)
	})

	test('a redelivered webhook stores nothing twice', async () => {
		const payload = created('10007', 'ITS', '2026-11-30T15:00:00Z')
		const body = JSON.stringify(payload)
		expect(await sendHook('jira', target, payload, { raw: body })).toMatchObject({ status: 200, data: { stored: 1 } })
		const again = await expectNothingStored(target.orgId, () => sendHook('jira', target, payload, { raw: body }), 200)
		expect(again.data).toEqual({ ignored: 'This delivery was already received.' })
	})

	test('a project with no team is kept aside and counted as unmapped', async () => {
		const before = await counters(target)
		await sendHook('jira', target, created('10008', 'HR', '2026-11-30T16:00:00Z'))
		expect((await asideEvents(target.orgId)).map((a) => a.source)).toEqual(['HR'])
		expect((await counters(target)).unmapped - before.unmapped).toBe(1)
	})
})
