/**
 * The action pages, the CSV export and GET /api/v1/actions through their loaders and actions:
 * who may reach what (404 for another team's or organisation's action, 403 for employees), field
 * errors on bad input, formula-safe cells, and the API's scope.
 */
import { beforeAll, describe, expect, test } from 'vitest'

import { createAction } from '~/actions/create-action.server'
import { createApiKey } from '~/api/api-keys.server'
import * as list from '~/routes/_reports+/actions._index'
import * as detail from '~/routes/_reports+/actions.$actionId'
import * as csv from '~/routes/_reports+/actions.export'
import * as api from '~/routes/api+/v1.actions'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { apiRequest, call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

let orgId: string
const team: Record<string, string> = {}
const cookie: Record<string, string> = {}
const who: Record<string, Awaited<ReturnType<typeof makeUser>>> = {}
let storesAction: string
let otherOrgAction: string

beforeAll(async () => {
	orgId = (await makeOrg()).id
	for (const p of ['Care/Social', 'Stores/North']) team[p] = await makeTeam(orgId, p)
	team.Care = await makeTeam(orgId, 'Care')
	who.manager = await makeUser(orgId, { role: 'manager', teamId: team.Care })
	who.employee = await makeUser(orgId, { role: 'employee', teamId: team['Care/Social'] })
	who.exec = await makeUser(orgId, { role: 'executive' })
	for (const [k, u] of Object.entries(who)) cookie[k] = await sessionCookieFor(u)
	const a = await createAction(
		who.exec,
		{ teamId: team['Stores/North']!, dimension: 'speed', title: '=HYPERLINK("http://evil.example")', ownerId: who.exec.id, dueOn: '2026-06-01', startedOn: '2026-03-02' },
		{ userId: who.exec.id, label: 'executive', ip: null },
	)
	if (!a.ok) throw new Error('action')
	storesAction = a.value.id
	const other = (await makeOrg()).id
	const boss = await makeUser(other, { role: 'admin' })
	const b = await createAction(
		boss,
		{ teamId: await makeTeam(other, 'Elsewhere'), dimension: 'voice', title: 'Not yours', ownerId: boss.id, dueOn: '2026-06-01', startedOn: '2026-03-02' },
		{ userId: boss.id, label: 'admin', ip: null },
	)
	if (!b.ok) throw new Error('other')
	otherOrgAction = b.value.id
})

describe('/actions', () => {
	test('a manager plans an action on their team: redirected to it, then sees it listed; bad input keeps the form with messages', async () => {
		const page = await call(list.loader, getRequest('/actions?dimension=autonomy', cookie.manager))
		expect(page.status).toBe(200)
		expect(page.data.teams.map((t: { label: string }) => t.label)).toEqual(['Care', 'Care › Social'])
		expect(page.data.defaults).toMatchObject({ teamId: team.Care, dimension: 'autonomy', ownerId: who.manager!.id })
		// The Stores action is not the Care manager's to see.
		expect(page.data.actions).toEqual([])
		const bad = await call(
			list.action,
			postRequest('/actions', { teamId: team['Stores/North']!, dimension: 'autonomy', title: 'x', ownerId: who.manager!.id, dueOn: '' }, cookie.manager),
		)
		expect(bad.status).toBe(400)
		expect(bad.data.errors).toEqual({ title: 'Say what will change (at least 3 characters).', dueOn: 'Enter a due date as YYYY-MM-DD.' })
		expect(bad.data.values.title).toBe('x')
		const good = await call(
			list.action,
			postRequest(
				'/actions',
				{ teamId: team['Care/Social']!, dimension: 'autonomy', title: 'Refunds up to €200 without asking', ownerId: who.manager!.id, dueOn: '2099-06-30' },
				cookie.manager,
			),
		)
		expect(good.status).toBe(302)
		const id = good.location!.match(/^\/actions\/([0-9a-f-]{36})\?created=1$/)![1]!
		const shown = await call(detail.loader, getRequest(`/actions/${id}`, cookie.manager), { actionId: id })
		expect(shown.data.action).toMatchObject({ title: 'Refunds up to €200 without asking', teamLabel: 'Care › Social', status: 'planned' })
		expect(shown.data.measure.state).toBe('too-few-weeks')
	})

	test('the owner picker offers the team’s people only, searchable by name; the server refuses anyone else', async () => {
		const storesPerson = await makeUser(orgId, { name: 'Sasha Stores', teamId: team['Stores/North'] })
		const socialPerson = await makeUser(orgId, { name: 'Rita Social', teamId: team['Care/Social'] })
		const outsider = await makeUser((await makeOrg()).id, { name: 'Olga Outside', role: 'admin' })
		const page = await call(list.loader, getRequest('/actions', cookie.manager))
		const labels: string[] = page.data.owners.people.map((p: { label: string }) => p.label)
		// The Care manager's subtree (and themselves), by name and team — no e-mail, nobody from Stores or another organisation.
		expect(labels).toContain('Rita Social · Care › Social')
		expect(labels).toContain(`${who.manager!.name} · Care`)
		expect(labels.join('\n')).not.toMatch(/Sasha|Olga|@/)
		expect(page.data.defaults.owner).toBe(`${who.manager!.name} · Care`)
		const plan = (owner: Record<string, string>) =>
			call(
				list.action,
				postRequest(
					'/actions',
					{ teamId: team['Care/Social']!, dimension: 'voice', title: 'Weekly huddle with the lead', dueOn: '2099-06-30', status: 'done', ...owner },
					cookie.manager,
				),
			)
		const refusals: Record<string, string>[] = [{ owner: 'Sasha Stores · Stores › North' }, { ownerId: storesPerson.id }, { ownerId: outsider.id }, { owner: 'Nobody at all' }]
		for (const refused of refusals) {
			const r = await plan(refused)
			expect(r.status, JSON.stringify(refused)).toBe(400)
			expect(r.data.errors.ownerId).toContain('Choose an owner from the list')
			expect(r.data.values.title).toBe('Weekly huddle with the lead')
		}
		// An executive picking for Care › Social is offered the team and the teams above it, not Stores.
		const exec = await call(list.loader, getRequest(`/actions?team=${team['Care/Social']}`, cookie.exec))
		expect(exec.data.owners.teamsFor[team['Care/Social']!].sort()).toEqual([team.Care, team['Care/Social']].sort())
		expect(
			(
				await call(
					list.action,
					postRequest('/actions', { teamId: team['Care/Social']!, dimension: 'voice', title: 'Not theirs', dueOn: '2099-06-30', ownerId: storesPerson.id }, cookie.exec),
				)
			).status,
		).toBe(400)
		// Typed as the list shows it, in any case and spacing: saved with that owner.
		const good = await plan({ owner: '  rita social ·  care › social ' })
		expect(good.status).toBe(302)
		const id = good.location!.match(/^\/actions\/([0-9a-f-]{36})/)![1]!
		expect((await call(detail.loader, getRequest(`/actions/${id}`, cookie.manager), { actionId: id })).data.action.ownerName).toBe(socialPerson.name)
	})

	test('employees are refused; another team’s, another organisation’s and unknown actions answer 404', async () => {
		expect((await call(list.loader, getRequest('/actions', cookie.employee))).status).toBe(403)
		expect((await call(detail.loader, getRequest(`/actions/${storesAction}`, cookie.employee), { actionId: storesAction })).status).toBe(403)
		for (const id of [storesAction, otherOrgAction, '00000000-0000-4000-8000-000000000000', 'nope']) {
			expect((await call(detail.loader, getRequest(`/actions/${id}`, cookie.manager), { actionId: id })).status).toBe(404)
			expect((await call(detail.action, postRequest(`/actions/${id}`, { intent: 'status', status: 'done' }, cookie.manager), { actionId: id })).status).toBe(404)
		}
		expect((await call(detail.action, postRequest(`/actions/${otherOrgAction}`, { intent: 'delete' }, cookie.exec), { actionId: otherOrgAction })).status).toBe(404)
	})

	test('status, dated updates and deletion from the action page', async () => {
		const p = { actionId: storesAction }
		expect((await call(detail.action, postRequest(`/actions/${storesAction}`, { intent: 'status', status: 'under_way' }, cookie.exec), p)).data.done).toBe('Status saved.')
		const bad = await call(detail.action, postRequest(`/actions/${storesAction}`, { intent: 'update', on: '2026-13-01', note: '' }, cookie.exec), p)
		expect(bad.status).toBe(400)
		expect(bad.data.errors).toEqual({ on: 'Enter the date as YYYY-MM-DD.', note: 'Write what happened.' })
		expect(
			(await call(detail.action, postRequest(`/actions/${storesAction}`, { intent: 'update', on: '2026-03-09', note: 'Tills now approve refunds' }, cookie.exec), p)).data.done,
		).toBe('Update added.')
		const page = await call(detail.loader, getRequest(`/actions/${storesAction}`, cookie.exec), p)
		expect(page.data.action).toMatchObject({ status: 'under_way', updates: [{ on: '2026-03-09', note: 'Tills now approve refunds', authorName: who.exec!.name }] })
		// A throwaway action is deleted: back to the list, and its page is gone.
		const made = await createAction(
			who.exec!,
			{ teamId: team.Care!, dimension: 'voice', title: 'Duplicate', ownerId: who.exec!.id, dueOn: '2026-06-01', startedOn: '2026-03-02' },
			{ userId: who.exec!.id, label: 'executive', ip: null },
		)
		if (!made.ok) throw new Error('made')
		const gone = await call(detail.action, postRequest(`/actions/${made.value.id}`, { intent: 'delete' }, cookie.exec), { actionId: made.value.id })
		expect([gone.status, gone.location]).toEqual([302, '/actions'])
		expect((await call(detail.loader, getRequest(`/actions/${made.value.id}`, cookie.exec), { actionId: made.value.id })).status).toBe(404)
	})
})

describe('export and API', () => {
	test('the CSV export is formula-safe and limited to the person’s teams', async () => {
		const execCsv = String((await call(csv.loader, getRequest('/actions/export', cookie.exec))).data)
		expect(execCsv.split('\r\n')[0]).toBe(
			'id,team,dimension,theme,what_will_change,owner,started_on,due_on,status,updates,last_update,measured,before_mean,before_weeks,since_mean,since_weeks,delta,ci_low,ci_high,verdict,team_change,other_teams_change,other_teams',
		)
		expect(execCsv).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
		expect(execCsv).not.toContain('Not yours')
		const managerCsv = String((await call(csv.loader, getRequest('/actions/export', cookie.manager))).data)
		expect(managerCsv).not.toContain('evil.example')
		expect((await call(csv.loader, getRequest('/actions/export', cookie.employee))).status).toBe(403)
	})

	test('GET /api/v1/actions needs reports:read; filters by team (with sub-teams) and status; never another organisation’s', async () => {
		const reader = await createApiKey(orgId, 'bi', { scopes: ['reports:read'] })
		const ingest = await createApiKey(orgId, 'zendesk', { scopes: ['events:write'] })
		if (!reader.ok || !ingest.ok) throw new Error('keys')
		const all = await call(api.loader, apiRequest('/api/v1/actions', { key: reader.value.key }))
		expect(all.status).toBe(200)
		const titles = all.data.actions.map((a: { title: string }) => a.title)
		expect(titles).toContain('=HYPERLINK("http://evil.example")')
		expect(titles).not.toContain('Not yours')
		const stores = all.data.actions.find((a: { team: string }) => a.team === 'Stores/North')
		expect(stores).toMatchObject({ dimension: 'speed', status: 'under_way', owner: { id: who.exec!.id }, measured: { metric: 'speed', state: 'too-few-weeks' } })
		expect(stores.measured.change).toEqual({ delta: null, interval: null, verdict: 'too-few-clusters', smallestDetectable: null, own: null, controlsMean: null, controls: 0 })
		const care = await call(api.loader, apiRequest('/api/v1/actions?team=Care&status=planned,under_way', { key: reader.value.key }))
		expect(care.data.actions.map((a: { team: string }) => a.team)).toEqual(['Care/Social'])
		expect((await call(api.loader, apiRequest('/api/v1/actions?status=finished', { key: reader.value.key }))).status).toBe(400)
		expect((await call(api.loader, apiRequest('/api/v1/actions?team=Nowhere', { key: reader.value.key }))).status).toBe(404)
		expect((await call(api.loader, apiRequest('/api/v1/actions', { key: ingest.value.key }))).status).toBe(403)
		expect((await call(api.loader, apiRequest('/api/v1/actions'))).status).toBe(401)
		expect((await call(api.loader, apiRequest('/api/v1/actions', { cookie: cookie.manager }))).status).toBe(403)
		expect((await call(api.loader, apiRequest('/api/v1/actions', { cookie: cookie.exec }))).status).toBe(200)
	})
})
