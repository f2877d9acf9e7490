/**
 * Action plans: who may create and change them, what bad input answers, that nothing is stored
 * half-way, that every change is audited in the same transaction, and what the digests read
 * (open actions, due soon).
 */
import { and, count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { addActionUpdate } from '~/actions/add-action-update.server'
import { createAction, NO_OWNER, NOT_YOUR_TEAM } from '~/actions/create-action.server'
import { deleteAction } from '~/actions/delete-action.server'
import { getAction, listDueSoonActions, listOpenActions } from '~/actions/list-actions.server'
import { updateActionStatus } from '~/actions/update-action-status.server'
import type { AuditActor } from '~/audit/audit.server'
import { db } from '~/utils/db.server'
import { actions, actionUpdates, auditEvents } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser } from '../../support/fixtures'

useTestDatabase()

let orgId: string
let otherOrgId: string
const team: Record<string, string> = {}
let manager: Awaited<ReturnType<typeof makeUser>>
let exec: Awaited<ReturnType<typeof makeUser>>
let employee: Awaited<ReturnType<typeof makeUser>>
let stranger: Awaited<ReturnType<typeof makeUser>>
const actor = (u: { id: string; role: string }): AuditActor => ({ userId: u.id, label: u.role, ip: null })

beforeAll(async () => {
	orgId = (await makeOrg()).id
	otherOrgId = (await makeOrg()).id
	for (const p of ['Care/Social', 'Care/Phone', 'Stores/North']) team[p] = await makeTeam(orgId, p)
	team.Care = (await makeTeam(orgId, 'Care'))!
	team.Other = await makeTeam(otherOrgId, 'Care')
	manager = await makeUser(orgId, { role: 'manager', teamId: team.Care })
	exec = await makeUser(orgId, { role: 'executive' })
	employee = await makeUser(orgId, { role: 'employee', teamId: team['Care/Social'] })
	stranger = await makeUser(otherOrgId, { role: 'admin', teamId: team.Other })
})

const input = (over: Record<string, string> = {}) => ({
	teamId: team['Care/Social']!,
	dimension: 'autonomy',
	title: 'Agents may refund up to €200 without asking',
	ownerId: manager.id,
	dueOn: '2026-04-30',
	startedOn: '2026-03-02',
	...over,
})

const rowsOf = async () => ({
	actions: (await db().select({ n: count() }).from(actions).where(eq(actions.orgId, orgId)))[0]!.n,
	audit: (await db().select({ n: count() }).from(auditEvents).where(eq(auditEvents.orgId, orgId)))[0]!.n,
})

describe('creating an action', () => {
	test('a manager creates one on a team of their subtree; it is audited with it', async () => {
		const r = await createAction(manager, input(), actor(manager))
		expect(r.ok).toBe(true)
		if (!r.ok) return
		const a = (await getAction(orgId, r.value.id))!
		expect(a).toMatchObject({
			teamPath: 'Care/Social',
			dimension: 'autonomy',
			theme: null,
			status: 'planned',
			ownerName: manager.name,
			dueOn: '2026-04-30',
			startedOn: '2026-03-02',
		})
		const [audit] = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.target, r.value.id)))
		expect(audit).toMatchObject({ action: 'action.created', actorUserId: manager.id })
	})

	test('bad input answers one clear message per field and stores nothing', async () => {
		const before = await rowsOf()
		const r = await createAction(manager, { teamId: 'nope', dimension: 'happiness', title: ' x ', ownerId: '', dueOn: '2026-02-30', startedOn: '2026-03-02' }, actor(manager))
		expect(r).toEqual({
			ok: false,
			errors: {
				teamId: 'Choose a team from the list.',
				dimension: 'Choose a dimension from the list, or a comment theme.',
				title: 'Say what will change (at least 3 characters).',
				ownerId: 'Choose an owner from the list.',
				dueOn: 'Enter a due date as YYYY-MM-DD.',
			},
		})
		const neither = await createAction(manager, input({ dimension: '', theme: '' }), actor(manager))
		expect(neither).toEqual({ ok: false, errors: { theme: 'Name the comment theme this action answers, or choose a dimension.' } })
		const both = await createAction(manager, input({ theme: 'Refunds' }), actor(manager))
		expect(both.ok ? null : both.errors.theme).toMatch(/not both/)
		const early = await createAction(manager, input({ dueOn: '2026-03-01' }), actor(manager))
		expect(early).toEqual({ ok: false, errors: { dueOn: 'The due date is before the start date.' } })
		const nul = await createAction(manager, input({ title: 'a\u0000b c' }), actor(manager))
		expect(nul.ok ? null : nul.errors.title).toMatch(/NUL/)
		expect(await rowsOf()).toEqual(before)
	})

	test('a manager cannot reach a team outside their subtree, an employee none; an owner from another organisation is refused', async () => {
		const before = await rowsOf()
		expect(await createAction(manager, input({ teamId: team['Stores/North']! }), actor(manager))).toEqual({ ok: false, errors: { teamId: NOT_YOUR_TEAM } })
		expect(await createAction(manager, input({ teamId: team.Other! }), actor(manager))).toEqual({ ok: false, errors: { teamId: NOT_YOUR_TEAM } })
		expect(await createAction(employee, input(), actor(employee))).toEqual({ ok: false, errors: { teamId: NOT_YOUR_TEAM } })
		expect(await createAction(manager, input({ ownerId: stranger.id }), actor(manager))).toEqual({ ok: false, errors: { ownerId: NO_OWNER } })
		expect(await rowsOf()).toEqual(before)
		// An executive reaches every team of the organisation, a comment theme instead of a dimension.
		const r = await createAction(exec, input({ teamId: team['Stores/North']!, dimension: '', theme: 'Rotas are published late', ownerId: exec.id }), actor(exec))
		expect(r.ok).toBe(true)
	})
})

describe('changing an action', () => {
	test('status and dated updates are audited; out-of-reach, unknown and other-organisation ids answer null (404)', async () => {
		const created = await createAction(exec, input({ teamId: team['Stores/North']!, ownerId: exec.id }), actor(exec))
		if (!created.ok) throw new Error('create')
		const id = created.value.id
		// The Care manager does not reach Stores: the same answer as an id that does not exist.
		expect(await updateActionStatus(manager, id, { status: 'done' }, actor(manager))).toBeNull()
		expect(await updateActionStatus(exec, '00000000-0000-4000-8000-000000000000', { status: 'done' }, actor(exec))).toBeNull()
		expect(await updateActionStatus(exec, 'not-an-id', { status: 'done' }, actor(exec))).toBeNull()
		expect(await updateActionStatus(stranger, id, { status: 'done' }, actor(stranger))).toBeNull()
		expect(await addActionUpdate(stranger, id, { note: 'x' }, actor(stranger))).toBeNull()
		expect(await deleteAction(stranger, id, actor(stranger))).toBe(false)
		expect(await updateActionStatus(exec, id, { status: 'finished' }, actor(exec))).toEqual({ ok: false, errors: { status: 'Choose a status.' } })
		expect(await updateActionStatus(exec, id, { status: 'under_way' }, actor(exec))).toEqual({ ok: true, value: null })
		expect((await getAction(orgId, id))!.status).toBe('under_way')
		expect(await addActionUpdate(exec, id, { on: '2099-01-01', note: 'Later' }, actor(exec))).toEqual({
			ok: false,
			errors: { on: 'An update tells what happened: its date cannot be in the future.' },
		})
		expect(await addActionUpdate(exec, id, { on: '2026-03-10', note: '   ' }, actor(exec))).toEqual({ ok: false, errors: { note: 'Write what happened.' } })
		const u = await addActionUpdate(exec, id, { on: '2026-03-10', note: 'Rota now out two weeks ahead' }, actor(exec))
		expect(u?.ok).toBe(true)
		expect((await getAction(orgId, id))!.updates).toMatchObject([{ on: '2026-03-10', note: 'Rota now out two weeks ahead', authorName: exec.name }])
		const trail = await db()
			.select({ action: auditEvents.action, detail: auditEvents.detail })
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.target, id)))
		expect(trail.map((t) => t.action).sort()).toEqual(['action.created', 'action.status_changed', 'action.update_added'])
		expect(trail.find((t) => t.action === 'action.status_changed')!.detail).toEqual({ before: 'planned', after: 'under_way' })
		// Deleting takes the updates with it and leaves what it was in the log.
		expect(await deleteAction(exec, id, actor(exec))).toBe(true)
		expect(await getAction(orgId, id)).toBeNull()
		expect((await db().select({ n: count() }).from(actionUpdates).where(eq(actionUpdates.actionId, id)))[0]!.n).toBe(0)
		const [deleted] = await db()
			.select({ detail: auditEvents.detail })
			.from(auditEvents)
			.where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'action.deleted'), eq(auditEvents.target, id)))
		expect(deleted!.detail).toMatchObject({ title: 'Agents may refund up to €200 without asking', status: 'under_way' })
	})
})

describe('people who leave', () => {
	test('erasing the owner of an action keeps the action, with no owner (only the owner column is cleared, never org_id)', async () => {
		const { erasePerson } = await import('~/org/erasure.server')
		const owner = await makeUser(orgId, { role: 'manager', teamId: team.Care })
		const r = await createAction(owner, input({ ownerId: owner.id }), actor(owner))
		if (!r.ok) throw new Error('create')
		expect(await addActionUpdate(owner, r.value.id, { on: '2026-03-10', note: 'Started' }, actor(owner))).toMatchObject({ ok: true })
		const erased = await erasePerson(orgId, owner.id, { actingUserId: exec.id, actor: actor(exec) })
		expect(erased.ok).toBe(true)
		const kept = (await getAction(orgId, r.value.id))!
		expect(kept).toMatchObject({ ownerId: null, ownerName: null, title: 'Agents may refund up to €200 without asking' })
		expect(kept.updates).toMatchObject([{ note: 'Started', authorName: null }])
	})
})

describe('what the digests read', () => {
	test('listOpenActions gives planned and under-way actions of the teams asked for; listDueSoonActions those due within the days given', async () => {
		const org = (await makeOrg()).id
		const a = await makeTeam(org, 'A')
		const b = await makeTeam(org, 'B')
		const boss = await makeUser(org, { role: 'admin' })
		const make = async (teamId: string, title: string, dueOn: string, status = 'planned') => {
			const r = await createAction(boss, { teamId, dimension: 'speed', title, ownerId: boss.id, dueOn, startedOn: '2026-01-05', status }, actor(boss))
			if (!r.ok) throw new Error(JSON.stringify(r.errors))
		}
		await make(a, 'Due soon', '2026-03-10')
		await make(a, 'Overdue', '2026-02-01', 'under_way')
		await make(a, 'Later', '2026-06-01')
		await make(a, 'Finished', '2026-03-05', 'done')
		await make(a, 'Abandoned', '2026-03-05', 'dropped')
		await make(b, 'Other team', '2026-03-05')
		expect((await listOpenActions(org, [a])).map((x) => x.title)).toEqual(['Overdue', 'Due soon', 'Later'])
		expect((await listOpenActions(org, [a, b])).map((x) => x.title)).toEqual(['Overdue', 'Other team', 'Due soon', 'Later'])
		expect(await listOpenActions(org, [])).toEqual([])
		// Another organisation's team ids give nothing.
		expect(await listOpenActions(orgId, [a])).toEqual([])
		expect((await listDueSoonActions(org, [a], '2026-03-01', 14)).map((x) => x.title)).toEqual(['Overdue', 'Due soon'])
		expect((await listDueSoonActions(org, [a], '2026-03-01', 7)).map((x) => x.title)).toEqual(['Overdue'])
	})
})
