/**
 * A Slack installation over its life, against a loopback Slack with token rotation on: the
 * expiring bot token is renewed with the refresh token before it runs out (once, the old ones no
 * longer work, neither is stored in clear); and when the workspace uninstalls the app or revokes
 * its token, a signed event removes the installation and people get e-mail again — an unsigned
 * one changes nothing.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { SYSTEM_ACTOR } from '~/audit/audit.server'
import { setDefaultChannel } from '~/channels/preference.server'
import { completeSlackInstall, slackBotToken, slackStatus } from '~/channels/slack/installations.server'
import { sendSlackMessage } from '~/channels/slack/send.server'
import { slackSignature } from '~/channels/slack/signature'
import { action } from '~/routes/api+/v1.slack.events'
import { db } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { auditEvents, chatIdentities, chatInstallations, organizations, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser } from '../../support/fixtures'
import { startSlackStub, STUB_WORKSPACE } from '../../support/slack-stub'

useTestDatabase()

const SECRET = 'slack-signing-secret-for-tests'
const SAVED = { ...process.env }
const admin = { ...SYSTEM_ACTOR, label: 'admin' }
let stub: Awaited<ReturnType<typeof startSlackStub>>
let orgId: string

beforeAll(async () => {
	orgId = (await makeOrg()).id
	const person = await makeUser(orgId, { password: null })
	const [row] = await db()
		.select({ email: users.email })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.id, person.id)))
	stub = await startSlackStub({ members: [{ id: 'U0PERSON', email: row!.email }], rotation: true })
	Object.assign(process.env, { SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: stub.url })
	resetEnvCache()
})

afterAll(async () => {
	await stub?.close()
	for (const k of ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_SIGNING_SECRET', 'SLACK_API_URL']) {
		if (SAVED[k] === undefined) delete process.env[k]
		else process.env[k] = SAVED[k]
	}
	resetEnvCache()
})

const installation = async () => (await db().select().from(chatInstallations).where(eq(chatInstallations.orgId, orgId)))[0]

function event(payload: unknown, options: { signature?: string | null } = {}) {
	const body = JSON.stringify(payload)
	const ts = String(Math.floor(Date.now() / 1000))
	const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Slack-Request-Timestamp': ts }
	const signature = options.signature === undefined ? slackSignature(SECRET, ts, body) : options.signature
	if (signature) headers['X-Slack-Signature'] = signature
	return action({ request: new Request('http://localhost/api/v1/slack/events', { method: 'POST', headers, body }), params: {}, context: {} })
}
const callback = (type: string, extra: Record<string, unknown> = {}, team = STUB_WORKSPACE.id) => ({
	type: 'event_callback',
	team_id: team,
	api_app_id: 'A0STUB',
	event_id: 'Ev0001',
	event_time: Math.floor(Date.now() / 1000),
	event: { type, ...extra },
})

describe('token rotation', () => {
	test('an install with rotation keeps the refresh token encrypted and when the bot token expires', async () => {
		const { botToken, refreshToken } = stub.current()
		expect((await completeSlackInstall(orgId, admin, 'good-code')).ok).toBe(true)
		const row = (await installation())!
		expect(row.refreshTokenEncrypted).toBeTruthy()
		expect(JSON.stringify(row)).not.toContain(refreshToken)
		expect(JSON.stringify(row)).not.toContain(botToken)
		expect(row.tokenExpiresAt!.getTime() - Date.now()).toBeGreaterThan(11 * 3_600_000)
		expect((await slackBotToken(orgId))?.token).toBe(botToken)
	})

	test('a token about to expire is renewed once before use; the message goes with the new one', async () => {
		const old = stub.current()
		await db()
			.update(chatInstallations)
			.set({ tokenExpiresAt: new Date(Date.now() + 60_000) })
			.where(eq(chatInstallations.orgId, orgId))
		// Two deliveries at once: one renewal (the second finds the token renewed).
		await Promise.all([sendSlackMessage(orgId, 'U0PERSON', { subject: 'One', blocks: [] }), sendSlackMessage(orgId, 'U0PERSON', { subject: 'Two', blocks: [] })])
		const renewals = stub.callsTo('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token')
		expect(renewals.length).toBe(1)
		expect(renewals[0]!.args.refresh_token).toBe(old.refreshToken)
		const now = stub.current()
		expect(now.botToken).not.toBe(old.botToken)
		expect(stub.callsTo('chat.postMessage').map((c) => c.token)).toEqual([now.botToken, now.botToken])
		const row = (await installation())!
		expect(row.tokenExpiresAt!.getTime() - Date.now()).toBeGreaterThan(11 * 3_600_000)
		expect(JSON.stringify(row)).not.toContain(now.refreshToken)
	})

	test('a refresh Slack refuses leaves no token to use: messages fall back to e-mail', async () => {
		await db()
			.update(chatInstallations)
			.set({ tokenExpiresAt: new Date(Date.now() - 60_000), refreshTokenEncrypted: (await installation())!.botTokenEncrypted })
			.where(eq(chatInstallations.orgId, orgId))
		expect(await slackBotToken(orgId)).toBeNull()
		expect(await sendSlackMessage(orgId, 'U0PERSON', { subject: 'Three', blocks: [] })).toEqual({ sent: false })
	})
})

describe('uninstalling from Slack', () => {
	test('the request URL answers its challenge; an unsigned or wrongly signed event changes nothing', async () => {
		const challenge = await event({ type: 'url_verification', token: 'legacy', challenge: 'c-123' })
		expect(await challenge.json()).toEqual({ challenge: 'c-123' })
		expect((await event(callback('app_uninstalled'), { signature: null })).status).toBe(401)
		expect((await event(callback('app_uninstalled'), { signature: 'v0=' + '0'.repeat(64) })).status).toBe(401)
		expect(await installation()).toBeTruthy()
	})

	test('another workspace uninstalling, or a revoked user token, changes nothing here', async () => {
		expect((await event(callback('app_uninstalled', {}, 'T0OTHER'))).status).toBe(200)
		expect((await event(callback('tokens_revoked', { tokens: { oauth: ['U0ADMIN'], bot: [] } }))).status).toBe(200)
		expect(await installation()).toBeTruthy()
	})

	test('app_uninstalled removes the installation and every match, resets the default, and is audited; a retry removes nothing more', async () => {
		expect((await setDefaultChannel(orgId, 'slack', admin)).ok).toBe(true)
		expect((await event(callback('app_uninstalled'))).status).toBe(200)
		expect(await installation()).toBeUndefined()
		expect(await db().select().from(chatIdentities).where(eq(chatIdentities.orgId, orgId))).toEqual([])
		const [org] = await db().select({ c: organizations.defaultChannel }).from(organizations).where(eq(organizations.id, orgId))
		expect(org!.c).toBe('email')
		expect((await event(callback('app_uninstalled'))).status).toBe(200)
		const audit = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'chat.disconnected')))
		expect(audit.length).toBe(1)
		expect(audit[0]).toMatchObject({ actorLabel: 'Slack', detail: { event: 'app_uninstalled' } })
	})

	test('tokens_revoked for the bot does the same', async () => {
		expect((await completeSlackInstall(orgId, admin, 'good-code')).ok).toBe(true)
		expect((await event(callback('tokens_revoked', { tokens: { bot: ['U0BOT'] } }))).status).toBe(200)
		expect((await slackStatus(orgId)).installation).toBeNull()
	})
})
