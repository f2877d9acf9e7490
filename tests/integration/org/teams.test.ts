import { describe, expect, test } from 'vitest'

import { upsertEvents } from '~/metrics/ingest.server'
import { createTeam, deleteTeam, ensureTeamPaths, listTeams, renameTeam } from '~/org/teams.server'
import { listItems } from '~/surveys/items.server'
import { saveSurvey } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser } from '../../support/fixtures'

useTestDatabase()

describe('teams', () => {
	test('teams form a tree addressed by path, listed parents first', async () => {
		const org = await makeOrg()
		const m = await createTeam(org.id, { name: 'Marketing' })
		expect(m.ok).toBe(true)
		if (!m.ok) return
		const s = await createTeam(org.id, { name: '  Social ', parentId: m.value.id })
		expect(s.ok && s.value.path).toBe('Marketing/Social')
		await createTeam(org.id, { name: 'Brand', parentId: m.value.id })
		const list = await listTeams(org.id)
		expect(list.map((t) => [t.path, t.depth])).toEqual([
			['Marketing', 0],
			['Marketing/Brand', 1],
			['Marketing/Social', 1],
		])
	})

	test('a name with a slash, an empty name or a duplicate is refused with a message', async () => {
		const org = await makeOrg()
		expect(await createTeam(org.id, { name: 'A/B' })).toMatchObject({ ok: false, errors: { name: expect.stringContaining('"/"') } })
		expect(await createTeam(org.id, { name: '   ' })).toMatchObject({ ok: false, errors: { name: 'A team needs a name.' } })
		await createTeam(org.id, { name: 'Sales' })
		expect(await createTeam(org.id, { name: 'Sales' })).toMatchObject({ ok: false, errors: { name: 'There is already a team "Sales".' } })
	})

	test('a team that differs from an existing one only by case, spaces or separators is refused, naming it', async () => {
		const org = await makeOrg()
		const care = await createTeam(org.id, { name: 'Customer Care' })
		if (!care.ok) throw new Error('no team')
		await createTeam(org.id, { name: 'Social', parentId: care.value.id })
		for (const name of ['customer care', 'Customer-Care', 'CustomerCare', 'Customer Care › Social', 'Customer Care Social']) {
			const r = await createTeam(org.id, { name })
			expect(r.ok, name).toBe(false)
			if (!r.ok) expect(r.errors.name).toMatch(/would look like the existing team "Customer Care( › Social)?"/)
		}
		const sales = await createTeam(org.id, { name: 'Sales' })
		if (!sales.ok) throw new Error('no team')
		const renamed = await renameTeam(org.id, sales.value.id, 'Customer_Care')
		expect(renamed.ok).toBe(false)
		if (!renamed.ok) expect(renamed.errors.name).toContain('the existing team "Customer Care"')
		// Its own name in another case is no look-alike of itself; another parent's "Social" is no look-alike either.
		expect((await renameTeam(org.id, sales.value.id, 'SALES')).ok).toBe(true)
		expect((await createTeam(org.id, { name: 'Social', parentId: sales.value.id })).ok).toBe(true)
		expect((await listTeams(org.id)).map((t) => t.path)).toEqual(['Customer Care', 'Customer Care/Social', 'SALES', 'SALES/Social'])
	})

	test('renaming a team rewrites the paths below it', async () => {
		const org = await makeOrg()
		await makeTeam(org.id, 'Care/Social/Night')
		await makeTeam(org.id, 'Care/Phone')
		await makeTeam(org.id, 'Careers')
		const care = (await listTeams(org.id)).find((t) => t.path === 'Care')!
		const r = await renameTeam(org.id, care.id, 'Customer Care')
		expect(r.ok).toBe(true)
		expect((await listTeams(org.id)).map((t) => t.path)).toEqual(['Careers', 'Customer Care', 'Customer Care/Phone', 'Customer Care/Social', 'Customer Care/Social/Night'])
	})

	test('only an empty team can be deleted', async () => {
		const org = await makeOrg()
		const leafId = await makeTeam(org.id, 'Ops/Returns')
		const ops = (await listTeams(org.id)).find((t) => t.path === 'Ops')!
		expect(await deleteTeam(org.id, ops.id)).toMatchObject({ ok: false, errors: { _form: expect.stringContaining('sub-teams') } })
		await makeUser(org.id, { teamId: leafId })
		expect(await deleteTeam(org.id, leafId)).toMatchObject({ ok: false, errors: { _form: expect.stringContaining('1 person;') } })
		const empty = await makeTeam(org.id, 'Ops/Empty')
		expect((await deleteTeam(org.id, empty)).ok).toBe(true)
		expect((await listTeams(org.id)).map((t) => t.path)).toEqual(['Ops', 'Ops/Returns'])
	})

	test("another organisation's team cannot be renamed, deleted or used as a parent", async () => {
		const mine = await makeOrg()
		const theirs = await makeOrg()
		const theirTeam = await makeTeam(theirs.id, 'Secret')
		expect((await renameTeam(mine.id, theirTeam, 'Mine now')).ok).toBe(false)
		expect((await deleteTeam(mine.id, theirTeam)).ok).toBe(false)
		expect(await createTeam(mine.id, { name: 'Child', parentId: theirTeam })).toMatchObject({ ok: false, errors: { parentId: expect.any(String) } })
		expect((await listTeams(theirs.id)).map((t) => t.path)).toEqual(['Secret'])
		expect(await listTeams(mine.id)).toEqual([])
	})

	test('ensureTeamPaths creates each missing ancestor once', async () => {
		const org = await makeOrg()
		await makeTeam(org.id, 'A')
		const { ids, created } = await ensureTeamPaths(db(), org.id, ['A/B/C', 'A/B/D', ' A / B '])
		expect(created).toBe(3)
		expect([...ids.keys()].sort()).toEqual(['A', 'A/B', 'A/B/C', 'A/B/D'])
	})
})

describe('deleting a team that something depends on', () => {
	test('is refused while a survey goes to it or it has response-time events', async () => {
		const org = await makeOrg()
		const target = await makeTeam(org.id, 'Target')
		const busy = await makeTeam(org.id, 'Busy')
		const bank = await listItems(org.id)
		const saved = await saveSurvey(org.id, null, {
			name: 'Pulse',
			itemIds: bank.slice(0, 3).map((b) => b.id),
			audience: 'teams',
			teamIds: [target],
			cadence: 'weekly',
			weekday: '1',
			sendTime: '09:00',
			openDays: '3',
			reminderDaysBeforeClose: '1',
			anonymityK: '5',
		})
		expect(saved.ok).toBe(true)
		expect(await deleteTeam(org.id, target)).toEqual({ ok: false, errors: { _form: '"Target" receives a survey; change their audience first.' } })
		await upsertEvents(org.id, [
			{ id: 'e1', type: 'customer_response', teamId: busy, startedAt: '2026-03-02T09:00:00Z', endedAt: null, channel: null, approvals: null, outcome: null },
		])
		expect(await deleteTeam(org.id, busy)).toEqual({ ok: false, errors: { _form: '"Busy" has 1 response-time events; they would be lost with it.' } })
		expect((await listTeams(org.id)).map((t) => t.path)).toEqual(['Busy', 'Target'])
	})
})
