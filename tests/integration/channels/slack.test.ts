/**
 * Pulses in Slack, end to end against a loopback Slack: an admin connects the workspace (OAuth
 * v2), people are matched by e-mail, a pulse opens and reaches the matched people as a DM with an
 * "Answer here" button (the others by e-mail), a signed interaction opens the modal and a signed
 * submission stores the answers through the web's own path — once, whatever is replayed. Then
 * the attacks: unsigned, tampered and stale requests store nothing; a forwarded pulse opens
 * nothing for someone else; and no Slack id is anywhere near an answer in the database.
 */
import { and, eq, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { SYSTEM_ACTOR } from '~/audit/audit.server'
import { setDefaultChannel, setPersonalChannel } from '~/channels/preference.server'
import { ANSWER_ACTION } from '~/channels/slack/blocks'
import { checkInstallState, completeSlackInstall, disconnectSlack, installState, slackInstallUrl, slackStatus } from '~/channels/slack/installations.server'
import { slackSignature } from '~/channels/slack/signature'
import type { Locale } from '~/i18n/locales'
import { deliverDueMail } from '~/notifications/mail.server'
import { submitByLink } from '~/pulses/answering.server'
import { INVITATION_ANSWERED } from '~/pulses/invitation-links.server'
import { pulseForLink } from '~/pulses/pulse-view.server'
import { sendReminder } from '~/pulses/waves.server'
import * as mailSettings from '~/routes/_account+/settings.mail'
import { action } from '~/routes/api+/v1.slack.interactions'
import { db } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { resultRows } from '~db/client'
import { auditEvents, chatIdentities, chatInstallations, heldResponses, invitations, mailOutbox, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { columnsHolding } from '../../support/db-scan'
import { makeOrg, sessionCookieFor } from '../../support/fixtures'
import { makePulseOrg, openTestWave, type PulsePerson } from '../../support/pulses'
import { call, postRequest } from '../../support/requests'
import { startSlackStub, STUB_BOT_TOKEN, STUB_WORKSPACE } from '../../support/slack-stub'

useTestDatabase()

const SECRET = 'slack-signing-secret-for-tests'
const SAVED = { ...process.env }
let stub: Awaited<ReturnType<typeof startSlackStub>>
let orgId: string
let people: (PulsePerson & { email: string })[]
let waveId: string
let surveyId: string
const admin = { ...SYSTEM_ACTOR, label: 'admin' }
const member = (i: number) => `U0PERSON${i}`

beforeAll(async () => {
	const org = await makePulseOrg({ k: 3, teams: { Care: [['frontline', 5]] } })
	orgId = org.orgId
	surveyId = org.surveyId
	const emails = new Map((await db().select({ id: users.id, email: users.email }).from(users).where(eq(users.orgId, orgId))).map((u) => [u.id, u.email]))
	people = org.people.map((p) => ({ ...p, email: emails.get(p.id)! }))
	// Four of five are in the workspace (one with an upper-case e-mail); plus a deactivated member and a bot with a colleague's address.
	stub = await startSlackStub({
		members: [
			...people.slice(0, 4).map((p, i) => ({ id: member(i), email: i === 1 ? p.email.toUpperCase() : p.email })),
			{ id: 'U0GONE', email: people[4]!.email, deleted: true },
			{ id: 'U0ABOT', email: people[4]!.email, is_bot: true },
		],
	})
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

function signed(payload: unknown, options: { at?: Date; tamper?: boolean; signature?: string | null } = {}) {
	const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
	const ts = String(Math.floor((options.at ?? new Date()).getTime() / 1000))
	const signature = options.signature === undefined ? slackSignature(SECRET, ts, body) : options.signature
	const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': ts }
	if (signature) headers['X-Slack-Signature'] = signature
	return new Request('http://localhost/api/v1/slack/interactions', { method: 'POST', headers, body: options.tamper ? body.replace('answer_pulse', 'answer_pulsf') : body })
}

async function post(request: Request) {
	const response = await action({ request, params: {}, context: {} })
	const text = await response.text()
	return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : null }
}

/** The pulse DM sent to a member, and its "Answer here" token. */
function dmTo(memberId: string) {
	const call = stub.callsTo('chat.postMessage').find((c) => c.args.channel === memberId)
	if (!call) return null
	const actions = (call.args.blocks as any[]).find((b) => b.type === 'actions')
	const answer = actions.elements.find((e: any) => e.action_id === ANSWER_ACTION)
	return { call, token: answer.value as string, link: actions.elements.find((e: any) => e.url)?.url as string }
}

/** What a DM says right above its buttons: the pulse's first question. */
function askedIn(dm: { call: { args: Record<string, unknown> } }) {
	const blocks = dm.call.args.blocks as any[]
	return blocks[blocks.findIndex((b) => b.type === 'actions') - 1]?.text?.text as string | undefined
}

/** The survey's first item (autonomy.resolve) in the languages the tests read it in. */
const FIRST = {
	en: 'When a customer has a problem, I can fix it myself without asking anyone first.',
	de: 'Wenn eine Kundin oder ein Kunde ein Problem hat, kann ich es selbst lösen, ohne vorher jemanden zu fragen.',
	fr: 'Quand un client a un problème, je peux le régler moi-même sans demander l’avis de quelqu’un au préalable.',
}

const setLocale = (i: number, locale: Locale | null) =>
	db()
		.update(users)
		.set({ locale })
		.where(and(eq(users.orgId, orgId), eq(users.id, people[i]!.id)))

const press = (memberId: string, token: string, trigger = `trigger-${memberId}`) => ({
	type: 'block_actions',
	team: { id: STUB_WORKSPACE.id },
	user: { id: memberId },
	trigger_id: trigger,
	container: { type: 'message', channel_id: `D${memberId}`, message_ts: '1700000000.000001' },
	actions: [{ action_id: ANSWER_ACTION, value: token, type: 'button' }],
})

/** The modal's state as Slack sends it back, answering each input of `view` by its element type. */
function filledState(view: any, pick: { likert: string; scale: string; count: string; text: string }) {
	const values: Record<string, Record<string, unknown>> = {}
	for (const block of view.blocks.filter((b: any) => b.type === 'input' && b.block_id.startsWith('item-'))) {
		const e = block.element
		values[block.block_id] = {
			v:
				e.type === 'radio_buttons'
					? { type: e.type, selected_option: { value: pick.likert } }
					: e.type === 'static_select'
						? { type: e.type, selected_option: { value: pick.scale } }
						: e.type === 'number_input'
							? { type: e.type, value: pick.count }
							: { type: e.type, value: pick.text },
		}
	}
	return values
}

const submission = (memberId: string, view: any, values: Record<string, unknown>) => ({
	type: 'view_submission',
	team: { id: STUB_WORKSPACE.id },
	user: { id: memberId },
	view: { id: 'V0STUB', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
})

const heldCount = async () => resultRows<{ n: number }>(await db().execute(sql`select count(*)::int as n from held_responses where org_id = ${orgId}`))[0]!.n

describe('connecting Slack', () => {
	test('the install link asks for the four bot scopes; its state works only for the admin who started it, and only for ten minutes', () => {
		const url = new URL(slackInstallUrl(orgId, 'admin-1')!)
		expect(url.searchParams.get('scope')).toBe('chat:write,im:write,users:read,users:read.email')
		expect(url.searchParams.get('client_id')).toBe('111.222')
		const state = url.searchParams.get('state')!
		expect(checkInstallState(state, orgId, 'admin-1')).toBe(true)
		expect(checkInstallState(state, orgId, 'someone-else')).toBe(false)
		expect(checkInstallState(state, 'another-org', 'admin-1')).toBe(false)
		expect(checkInstallState(state.slice(0, -2) + 'xx', orgId, 'admin-1')).toBe(false)
		expect(checkInstallState(installState(orgId, 'admin-1', new Date(Date.now() - 11 * 60_000)), orgId, 'admin-1')).toBe(false)
	})

	test('a refused code stores nothing; a good one stores the bot token encrypted and matches people by e-mail', async () => {
		const refused = await completeSlackInstall(orgId, admin, 'bad-code')
		expect(refused).toEqual({ ok: false, errors: { _form: expect.stringContaining('invalid_code') } })
		expect(await db().select().from(chatInstallations).where(eq(chatInstallations.orgId, orgId))).toEqual([])

		const done = await completeSlackInstall(orgId, admin, 'good-code')
		expect(done).toEqual({ ok: true, value: { workspaceName: STUB_WORKSPACE.name, matched: 4 } })
		const [row] = await db().select().from(chatInstallations).where(eq(chatInstallations.orgId, orgId))
		expect(row!.workspaceId).toBe(STUB_WORKSPACE.id)
		expect(row!.botTokenEncrypted).not.toContain(STUB_BOT_TOKEN)
		expect(row!.botTokenEncrypted).not.toContain(Buffer.from(STUB_BOT_TOKEN).toString('base64'))
		// Paged through users.list (two members a page); the deactivated member and the bot are not matched.
		expect(stub.callsTo('users.list').length).toBe(3)
		const status = await slackStatus(orgId)
		expect(status.matched).toBe(4)
		expect(status.unmatched.map((u) => u.email)).toEqual([people[4]!.email])
		const audited = await db().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.orgId, orgId))
		expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['chat.connected', 'chat.people_matched']))
		expect(JSON.stringify(await db().select().from(auditEvents).where(eq(auditEvents.orgId, orgId)))).not.toContain(STUB_BOT_TOKEN)
	})

	test('the same workspace cannot be attached to a second organisation', async () => {
		const other = await makeOrg()
		const result = await completeSlackInstall(other.id, admin, 'good-code')
		expect(result.ok).toBe(false)
		expect(await db().select().from(chatInstallations).where(eq(chatInstallations.orgId, other.id))).toEqual([])
	})

	test('a person can choose Slack only when Slack can reach them', async () => {
		expect(await setPersonalChannel(orgId, people[4]!.id, 'slack')).toEqual({ ok: false, errors: { channel: expect.stringContaining('not found') } })
		expect((await setPersonalChannel(orgId, people[3]!.id, 'email')).ok).toBe(true)
	})

	test('the settings page refuses a channel it does not offer, or Slack for someone Slack cannot reach, and changes nothing', async () => {
		const channelOf = async (id: string) =>
			(
				await db()
					.select({ channel: users.channel })
					.from(users)
					.where(and(eq(users.orgId, orgId), eq(users.id, id)))
			)[0]!.channel
		const forged = await call(mailSettings.action, postRequest('/settings/mail', { intent: 'channel', channel: 'pigeon' }, await sessionCookieFor({ orgId, id: people[3]!.id })))
		expect(forged.status).toBe(400)
		expect(forged.data.channelError).toBe('Choose where your pulses and results should go.')
		expect(await channelOf(people[3]!.id)).toBe('email')
		const unreachable = await call(
			mailSettings.action,
			postRequest('/settings/mail', { intent: 'channel', channel: 'slack' }, await sessionCookieFor({ orgId, id: people[4]!.id })),
		)
		expect(unreachable.status).toBe(400)
		expect(unreachable.data.channelError).toMatch(/not found by your e-mail address/)
		expect(await channelOf(people[4]!.id)).toBeNull()
	})
})

describe('a pulse in Slack', () => {
	let view: any

	test('with Slack as the default, the pulse reaches matched people as a DM with "Answer here"; the others by e-mail', async () => {
		expect((await setDefaultChannel(orgId, 'slack', admin)).ok).toBe(true)
		// Person 2 reads German: their DM asks the first question in German, the others' in English.
		await setLocale(2, 'de')
		const now = new Date()
		const monday = DateTime.fromJSDate(now, { zone: 'UTC' }).startOf('week').toISODate()!
		;({ waveId } = await openTestWave(orgId, surveyId, monday, new Date(now.getTime() - 3_600_000)))
		await deliverDueMail(1000, now)
		// People 0–2 follow the default (Slack); person 3 chose e-mail; person 4 is not in the workspace.
		for (const i of [0, 1, 2]) {
			const dm = dmTo(member(i))
			expect(dm, `a DM to person ${i}`).not.toBeNull()
			expect(dm!.call.token).toBe(STUB_BOT_TOKEN)
			// The same link the e-mail would carry, for the browser.
			expect(dm!.link.endsWith(`/p/${dm!.token}`)).toBe(true)
			expect((await pulseForLink(dm!.token))?.state).toBe('open')
		}
		expect(dmTo(member(3))).toBeNull()
		// The first question sits right above "Answer here", and in the notification's text, in each reader's words.
		expect(askedIn(dmTo(member(0))!)).toBe(`The first question: *${FIRST.en}*`)
		expect(dmTo(member(0))!.call.args.text).toContain(FIRST.en)
		expect(askedIn(dmTo(member(2))!)).toBe(`Die erste Frage: *${FIRST.de}*`)
		expect(dmTo(member(2))!.call.args.text).toContain(`Die erste Frage: ${FIRST.de}`)
		expect(JSON.stringify(dmTo(member(2))!.call.args)).not.toContain(FIRST.en)
		await setLocale(2, null)
		const sent = await db()
			.select({ to: mailOutbox.toEmail, status: mailOutbox.status })
			.from(mailOutbox)
			.where(and(eq(mailOutbox.orgId, orgId), eq(mailOutbox.kind, 'pulse_invitation')))
		expect(sent.every((m) => m.status === 'sent')).toBe(true)
		expect(sent.length).toBe(5)
	})

	test('"Answer here" opens the modal with every item, for the person it was sent to', async () => {
		const { token } = dmTo(member(0))!
		const answer = await post(signed(press(member(0), token)))
		expect(answer).toEqual({ status: 200, body: null })
		const opened = stub.callsTo('views.open').at(-1)!
		expect(opened.args.trigger_id).toBe(`trigger-${member(0)}`)
		view = opened.args.view
		expect(view.callback_id).toBe('pulse')
		const kinds = view.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.element.type)
		expect(kinds).toEqual(['radio_buttons', 'number_input', 'static_select', 'plain_text_input', 'checkboxes'])
	})

	test('a submission missing an answer shows the errors under the inputs and stores nothing', async () => {
		const values = filledState(view, { likert: '4', scale: '8', count: '3', text: 'Let us refund without asking' })
		const first = Object.keys(values)[0]!
		delete values[first]
		const answer = await post(signed(submission(member(0), view, values)))
		expect(answer.body).toEqual({ response_action: 'errors', errors: { [first]: 'Choose an answer.' } })
		expect(await heldCount()).toBe(0)
	})

	test('the modal sent stores one response, the same as the web stores; the DM says "answered"; a replay stores nothing more', async () => {
		const values = filledState(view, { likert: '4', scale: '8', count: '3', text: 'Let us refund without asking' })
		const answer = await post(signed(submission(member(0), view, values)))
		expect(answer.body?.response_action).toBe('update')
		expect(answer.body?.view.title.text).toBe('Thank you')
		expect(await heldCount()).toBe(1)
		const update = stub.callsTo('chat.update').at(-1)!
		expect(update.args).toMatchObject({ channel: `D${member(0)}`, ts: '1700000000.000001' })
		expect(JSON.stringify(update.args)).not.toMatch(/refund|"4"|"8"/)

		const replay = await post(signed(submission(member(0), view, values)))
		expect(replay.body?.view.title.text).toBe('Already answered')
		expect(await heldCount()).toBe(1)

		// Person 1 answers the same on the web: the stored answers are identical.
		const { token } = dmTo(member(1))!
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
		expect(stored[0]!.answers.length).toBe(3)
		expect(stored[0]).toEqual(stored[1])
		expect(stored[0]!.comment).toBe('Let us refund without asking')
	})

	test('a pulse forwarded to someone else opens nothing for them and stores nothing', async () => {
		const { token } = dmTo(member(2))!
		await post(signed(press(member(0), token, 'trigger-forwarded')))
		const opened = stub.callsTo('views.open').find((c) => c.args.trigger_id === 'trigger-forwarded')!
		expect((opened.args.view as any).title.text).toBe('Not for you')
		const forged = await post(
			signed(
				submission(
					member(0),
					{ ...view, private_metadata: JSON.stringify({ token, channel: null, ts: null }) },
					filledState(view, { likert: '1', scale: '0', count: '9', text: 'x' }),
				),
			),
		)
		expect(forged.body?.view.title.text).toBe('Not for you')
		const [inv] = await db()
			.select({ answered: INVITATION_ANSWERED })
			.from(invitations)
			.where(and(eq(invitations.orgId, orgId), eq(invitations.userId, people[2]!.id), eq(invitations.waveId, waveId)))
		expect(inv!.answered).toBe(false)
	})

	test('a German reader: the modal, its problems and the refusal of a forwarded pulse in their own language', async () => {
		await db()
			.update(users)
			.set({ locale: 'de' })
			.where(and(eq(users.orgId, orgId), eq(users.id, people[2]!.id)))
		const { token } = dmTo(member(2))!
		await post(signed(press(member(2), token, 'trigger-de')))
		const german = stub.callsTo('views.open').find((c) => c.args.trigger_id === 'trigger-de')!.args.view as any
		expect([german.submit.text, german.close.text]).toEqual(['Antworten absenden', 'Abbrechen'])
		expect(german.blocks[0].elements[0].text).toMatch(/^Anonym: Ihre Antworten werden ohne Ihren Namen und ohne Ihr Slack-Konto gespeichert/)
		const likert = german.blocks.find((b: any) => b.element?.type === 'radio_buttons')
		expect(likert.element.options.map((o: any) => o.text.text)).toEqual(['Stimme überhaupt nicht zu', 'Stimme nicht zu', 'Teils, teils', 'Stimme zu', 'Stimme voll und ganz zu'])
		const values = filledState(german, { likert: '4', scale: '8', count: '3', text: 'Freigaben dauern zu lange' })
		const first = Object.keys(values)[0]!
		delete values[first]
		expect((await post(signed(submission(member(2), german, values)))).body).toEqual({ response_action: 'errors', errors: { [first]: 'Bitte wählen Sie eine Antwort.' } })
		// Someone else presses it: they read the refusal in theirs (English), not the invitee's.
		await post(signed(press(member(0), token, 'trigger-de-forwarded')))
		expect((stub.callsTo('views.open').find((c) => c.args.trigger_id === 'trigger-de-forwarded')!.args.view as any).title.text).toBe('Not for you')
		await db()
			.update(users)
			.set({ locale: null })
			.where(and(eq(users.orgId, orgId), eq(users.id, people[2]!.id)))
	})

	test('the reminder reaches in Slack only who has not answered, with the first question in their language', async () => {
		await setLocale(2, 'fr')
		const now = new Date()
		expect(await sendReminder(orgId, waveId, now)).toBe(3)
		await deliverDueMail(1000, now)
		const dms = (i: number) => stub.callsTo('chat.postMessage').filter((c) => c.args.channel === member(i))
		// People 0 and 1 have answered; person 3 chose e-mail; person 4 is not in the workspace.
		expect([0, 1, 2, 3].map((i) => dms(i).length)).toEqual([1, 1, 2, 0])
		const reminder = { call: dms(2).at(-1)! }
		expect(reminder.call.args.text).toMatch(/^Relance : /)
		expect(askedIn(reminder)).toBe(`Première question : *${FIRST.fr}*`)
		expect(reminder.call.args.text).toContain(FIRST.fr)
		await setLocale(2, null)
	})

	test('unsigned, wrongly signed, tampered and stale requests are refused before they are read', async () => {
		const { token } = dmTo(member(2))!
		const before = stub.calls.length
		const tries = [
			signed(press(member(2), token), { signature: null }),
			signed(press(member(2), token), { signature: 'v0=' + '0'.repeat(64) }),
			signed(press(member(2), token), { tamper: true }),
			signed(press(member(2), token), { at: new Date(Date.now() - 6 * 60_000) }),
		]
		const answers = await Promise.all(tries.map(post))
		expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401])
		expect(answers[3]!.body!.error).toMatch(/too old/)
		expect(stub.calls.length).toBe(before)
	})

	test('no Slack id, channel, message or trigger is stored anywhere but the workspace and its members', async () => {
		const needles = [STUB_WORKSPACE.id, ...[0, 1, 2, 3].map(member), 'D' + member(0), '1700000000.000001', 'trigger-', 'V0STUB', STUB_BOT_TOKEN]
		expect(await columnsHolding(needles)).toEqual(['chat_identities.external_user_id', 'chat_installations.workspace_id'])
	})
})

describe('disconnecting', () => {
	test('removes the workspace and every match; pulses go by e-mail again', async () => {
		expect((await disconnectSlack(orgId, admin)).ok).toBe(true)
		expect(await db().select().from(chatIdentities).where(eq(chatIdentities.orgId, orgId))).toEqual([])
		const status = await slackStatus(orgId)
		expect(status.installation).toBeNull()
		// The default goes back to e-mail with it, so the page never shows Slack chosen but unavailable.
		expect(status.defaultChannel).toBe('email')
	})
})
