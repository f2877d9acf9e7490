/**
 * Digests of a released week, read from the mail folder as the person who runs the server would:
 * what each manager, executive and employee gets, that a hidden group shows its reason and no
 * figure, the alert on a fall beyond the interval, once-only jobs, and unsubscribing.
 */
import fs from 'node:fs'
import path from 'node:path'

import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { runDigestJobs } from '~/digests/digest-jobs.server'
import { enqueueMail } from '~/mail/outbox.server'
import { mailDir } from '~/mail/transport.server'
import { deliverDueMail } from '~/notifications/mail.server'
import { REPORT_LABELS } from '~/reports/dimensions'
import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'
import { actions, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeUser } from '../../support/fixtures'
import { type MailFile, readMailFolder } from '../../support/mail'
import { answer, makePulseOrg, openTestWave } from '../../support/pulses'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

let o: Awaited<ReturnType<typeof makePulseOrg>>
type Person = { id: string; email: string }
let people: { careManager: Person; salesManager: Person; executive: Person; careManagerDe: Person; executiveJa: Person }
let week2: Awaited<ReturnType<typeof openTestWave>>
let mails: MailFile[]
let firstRun: { release: number; results: number }[]

const mailTo = (email: string, subject: RegExp) => mails.filter((m) => m.to === email && subject.test(m.subject))
const lineWith = (text: string, needle: string) => text.split('\n').filter((l) => l.includes(needle))

beforeAll(async () => {
	// Care/Small and Care/Tiny (3 each) are under k = 5; together (6) they are not, so Care/Big can be shown beside them.
	o = await makePulseOrg({ teams: { 'Care/Big': [['frontline', 12]], 'Care/Small': [['frontline', 3]], 'Care/Tiny': [['frontline', 3]], Sales: [['frontline', 10]] } })
	const w1 = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
	for (const p of o.people) await answer(o.orgId, p.id, w1.waveId, { 'item-0': String(4 + (p.index % 2)), 'item-1': '1', 'item-2': '8' }, w1.during)
	await releaseDueWeeks(w1.after)
	week2 = await openTestWave(o.orgId, o.surveyId, '2026-03-09')
	// Care/Big falls hard; Sales stays; Care/Small (3 people) is under k whatever it answers.
	for (const p of o.people) {
		const autonomy = p.team === 'Care/Big' ? 1 + (p.index % 2) : 4 + (p.index % 2)
		await answer(o.orgId, p.id, week2.waveId, { 'item-0': String(autonomy), 'item-1': p.team === 'Care/Big' ? '6' : '1', 'item-2': '7' }, week2.during)
	}
	await releaseDueWeeks(week2.after)
	const mk = async (role: 'manager' | 'executive', team?: string, locale?: 'de' | 'ja') => {
		const u = await makeUser(o.orgId, { role, teamId: team ? o.teamIds[team]! : null })
		if (locale)
			await db()
				.update(users)
				.set({ locale })
				.where(and(eq(users.orgId, o.orgId), eq(users.id, u.id)))
		return { id: u.id, email: u.email }
	}
	people = {
		careManager: await mk('manager', 'Care'),
		salesManager: await mk('manager', 'Sales'),
		executive: await mk('executive'),
		careManagerDe: await mk('manager', 'Care', 'de'),
		executiveJa: await mk('executive', undefined, 'ja'),
	}
	await db()
		.insert(actions)
		.values([
			{
				orgId: o.orgId,
				teamId: o.teamIds['Care/Big']!,
				dimension: 'autonomy',
				title: 'Cut refund sign-offs to one',
				dueOn: '2026-03-20',
				startedOn: '2026-03-13',
				status: 'under_way',
			},
			{ orgId: o.orgId, teamId: o.teamIds.Sales!, dimension: 'approval', title: 'Sales-only action', dueOn: '2026-03-18', startedOn: '2026-03-13' },
		])
	// Two instances at once: each job runs once.
	firstRun = await Promise.all([runDigestJobs(week2.after), runDigestJobs(week2.after)])
	if (fs.existsSync(mailDir())) fs.rmSync(mailDir(), { recursive: true })
	await deliverDueMail(1000, week2.after)
	mails = await readMailFolder()
}, 180_000) // Two weeks of answers from 28 people and their releases, on a busy machine.

describe('when a week is released', () => {
	test('the jobs run once, even on two instances at once, and not again', async () => {
		expect(firstRun.reduce((n, r) => n + r.release, 0)).toBe(1)
		expect(firstRun.reduce((n, r) => n + r.results, 0)).toBe(1)
		expect(await runDigestJobs(week2.after)).toEqual({ release: 0, results: 0 })
		expect(mailTo(people.careManager.email, /Your teams' results/)).toHaveLength(1)
	})

	test('a manager’s digest: their teams’ figures as the dashboard shows them, what is hidden and why, one focus, their open actions', async () => {
		const [digest] = mailTo(people.careManager.email, /Your teams' results for the week of 9 March 2026/)
		expect(digest).toBeDefined()
		const report = (teamId: string) => mindsetReport(o.orgId, { from: '2026-03-02', to: '2026-03-15', teamId, level: null }, null)
		const big = (await report(o.teamIds['Care/Big']!))!.trend.at(-1)!
		const care = (await report(o.teamIds.Care!))!.trend.at(-1)!
		expect(big.culture).not.toBeNull()
		expect(lineWith(digest!.text, 'Care › Big')[0]).toMatch(new RegExp(`^Care › Big +${big.culture!.toFixed(1)} +−\\d+\\.\\d \\(95% interval`))
		expect(digest!.text).toMatch(new RegExp(`\\nCare +${care.culture!.toFixed(1)} +−`))
		// Care › Small and Care › Tiny: 3 people each, k = 5 — their reason, never a figure.
		expect(lineWith(digest!.text, 'Care › Small')).toEqual(['- Care › Small: fewer than 5 people answered'])
		expect(lineWith(digest!.text, 'Care › Tiny')).toEqual(['- Care › Tiny: fewer than 5 people answered'])
		expect(digest!.html).not.toMatch(/Care › (Small|Tiny)<\/td>/)
		// The focus: the lowest of the Care team's dimensions this week, as the dashboard computes them.
		const dims = Object.entries(care.dimensions).filter(([, v]) => typeof v === 'number') as [keyof typeof REPORT_LABELS, number][]
		const lowest = dims.sort((a, b) => a[1] - b[1])[0]!
		expect(digest!.text).toMatch(new RegExp(`Suggested focus\\n-+\\n+${REPORT_LABELS[lowest[0]]} \\(${lowest[1].toFixed(1)} of 100\\)`))
		expect(digest!.text).toContain('Cut refund sign-offs to one — Care › Big, Decision autonomy, due 20 March 2026')
		expect(digest!.text).not.toContain('Sales-only action')
		// Plain text and HTML, and a one-click unsubscribe.
		expect(digest!.html).toContain('<table')
		// Headers unfolded (a long header continues on the next line).
		const raw = fs.readFileSync(path.join(mailDir(), digest!.fileName), 'utf8').replace(/\r\n[ \t]+/g, ' ')
		expect(raw).toMatch(/List-Unsubscribe: <http:\/\/localhost:3000\/unsubscribe\/[0-9a-f-]{36}\.[a-z0-9]+\.[a-z0-9]+>/)
		expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
	})

	test('the Sales manager sees Sales only; the executive gets the organisation, the biggest movers and the actions due', () => {
		const [sales] = mailTo(people.salesManager.email, /Your teams' results/)
		expect(sales!.text).toContain('Sales')
		expect(sales!.text).not.toContain('Care')
		expect(sales!.text).toContain('Sales-only action')
		const [exec] = mailTo(people.executive.email, /results for the week of 9 March 2026/)
		expect(exec!.text).toMatch(/The organisation\n-+\n+Culture index \d+\.\d of 100; [+−]\d+\.\d \(95% interval/)
		const movers = exec!.text.split('Biggest movers')[1]!.split('Actions due')[0]!
		expect(movers.split('\n').find((l) => l.startsWith('Care › Big'))).toBeDefined()
		expect(movers).not.toContain('Care › Small')
		expect(exec!.text).toContain('Cut refund sign-offs to one — Care › Big, due 20 March 2026')
	})

	test('in the reader’s language: a German manager’s digest and a Japanese executive’s, same figures, their words, numbers and dates', () => {
		const [en] = mailTo(people.careManager.email, /Your teams' results/)
		const [de] = mailTo(people.careManagerDe.email, /^Ergebnisse Ihrer Teams für die Woche vom 9\. März 2026$/)
		expect(de).toBeDefined()
		// The same figure, with a decimal comma.
		const enBig = lineWith(en!.text, 'Care › Big')[0]!.match(/^Care › Big +(\d+)\.(\d)/)!
		expect(lineWith(de!.text, 'Care › Big')[0]).toMatch(new RegExp(`^Care › Big +${enBig[1]},${enBig[2]} +−\\d+,\\d \\(95-%-Intervall −\\d+,\\d bis −\\d+,\\d\\) seit 2\\. März`))
		expect(de!.text).toMatch(/^Team +Kulturindex +Veränderung$/m)
		expect(lineWith(de!.text, 'Care › Small')).toEqual(['- Care › Small: weniger als 5 Personen haben geantwortet'])
		expect(de!.text).toContain('Vorgeschlagener Schwerpunkt')
		expect(de!.text).toContain('Cut refund sign-offs to one – Care › Big, Entscheidungsfreiheit, fällig am 20. März 2026')
		expect(de!.text).toContain('Ihr Dashboard öffnen: http://localhost:3000/dashboard')
		expect(de!.html).toContain('<html lang="de">')
		expect(de!.text).not.toMatch(/Your teams|Suggested focus|Open actions|fewer than/)

		const [ja] = mailTo(people.executiveJa.email, /：2026年3月9日の週の結果$/)
		expect(ja).toBeDefined()
		expect(ja!.text).toMatch(/組織全体\n-+\n+カルチャー指数 \d+\.\d（100点中）、[+−]\d+\.\d（3月2日比、95%信頼区間/)
		expect(ja!.text).toContain('変化の大きいチーム')
		expect(ja!.text).toContain('Cut refund sign-offs to one — Care › Big、期限 2026年3月20日')
		expect(ja!.text).toMatch(/数値は5人以上のグループについてのみ表示されます/)
		// The alert, too.
		expect(mailTo(people.careManagerDe.email, /^Care › Big: Der Kulturindex ist stärker gesunken als sein Intervall$/)).toHaveLength(1)
		expect(mailTo(people.executiveJa.email, /^Care › Big：カルチャー指数が信頼区間を超えて低下しました$/)).toHaveLength(1)
	})

	test('an alert goes to the managers above a team that fell beyond its interval, and to executives; not to others', () => {
		const alert = (email: string) => mailTo(email, /Care › Big: the culture index fell beyond its interval/)
		expect(alert(people.careManager.email)).toHaveLength(1)
		expect(alert(people.executive.email)).toHaveLength(1)
		expect(alert(people.salesManager.email)).toHaveLength(0)
		expect(mails.filter((m) => /Care › Small: the culture index/.test(m.subject))).toEqual([])
		expect(alert(people.careManager.email)[0]!.text).toMatch(/was \d+\.\d: −\d+\.\d \(95% interval −\d+\.\d to −\d+\.\d\)/)
	})

	test('employees get a short “results are in” note (sharing on release is the default)', async () => {
		const employeeEmails = resultRows<{ email: string }>(await db().execute(sql`select email from users where org_id = ${o.orgId} and role = 'employee'`)).map((r) => r.email)
		const notes = mails.filter((m) => m.subject === 'Results are in: the week of 9 March 2026')
		expect(notes.map((m) => m.to).sort()).toEqual(employeeEmails.sort())
		expect(notes[0]!.text).toContain('/results')
	})
})

describe('unsubscribing', () => {
	test('the one-click link turns digests off without a session; the next digest is skipped; the settings page turns it back on', async () => {
		const [digest] = mailTo(people.careManager.email, /Your teams' results/)
		const link = digest!.text.match(/Unsubscribe: (http:\/\/localhost:3000\/unsubscribe\/([a-z0-9.-]+))/)!
		const route = await import('~/routes/_account+/unsubscribe.$token')
		// Opening the link only asks (link scanners open links).
		const page = await call(route.loader, getRequest(`/unsubscribe/${link[2]}`), { token: link[2]! })
		expect(page.data).toMatchObject({ category: 'digests', expired: false })
		// The mail client's one-click POST: no cookie, no Origin.
		const post = new Request(link[1]!, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) })
		expect((await call(route.action, post, { token: link[2]! })).data).toMatchObject({ done: 'digests' })
		const { isAllowedRequest } = await import('~/auth/origin')
		expect(isAllowedRequest({ method: 'POST', url: link[1]!, origin: null, host: 'mail.example', appUrl: 'http://localhost:3000', authorization: null, cookie: null })).toBe(true)
		expect(
			isAllowedRequest({ method: 'POST', url: link[1]!, origin: null, host: 'mail.example', appUrl: 'http://localhost:3000', authorization: null, cookie: 'son_session=x' }),
		).toBe(false)
		// A wrong token: 404, nothing changes.
		expect((await call(route.action, postRequest('/unsubscribe/x', {}), { token: 'abc.def' })).status).toBe(404)

		const queue = async (kind: string) => {
			const [row] = resultRows<{ id: string }>(await db().execute(sql`select gen_random_uuid()::text as id`))
			const payload = { week: '2026-03-09', teamId: o.teamIds['Care/Big']!, marker: row!.id }
			await enqueueMail(db(), o.orgId, [{ kind, toEmail: people.careManager.email, userId: people.careManager.id, payload }])
			await deliverDueMail(1000, week2.after)
			return resultRows<{ status: string }>(await db().execute(sql`select status from mail_outbox where org_id = ${o.orgId} and payload->>'marker' = ${row!.id}`))[0]!.status
		}
		expect(await queue('manager_digest')).toBe('skipped')
		// Alerts are their own category: still sent.
		expect(await queue('index_alert')).toBe('sent')

		const { sessionCookieFor } = await import('../../support/fixtures')
		const cookie = await sessionCookieFor({ orgId: o.orgId, id: people.careManager.id })
		const settings = await import('~/routes/_account+/settings.mail')
		const before = await call(settings.loader, getRequest('/settings/mail', cookie))
		expect(before.data.categories.find((c: { key: string }) => c.key === 'digests')).toMatchObject({ receive: false, optional: true })
		expect(before.data.categories.find((c: { key: string }) => c.key === 'account')).toMatchObject({ receive: true, optional: false })
		await call(settings.action, postRequest('/settings/mail', { digests: 'on', alerts: 'on', results: 'on', reminders: 'on' }, cookie))
		expect(await queue('manager_digest')).toBe('sent')
	})
})
