import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { createPerson, listPeople, resendInvitation, setPersonActive, updatePerson } from '~/org/people.server'
import { db } from '~/utils/db.server'
import { mailOutbox, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser } from '../../support/fixtures'

useTestDatabase()

const valid = (over: Record<string, string> = {}) => ({ email: 'New.Person@Example.com', name: 'New Person', role: 'employee', level: 'frontline', ...over })

describe('people', () => {
	test('adding a person stores them and queues their invitation in the same step', async () => {
		const org = await makeOrg()
		const teamId = await makeTeam(org.id, 'Care')
		const r = await createPerson(org.id, valid({ teamId }))
		expect(r.ok).toBe(true)
		if (!r.ok) return
		const [row] = await db()
			.select()
			.from(users)
			.where(and(eq(users.orgId, org.id), eq(users.id, r.value.id)))
		expect(row).toMatchObject({ email: 'new.person@example.com', teamId, passwordHash: null, active: true })
		const mail = await db().select().from(mailOutbox).where(eq(mailOutbox.orgId, org.id))
		expect(mail).toMatchObject([{ kind: 'invitation', toEmail: 'new.person@example.com', userId: r.value.id, status: 'queued' }])
	})

	test('bad input gets a message per field and stores nothing', async () => {
		const org = await makeOrg()
		const r = await createPerson(org.id, { email: 'nope', name: '', role: 'boss', level: 'x', teamId: 'not-an-id' })
		expect(r).toMatchObject({
			ok: false,
			errors: {
				email: 'This is not a valid e-mail address.',
				name: 'Enter a name.',
				role: expect.stringContaining('Role must be one of'),
				level: expect.stringContaining('Level must be one of'),
				teamId: 'Choose a team from the list.',
			},
		})
		expect(await db().select().from(users).where(eq(users.orgId, org.id))).toEqual([])
		expect(await db().select().from(mailOutbox).where(eq(mailOutbox.orgId, org.id))).toEqual([])
	})

	test('an e-mail is unique within an organisation, not across organisations', async () => {
		const a = await makeOrg()
		const b = await makeOrg()
		expect((await createPerson(a.id, valid())).ok).toBe(true)
		expect(await createPerson(a.id, valid({ name: 'Twin' }))).toMatchObject({ ok: false, errors: { email: expect.stringContaining('already') } })
		expect((await createPerson(b.id, valid())).ok).toBe(true)
	})

	test('a team or manager from another organisation is refused', async () => {
		const mine = await makeOrg()
		const theirs = await makeOrg()
		const theirTeam = await makeTeam(theirs.id, 'X')
		const theirBoss = await makeUser(theirs.id)
		expect(await createPerson(mine.id, valid({ teamId: theirTeam }))).toMatchObject({ ok: false, errors: { teamId: 'That team does not exist.' } })
		expect(await createPerson(mine.id, valid({ managerId: theirBoss.id }))).toMatchObject({ ok: false, errors: { managerId: 'That manager does not exist.' } })
	})

	test('a manager loop is refused', async () => {
		const org = await makeOrg()
		const a = await makeUser(org.id)
		const b = await makeUser(org.id)
		expect((await updatePerson(org.id, b.id, { email: b.email, name: b.name, role: 'employee', level: 'frontline', managerId: a.id })).ok).toBe(true)
		const loop = await updatePerson(org.id, a.id, { email: a.email, name: a.name, role: 'manager', level: 'manager', managerId: b.id })
		expect(loop).toMatchObject({ ok: false, errors: { managerId: expect.stringContaining('loop') } })
	})

	test('the last active admin cannot be deactivated, and nobody can deactivate themselves', async () => {
		const org = await makeOrg()
		const admin = await makeUser(org.id, { role: 'admin' })
		const other = await makeUser(org.id, { role: 'admin' })
		expect(await setPersonActive(org.id, admin.id, false, admin.id)).toMatchObject({ ok: false })
		expect((await setPersonActive(org.id, other.id, false, admin.id)).ok).toBe(true)
		const third = await makeUser(org.id, { role: 'admin' })
		expect((await setPersonActive(org.id, admin.id, false, third.id)).ok).toBe(true)
		expect(await setPersonActive(org.id, third.id, false, admin.id)).toMatchObject({ ok: false, errors: { _form: expect.stringContaining('last active admin') } })
	})

	test('the list filters by text, team and status, and pages', async () => {
		const org = await makeOrg()
		const team = await makeTeam(org.id, 'Care')
		for (let i = 0; i < 55; i++)
			await db()
				.insert(users)
				.values({ orgId: org.id, email: `p${i}@x.com`, name: `Person ${String(i).padStart(2, '0')}`, teamId: i < 5 ? team : null })
		await makeUser(org.id, { name: 'Zed Gone', active: false })
		const page1 = await listPeople(org.id)
		expect(page1.total).toBe(55)
		expect(page1.people).toHaveLength(50)
		expect(page1.pages).toBe(2)
		expect((await listPeople(org.id, { page: 2 })).people).toHaveLength(5)
		expect((await listPeople(org.id, { teamId: team })).total).toBe(5)
		expect((await listPeople(org.id, { q: 'son 1' })).total).toBe(10)
		expect((await listPeople(org.id, { q: '%' })).total).toBe(0)
		expect((await listPeople(org.id, { status: 'inactive' })).people.map((p) => p.name)).toEqual(['Zed Gone'])
	})

	test('resending queues an invitation before a password is set, and a reset after', async () => {
		const org = await makeOrg()
		const invited = await makeUser(org.id, { password: null })
		const member = await makeUser(org.id)
		expect(await resendInvitation(org.id, invited.id)).toEqual({ ok: true, value: 'invitation' })
		expect(await resendInvitation(org.id, member.id)).toEqual({ ok: true, value: 'reset' })
	})
})

describe('the last admin', () => {
	test('cannot be turned into another role either', async () => {
		const org = await makeOrg()
		const admin = await makeUser(org.id, { role: 'admin' })
		const r = await updatePerson(org.id, admin.id, { email: admin.email, name: admin.name, role: 'employee', level: 'frontline' })
		expect(r).toEqual({ ok: false, errors: { role: 'This is the last active admin; make someone else admin first.' } })
		const second = await makeUser(org.id, { role: 'admin' })
		expect((await updatePerson(org.id, admin.id, { email: admin.email, name: admin.name, role: 'employee', level: 'frontline' })).ok).toBe(true)
		expect(await updatePerson(org.id, second.id, { email: second.email, name: second.name, role: 'manager', level: 'manager' })).toMatchObject({ ok: false })
	})
})
