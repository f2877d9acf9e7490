/**
 * /admin/connectors as an admin uses it: add a connector with its first mapping (the secret shown
 * in that one answer, never again, stored encrypted), a bad team stores nothing, rotate, disable
 * (deliveries refused with 403, nothing stored) and enable, see deliveries and unmapped counts;
 * every change audited; employees and other organisations get nothing.
 */
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import * as listPage from '~/routes/admin+/connectors._index'
import * as connectorPage from '~/routes/admin+/connectors.$connectorId'
import { db } from '~/utils/db.server'
import { auditEvents, connectors, connectorTeamMaps } from '~db/schema'

import { storedEvents } from '../../support/connector-checks'
import { sendHook } from '../../support/connectors'
import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

let ctx: { orgId: string; slug: string; admin: string; employee: string; otherAdmin: string; team: string }

beforeAll(async () => {
	const org = await makeOrg()
	const other = await makeOrg()
	ctx = {
		orgId: org.id,
		slug: org.slug,
		admin: await sessionCookieFor(await makeUser(org.id, { role: 'admin' })),
		employee: await sessionCookieFor(await makeUser(org.id, { role: 'employee' })),
		otherAdmin: await sessionCookieFor(await makeUser(other.id, { role: 'admin' })),
		team: await makeTeam(org.id, 'Platform'),
	}
})

async function audited(action: string) {
	return db()
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.orgId, ctx.orgId), eq(auditEvents.action, action)))
}

describe('/admin/connectors', () => {
	test('a bad team or a missing pasted secret stores nothing', async () => {
		const badTeam = await call(
			listPage.action,
			postRequest('/admin/connectors', { intent: 'create', provider: 'github', name: 'Code', source: 'northwind/app', teamId: crypto.randomUUID() }, ctx.admin),
		)
		expect(badTeam.status).toBe(400)
		expect(badTeam.data.errors.teamId).toBe('Choose a team from the list.')
		const noSecret = await call(listPage.action, postRequest('/admin/connectors', { intent: 'create', provider: 'intercom', name: 'Chat', secret: '' }, ctx.admin))
		expect(noSecret.status).toBe(400)
		expect(noSecret.data.errors.secret).toContain('Paste the signing secret')
		expect(await db().select().from(connectors).where(eq(connectors.orgId, ctx.orgId))).toEqual([])
	})

	test('add GitHub with a mapping: the secret is in that answer only, deliveries signed with it are stored on the team', async () => {
		const added = await call(
			listPage.action,
			postRequest('/admin/connectors', { intent: 'create', provider: 'github', name: 'Code review', source: 'northwind/app', teamId: ctx.team }, ctx.admin),
		)
		expect(added.status).toBe(200)
		const { id, secret, url } = added.data.created
		expect(secret).toMatch(/^whsec_/)
		expect(url).toMatch(new RegExp(`/api/v1/hooks/${ctx.slug}/${id}$`))
		// Never again: not in the list, not on the connector's page, not in the database in clear, not in the audit log.
		const list = await call(listPage.loader, getRequest('/admin/connectors', ctx.admin))
		const page = await call(connectorPage.loader, getRequest(`/admin/connectors/${id}`, ctx.admin), { connectorId: id })
		const [row] = await db().select().from(connectors).where(eq(connectors.id, id))
		for (const seen of [list.data, page.data, row, await audited('connector.created')]) expect(JSON.stringify(seen)).not.toContain(secret)
		expect(list.data.connectors).toEqual([expect.objectContaining({ id, name: 'Code review', provider: 'github', unmapped: 0 })])
		expect(await db().select().from(connectorTeamMaps).where(eq(connectorTeamMaps.connectorId, id))).toEqual([
			expect.objectContaining({ source: 'northwind/app', teamId: ctx.team }),
		])
		expect(await audited('connector.mapping_changed')).toHaveLength(1)

		const target = { orgSlug: ctx.slug, connectorId: id, secret }
		const pr = (repo: string, n: number) => ({
			action: 'review_requested',
			pull_request: {
				number: n,
				created_at: '2026-11-30T08:00:00Z',
				updated_at: '2026-11-30T09:00:00Z',
				requested_reviewers: [{ login: 'hubot', type: 'User' }],
				requested_teams: [],
			},
			repository: { id: 4242, full_name: repo },
		})
		expect(await sendHook('github', target, pr('northwind/app', 1))).toMatchObject({ status: 200, data: { stored: 1 } })
		await sendHook('github', target, { ...pr('northwind/other', 2), repository: { id: 4343, full_name: 'northwind/other' } })
		const health = await call(connectorPage.loader, getRequest(`/admin/connectors/${id}`, ctx.admin), { connectorId: id })
		expect(health.data.unmapped).toEqual([expect.objectContaining({ source: 'northwind/other', events: 1 })])
		expect(health.data.deliveries.map((d: { summary: string }) => d.summary).sort()).toEqual(['1 stored', '1 waiting for a team'])
		expect(health.data.connector.lastDeliveryAt).not.toBeNull()
		const listed = await call(listPage.loader, getRequest('/admin/connectors', ctx.admin))
		expect(listed.data.connectors[0].unmapped).toBe(1)

		// Rotate: a new secret shown once; the old one still works during the grace period.
		const rotated = await call(connectorPage.action, postRequest(`/admin/connectors/${id}`, { intent: 'rotate' }, ctx.admin), { connectorId: id })
		expect(rotated.status).toBe(200)
		expect(rotated.data.secret).toMatch(/^whsec_/)
		expect(rotated.data.secret).not.toBe(secret)
		expect(await sendHook('github', target, pr('northwind/app', 3))).toMatchObject({ status: 200 })
		expect(await sendHook('github', { ...target, secret: rotated.data.secret }, pr('northwind/app', 4))).toMatchObject({ status: 200 })
		expect(await audited('connector.secret_rotated')).toHaveLength(1)

		// Disable: refused with 403 and nothing stored, even signed right; enable takes them again.
		const before = (await storedEvents(ctx.orgId)).length
		expect((await call(connectorPage.action, postRequest(`/admin/connectors/${id}`, { intent: 'disable' }, ctx.admin), { connectorId: id })).status).toBe(200)
		expect(await sendHook('github', target, pr('northwind/app', 5))).toMatchObject({ status: 403 })
		expect((await storedEvents(ctx.orgId)).length).toBe(before)
		expect((await call(listPage.loader, getRequest('/admin/connectors', ctx.admin))).data.connectors[0].disabledAt).not.toBeNull()
		expect((await call(connectorPage.action, postRequest(`/admin/connectors/${id}`, { intent: 'enable' }, ctx.admin), { connectorId: id })).status).toBe(200)
		expect(await sendHook('github', target, pr('northwind/app', 5))).toMatchObject({ status: 200, data: { stored: 1 } })
		expect(await audited('connector.disabled')).toHaveLength(1)
		expect(await audited('connector.enabled')).toHaveLength(1)

		// Mapping the waiting repository moves its event to the team.
		const mapped = await call(connectorPage.action, postRequest(`/admin/connectors/${id}`, { intent: 'map', source: 'northwind/other', teamId: ctx.team }, ctx.admin), {
			connectorId: id,
		})
		expect(mapped.data.done).toContain('1 event waiting')
	})

	test('employees and other organisations’ admins get nothing: 403 / 404', async () => {
		const [row] = await db().select().from(connectors).where(eq(connectors.orgId, ctx.orgId))
		const employee = await call(listPage.loader, getRequest('/admin/connectors', ctx.employee))
		expect(employee.status).toBe(403)
		const other = await call(connectorPage.loader, getRequest(`/admin/connectors/${row!.id}`, ctx.otherAdmin), { connectorId: row!.id })
		expect(other.status).toBe(404)
		const otherAct = await call(connectorPage.action, postRequest(`/admin/connectors/${row!.id}`, { intent: 'disable' }, ctx.otherAdmin), { connectorId: row!.id })
		expect(otherAct.status).toBe(404)
		const [after] = await db().select().from(connectors).where(eq(connectors.id, row!.id))
		expect(after!.disabledAt).toBeNull()
	})
})
