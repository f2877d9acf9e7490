/**
 * The weekly digests and the index alert in Slack, against the loopback Slack: a released week in
 * which one team's culture index fell beyond its interval reaches the manager who chose Slack,
 * and the executive who follows the organisation's Slack default, as DMs carrying the same
 * figures the e-mail of the same digest carries, and not as e-mail; the manager who chose e-mail
 * and the one Slack cannot reach get e-mail. The team's, the organisation's and an action's names
 * are the admin's text: escaped for Slack's mrkdwn, they mention and link nobody. No Slack id
 * lands anywhere but the chat tables, and a digest queued before Slack is disconnected goes by
 * e-mail. Then the same digest and alert in Teams, as Adaptive Cards whose text is all TextRuns.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { SYSTEM_ACTOR } from '~/audit/audit.server'
import { setDefaultChannel, setPersonalChannel } from '~/channels/preference.server'
import { escapeMrkdwn } from '~/channels/slack/blocks'
import { completeSlackInstall, disconnectSlack } from '~/channels/slack/installations.server'
import { resetBotFrameworkKeys } from '~/channels/teams/auth.server'
import { CARD_CONTENT_TYPE } from '~/channels/teams/cards'
import { forgetBotTokens } from '~/channels/teams/connector.server'
import { connectTeams } from '~/channels/teams/installations.server'
import { runDigestJobs } from '~/digests/digest-jobs.server'
import { enqueueMail } from '~/mail/outbox.server'
import { deliverDueMail } from '~/notifications/mail.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { action as teamsMessages } from '~/routes/api+/v1.teams.messages'
import { db } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { actions, mailOutbox, organizations } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { columnsHolding } from '../../support/db-scan'
import { makeUser } from '../../support/fixtures'
import { type MailFile, readMailFile } from '../../support/mail'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'
import { type SlackCall, startSlackStub, STUB_BOT_TOKEN, STUB_WORKSPACE } from '../../support/slack-stub'
import { startTeamsStub, STUB_APP_ID, STUB_APP_PASSWORD, STUB_TENANT } from '../../support/teams-stub'

useTestDatabase()

/** The admin's own words, each trying to mention or link in Slack. */
const CARE = 'Care <!channel>'
const ORG_NAME = 'Northwind & <!here>'
const ACTION_TITLE = 'Cut <@U0SOMEONE> sign-offs & <https://evil.example|refunds>'
const BIG = `${CARE} › Big`

const SAVED = { ...process.env }
const admin = { ...SYSTEM_ACTOR, label: 'admin' }
const MEMBER = { manager: 'U0SLACKMGR', emailManager: 'U0MAILMGR', executive: 'U0EXEC' }
type Person = { id: string; email: string }
let stub: Awaited<ReturnType<typeof startSlackStub>>
let o: Awaited<ReturnType<typeof makePulseOrg>>
let people: { slackManager: Person; emailManager: Person; outsideManager: Person; executive: Person }
let week2: Awaited<ReturnType<typeof openTestWave>>
let teams: Awaited<ReturnType<typeof startTeamsStub>> | undefined

beforeAll(async () => {
	// As in tests/integration/digests: Big (8) falls hard; Small and Tiny (3 each) are under k = 5, together not, so Big is shown beside the team above it.
	o = await makePulseOrg({ teams: { [`${CARE}/Big`]: [['frontline', 8]], [`${CARE}/Small`]: [['frontline', 3]], [`${CARE}/Tiny`]: [['frontline', 3]] } })
	await db().update(organizations).set({ name: ORG_NAME }).where(eq(organizations.id, o.orgId))
	const w1 = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
	for (const p of o.people) await answer(o.orgId, p.id, w1.waveId, { 'item-0': String(4 + (p.index % 2)), 'item-1': '1', 'item-2': '8' }, w1.during)
	await releaseDueWeeks(w1.after)
	week2 = await openTestWave(o.orgId, o.surveyId, '2026-03-09')
	for (const p of o.people) {
		const big = p.team.endsWith('/Big')
		await answer(o.orgId, p.id, week2.waveId, { 'item-0': String(big ? 1 + (p.index % 2) : 4 + (p.index % 2)), 'item-1': big ? '6' : '1', 'item-2': '7' }, week2.during)
	}
	await releaseDueWeeks(week2.after)
	await db()
		.insert(actions)
		.values({ orgId: o.orgId, teamId: o.teamIds[`${CARE}/Big`]!, dimension: 'autonomy', title: ACTION_TITLE, dueOn: '2026-03-20', startedOn: '2026-03-13', status: 'under_way' })
	const mk = async (role: 'manager' | 'executive', team: string | null) => {
		const u = await makeUser(o.orgId, { role, teamId: team ? o.teamIds[team]! : null })
		return { id: u.id, email: u.email }
	}
	people = { slackManager: await mk('manager', CARE), emailManager: await mk('manager', CARE), outsideManager: await mk('manager', CARE), executive: await mk('executive', null) }

	// Three of the four are in the workspace; the outside manager is not.
	stub = await startSlackStub({
		members: [
			{ id: MEMBER.manager, email: people.slackManager.email },
			{ id: MEMBER.emailManager, email: people.emailManager.email },
			{ id: MEMBER.executive, email: people.executive.email },
		],
	})
	Object.assign(process.env, { SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_SIGNING_SECRET: 'slack-signing-secret-for-tests', SLACK_API_URL: stub.url })
	resetEnvCache()
	const installed = await completeSlackInstall(o.orgId, admin, 'good-code')
	if (!installed.ok || installed.value.matched !== 3) throw new Error(`Slack install: ${JSON.stringify(installed)}`)
	// The organisation's default is Slack: the executive follows it; one manager chose Slack, one e-mail; the outside manager follows it but Slack cannot reach them.
	for (const r of [
		await setDefaultChannel(o.orgId, 'slack', admin),
		await setPersonalChannel(o.orgId, people.slackManager.id, 'slack'),
		await setPersonalChannel(o.orgId, people.emailManager.id, 'email'),
	])
		if (!r.ok) throw new Error(JSON.stringify(r.errors))

	await runDigestJobs(week2.after)
	await deliverDueMail(1000, week2.after)
}, 240_000) // Two weeks of answers and their releases, on a busy machine.

afterAll(async () => {
	await stub?.close()
	await teams?.close()
	for (const k of ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_SIGNING_SECRET', 'SLACK_API_URL', 'TEAMS_OPENID_METADATA_URL', 'TEAMS_LOGIN_URL']) {
		if (SAVED[k] === undefined) delete process.env[k]
		else process.env[k] = SAVED[k]
	}
	resetEnvCache()
	resetBotFrameworkKeys()
	forgetBotTokens()
})

const outbox = (userId: string) =>
	db()
		.select({ kind: mailOutbox.kind, status: mailOutbox.status, via: mailOutbox.channel, fileName: mailOutbox.fileName, payload: mailOutbox.payload })
		.from(mailOutbox)
		.where(and(eq(mailOutbox.orgId, o.orgId), eq(mailOutbox.userId, userId)))

/** The e-mail of this kind (an alert: for this team) the person got, read from the file the transport wrote. */
async function mailOf(userId: string, kind: string, teamId?: string): Promise<MailFile> {
	const rows = (await outbox(userId)).filter((r) => r.kind === kind && r.via === 'email' && r.fileName && (!teamId || r.payload.teamId === teamId))
	expect(rows, `one ${kind} e-mail`).toHaveLength(1)
	return readMailFile(rows[0]!.fileName!)
}

const dmsTo = (member: string) => stub.callsTo('chat.postMessage').filter((c) => c.args.channel === member)
const dmSaying = (member: string, subject: string) => {
	const found = dmsTo(member).filter((c) => c.args.text === escapeMrkdwn(subject))
	expect(found, `one DM to ${member}: ${subject}`).toHaveLength(1)
	return found[0]!
}

/** Everything a DM shows: its notification text and every text in its blocks (not the button's link). */
function shownTexts(call: SlackCall): string[] {
	const out: string[] = [String(call.args.text)]
	const walk = (v: unknown, key?: string) => {
		if (typeof v === 'string') {
			if (key === 'text') out.push(v)
		} else if (Array.isArray(v)) v.forEach((x) => walk(x))
		else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k)
	}
	walk(call.args.blocks)
	return out
}
const shown = (call: SlackCall) => shownTexts(call).join('\n')

/** The e-mail's table lines: a team, its figure and its change. */
function figureRows(mail: MailFile) {
	return mail.text
		.split('\n')
		.map((l) => l.match(/^(.+?) {2,}(\d+\.\d) {2,}(.+)$/))
		.filter((m): m is RegExpMatchArray => Boolean(m))
		.map((m) => ({ team: m[1]!, culture: m[2]!, change: m[3]! }))
}

const DIGEST_SUBJECT = "Your teams' results for the week of 9 March 2026"
const ALERT_SUBJECT = `${BIG}: the culture index fell beyond its interval`
/** Care as a whole fell beyond its interval too (Big is most of it): an alert of its own. */
const CARE_ALERT_SUBJECT = `${CARE}: the culture index fell beyond its interval`
const KINDS = ['index_alert', 'index_alert', 'manager_digest']
const EXEC_SUBJECT = `${ORG_NAME}: results for the week of 9 March 2026`

describe('the weekly digest by Slack', () => {
	test('the manager who chose Slack gets the digest and the alerts as DMs, by the bot, and no e-mail; the Outbox says Slack', async () => {
		const sent = [DIGEST_SUBJECT, ALERT_SUBJECT, CARE_ALERT_SUBJECT].map((s) => dmSaying(MEMBER.manager, s))
		expect(sent.map((c) => c.token)).toEqual([STUB_BOT_TOKEN, STUB_BOT_TOKEN, STUB_BOT_TOKEN])
		const rows = await outbox(people.slackManager.id)
		expect(rows.map((r) => r.kind).sort()).toEqual(KINDS)
		for (const r of rows) expect(r).toMatchObject({ status: 'sent', via: 'slack', fileName: null })
		expect(rows.filter((r) => r.kind === 'index_alert').map((r) => r.payload.teamId)).toEqual(expect.arrayContaining([o.teamIds[`${CARE}/Big`], o.teamIds[CARE]]))
		// Nothing else went to them in Slack, and the manager who chose e-mail got no DM at all.
		expect(dmsTo(MEMBER.manager)).toHaveLength(3)
		expect(dmsTo(MEMBER.emailManager)).toHaveLength(0)
	})

	test('the manager who chose e-mail, and the one Slack cannot reach, get both by e-mail; the Outbox says e-mail', async () => {
		for (const p of [people.emailManager, people.outsideManager]) {
			const rows = await outbox(p.id)
			expect(rows.map((r) => r.kind).sort()).toEqual(KINDS)
			for (const r of rows) expect(r).toMatchObject({ status: 'sent', via: 'email' })
			expect((await mailOf(p.id, 'manager_digest')).subject).toBe(DIGEST_SUBJECT)
			expect((await mailOf(p.id, 'index_alert', o.teamIds[`${CARE}/Big`])).subject).toBe(ALERT_SUBJECT)
			expect((await mailOf(p.id, 'index_alert', o.teamIds[CARE])).subject).toBe(CARE_ALERT_SUBJECT)
		}
	})

	test('the digest DM carries the figures, the hidden groups, the focus and the actions the same digest by e-mail carries', async () => {
		const mail = await mailOf(people.emailManager.id, 'manager_digest')
		const dm = shown(dmSaying(MEMBER.manager, DIGEST_SUBJECT))
		const rows = figureRows(mail)
		// The team above and Big are shown, with a figure and a change against the week before.
		expect(rows.map((r) => r.team).sort()).toEqual([CARE, BIG].sort())
		for (const r of rows) {
			expect(r.change).toMatch(/^[+−]\d+\.\d \(95% interval [+−]\d+\.\d to [+−]\d+\.\d\) since 2 Mar$/)
			expect(dm).toContain(`Team: *${escapeMrkdwn(r.team)}* · Culture index: *${r.culture}* · Change: *${escapeMrkdwn(r.change)}*`)
		}
		// Small and Tiny: their reason, never a figure — in both.
		for (const team of ['Small', 'Tiny']) {
			const line = mail.text.split('\n').find((l) => l.includes(`› ${team}`))
			expect(line).toBe(`- ${CARE} › ${team}: fewer than 5 people answered`)
			expect(dm).toContain(`• ${escapeMrkdwn(line!.slice(2))}`)
			expect(dm).not.toMatch(new RegExp(`› ${team}\\* · Culture index`))
		}
		// The suggested focus and the open action, word for word.
		const focus = mail.text.match(/Suggested focus\n-+\n+(.+)/)![1]!
		expect(focus).toMatch(/\(\d+\.\d of 100\)/)
		expect(dm).toContain(escapeMrkdwn(focus))
		const action = mail.text.split('\n').find((l) => l.includes('sign-offs'))!
		expect(action).toBe(`- ${ACTION_TITLE} — ${BIG}, Decision autonomy, due 20 March 2026`)
		expect(dm).toContain(`• ${escapeMrkdwn(action.slice(2))}`)
		// The link to the dashboard, as a button.
		const buttons = (dmSaying(MEMBER.manager, DIGEST_SUBJECT).args.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements)
		expect(buttons.map((b: any) => b.url)).toEqual(['http://localhost:3000/dashboard'])
	})

	test('each alert DM carries the fall and its interval as the alert e-mail says them', async () => {
		for (const [team, subject] of [
			[`${CARE}/Big`, ALERT_SUBJECT],
			[CARE, CARE_ALERT_SUBJECT],
		] as const) {
			const mail = await mailOf(people.emailManager.id, 'index_alert', o.teamIds[team])
			const sentence = mail.text.split('\n').find((l) => / was \d+\.\d: −\d+\.\d \(95% interval −\d+\.\d to −\d+\.\d\)/.test(l))
			expect(sentence, mail.text).toBeDefined()
			expect(shown(dmSaying(MEMBER.manager, subject))).toContain(escapeMrkdwn(sentence!))
		}
	})

	test('the executive following the Slack default gets the executive digest and the alert as DMs, with the organisation’s figure and the action due', async () => {
		const rows = await outbox(people.executive.id)
		expect(rows.map((r) => r.kind).sort()).toEqual(['executive_digest', 'index_alert', 'index_alert'])
		for (const r of rows) expect(r).toMatchObject({ status: 'sent', via: 'slack', fileName: null })
		const digest = shown(dmSaying(MEMBER.executive, EXEC_SUBJECT))
		expect(digest).toMatch(/Culture index \d+\.\d of 100; [+−]\d+\.\d \(95% interval/)
		expect(digest).toContain(`• ${escapeMrkdwn(`${ACTION_TITLE} — ${BIG}, due 20 March 2026`)}`)
		expect(digest).toMatch(new RegExp(`Team: \\*${escapeMrkdwn(BIG)}\\* · Culture index: \\*\\d+\\.\\d\\*`))
		dmSaying(MEMBER.executive, ALERT_SUBJECT)
		dmSaying(MEMBER.executive, CARE_ALERT_SUBJECT)
		expect(dmsTo(MEMBER.executive)).toHaveLength(3)
	})
})

describe('what the admin wrote cannot mention or link anyone in Slack', () => {
	test('team, organisation and action names are escaped in every block and in the notification text', () => {
		const calls = [...dmsTo(MEMBER.manager), ...dmsTo(MEMBER.executive)]
		expect(calls).toHaveLength(6)
		for (const call of calls) {
			for (const text of shownTexts(call)) {
				// No control character of mrkdwn left raw: no <!channel>, <!here>, <@U…> or <url|label>.
				expect(text).not.toMatch(/[<>]/)
				expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/)
			}
			expect(JSON.stringify(call.args)).not.toMatch(/<!channel>|<!here>|<@U0|<https:/)
		}
		// And the names are there, escaped.
		expect(shown(dmSaying(MEMBER.manager, DIGEST_SUBJECT))).toContain('Care &lt;!channel&gt; › Big')
		expect(shown(dmSaying(MEMBER.manager, DIGEST_SUBJECT))).toContain('Cut &lt;@U0SOMEONE&gt; sign-offs &amp; &lt;https://evil.example|refunds&gt;')
		expect(dmSaying(MEMBER.executive, EXEC_SUBJECT).args.text).toBe('Northwind &amp; &lt;!here&gt;: results for the week of 9 March 2026')
		expect(dmSaying(MEMBER.manager, ALERT_SUBJECT).args.text).toBe('Care &lt;!channel&gt; › Big: the culture index fell beyond its interval')
		expect(dmSaying(MEMBER.executive, CARE_ALERT_SUBJECT).args.text).toBe('Care &lt;!channel&gt;: the culture index fell beyond its interval')
	})

	test('no Slack id, token or workspace is stored anywhere but the chat tables (answers, outbox and audit included)', async () => {
		const needles = [STUB_WORKSPACE.id, ...Object.values(MEMBER), 'D' + MEMBER.manager, '1700000000.', STUB_BOT_TOKEN]
		expect(await columnsHolding(needles)).toEqual(['chat_identities.external_user_id', 'chat_installations.workspace_id'])
	}, 120_000)
})

describe('Slack disconnected between queueing and sending', () => {
	test('a digest and an alert queued for the Slack manager go by e-mail instead; nothing reaches Slack', async () => {
		const queued: { kind: string; payload: Record<string, string> }[] = [
			{ kind: 'manager_digest', payload: { week: '2026-03-09', marker: 'after-disconnect' } },
			{ kind: 'index_alert', payload: { week: '2026-03-09', teamId: o.teamIds[`${CARE}/Big`]!, marker: 'after-disconnect' } },
		]
		await enqueueMail(
			db(),
			o.orgId,
			queued.map((q) => ({ ...q, toEmail: people.slackManager.email, userId: people.slackManager.id })),
		)
		expect((await disconnectSlack(o.orgId, admin)).ok).toBe(true)
		const before = stub.callsTo('chat.postMessage').length
		await deliverDueMail(1000, week2.after)
		expect(stub.callsTo('chat.postMessage').length).toBe(before)
		const rows = (await outbox(people.slackManager.id)).filter((r) => r.payload.marker === 'after-disconnect')
		expect(rows).toHaveLength(2)
		for (const r of rows) expect(r).toMatchObject({ status: 'sent', via: 'email' })
		const subjects = await Promise.all(rows.map(async (r) => (await readMailFile(r.fileName!)).subject))
		expect(subjects.sort()).toEqual([ALERT_SUBJECT, DIGEST_SUBJECT].sort())
		// The e-mail carries the same figures the DM did.
		const mail = await readMailFile(rows.find((r) => r.kind === 'manager_digest')!.fileName!)
		expect(mail.to).toBe(people.slackManager.email)
		const dm = shown(dmSaying(MEMBER.manager, DIGEST_SUBJECT))
		for (const r of figureRows(mail)) expect(dm).toContain(`Culture index: *${r.culture}* · Change: *${escapeMrkdwn(r.change)}*`)
	})
})

describe('the same digest in Teams', () => {
	const TEAMS_MEMBER = '29:teams-manager'

	test('a manager who chose Teams gets the digest and the alert as Adaptive Cards with the e-mail’s figures, the admin’s text only in TextRuns', async () => {
		teams = await startTeamsStub({ members: [{ id: TEAMS_MEMBER, email: people.slackManager.email }] })
		Object.assign(process.env, { TEAMS_OPENID_METADATA_URL: teams.metadataUrl, TEAMS_LOGIN_URL: teams.loginUrl })
		resetEnvCache()
		resetBotFrameworkKeys()
		forgetBotTokens()
		expect(await connectTeams(o.orgId, admin, { appId: STUB_APP_ID, password: STUB_APP_PASSWORD, tenantId: STUB_TENANT })).toEqual({ ok: true, value: null })
		// Teams tells the bot it was installed: the members are matched by e-mail.
		const installed = {
			type: 'installationUpdate',
			action: 'add',
			id: '1:install',
			channelId: 'msteams',
			serviceUrl: teams.serviceUrl,
			from: { id: TEAMS_MEMBER, aadObjectId: `aad-${TEAMS_MEMBER}` },
			recipient: { id: `28:${STUB_APP_ID}` },
			conversation: { id: 'a:team-general', conversationType: 'channel', tenantId: STUB_TENANT },
			channelData: { tenant: { id: STUB_TENANT } },
		}
		const answer = await teamsMessages({
			request: new Request('http://localhost/api/v1/teams/messages', {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await teams.sign()}` },
				body: JSON.stringify(installed),
			}),
			params: {},
			context: {},
		})
		expect(answer.status).toBe(200)
		expect((await setPersonalChannel(o.orgId, people.slackManager.id, 'teams')).ok).toBe(true)

		await enqueueMail(db(), o.orgId, [
			{ kind: 'manager_digest', toEmail: people.slackManager.email, userId: people.slackManager.id, payload: { week: '2026-03-09', marker: 'teams' } },
			{
				kind: 'index_alert',
				toEmail: people.slackManager.email,
				userId: people.slackManager.id,
				payload: { week: '2026-03-09', teamId: o.teamIds[`${CARE}/Big`]!, marker: 'teams' },
			},
		])
		await deliverDueMail(1000, week2.after)
		const rows = (await outbox(people.slackManager.id)).filter((r) => r.payload.marker === 'teams')
		expect(rows).toHaveLength(2)
		for (const r of rows) expect(r).toMatchObject({ status: 'sent', via: 'teams', fileName: null })

		const sent = teams.connectorCalls('POST', new RegExp(`^v3/conversations/${encodeURIComponent(`a:1on1-${TEAMS_MEMBER}`)}/activities$`))
		expect(sent).toHaveLength(2)
		const cardSaying = (subject: string) => {
			const found = sent.filter((c) => c.body.summary === subject)
			expect(found, subject).toHaveLength(1)
			expect(found[0]!.body.attachments[0].contentType).toBe(CARD_CONTENT_TYPE)
			return found[0]!.body.attachments[0].content
		}
		// Each line as the reader sees it: a RichTextBlock's runs joined. No TextBlock (Markdown) anywhere.
		const lines = (card: any): string[] => {
			expect(JSON.stringify(card)).not.toContain('"TextBlock"')
			return card.body.filter((b: any) => b.type === 'RichTextBlock').map((b: any) => b.inlines.map((i: any) => i.text).join(''))
		}
		const digest = lines(cardSaying(DIGEST_SUBJECT))
		const mail = await mailOf(people.emailManager.id, 'manager_digest')
		for (const r of figureRows(mail)) expect(digest).toContain(`Team: ${r.team} · Culture index: ${r.culture} · Change: ${r.change}`)
		expect(digest).toContain(`• ${ACTION_TITLE} — ${BIG}, Decision autonomy, due 20 March 2026`)
		const alertMail = await mailOf(people.emailManager.id, 'index_alert', o.teamIds[`${CARE}/Big`])
		const sentence = alertMail.text.split('\n').find((l) => / was \d+\.\d: −\d+\.\d \(95% interval/.test(l))!
		expect(lines(cardSaying(ALERT_SUBJECT))).toContain(sentence)
	})
})
