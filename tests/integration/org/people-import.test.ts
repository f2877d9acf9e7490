import { count, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { importPeopleCsv } from '~/org/people-import.server'
import * as importPage from '~/routes/admin+/people.import'
import { db } from '~/utils/db.server'
import { mailOutbox, teams, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, postRequest } from '../../support/requests'

useTestDatabase()

const HEADER = 'email,name,team,role,level,manager_email'

async function counts(orgId: string) {
	const [[u], [t], [m]] = await Promise.all([
		db().select({ n: count() }).from(users).where(eq(users.orgId, orgId)),
		db().select({ n: count() }).from(teams).where(eq(teams.orgId, orgId)),
		db().select({ n: count() }).from(mailOutbox).where(eq(mailOutbox.orgId, orgId)),
	])
	return { users: u!.n, teams: t!.n, mail: m!.n }
}

/** A file of n people in 50 teams under 5 divisions, each team led by its first member. */
function bigFile(n: number) {
	const lines = [HEADER]
	for (let i = 0; i < n; i++) {
		const team = i % 50
		const lead = team // the first 50 rows are the leads
		lines.push(
			`p${i}@corp.example,Person ${i},Division ${team % 5}/Team ${team},${i < 50 ? 'manager' : 'employee'},${i < 50 ? 'manager' : 'frontline'},${i < 50 ? '' : `p${lead}@corp.example`}`,
		)
	}
	return lines.join('\n')
}

describe('people import', () => {
	test('300 people import with their teams and managers; importing again changes nothing', async () => {
		const org = await makeOrg()
		const file = bigFile(300)
		const first = await importPeopleCsv(org.id, file, { sendInvitations: true })
		expect(first).toEqual({ ok: true, summary: { created: 300, updated: 0, unchanged: 0, teamsCreated: 55, invited: 300 } })
		expect(await counts(org.id)).toEqual({ users: 300, teams: 55, mail: 300 })
		const [p77] = await db().select().from(users).where(eq(users.email, 'p77@corp.example'))
		const [lead] = await db().select().from(users).where(eq(users.email, 'p27@corp.example'))
		const [team] = await db().select().from(teams).where(eq(teams.id, p77!.teamId!))
		expect(p77!.managerId).toBe(lead!.id)
		expect(team!.path).toBe('Division 2/Team 27')

		const before = await db().select({ id: users.id, updatedAt: users.updatedAt }).from(users).where(eq(users.orgId, org.id))
		const again = await importPeopleCsv(org.id, file, { sendInvitations: true })
		expect(again).toEqual({ ok: true, summary: { created: 0, updated: 0, unchanged: 300, teamsCreated: 0, invited: 0 } })
		const after = await db().select({ id: users.id, updatedAt: users.updatedAt }).from(users).where(eq(users.orgId, org.id))
		expect(after).toEqual(before)
		expect(await counts(org.id)).toEqual({ users: 300, teams: 55, mail: 300 })
		// 5,000 people: tests/volume (npm run test:volume, once in CI).
	}, 120_000)

	test('a changed row updates only that person', async () => {
		const org = await makeOrg()
		await importPeopleCsv(org.id, `${HEADER}\na@x.com,Ann,Care,employee,frontline,\nb@x.com,Bob,Care,employee,frontline,a@x.com`, { sendInvitations: false })
		const r = await importPeopleCsv(org.id, `${HEADER}\na@x.com,Ann,Care,manager,manager,\nb@x.com,Bob,Care/Phone,employee,frontline,a@x.com`, { sendInvitations: false })
		expect(r).toEqual({ ok: true, summary: { created: 0, updated: 2, unchanged: 0, teamsCreated: 1, invited: 0 } })
		const [ann] = await db().select().from(users).where(eq(users.email, 'a@x.com'))
		expect(ann).toMatchObject({ role: 'manager', level: 'manager' })
	})

	test('one bad line anywhere imports nothing at all: no people, no teams, no e-mails', async () => {
		const org = await makeOrg()
		const lines = bigFile(300).split('\n')
		lines[250] = 'broken-email,Someone,New Team/Sub,employee,frontline,'
		const r = await importPeopleCsv(org.id, lines.join('\n'), { sendInvitations: true })
		expect(r).toEqual({ ok: false, problems: [{ line: 251, column: 'email', message: 'This is not a valid e-mail address.' }] })
		expect(await counts(org.id)).toEqual({ users: 0, teams: 0, mail: 0 })
	})

	test('a manager who is neither in the file nor in the organisation is reported with its line', async () => {
		const org = await makeOrg()
		await makeUser(org.id, { email: 'boss@x.com' })
		const r = await importPeopleCsv(org.id, `${HEADER}\na@x.com,Ann,,employee,frontline,boss@x.com\nb@x.com,Bob,,employee,frontline,ghost@x.com`, { sendInvitations: false })
		expect(r).toEqual({ ok: false, problems: [{ line: 3, column: 'manager_email', message: 'No one with the e-mail ghost@x.com is in this file or the organisation.' }] })
		expect((await counts(org.id)).users).toBe(1)
	})

	test('managers that go round in a loop are refused', async () => {
		const org = await makeOrg()
		const r = await importPeopleCsv(org.id, `${HEADER}\na@x.com,Ann,,employee,frontline,b@x.com\nb@x.com,Bob,,employee,frontline,c@x.com\nc@x.com,Cy,,employee,frontline,a@x.com`, {
			sendInvitations: false,
		})
		expect(r.ok).toBe(false)
		if (r.ok) return
		expect(r.problems.map((p) => p.line)).toEqual([2, 3, 4])
		expect((await counts(org.id)).users).toBe(0)
	})

	test("importing never touches another organisation's people with the same e-mail", async () => {
		const mine = await makeOrg()
		const theirs = await makeOrg()
		const their = await makeUser(theirs.id, { email: 'same@x.com', name: 'Theirs', role: 'admin' })
		await importPeopleCsv(mine.id, `${HEADER}\nsame@x.com,Mine,,employee,frontline,`, { sendInvitations: false })
		const [still] = await db().select().from(users).where(eq(users.id, their.id))
		expect(still).toMatchObject({ name: 'Theirs', role: 'admin', orgId: theirs.id })
	})

	test('a file cannot take the role from the last active admin, as the person form cannot', async () => {
		const org = await makeOrg()
		const hr = await makeUser(org.id, { email: 'hr@x.com', name: 'Hana', role: 'admin' })
		await makeUser(org.id, { email: 'old-admin@x.com', role: 'admin', active: false })
		const cookie = await sessionCookieFor(hr)
		const upload = (text: string) => {
			const form = new FormData()
			form.set('file', new File([text], 'people.csv', { type: 'text/csv' }))
			form.set('createTeams', 'Care')
			return call(importPage.action, postRequest('/admin/people/import', form, cookie))
		}
		const before = await counts(org.id)
		const demoting = `${HEADER}\nnew@x.com,Nia,Care,employee,frontline,\nhr@x.com,Hana,Care,manager,manager,`
		const r = await upload(demoting)
		expect(r.status).toBe(422)
		expect(r.data.problems).toEqual([{ line: 3, column: 'role', message: 'hr@x.com: This is the last active admin; make someone else admin first.' }])
		expect(await counts(org.id)).toEqual(before)
		const [still] = await db().select().from(users).where(eq(users.id, hr.id))
		expect(still).toMatchObject({ role: 'admin', level: 'frontline', teamId: null })

		// Making someone else admin in the same file is what the message asks for.
		const handover = await upload(`${demoting}\nnext@x.com,Noor,Care,admin,leader,`)
		expect(handover.status).toBe(200)
		expect(handover.data.summary).toMatchObject({ created: 2, updated: 1 })
	})

	test('a file that takes the role from every active admin reports each of their lines', async () => {
		const org = await makeOrg()
		await makeUser(org.id, { email: 'a@x.com', role: 'admin' })
		await makeUser(org.id, { email: 'b@x.com', role: 'admin' })
		const r = await importPeopleCsv(org.id, `${HEADER}\na@x.com,Ann,,employee,frontline,\nb@x.com,Bob,,executive,leader,`, { sendInvitations: false })
		expect(r).toEqual({
			ok: false,
			problems: [2, 3].map((line) => ({
				line,
				column: 'role',
				message: `${line === 2 ? 'a' : 'b'}@x.com: This file takes the role from every active admin; keep one admin, or make someone else admin first.`,
			})),
		})
	})
})
