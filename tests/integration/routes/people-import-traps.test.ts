/**
 * The people import page's traps, as a browser posts the file: a Windows-1252 file is refused
 * with its lines and how to save it (it once imported "José López" as "Jos� L�pez"); a file that
 * would create teams imports nothing until the person confirms exactly those teams (a typo once
 * silently became a team); and every problem is reported at once (an unknown manager once showed
 * only on the second upload, after the other lines were fixed).
 */
import { count, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import * as importPage from '~/routes/admin+/people.import'
import { db } from '~/utils/db.server'
import { teams, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, postRequest } from '../../support/requests'

useTestDatabase()

const HEADER = 'email,name,team,role,level,manager_email'

async function setUp() {
	const org = await makeOrg()
	await makeTeam(org.id, 'Customer Care')
	const cookie = await sessionCookieFor(await makeUser(org.id, { role: 'admin', email: 'hr@x.com' }))
	const upload = (bytes: string | Uint8Array<ArrayBuffer>, createTeams: string[] = []) => {
		const form = new FormData()
		form.set('file', new File([bytes], 'people.csv', { type: 'text/csv' }))
		form.set('invite', 'on')
		// As the confirming button sends them: one value, a path per line.
		if (createTeams.length) form.set('createTeams', createTeams.join('\n'))
		return call(importPage.action, postRequest('/admin/people/import', form, cookie))
	}
	const state = async () => {
		const people = await db().select({ email: users.email, name: users.name }).from(users).where(eq(users.orgId, org.id))
		const [t] = await db().select({ n: count() }).from(teams).where(eq(teams.orgId, org.id))
		return { people: people.length, teams: t!.n, names: people.map((p) => p.name) }
	}
	return { org, upload, state }
}

describe('people import: the file’s encoding', () => {
	test('a Windows-1252 file is refused with its lines and "CSV UTF-8"; nothing is stored', async () => {
		const { upload, state } = await setUp()
		const before = await state()
		const latin1 = Buffer.from(
			`${HEADER}\njose@x.com,José López,Customer Care,employee,frontline,\nann@x.com,Ann Lee,Customer Care,employee,frontline,\nzoe@x.com,Zoë Brontë,Customer Care,employee,frontline,\n`,
			'latin1',
		)
		const r = await upload(new Uint8Array(latin1))
		expect(r.status).toBe(422)
		expect(r.data.problems.map((p: { line: number }) => p.line)).toEqual([2, 4])
		expect(r.data.problems[0].message).toContain('CSV UTF-8')
		expect(r.data.problems[0].message).toContain('Windows-1252')
		expect(await state()).toEqual(before)
		expect((await state()).names.join()).not.toContain('\uFFFD')
	})

	test('the same file saved as UTF-8 (with or without a BOM) imports the names as written', async () => {
		const { upload, state } = await setUp()
		const r = await upload(`\uFEFF${HEADER}\njose@x.com,José López,Customer Care,employee,frontline,\n`)
		expect(r.status).toBe(200)
		expect((await state()).names).toContain('José López')
	})
})

describe('people import: new teams are confirmed first', () => {
	test('a typo in a team path imports nothing and lists the teams the file would create, with their lines', async () => {
		const { upload, state } = await setUp()
		const before = await state()
		const file = `${HEADER}\na@x.com,Ann,Customer Care,employee,frontline,\nb@x.com,Bob,Custmer Care,employee,frontline,\nc@x.com,Cy,Customer Care/Phone,employee,frontline,\n`
		const r = await upload(file)
		expect(r.status).toBe(409)
		expect(r.data.newTeams).toEqual([
			{ path: 'Custmer Care', lines: [3] },
			{ path: 'Customer Care/Phone', lines: [4] },
		])
		expect(await state()).toEqual(before)

		// Confirming only some of them is not enough: the list must be the one shown.
		const partly = await upload(file, ['Customer Care/Phone'])
		expect(partly.status).toBe(409)
		expect(await state()).toEqual(before)

		// Confirming the list imports the file and creates exactly those teams.
		const confirmed = await upload(file, ['Custmer Care', 'Customer Care/Phone'])
		expect(confirmed.status).toBe(200)
		expect(confirmed.data.summary).toMatchObject({ created: 3, teamsCreated: 2 })
	})

	test('a file naming only existing teams imports at once', async () => {
		const { upload, state } = await setUp()
		const r = await upload(`${HEADER}\na@x.com,Ann,Customer Care,employee,frontline,\n`)
		expect(r.status).toBe(200)
		expect((await state()).teams).toBe(1)
	})
})

describe('people import: a team written as the screens show it is the existing team', () => {
	test('"Customer Care › Social", any case or spacing, and "front line" import into the real team; no look-alike is offered', async () => {
		const { org, upload, state } = await setUp()
		const social = await makeTeam(org.id, 'Customer Care/Social')
		const before = await state()
		const file = `${HEADER}\na@x.com,Ann,Customer Care › Social,employee,front line,\nb@x.com,Bob,customer care > social,employee,Front line,\nc@x.com,Cy,CUSTOMER CARE/SOCIAL,employee,frontline,\n`
		const r = await upload(file)
		expect(r.status).toBe(200)
		expect(r.data.summary).toMatchObject({ created: 3, teamsCreated: 0 })
		expect((await state()).teams).toBe(before.teams)
		const inTeam = await db().select({ email: users.email }).from(users).where(eq(users.teamId, social))
		expect(inTeam.map((u) => u.email).sort()).toEqual(['a@x.com', 'b@x.com', 'c@x.com'])
	})

	test('a new team that differs from an existing one only by case, spacing or separators is refused, naming the team meant', async () => {
		const { org, upload, state } = await setUp()
		await makeTeam(org.id, 'Customer Care/Social')
		const before = await state()
		const file = `${HEADER}\na@x.com,Ann,Customer-Care › Social,employee,frontline,\nb@x.com,Bob,Customer Care Social,employee,frontline,\n`
		for (const confirm of [[], ['Customer-Care', 'Customer-Care/Social', 'Customer Care Social']]) {
			const r = await upload(file, confirm)
			expect(r.status).toBe(422)
			expect(r.data.problems.map((p: { line: number; column: string }) => `${p.line} ${p.column}`)).toEqual(['2 team', '3 team'])
			expect(r.data.problems[0].message).toContain('looks like the existing team "Customer Care"')
			expect(r.data.problems[1].message).toContain('looks like the existing team "Customer Care › Social"')
			expect(await state()).toEqual(before)
		}
	})
})

describe('people import: every problem at once', () => {
	test('an unknown manager is reported together with the other lines’ problems, in line order', async () => {
		const { upload } = await setUp()
		const file = `${HEADER}\nnot-an-email,Bad,Customer Care,employee,frontline,\nb@x.com,Bob,Customer Care,employee,frontline,ghost@x.com\nc@x.com,Cy,Customer Care,boss,frontline,\nd@x.com,Di,Customer Care,employee,frontline,c@x.com\n`
		const r = await upload(file)
		expect(r.status).toBe(422)
		expect(r.data.problems.map((p: { line: number; column: string }) => `${p.line} ${p.column}`)).toEqual(['2 email', '3 manager_email', '4 role'])
		// c@x.com has a problem of its own, but is in the file: naming them as manager is not one more.
		expect(r.data.problems[1].message).toBe('No one with the e-mail ghost@x.com is in this file or the organisation.')
	})
})
