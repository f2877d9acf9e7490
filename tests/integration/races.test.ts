/**
 * Check-then-write races: a check passes, then another request changes the data before the
 * write (takes the e-mail or the team name, deletes the team). The write's unique or
 * foreign-key violation must answer with the message the check gives, never a 500, and leave
 * nothing half-stored. Most cases run the other request deterministically between the checks
 * and the transaction that writes; the rest run two requests at once.
 */
import { and, count, eq } from 'drizzle-orm'
import { describe, expect, test, vi } from 'vitest'

import { createApiKey } from '~/api/api-keys.server'
import { createPerson, updatePerson } from '~/org/people.server'
import { importPeopleCsv } from '~/org/people-import.server'
import { createTeam, deleteTeam, renameTeam } from '~/org/teams.server'
import * as events from '~/routes/api+/v1.events'
import { listItems } from '~/surveys/items.server'
import { getSurvey, saveSurvey } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { isForeignKeyViolation } from '~/utils/pg-errors'
import { TEAM_DELETED_MESSAGE } from '~/utils/text'
import { mailOutbox, metricEvents, surveyAudience, surveys, teams, users } from '~db/schema'

import { useTestDatabase } from '../support/db'
import { makeOrg, makeTeam, makeUser } from '../support/fixtures'
import { apiRequest, call } from '../support/requests'

useTestDatabase()

/** Runs `meanwhile` just as the next transaction begins (once): after the caller's checks, before its writes. */
function beforeNextTransaction(meanwhile: () => Promise<unknown>) {
	const database = db()
	const original = database.transaction.bind(database) as (...args: unknown[]) => Promise<unknown>
	const spy = vi.spyOn(database, 'transaction').mockImplementationOnce((async (...args: unknown[]) => {
		spy.mockRestore()
		await meanwhile()
		return original(...args)
	}) as typeof database.transaction)
	return spy
}

const person = (over: Record<string, string> = {}) => ({ email: 'dana@example.com', name: 'Dana', role: 'employee', level: 'frontline', ...over })

async function countWhere(table: typeof users | typeof teams | typeof surveys | typeof mailOutbox | typeof metricEvents, orgId: string) {
	const [n] = await db().select({ n: count() }).from(table).where(eq(table.orgId, orgId))
	return n!.n
}

describe('people', () => {
	test('a team deleted while a person is added: the team error, nobody stored, no invitation', async () => {
		const org = await makeOrg()
		const teamId = await makeTeam(org.id, 'Care')
		beforeNextTransaction(() =>
			db()
				.delete(teams)
				.where(and(eq(teams.orgId, org.id), eq(teams.id, teamId))),
		)
		expect(await createPerson(org.id, person({ teamId }))).toEqual({ ok: false, errors: { teamId: 'That team does not exist.' } })
		expect(await countWhere(users, org.id)).toBe(0)
		expect(await countWhere(mailOutbox, org.id)).toBe(0)
	})

	test('two people given the same e-mail at once: one is saved, the other gets the e-mail error', async () => {
		const org = await makeOrg()
		const a = await makeUser(org.id, { name: 'A' })
		const b = await makeUser(org.id, { name: 'B' })
		const results = await Promise.all([a, b].map((p) => updatePerson(org.id, p.id, person({ email: 'same@example.com', name: p.name }))))
		expect(results.filter((r) => r.ok)).toHaveLength(1)
		expect(results.find((r) => !r.ok)).toEqual({ ok: false, errors: { email: 'Someone in this organisation already has this e-mail address.' } })
		const holders = await db()
			.select()
			.from(users)
			.where(and(eq(users.orgId, org.id), eq(users.email, 'same@example.com')))
		expect(holders).toHaveLength(1)
	})
})

describe('teams', () => {
	test('a name taken while a team is renamed: the name error, nothing renamed', async () => {
		const org = await makeOrg()
		const care = await makeTeam(org.id, 'Care')
		await makeTeam(org.id, 'Care/Phone')
		beforeNextTransaction(() => createTeam(org.id, { name: 'Support' }))
		expect(await renameTeam(org.id, care, 'Support')).toEqual({ ok: false, errors: { name: 'There is already a team "Support".' } })
		const paths = (await db().select({ path: teams.path }).from(teams).where(eq(teams.orgId, org.id))).map((t) => t.path).sort()
		expect(paths).toEqual(['Care', 'Care/Phone', 'Support'])
	})

	test('a parent deleted while a sub-team is added: the parent error, nothing stored', async () => {
		const org = await makeOrg()
		const parentId = await makeTeam(org.id, 'Care')
		const [r, deleted] = await Promise.all([
			createTeam(org.id, { name: 'Phone', parentId }),
			db()
				.delete(teams)
				.where(and(eq(teams.orgId, org.id), eq(teams.id, parentId)))
				.then(
					() => true,
					(error: unknown) => {
						// The sub-team's insert came first: its key now keeps the parent (never half of each).
						if (isForeignKeyViolation(error)) return false
						throw error
					},
				),
		])
		if (deleted) {
			expect(r).toEqual({ ok: false, errors: { parentId: 'That parent team does not exist.' } })
			expect(await countWhere(teams, org.id)).toBe(0)
		} else {
			expect(r.ok).toBe(true)
			expect(await countWhere(teams, org.id)).toBe(2)
		}
	})

	test('a person added to a team while it is deleted: the team stays, with the usual message', async () => {
		const org = await makeOrg()
		const teamId = await makeTeam(org.id, 'Care')
		beforeNextTransaction(() => makeUser(org.id, { teamId }))
		expect(await deleteTeam(org.id, teamId)).toEqual({ ok: false, errors: { _form: '"Care" still has 1 person; move them first.' } })
		expect(await countWhere(teams, org.id)).toBe(1)
	})

	test('deleting a team and adding a person to it at once: exactly one wins, without a 500', async () => {
		const org = await makeOrg()
		const teamId = await makeTeam(org.id, 'Care')
		const [deleted, added] = await Promise.all([deleteTeam(org.id, teamId), createPerson(org.id, person({ teamId }))])
		expect([deleted.ok, added.ok].filter(Boolean)).toHaveLength(1)
		if (!added.ok) expect(added.errors).toEqual({ teamId: 'That team does not exist.' })
		expect(await countWhere(users, org.id)).toBe(added.ok ? 1 : 0)
		expect(await countWhere(teams, org.id)).toBe(deleted.ok ? 0 : 1)
	})
})

describe('surveys', () => {
	async function setUp() {
		const org = await makeOrg()
		const teamId = await makeTeam(org.id, 'Care')
		const bank = await listItems(org.id)
		const form = {
			name: 'Care pulse',
			itemIds: bank.slice(0, 3).map((b) => b.id),
			audience: 'teams',
			teamIds: [teamId],
			cadence: 'weekly',
			weekday: '1',
			sendTime: '09:00',
			openDays: '3',
			reminderDaysBeforeClose: '1',
			anonymityK: '5',
		}
		return { org, teamId, form }
	}

	test('an audience team deleted while the survey is saved: the team error, no survey stored', async () => {
		const { org, teamId, form } = await setUp()
		beforeNextTransaction(() => deleteTeam(org.id, teamId))
		expect(await saveSurvey(org.id, null, form)).toEqual({ ok: false, errors: { teamIds: 'Some picked teams do not exist.' } })
		expect(await countWhere(surveys, org.id)).toBe(0)
	})

	test('an audience added while its team is being deleted: the delete waits for it and refuses', async () => {
		const { org, teamId, form } = await setUp()
		const saved = await saveSurvey(org.id, null, { ...form, audience: 'everyone', teamIds: [] })
		if (!saved.ok) throw new Error('survey')
		let deleting: ReturnType<typeof deleteTeam> | undefined
		// Another request's transaction adds the team to the audience and has not committed yet
		// while the team is deleted: the delete must wait for it, then count it.
		await db().transaction(async (tx) => {
			await tx.insert(surveyAudience).values({ orgId: org.id, surveyId: saved.value.id, teamId })
			deleting = deleteTeam(org.id, teamId)
			await new Promise((r) => setTimeout(r, 300))
		})
		expect(await deleting).toEqual({ ok: false, errors: { _form: '"Care" receives a survey; change their audience first.' } })
		expect((await getSurvey(org.id, saved.value.id))!.teamIds).toEqual([teamId])
	})
})

describe('imports', () => {
	const HEADER = 'email,name,team,role,level,manager_email'
	const FILE = `${HEADER}\nann@example.com,Ann,Care/Phone,manager,manager,\nbob@example.com,Bob,Care/Phone,employee,frontline,ann@example.com\n`

	test('the same file imported twice at once: both succeed, each person and team once', async () => {
		const org = await makeOrg()
		const [a, b] = await Promise.all([importPeopleCsv(org.id, FILE, { sendInvitations: true }), importPeopleCsv(org.id, FILE, { sendInvitations: true })])
		expect(a.ok && b.ok).toBe(true)
		expect(await countWhere(users, org.id)).toBe(2)
		expect(await countWhere(teams, org.id)).toBe(2)
		expect(await countWhere(mailOutbox, org.id)).toBe(2)
	})

	test('a person of the file added by hand during the import: they are updated, not a 500', async () => {
		const org = await makeOrg()
		beforeNextTransaction(() => createPerson(org.id, person({ email: 'bob@example.com', name: 'Robert' })))
		const r = await importPeopleCsv(org.id, FILE, { sendInvitations: true })
		expect(r).toEqual({ ok: true, summary: { created: 1, updated: 1, unchanged: 0, teamsCreated: 2, invited: 1 } })
		const [bob] = await db()
			.select()
			.from(users)
			.where(and(eq(users.orgId, org.id), eq(users.email, 'bob@example.com')))
		expect(bob!.name).toBe('Bob')
	})

	test('a team deleted while events are saved: 422 with a message, nothing stored', async () => {
		const org = await makeOrg()
		const teamId = await makeTeam(org.id, 'Care')
		const key = await createApiKey(org.id, 'Help desk')
		if (!key.ok) throw new Error('key')
		beforeNextTransaction(() => deleteTeam(org.id, teamId))
		const body = { events: [{ id: 'zd-1', type: 'customer_response', team: 'Care', startedAt: '2025-03-03T09:00:00Z' }] }
		const r = await call(events.action, apiRequest('/api/v1/events', { key: key.value.key, body }))
		expect(r.status).toBe(422)
		expect(r.data).toEqual({ errors: [{ field: 'team', message: TEAM_DELETED_MESSAGE }] })
		expect(await countWhere(metricEvents, org.id)).toBe(0)
	})
})
