/**
 * A NUL character (U+0000) cannot be stored in PostgreSQL text, nor even compared with it: the
 * query fails with 22021. Wherever text comes in (a form field, a CSV file, a JSON body, an
 * address), the person gets a 400 or 422 with a message, never a 500, and nothing is stored.
 */
import { and, count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { createApiKey } from '~/api/api-keys.server'
import * as forgotPassword from '~/routes/_auth+/forgot-password'
import * as login from '~/routes/_auth+/login'
import * as apiKeysPage from '~/routes/admin+/api-keys'
import * as itemsPage from '~/routes/admin+/items'
import * as metricsImport from '~/routes/admin+/metrics.import'
import * as metricsUpload from '~/routes/admin+/metrics.upload'
import * as peopleIndex from '~/routes/admin+/people._index'
import * as person from '~/routes/admin+/people.$personId'
import * as peopleImport from '~/routes/admin+/people.import'
import * as newPerson from '~/routes/admin+/people.new'
import * as settings from '~/routes/admin+/settings'
import * as newSurvey from '~/routes/admin+/surveys.new'
import * as teamsPage from '~/routes/admin+/teams'
import * as events from '~/routes/api+/v1.events'
import { listItems } from '~/surveys/items.server'
import { db } from '~/utils/db.server'
import { NUL_IN_FILE_MESSAGE, NUL_MESSAGE } from '~/utils/text'
import { apiKeys, items, metricEvents, organizations, surveys, teams, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor, TEST_PASSWORD } from '../../support/fixtures'
import { apiRequest, call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

const NUL = '\u0000'
let ctx: { orgId: string; admin: string; employee: { id: string; email: string; name: string }; apiKey: string }

beforeAll(async () => {
	const org = await makeOrg({ name: 'Nul Org' })
	await makeTeam(org.id, 'Care')
	const admin = await makeUser(org.id, { role: 'admin' })
	const employee = await makeUser(org.id, { email: 'emma@example.com', name: 'Emma' })
	const key = await createApiKey(org.id, 'Help desk')
	if (!key.ok) throw new Error('key')
	ctx = { orgId: org.id, admin: await sessionCookieFor(admin), employee, apiKey: key.value.key }
})

const csvForm = (text: string) => {
	const form = new FormData()
	form.set('file', new File([text], 'file.csv', { type: 'text/csv' }))
	return form
}

async function rows(table: typeof users | typeof teams | typeof items | typeof surveys | typeof apiKeys | typeof metricEvents) {
	const [n] = await db().select({ n: count() }).from(table).where(eq(table.orgId, ctx.orgId))
	return n!.n
}

describe('a NUL character in the input', () => {
	test('in an admin form field: 400 with the message on that field, nothing stored', async () => {
		const bank = await listItems(ctx.orgId)
		const before = { users: await rows(users), teams: await rows(teams), items: await rows(items), surveys: await rows(surveys), keys: await rows(apiKeys) }

		const add = await call(
			newPerson.action,
			postRequest('/admin/people/new', { email: 'new@example.com', name: `New${NUL}Person`, role: 'employee', level: 'frontline' }, ctx.admin),
		)
		expect(add.status).toBe(400)
		expect(add.data.errors.name).toBe(NUL_MESSAGE)

		const addEmail = await call(
			newPerson.action,
			postRequest('/admin/people/new', { email: `new${NUL}@example.com`, name: 'New Person', role: 'employee', level: 'frontline' }, ctx.admin),
		)
		expect(addEmail.status).toBe(400)
		expect(addEmail.data.errors.email).toBe(NUL_MESSAGE)

		const e = ctx.employee
		const save = await call(
			person.action,
			postRequest(`/admin/people/${e.id}`, { intent: 'save', email: e.email, name: `Emma${NUL}`, role: 'employee', level: 'frontline' }, ctx.admin),
			{ personId: e.id },
		)
		expect(save.status).toBe(400)
		expect(save.data.errors.name).toBe(NUL_MESSAGE)

		const team = await call(teamsPage.action, postRequest('/admin/teams', { intent: 'create', name: `Sales${NUL}` }, ctx.admin))
		expect(team.status).toBe(400)
		expect(team.data.errors.name).toBe(NUL_MESSAGE)

		const key = await call(apiKeysPage.action, postRequest('/admin/api-keys', { intent: 'create', name: `Zendesk${NUL}` }, ctx.admin))
		expect(key.status).toBe(400)
		expect(key.data.errors.name).toBe(NUL_MESSAGE)
		const revoke = await call(apiKeysPage.action, postRequest('/admin/api-keys', { intent: 'revoke', keyId: `abc${NUL}` }, ctx.admin))
		expect(revoke.status).toBe(404)
		expect(revoke.data.errors._form).toBe('That key does not exist or is already revoked.')

		const item = await call(itemsPage.action, postRequest('/admin/items', { dimension: 'autonomy', kind: 'likert', text: `I can decide${NUL} this myself.` }, ctx.admin))
		expect(item.status).toBe(400)
		expect(item.data.errors.text).toBe(NUL_MESSAGE)

		const org = await call(settings.action, postRequest('/admin/settings', { name: `Renamed${NUL}`, timeZone: 'UTC', anonymityK: '5' }, ctx.admin))
		expect(org.status).toBe(400)
		expect(org.data.errors.name).toBe(NUL_MESSAGE)

		const surveyForm = new FormData()
		for (const [k, v] of Object.entries({
			name: `Pulse${NUL}`,
			audience: 'everyone',
			cadence: 'weekly',
			weekday: '1',
			sendTime: '09:00',
			openDays: '3',
			reminderDaysBeforeClose: '1',
			anonymityK: '5',
		}))
			surveyForm.set(k, v)
		for (const b of bank.slice(0, 3)) surveyForm.append('itemIds', b.id)
		const survey = await call(newSurvey.action, postRequest('/admin/surveys/new', surveyForm, ctx.admin))
		expect(survey.status).toBe(400)
		expect(survey.data.errors.name).toBe(NUL_MESSAGE)

		expect({ users: await rows(users), teams: await rows(teams), items: await rows(items), surveys: await rows(surveys), keys: await rows(apiKeys) }).toEqual(before)
		const [o] = await db().select().from(organizations).where(eq(organizations.id, ctx.orgId))
		expect(o!.name).toBe('Nul Org')
		const [emma] = await db()
			.select()
			.from(users)
			.where(and(eq(users.orgId, ctx.orgId), eq(users.id, e.id)))
		expect(emma!.name).toBe('Emma')
	})

	test('in the sign-in and password forms: 400 with a message', async () => {
		const email = await call(login.action, postRequest('/login', { email: `emma${NUL}@example.com`, password: TEST_PASSWORD }))
		expect(email.status).toBe(400)
		expect(email.data.errors.email).toBe(NUL_MESSAGE)
		const orgField = await call(login.action, postRequest('/login', { email: 'emma@example.com', password: TEST_PASSWORD, organization: `nul${NUL}` }))
		expect(orgField.status).toBe(400)
		expect(orgField.data.errors.organization).toBe(NUL_MESSAGE)
		const forgot = await call(forgotPassword.action, postRequest('/forgot-password', { email: `emma@example.com${NUL}` }))
		expect(forgot.status).toBe(400)
		expect(forgot.data.error).toBe(NUL_MESSAGE)
	})

	test('in a people CSV: 422 with the line, nothing stored', async () => {
		const before = await rows(users)
		const file = `email,name,team,role,level,manager_email\nann@example.com,Ann,Care,,,\nbob@example.com,Bob${NUL},Care,,,\n`
		const r = await call(peopleImport.action, postRequest('/admin/people/import', csvForm(file), ctx.admin))
		expect(r.status).toBe(422)
		expect(r.data.problems).toEqual([{ line: 3, message: NUL_IN_FILE_MESSAGE }])
		expect(await rows(users)).toBe(before)
	})

	test('in an events CSV (form or streamed): 422 with line and column, nothing stored', async () => {
		const file = `id,type,team,startedAt\nzd-1,customer_response,Care,2025-03-03T09:00:00Z\nzd-2${NUL},customer_response,Care,2025-03-03T09:00:00Z\n`
		const form = await call(metricsImport.action, postRequest('/admin/metrics/import', csvForm(file), ctx.admin))
		expect(form.status).toBe(422)
		expect(form.data.problems).toEqual([{ line: 3, column: 'id', message: NUL_MESSAGE }])

		const streamed = (await metricsUpload.action({
			request: new Request('http://localhost:3000/admin/metrics/upload', {
				method: 'POST',
				body: file,
				headers: { Origin: 'http://localhost:3000', Cookie: ctx.admin, 'Content-Type': 'text/csv' },
			}),
			params: {},
			context: {},
		})) as Response
		const last = JSON.parse((await streamed.text()).trim().split('\n').at(-1)!)
		expect(last).toEqual({ type: 'result', outcome: { ok: false, problems: [{ line: 3, column: 'id', message: NUL_MESSAGE }], more: 0 } })

		// A UTF-16 file read as UTF-8 has a NUL after every letter, the header first.
		const utf16 = await call(metricsImport.action, postRequest('/admin/metrics/import', csvForm(file.replace(/(.)/g, `$1${NUL}`)), ctx.admin))
		expect(utf16.status).toBe(422)
		expect(utf16.data.problems).toEqual([{ line: 1, message: NUL_IN_FILE_MESSAGE }])
		expect(await rows(metricEvents)).toBe(0)
	})

	test('in a JSON API body: 422 with the field, nothing stored', async () => {
		const body = {
			events: [
				{ id: `zd${NUL}1`, type: 'customer_response', team: 'Care', startedAt: '2025-03-03T09:00:00Z' },
				{ id: 'zd-2', type: 'customer_response', team: 'Care', startedAt: '2025-03-03T09:00:00Z', channel: `mail${NUL}` },
			],
		}
		const r = await call(events.action, apiRequest('/api/v1/events', { key: ctx.apiKey, body }))
		expect(r.status).toBe(422)
		expect(r.data).toEqual({
			errors: [
				{ index: 0, field: 'id', message: NUL_MESSAGE },
				{ index: 1, field: 'channel', message: NUL_MESSAGE },
			],
		})
		expect(await rows(metricEvents)).toBe(0)
	})

	test('in the people search: the filter is dropped, as any unusable filter is', async () => {
		const r = await call(peopleIndex.loader, getRequest(`/admin/people?q=${encodeURIComponent(`emma${NUL}`)}`, ctx.admin))
		expect(r.status).toBe(200)
		expect(r.data.filter.q).toBeUndefined()
	})
})
