/**
 * Pulses in Microsoft Teams, end to end against a loopback Microsoft (tests/support/teams-stub.ts):
 * an admin connects the organisation's bot (the password checked with the login endpoint, then
 * stored encrypted), Teams tells the bot it was installed and the members are matched by e-mail,
 * a pulse opens and reaches the matched people as an Adaptive Card with every item (the others by
 * e-mail), and a signed activity with the card's inputs stores the answers through the web's own
 * path — once, however often Teams delivers it. Then the attacks on the token (issuer, audience,
 * key, expiry, algorithm, service URL), a forwarded card, and no Teams id near an answer.
 */
import { and, eq, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { SYSTEM_ACTOR } from '~/audit/audit.server'
import { setDefaultChannel, setPersonalChannel } from '~/channels/preference.server'
import { resetBotFrameworkKeys } from '~/channels/teams/auth.server'
import { CARD_CONTENT_TYPE, PULSE_ACTION } from '~/channels/teams/cards'
import { forgetBotTokens } from '~/channels/teams/connector.server'
import { connectTeams, disconnectTeams, teamsStatus } from '~/channels/teams/installations.server'
import { deliverDueMail, listOutbox } from '~/notifications/mail.server'
import { submitByLink } from '~/pulses/answering.server'
import { INVITATION_ANSWERED } from '~/pulses/invitation-links.server'
import { pulseForLink } from '~/pulses/pulse-view.server'
import * as channelsPage from '~/routes/admin+/channels'
import { action } from '~/routes/api+/v1.teams.messages'
import { db } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { resultRows } from '~db/client'
import { auditEvents, chatIdentities, chatInstallations, heldResponses, invitations, mailOutbox, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { columnsHolding } from '../../support/db-scan'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { makePulseOrg, openTestWave, type PulsePerson } from '../../support/pulses'
import { call, getRequest, postRequest } from '../../support/requests'
import { startTeamsStub, STUB_APP_ID, STUB_APP_PASSWORD, STUB_BOT_ACCESS_TOKEN, STUB_TENANT } from '../../support/teams-stub'

useTestDatabase()

const SAVED = { ...process.env }
let stub: Awaited<ReturnType<typeof startTeamsStub>>
let orgId: string
let people: (PulsePerson & { email: string })[]
let surveyId: string
let waveId: string
const admin = { ...SYSTEM_ACTOR, label: 'admin' }
const member = (i: number) => `29:teams-user-${i}`
const credentials = { appId: STUB_APP_ID, password: STUB_APP_PASSWORD, tenantId: STUB_TENANT }

beforeAll(async () => {
	const org = await makePulseOrg({ k: 3, teams: { Care: [['frontline', 5]] } })
	orgId = org.orgId
	surveyId = org.surveyId
	const emails = new Map((await db().select({ id: users.id, email: users.email }).from(users).where(eq(users.orgId, orgId))).map((u) => [u.id, u.email]))
	people = org.people.map((p) => ({ ...p, email: emails.get(p.id)! }))
	// Four of five are in the tenant: one by an upper-case e-mail, one only by their sign-in name; the fifth is a guest of another tenant.
	stub = await startTeamsStub({
		members: [
			...people.slice(0, 4).map((p, i) => (i === 2 ? { id: member(i), userPrincipalName: p.email } : { id: member(i), email: i === 1 ? p.email.toUpperCase() : p.email })),
			{ id: '29:guest', email: people[4]!.email, tenantId: 'another-tenant' },
		],
	})
	Object.assign(process.env, { TEAMS_OPENID_METADATA_URL: stub.metadataUrl, TEAMS_LOGIN_URL: stub.loginUrl })
	resetEnvCache()
	resetBotFrameworkKeys()
	forgetBotTokens()
})

afterAll(async () => {
	await stub?.close()
	for (const k of ['TEAMS_OPENID_METADATA_URL', 'TEAMS_LOGIN_URL']) {
		if (SAVED[k] === undefined) delete process.env[k]
		else process.env[k] = SAVED[k]
	}
	resetEnvCache()
	resetBotFrameworkKeys()
	forgetBotTokens()
})

type Activity = Record<string, any>
const activity = (from: string, extra: Activity = {}): Activity => ({
	type: 'message',
	id: `1:incoming-${Math.random().toString(36).slice(2)}`,
	channelId: 'msteams',
	serviceUrl: stub.serviceUrl,
	from: { id: from, aadObjectId: `aad-${from}` },
	recipient: { id: `28:${STUB_APP_ID}` },
	conversation: { id: `a:1on1-${from}`, conversationType: 'personal', tenantId: STUB_TENANT },
	channelData: { tenant: { id: STUB_TENANT } },
	...extra,
})

async function post(body: Activity, token?: string | null) {
	const headers: Record<string, string> = { 'Content-Type': 'application/json' }
	const bearer = token === undefined ? await stub.sign() : token
	if (bearer) headers.Authorization = `Bearer ${bearer}`
	const response = await action({
		request: new Request('http://localhost/api/v1/teams/messages', { method: 'POST', headers, body: JSON.stringify(body) }),
		params: {},
		context: {},
	})
	const text = await response.text()
	return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : null }
}

/** The pulse card sent to a member, its form and the token in its submit data. */
function cardTo(memberId: string) {
	const conversation = `a:1on1-${memberId}`
	const sent = stub.connectorCalls('POST', new RegExp(`^v3/conversations/${encodeURIComponent(conversation)}/activities$`)).at(-1)
	if (!sent) return null
	const attachment = sent.body.attachments[0]
	const show = attachment.content.actions.find((a: any) => a.type === 'Action.ShowCard')
	const submit = show?.card.actions.find((a: any) => a.type === 'Action.Submit')
	return {
		sent,
		card: attachment.content,
		contentType: attachment.contentType,
		form: show?.card,
		token: submit?.data.token as string,
		link: attachment.content.actions.find((a: any) => a.url)?.url as string,
	}
}

/** The card's inputs filled in, as Teams sends them back in `value` with the submit data. */
function filled(form: any, token: string, pick: { likert: string; scale: string; count: string; text: string }, omit?: string) {
	const value: Record<string, unknown> = { action: PULSE_ACTION, token }
	for (const input of form.body.filter((b: any) => typeof b.id === 'string' && b.id.startsWith('item-'))) {
		if (input.id === omit) continue
		value[input.id] = input.type === 'Input.ChoiceSet' ? (input.style === 'expanded' ? pick.likert : pick.scale) : input.type === 'Input.Number' ? pick.count : pick.text
	}
	value.replies = 'off'
	return value
}

const heldCount = async () => resultRows<{ n: number }>(await db().execute(sql`select count(*)::int as n from held_responses where org_id = ${orgId}`))[0]!.n
const repliesIn = (memberId: string) =>
	stub.connectorCalls('POST', new RegExp(`^v3/conversations/${encodeURIComponent(`a:1on1-${memberId}`)}/activities/[^/]+$`)).map((c) => c.body.text as string)

describe('connecting Teams', () => {
	test('a wrong password stores nothing; the right one is stored encrypted, audited, and shown nowhere', async () => {
		const refused = await connectTeams(orgId, admin, { ...credentials, password: 'wrong' })
		expect(refused).toEqual({ ok: false, errors: { password: expect.stringContaining('invalid_client') } })
		expect(await db().select().from(chatInstallations).where(eq(chatInstallations.orgId, orgId))).toEqual([])

		expect(await connectTeams(orgId, admin, credentials)).toEqual({ ok: true, value: null })
		const [row] = await db().select().from(chatInstallations).where(eq(chatInstallations.orgId, orgId))
		expect(row).toMatchObject({ provider: 'teams', appId: STUB_APP_ID, workspaceId: STUB_TENANT, serviceUrl: null })
		expect(row!.botTokenEncrypted).not.toContain(STUB_APP_PASSWORD)
		expect(row!.botTokenEncrypted).not.toContain(Buffer.from(STUB_APP_PASSWORD).toString('base64'))
		const audit = await db().select().from(auditEvents).where(eq(auditEvents.orgId, orgId))
		expect(audit.map((a) => a.action)).toContain('chat.connected')
		expect(JSON.stringify(audit)).not.toContain(STUB_APP_PASSWORD)
		const status = await teamsStatus(orgId)
		expect(JSON.stringify(status)).not.toContain(STUB_APP_PASSWORD)
		expect(status.installation?.heardFrom).toBe(false)
	})

	test('the same bot cannot be attached to a second organisation', async () => {
		const other = await makeOrg()
		expect((await connectTeams(other.id, admin, credentials)).ok).toBe(false)
		expect(await db().select().from(chatInstallations).where(eq(chatInstallations.orgId, other.id))).toEqual([])
	})

	test('when Teams says the app was installed, the members are matched by e-mail; a guest of another tenant is not', async () => {
		const answer = await post(
			activity(member(0), { type: 'installationUpdate', action: 'add', conversation: { id: 'a:team-general', conversationType: 'channel', tenantId: STUB_TENANT } }),
		)
		expect(answer.status).toBe(200)
		// Paged (two a page) with the bot's token from the login endpoint.
		const listed = stub.connectorCalls('GET', /pagedmembers/)
		expect(listed.length).toBe(3)
		expect(listed.every((c) => c.token === STUB_BOT_ACCESS_TOKEN)).toBe(true)
		const status = await teamsStatus(orgId)
		expect(status.matched).toBe(4)
		expect(status.unmatched.map((u) => u.email)).toEqual([people[4]!.email])
		expect(status.installation?.heardFrom).toBe(true)
		expect(await setPersonalChannel(orgId, people[4]!.id, 'teams')).toEqual({ ok: false, errors: { channel: expect.stringContaining('not found') } })
		expect((await setPersonalChannel(orgId, people[3]!.id, 'email')).ok).toBe(true)
	})
})

describe('the token on every activity', () => {
	const noneToken = () => {
		const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
		const now = Math.floor(Date.now() / 1000)
		return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iss: 'https://api.botframework.com', aud: STUB_APP_ID, exp: now + 3600, serviceurl: stub.serviceUrl })}.`
	}

	test('wrong issuer, audience, key, expiry, algorithm or service URL: refused, and nothing is read or sent', async () => {
		const before = { calls: stub.calls.length, identities: (await db().select().from(chatIdentities).where(eq(chatIdentities.orgId, orgId))).length }
		const hello = activity(member(0), { type: 'installationUpdate', action: 'add' })
		const attempts: [string, string | null, RegExp, Activity?][] = [
			['no token', null, /No bearer token/],
			['another issuer', await stub.sign({ issuer: 'https://evil.example' }), /does not verify/],
			['another bot', await stub.sign({ audience: '99999999-0000-4000-8000-000000000000' }), /not for a bot connected here/],
			['a key Microsoft never published', await stub.sign({ key: 'other', kid: 'stub-key-1' }), /does not verify/],
			['an unknown key id', await stub.sign({ key: 'other', kid: 'forged' }), /does not verify/],
			['expired beyond the allowed skew', await stub.sign({ expiresInSeconds: -6 * 60 }), /expired/],
			['alg none', noneToken(), /allowed algorithm/],
			['the public key as an HMAC secret', await hmacToken(), /allowed algorithm/],
			['a service URL other than the activity’s', await stub.sign({ claims: { serviceurl: 'https://smba.evil.example/teams/' } }), /service its token names/],
			['the activity claims another service URL', await stub.sign(), /service its token names/, { ...hello, serviceUrl: 'https://smba.evil.example/teams/' }],
		]
		for (const [why, token, reason, body] of attempts) {
			const answer = await post(body ?? hello, token)
			expect(answer.status, why).toBe(401)
			expect(answer.body?.error, why).toMatch(reason)
		}
		expect(stub.calls.length).toBe(before.calls)
		expect((await db().select().from(chatIdentities).where(eq(chatIdentities.orgId, orgId))).length).toBe(before.identities)
	})

	test('a token that expired within the five minutes of allowed skew is still taken', async () => {
		expect((await post(activity(member(0), { type: 'conversationUpdate' }), await stub.sign({ expiresInSeconds: -2 * 60 }))).status).toBe(200)
	})

	test('an activity from another tenant, with a good token, is refused', async () => {
		const answer = await post(activity(member(0), { type: 'installationUpdate', action: 'add', conversation: { id: 'a:x', tenantId: 'another-tenant' }, channelData: {} }))
		expect(answer.status).toBe(403)
	})

	async function hmacToken() {
		const { SignJWT } = await import('jose')
		const keys = (await (await fetch(`${stub.metadataUrl.replace('/openid', '/keys')}`)).json()) as { keys: { n: string }[] }
		return new SignJWT({ serviceurl: stub.serviceUrl })
			.setProtectedHeader({ alg: 'HS256', kid: 'stub-key-1' })
			.setIssuer('https://api.botframework.com')
			.setAudience(STUB_APP_ID)
			.setExpirationTime('1h')
			.sign(new TextEncoder().encode(keys.keys[0]!.n))
	}
})

describe('a pulse in Teams', () => {
	test('with Teams as the default, matched people get an Adaptive Card with every item; the others e-mail; the Outbox says which', async () => {
		expect((await setDefaultChannel(orgId, 'teams', admin)).ok).toBe(true)
		const now = new Date()
		const monday = DateTime.fromJSDate(now, { zone: 'UTC' }).startOf('week').toISODate()!
		;({ waveId } = await openTestWave(orgId, surveyId, monday, new Date(now.getTime() - 3_600_000)))
		await deliverDueMail(1000, now)
		for (const i of [0, 1, 2]) {
			const card = cardTo(member(i))
			expect(card, `a card to person ${i}`).not.toBeNull()
			expect(card!.sent.token).toBe(STUB_BOT_ACCESS_TOKEN)
			expect(card!.contentType).toBe(CARD_CONTENT_TYPE)
			expect(card!.card.version).toBe('1.5')
			expect(card!.link.endsWith(`/p/${card!.token}`)).toBe(true)
			expect((await pulseForLink(card!.token))?.state).toBe('open')
			const inputs = card!.form.body.filter((b: any) => b.id).map((b: any) => b.type)
			expect(inputs).toEqual(['Input.ChoiceSet', 'Input.Number', 'Input.ChoiceSet', 'Input.Text', 'Input.Toggle'])
		}
		// The conversation was opened by the bot, in the tenant, for the person.
		const opened = stub.connectorCalls('POST', /^v3\/conversations$/).find((c) => c.body.members[0].id === member(0))!
		expect(opened.body).toMatchObject({ bot: { id: `28:${STUB_APP_ID}` }, tenantId: STUB_TENANT, isGroup: false })
		expect(cardTo(member(3))).toBeNull()
		const sent = await db()
			.select({ userId: mailOutbox.userId, status: mailOutbox.status, channel: mailOutbox.channel })
			.from(mailOutbox)
			.where(and(eq(mailOutbox.orgId, orgId), eq(mailOutbox.kind, 'pulse_invitation')))
		const channelOf = (i: number) => sent.find((m) => m.userId === people[i]!.id)
		expect([0, 1, 2, 3, 4].map((i) => channelOf(i)?.channel)).toEqual(['teams', 'teams', 'teams', 'email', 'email'])
		expect(sent.every((m) => m.status === 'sent')).toBe(true)
		const page = await listOutbox(orgId, { kind: 'pulse_invitation' })
		expect(page.messages.map((m) => m.channel).sort()).toEqual(['email', 'email', 'teams', 'teams', 'teams'])
		// A reminder's channel is not listed, like its recipient: if one person gets e-mail, "a reminder went by e-mail" would name them.
		await db().insert(mailOutbox).values({ orgId, kind: 'pulse_reminder', toEmail: people[4]!.email, userId: people[4]!.id, status: 'sent', channel: 'email', sentAt: new Date() })
		const reminders = await listOutbox(orgId, { kind: 'pulse_reminder' })
		expect(reminders.messages.map((m) => [m.toEmail, m.channel])).toEqual([[null, null]])
	})

	test('a card sent without a required answer stores nothing and says which answer is missing', async () => {
		const card = cardTo(member(0))!
		const firstItem = card.form.body.find((b: any) => b.id?.startsWith('item-'))
		const answer = await post(
			activity(member(0), {
				replyToId: '1:stub-card',
				value: filled(card.form, card.token, { likert: '4', scale: '8', count: '3', text: 'Let us refund without asking' }, firstItem.id),
			}),
		)
		expect(answer.status).toBe(200)
		expect(await heldCount()).toBe(0)
		expect(repliesIn(member(0)).at(-1)).toContain(`${firstItem.label}: Choose an answer.`)
	})

	test('the card sent stores one response, the same as the web stores; the card says "answered"; a redelivery stores nothing more', async () => {
		const card = cardTo(member(0))!
		const submitted = activity(member(0), {
			replyToId: '1:stub-card',
			value: filled(card.form, card.token, { likert: '4', scale: '8', count: '3', text: 'Let us refund without asking' }),
		})
		expect((await post(submitted)).status).toBe(200)
		expect(await heldCount()).toBe(1)
		const update = stub.connectorCalls('PUT', /activities\/1%3Astub-card$/).at(-1)!
		expect(update.path).toBe(`v3/conversations/${encodeURIComponent(`a:1on1-${member(0)}`)}/activities/${encodeURIComponent('1:stub-card')}`)
		expect(JSON.stringify(update.body)).toContain('answered')
		expect(JSON.stringify(update.body)).not.toMatch(/refund|"4"|"8"/)
		expect(repliesIn(member(0)).at(-1)).toContain('Your answers are in')

		// Teams delivers the same activity again.
		expect((await post(submitted)).status).toBe(200)
		expect(await heldCount()).toBe(1)
		expect(repliesIn(member(0)).at(-1)).toContain('already answered')

		// Person 1 answers the same on the web: the stored answers are identical.
		const { token } = cardTo(member(1))!
		const pulse = (await pulseForLink(token))!
		const form: Record<string, string> = {}
		for (const item of pulse.items)
			form[`item-${item.position}`] = item.kind === 'likert' ? '4' : item.kind === 'scale10' ? '8' : item.kind === 'count' ? '3' : 'Let us refund without asking'
		expect((await submitByLink(token, form)).status).toBe('submitted')
		const stored = await db()
			.select({ comment: heldResponses.comment, answers: heldResponses.answers, teamId: heldResponses.teamId, level: heldResponses.level })
			.from(heldResponses)
			.where(eq(heldResponses.orgId, orgId))
		expect(stored.length).toBe(2)
		expect(stored[0]).toEqual(stored[1])
	})

	test('a card forwarded to someone else stores nothing for them', async () => {
		const { form, token } = cardTo(member(2))!
		await post(activity(member(0), { replyToId: '1:forwarded', value: filled(form, token, { likert: '1', scale: '0', count: '9', text: 'x' }) }))
		expect(repliesIn(member(0)).at(-1)).toContain('sent to someone else')
		const [inv] = await db()
			.select({ answered: INVITATION_ANSWERED })
			.from(invitations)
			.where(and(eq(invitations.orgId, orgId), eq(invitations.userId, people[2]!.id), eq(invitations.waveId, waveId)))
		expect(inv!.answered).toBe(false)
		expect(stub.connectorCalls('PUT', /1%3Aforwarded/)).toEqual([])
	})

	test('no Teams user, conversation or activity id is stored anywhere but the installation and its members', async () => {
		const needles = [
			...[0, 1, 2, 3].map(member),
			'a:1on1-',
			'a:team-general',
			'1:stub-card',
			'1:incoming-',
			'1:stub-activity-',
			STUB_APP_PASSWORD,
			STUB_BOT_ACCESS_TOKEN,
			'aad-29:',
		]
		expect(await columnsHolding(needles)).toEqual(['chat_identities.external_user_id'])
	})
})

describe('the Channels page', () => {
	test('connects the bot from the form and shows the ids, never the password', async () => {
		const other = await makeOrg()
		const adminUser = await makeUser(other.id, { role: 'admin' })
		const cookie = await sessionCookieFor({ orgId: other.id, id: adminUser.id })
		// The bot is another organisation's here: the form says so, and stores nothing.
		const taken = await call(channelsPage.action, postRequest('/admin/channels', { intent: 'teams-connect', ...credentials }, cookie))
		expect(taken.status).toBe(400)
		const malformed = await call(channelsPage.action, postRequest('/admin/channels', { intent: 'teams-connect', appId: 'bot', password: '', tenantId: 'x' }, cookie))
		expect(Object.keys(malformed.data.errors).sort()).toEqual(['appId', 'password', 'tenantId'])
		await disconnectTeams(orgId, admin)
		const done = await call(channelsPage.action, postRequest('/admin/channels', { intent: 'teams-connect', ...credentials }, cookie))
		expect(done.data.done).toContain('Microsoft Teams is connected')
		const page = await call(channelsPage.loader, getRequest('/admin/channels', cookie))
		expect(page.data.teams.installation).toMatchObject({ appId: STUB_APP_ID, tenantId: STUB_TENANT, heardFrom: false })
		expect(JSON.stringify(page.data)).not.toContain(STUB_APP_PASSWORD)
		await disconnectTeams(other.id, admin)
	})
})

describe('disconnecting', () => {
	test('removes the bot and every match; the default goes back to e-mail', async () => {
		expect((await connectTeams(orgId, admin, credentials)).ok).toBe(true)
		await post(activity(member(0), { type: 'installationUpdate', action: 'add' }))
		expect((await teamsStatus(orgId)).matched).toBeGreaterThan(0)
		await setDefaultChannel(orgId, 'teams', admin)
		expect((await disconnectTeams(orgId, admin)).ok).toBe(true)
		expect(await db().select().from(chatIdentities).where(eq(chatIdentities.orgId, orgId))).toEqual([])
		expect((await teamsStatus(orgId)).installation).toBeNull()
		const [org] = resultRows<{ c: string }>(await db().execute(sql`select default_channel as c from organizations where id = ${orgId}`))
		expect(org!.c).toBe('email')
	})
})
