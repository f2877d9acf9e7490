/**
 * Who can reach what: admin pages are for admins only; every id in a URL is looked up inside
 * the signed-in person's organisation, so another organisation's ids answer 404.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import * as outboxIndex from '~/routes/admin+/outbox._index'
import * as peopleIndex from '~/routes/admin+/people._index'
import * as person from '~/routes/admin+/people.$personId'
import * as exportCsv from '~/routes/admin+/people.export'
import * as importPage from '~/routes/admin+/people.import'
import * as newPerson from '~/routes/admin+/people.new'
import * as settings from '~/routes/admin+/settings'
import * as teamsPage from '~/routes/admin+/teams'
import * as home from '~/routes/home'
import { db } from '~/utils/db.server'
import { teams, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

const ADMIN_LOADERS = [
	['/admin/people', peopleIndex.loader],
	['/admin/people/new', newPerson.loader],
	['/admin/people/import', importPage.loader],
	['/admin/people/export', exportCsv.loader],
	['/admin/teams', teamsPage.loader],
	['/admin/outbox', outboxIndex.loader],
	['/admin/settings', settings.loader],
] as const

let ctx: {
	orgA: { id: string }
	adminA: string
	employeeA: string
	managerA: string
	executiveA: string
	personB: { id: string }
	teamB: string
	adminB: string
}

beforeAll(async () => {
	const orgA = await makeOrg({ name: 'A' })
	const orgB = await makeOrg({ name: 'B' })
	const adminA = await makeUser(orgA.id, { role: 'admin' })
	const employeeA = await makeUser(orgA.id, { role: 'employee' })
	const managerA = await makeUser(orgA.id, { role: 'manager' })
	const executiveA = await makeUser(orgA.id, { role: 'executive' })
	const personB = await makeUser(orgB.id, { name: 'B person' })
	const adminB = await makeUser(orgB.id, { role: 'admin' })
	const teamB = await makeTeam(orgB.id, 'B team')
	ctx = {
		orgA,
		adminA: await sessionCookieFor(adminA),
		employeeA: await sessionCookieFor(employeeA),
		managerA: await sessionCookieFor(managerA),
		executiveA: await sessionCookieFor(executiveA),
		personB,
		teamB,
		adminB: await sessionCookieFor(adminB),
	}
})

describe('access', () => {
	test('signed-out visitors are sent to sign-in, with the page to come back to', async () => {
		const r = await call(peopleIndex.loader, getRequest('/admin/people?q=ann'))
		expect(r.status).toBe(302)
		expect(r.location).toBe('/login?redirectTo=%2Fadmin%2Fpeople%3Fq%3Dann')
		expect((await call(home.loader, getRequest('/home'))).location).toBe('/login?redirectTo=%2Fhome')
	})

	test.each(['employeeA', 'managerA', 'executiveA'] as const)('a %s gets 403 on every admin page and admin action', async (who) => {
		for (const [path, loader] of ADMIN_LOADERS) {
			const r = await call(loader, getRequest(path, ctx[who]))
			expect(r.status, path).toBe(403)
		}
		const add = await call(newPerson.action, postRequest('/admin/people/new', { email: 'x@y.z', name: 'X', role: 'admin', level: 'leader' }, ctx[who]))
		expect(add.status).toBe(403)
		const team = await call(teamsPage.action, postRequest('/admin/teams', { intent: 'create', name: 'Mine' }, ctx[who]))
		expect(team.status).toBe(403)
		expect(await db().select().from(users).where(eq(users.email, 'x@y.z'))).toEqual([])
	})

	test('an admin reaches every admin page', async () => {
		for (const [path, loader] of ADMIN_LOADERS) {
			const r = await call(loader, getRequest(path, ctx.adminA))
			expect(r.status, path).toBe(200)
		}
	})

	test("another organisation's person answers 404 to read and to change", async () => {
		const params = { personId: ctx.personB.id }
		expect((await call(person.loader, getRequest(`/admin/people/${ctx.personB.id}`, ctx.adminA), params)).status).toBe(404)
		for (const intent of ['save', 'deactivate', 'invite']) {
			const r = await call(
				person.action,
				postRequest(`/admin/people/${ctx.personB.id}`, { intent, email: 'hijack@a.com', name: 'Hijacked', role: 'admin', level: 'leader' }, ctx.adminA),
				params,
			)
			expect(r.status, intent).toBe(404)
		}
		const [still] = await db().select().from(users).where(eq(users.id, ctx.personB.id))
		expect(still).toMatchObject({ name: 'B person', active: true })
		// Its own admin still sees it.
		expect((await call(person.loader, getRequest(`/admin/people/${ctx.personB.id}`, ctx.adminB), params)).status).toBe(200)
	})

	test("another organisation's team cannot be renamed or deleted, and is not listed", async () => {
		const r = await call(teamsPage.action, postRequest('/admin/teams', { intent: 'rename', teamId: ctx.teamB, name: 'Taken' }, ctx.adminA))
		expect(r.status).toBe(400)
		const d = await call(teamsPage.action, postRequest('/admin/teams', { intent: 'delete', teamId: ctx.teamB }, ctx.adminA))
		expect(d.status).toBe(400)
		const [still] = await db().select().from(teams).where(eq(teams.id, ctx.teamB))
		expect(still!.path).toBe('B team')
		const list = await call(teamsPage.loader, getRequest('/admin/teams', ctx.adminA))
		expect(list.data.teams.map((t: { id: string }) => t.id)).not.toContain(ctx.teamB)
	})

	test('malformed and unknown ids answer 404, not an error', async () => {
		for (const id of ['nope', '00000000-0000-0000-0000-000000000000', "1' or '1'='1"]) {
			expect((await call(person.loader, getRequest(`/admin/people/${id}`, ctx.adminA), { personId: id })).status).toBe(404)
		}
	})

	test("the people list and export show only the admin's own organisation", async () => {
		const list = await call(peopleIndex.loader, getRequest('/admin/people?status=all', ctx.adminA))
		expect(list.data.people.map((p: { name: string }) => p.name)).not.toContain('B person')
		expect(list.data.total).toBe(4)
		const csv = await call(exportCsv.loader, getRequest('/admin/people/export', ctx.adminA))
		expect(csv.headers.get('Content-Type')).toContain('text/csv')
		expect(String(csv.data).trim().split('\r\n')).toHaveLength(5)
		expect(String(csv.data)).not.toContain('B person')
	})
})
