/**
 * No secrets in the admin UI. An e-mail's link is the secret: a pulse link (/p/<token>) answers
 * a survey in someone's name, a password link (invitation, reset) takes over their account. With
 * no SMTP server the e-mails are files in DATA_DIR/mail, for whoever runs the server; an admin
 * who opens every admin page (the Outbox and any page of one message above all) and presses
 * "send a password reset link" sees no link, token or body of any of them. A mail server's error
 * that quotes a link is shown without its token; a skipped pulse e-mail does not say who answered.
 */
import fs from 'node:fs'
import path from 'node:path'

import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { requestPasswordReset } from '~/auth/password-links.server'
import { createConnector } from '~/connectors/connectors.server'
import { deliverDueMail } from '~/notifications/mail.server'
import { createPerson } from '~/org/people.server'
import { openWaveNow } from '~/pulses/waves.server'
import * as personPage from '~/routes/admin+/people.$personId'
import { listItems } from '~/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { projectRoot } from '~db/paths'
import { mailOutbox, users, waves } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { linkToken, readMailFolder } from '../../support/mail'
import { renderPage } from '../../support/render'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

let ctx: { orgId: string; admin: string; executiveId: string; inviteeId: string; surveyId: string; waveId: string }

beforeAll(async () => {
	const org = await makeOrg({ name: 'Acme', anonymityK: 3 })
	const admin = await makeUser(org.id, { role: 'admin', name: 'Ada Admin' })
	const executive = await makeUser(org.id, { role: 'executive', level: 'leader', name: 'Eve Executive', email: 'eve@acme.example' })
	await makeUser(org.id, { name: 'Pat Person' })
	await makeUser(org.id, { name: 'Quinn Person' })
	const invitee = await createPerson(org.id, { email: 'ivy@acme.example', name: 'Ivy Invitee', role: 'employee', level: 'frontline' })
	if (!invitee.ok) throw new Error(JSON.stringify(invitee.errors))
	const bank = await listItems(org.id)
	const saved = await saveSurvey(org.id, null, {
		name: 'Acme pulse',
		itemIds: bank
			.filter((b) => b.kind === 'likert')
			.slice(0, 3)
			.map((b) => b.id),
		audience: 'everyone',
		teamIds: [],
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '3',
		reminderDaysBeforeClose: '1',
		anonymityK: '3',
	})
	if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
	await setSurveyStatus(org.id, saved.value.id, 'active')
	const opened = await openWaveNow(org.id, saved.value.id)
	if (!opened.ok) throw new Error(JSON.stringify(opened.errors))
	// The executive forgets their password.
	await requestPasswordReset('eve@acme.example')
	ctx = {
		orgId: org.id,
		admin: await sessionCookieFor(admin),
		executiveId: executive.id,
		inviteeId: invitee.value.id,
		surveyId: saved.value.id,
		waveId: opened.value,
	}
})

/** Every secret in the mail folder: whole tokens and their secret halves. */
async function secretsInMailFolder() {
	const mails = await readMailFolder()
	const tokens = mails.map((m) => linkToken(m, /\/p\//.test(m.text) ? 'pulse' : 'password'))
	return { mails, secrets: tokens.flatMap((t) => [t, t.split('.')[1]!]) }
}

function expectNoSecret(where: string, text: string, secrets: string[]) {
	expect(text, where).not.toMatch(/\/p\/[a-z0-9]/)
	expect(text, where).not.toContain('set-password')
	expect(text, where).not.toContain('token=')
	for (const s of secrets) expect(text, where).not.toContain(s)
}

type RouteModule = { loader?: (args: unknown) => unknown; default?: React.ComponentType }

/** Every admin route with a loader, with each value of its URL parameters, as an admin opens it. */
async function everyAdminPage() {
	const connector = await createConnector(ctx.orgId, { provider: 'github', name: 'Code review' })
	if (!connector.ok) throw new Error(JSON.stringify(connector.errors))
	const values: Record<string, string[]> = {
		connectorId: [connector.value.id],
		// Who Slack or Teams does not reach, as a CSV (neither is connected here: 404).
		provider: ['slack', 'teams'],
		messageId: (await db().select({ id: mailOutbox.id }).from(mailOutbox).where(eq(mailOutbox.orgId, ctx.orgId))).map((r) => r.id),
		personId: (await db().select({ id: users.id }).from(users).where(eq(users.orgId, ctx.orgId))).map((r) => r.id),
		surveyId: [ctx.surveyId],
		waveId: (await db().select({ id: waves.id }).from(waves).where(eq(waves.orgId, ctx.orgId))).map((r) => r.id),
	}
	// Every route file of the admin's folder (`admin+/people._index.tsx` is /admin/people; `_layout` is /admin's frame).
	const dir = path.join(projectRoot, 'app', 'routes', 'admin+')
	const pages: { file: string; url: string; module: RouteModule; params: Record<string, string> }[] = []
	for (const file of fs
		.readdirSync(dir)
		.filter((f) => /\.tsx?$/.test(f))
		.sort()) {
		const module = (await import(path.join(dir, file))) as RouteModule
		if (!module.loader) continue
		const segments = [
			'admin',
			...file
				.replace(/\.tsx?$/, '')
				.split('.')
				.filter((s) => s !== '_index' && s !== '_layout'),
		]
		let combos: Record<string, string>[] = [{}]
		for (const name of segments.filter((s) => s.startsWith('$')).map((s) => s.slice(1))) {
			if (!values[name]) throw new Error(`No values for the parameter ${name} of ${file}`)
			combos = combos.flatMap((c) => values[name]!.map((v) => ({ ...c, [name]: v })))
		}
		for (const params of combos) {
			const url = '/' + segments.map((s) => (s.startsWith('$') ? params[s.slice(1)] : s)).join('/')
			pages.push({ file, url, module, params })
		}
	}
	return pages
}

describe('no secrets in the admin UI', () => {
	test('after a pulse, an invitation and a password reset went out, no admin page shows a link, a token or a body', async () => {
		// The admin asks for the executive's reset link and the invitee's invitation again: the answer says it is on its way, nothing more.
		for (const personId of [ctx.executiveId, ctx.inviteeId]) {
			const sent = await call(personPage.action, postRequest(`/admin/people/${personId}`, { intent: 'invite' }, ctx.admin), { personId })
			expect(sent.status).toBe(200)
			expect(sent.data.done).toMatch(/on its way/)
		}
		expect((await deliverDueMail()).failed).toBe(0)

		const { mails, secrets } = await secretsInMailFolder()
		// The file transport wrote them all, links included, to the server's mail folder.
		const subjects = mails.map((m) => m.subject)
		expect(subjects.filter((s) => s.startsWith('Acme pulse:'))).toHaveLength(5)
		expect(subjects.filter((s) => s.startsWith("You're invited"))).toHaveLength(2)
		expect(subjects.filter((s) => s === 'Reset your State of Now password')).toHaveLength(2)
		expect(secrets).toHaveLength(2 * mails.length)

		const pages = await everyAdminPage()
		expect(pages.map((p) => p.url)).toContain('/admin/outbox')
		let rendered = 0
		for (const page of pages) {
			const answer = await call(page.module.loader!, getRequest(page.url, ctx.admin), page.params)
			const data = typeof answer.data === 'string' ? answer.data : JSON.stringify(answer.data)
			expectNoSecret(`${page.url} (data)`, data, secrets)
			if (answer.status === 200 && page.module.default) {
				expectNoSecret(`${page.url} (HTML)`, await renderPage(page.module.default, page.url, answer.data), secrets)
				rendered++
			}
		}
		// People pages, survey and wave pages, the Outbox and the rest were all looked at.
		expect(rendered).toBeGreaterThanOrEqual(15)
	})

	test('the Outbox lists each e-mail by recipient, kind, status and times, and links to none', async () => {
		const outbox = await import('~/routes/admin+/outbox._index')
		const answer = await call(outbox.loader, getRequest('/admin/outbox', ctx.admin))
		expect(answer.status).toBe(200)
		const eve = answer.data.messages.filter((m: { to: string }) => m.to === 'eve@acme.example')
		expect(eve.map((m: { kind: string }) => m.kind).sort()).toEqual(['password_reset', 'password_reset', 'pulse_invitation'])
		for (const m of eve) {
			expect(Object.keys(m).sort()).toEqual([
				'attempts',
				'channel',
				'created',
				'createdAt',
				'id',
				'kind',
				'kindLabel',
				'lastError',
				'sent',
				'sentAt',
				'status',
				'to',
				'writtenToFile',
			])
			expect(m).toMatchObject({ status: 'sent', attempts: 1, lastError: null, writtenToFile: true, sentAt: expect.any(String) })
		}
		const html = await renderPage(outbox.default, '/admin/outbox', answer.data)
		expect(html).toContain('written to the server’s mail folder')
		expect(html).toContain('eve@acme.example')
		expect(html).toContain('Password reset')
		expect(html).not.toContain('href="/admin/outbox/')
	})

	test('a mail error quoting a link is shown without its token, and a skipped pulse e-mail does not say who answered', async () => {
		const { mails, secrets } = await secretsInMailFolder()
		const token = linkToken(
			mails.find((m) => m.subject === 'Reset your State of Now password')!,
			'password',
		)
		await db()
			.insert(mailOutbox)
			.values([
				// As an error stored before errors were redacted on the way in.
				{
					orgId: ctx.orgId,
					kind: 'password_reset',
					toEmail: 'eve@acme.example',
					userId: ctx.executiveId,
					status: 'failed',
					attempts: 5,
					lastError: `554 Rejected: /set-password?token=${token}`,
				},
				{ orgId: ctx.orgId, kind: 'pulse_reminder', toEmail: 'pat@acme.example', status: 'skipped', attempts: 1, lastError: 'Already answered.' },
			])
		const outbox = await import('~/routes/admin+/outbox._index')
		const answer = await call(outbox.loader, getRequest('/admin/outbox', ctx.admin))
		const html = await renderPage(outbox.default, '/admin/outbox', answer.data)
		for (const text of [JSON.stringify(answer.data), html]) {
			for (const s of secrets) expect(text).not.toContain(s)
			expect(text).not.toContain('Already answered')
		}
		// (React separates the pieces of a text with empty comments.)
		expect(html.replaceAll('<!-- -->', '')).toContain('5 attempts: 554 Rejected: /set-password?token=[link token removed]')
		expect(html).toContain('Not needed')
		// Whom a reminder went to would say who had not answered: reminders are listed without a recipient.
		expect(JSON.stringify(answer.data)).not.toContain('pat@acme.example')
		expect(answer.data.messages.filter((m: { kind: string }) => m.kind === 'pulse_reminder').every((m: { to: string | null }) => m.to === null)).toBe(true)
		expect(html).toContain('not listed: a reminder goes only to those who have not answered')
	})
})
