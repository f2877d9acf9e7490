/**
 * The backfill as an admin starts and follows it on /admin/connectors: a date, the API's address,
 * the user and token (never shown again, not in the audit log, encrypted in the database);
 * progress, state and the last error on the connector's page and in the list; a bad date stores
 * nothing; employees and other organisations' admins can neither start nor see it.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

import { runBackfills } from '~/connectors/backfill.server'
import { createConnector, setMapping } from '~/connectors/connectors.server'
import * as listPage from '~/routes/admin+/connectors._index'
import * as connectorPage from '~/routes/admin+/connectors.$connectorId'
import { db } from '~/utils/db.server'
import { auditEvents, connectorBackfills } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { startProviderApiStub } from '../../support/provider-api-stub'
import { scenario, SINCE, TOKEN, USER } from '../../support/provider-history'
import { renderPage } from '../../support/render'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

const s = scenario('jira')
let stub: Awaited<ReturnType<typeof startProviderApiStub>>
let ctx: { orgId: string; admin: string; employee: string; otherAdmin: string; connectorId: string }

beforeAll(async () => {
	stub = await startProviderApiStub('jira', s.data, { authorization: s.authorization, rateLimit: { listCall: 2, status: 429, headers: () => ({ 'Retry-After': '600' }) } })
	const org = await makeOrg()
	const other = await makeOrg()
	const team = await makeTeam(org.id, 'Service desk')
	const created = await createConnector(org.id, { provider: 'jira', name: 'Approvals' })
	if (!created.ok) throw new Error('not created')
	await setMapping(org.id, created.value.id, 'ITS', team)
	ctx = {
		orgId: org.id,
		admin: await sessionCookieFor(await makeUser(org.id, { role: 'admin' })),
		employee: await sessionCookieFor(await makeUser(org.id, { role: 'employee' })),
		otherAdmin: await sessionCookieFor(await makeUser(other.id, { role: 'admin' })),
		connectorId: created.value.id,
	}
})
afterAll(async () => stub.close())

const page = () => call(connectorPage.loader, getRequest(`/admin/connectors/${ctx.connectorId}`, ctx.admin), { connectorId: ctx.connectorId })
const post = (fields: Record<string, string>, cookie = ctx.admin) =>
	call(connectorPage.action, postRequest(`/admin/connectors/${ctx.connectorId}`, fields, cookie), { connectorId: ctx.connectorId })

describe('backfill on /admin/connectors', () => {
	test('a bad date or address stores nothing and says why; employees and other organisations get nothing', async () => {
		const badDate = await post({ intent: 'backfill', since: '1 Nov', apiUrl: stub.url, apiUser: USER, apiToken: TOKEN })
		expect(badDate.status).toBe(400)
		expect(badDate.data.errors.since).toBe('Give a date as YYYY-MM-DD.')
		const noToken = await post({ intent: 'backfill', since: SINCE, apiUrl: stub.url, apiUser: USER, apiToken: '' })
		expect(noToken.data.errors.token).toContain('Paste an API token')
		expect((await post({ intent: 'backfill', since: SINCE, apiUrl: stub.url, apiUser: USER, apiToken: TOKEN }, ctx.employee)).status).toBe(403)
		expect((await post({ intent: 'backfill', since: SINCE, apiUrl: stub.url, apiUser: USER, apiToken: TOKEN }, ctx.otherAdmin)).status).toBe(404)
		expect(await db().select().from(connectorBackfills)).toEqual([])
	})

	test('started from a date: progress, the rate-limit pause and the end are shown; the token never is', async () => {
		const started = await post({ intent: 'backfill', since: SINCE, apiUrl: stub.url, apiUser: USER, apiToken: TOKEN })
		expect(started.status).toBe(200)
		expect(started.data.done).toContain('Backfill started')

		const clock = { now: Date.now() }
		await runBackfills({ now: () => clock.now })
		const paused = await page()
		expect(paused.data.backfill).toMatchObject({ state: 'running', since: SINCE, pages: 1, events: 2 })
		expect(paused.data.backfill.lastError).toContain('Jira Service Management asked to wait 600 s (Retry-After: 600)')
		const html = (await renderPage(connectorPage.default, `/admin/connectors/${ctx.connectorId}`, paused.data)).replace(/<!-- -->/g, '')
		expect(html).toContain('1 page read, 2 events stored or kept aside')
		expect(html).toContain('asked to wait 600 s')

		clock.now += 601_000
		await runBackfills({ now: () => clock.now })
		const done = await page()
		expect(done.data.backfill).toMatchObject({ state: 'done', pages: 3, events: 5 })
		const list = await call(listPage.loader, getRequest('/admin/connectors', ctx.admin))
		expect(list.data.connectors[0].backfill).toEqual({ state: 'done', since: SINCE, pages: 3, events: 5, error: null })
		const listHtml = (await renderPage(listPage.default, '/admin/connectors', list.data)).replace(/<!-- -->/g, '')
		expect(listHtml).toContain(`done (from ${SINCE}): 3 pages, 5 events`)

		const [row] = await db().select().from(connectorBackfills).where(eq(connectorBackfills.connectorId, ctx.connectorId))
		const audit = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, ctx.orgId), eq(auditEvents.action, 'connector.backfill_started')))
		expect(audit).toHaveLength(1)
		for (const seen of [done.data, list.data, row, audit]) {
			expect(JSON.stringify(seen)).not.toContain(TOKEN)
			expect(JSON.stringify(seen)).not.toContain(USER)
		}
		expect(row!.credentialsEncrypted).toMatch(/^v1\./)
	})

	test('a backfill that stops on an error says so in the list, with the error', async () => {
		await post({ intent: 'backfill', since: SINCE, apiUrl: stub.url, apiUser: USER, apiToken: 'not-the-token' })
		await runBackfills()
		const list = await call(listPage.loader, getRequest('/admin/connectors', ctx.admin))
		expect(list.data.connectors[0].backfill).toMatchObject({ state: 'failed' })
		expect(list.data.connectors[0].backfill.error).toContain('refused the credentials (401)')
		const html = (await renderPage(listPage.default, '/admin/connectors', list.data)).replace(/<!-- -->/g, '')
		expect(html).toContain('stopped on an error')
		expect(html).toContain('refused the credentials (401)')
	})
})
