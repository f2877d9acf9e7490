/** People of an organisation. Every query is scoped by orgId first. */
import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { z } from 'zod'

import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { voidOpenPasswordLinks } from '~/auth/password-links.server'
import { isAdmin } from '~/auth/roles'
import { invalidateUserSessions } from '~/auth/sessions.server'
import { LOCALES } from '~/i18n/locales'
import { enqueueMail } from '~/mail/outbox.server'
import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/http'
import { isForeignKeyViolation, isUniqueViolation } from '~/utils/pg-errors'
import { fail, type FieldErrors, fieldErrorsFrom, ok, type Result } from '~/utils/result'
import { mailOutbox, type Role, teams, users } from '~db/schema'

import { withdrawFromOpenWaves } from './consequences.server'
import { emailSchema, levelSchema, personNameSchema, roleSchema } from './person-schema'

export const personInputSchema = z.object({
	email: emailSchema,
	name: personNameSchema,
	role: roleSchema,
	level: levelSchema,
	teamId: z
		.string()
		.optional()
		.transform((v) => v || null)
		.refine((v) => v === null || isUuid(v), 'Choose a team from the list.'),
	managerId: z
		.string()
		.optional()
		.transform((v) => v || null)
		.refine((v) => v === null || isUuid(v), 'Choose a manager from the list.'),
	/** The person's language; '' follows the organisation's, absent leaves it as it is (SCIM, older forms). */
	locale: z
		.union([z.literal(''), z.null(), z.enum(LOCALES)], { errorMap: () => ({ message: 'Choose a language from the list.' }) })
		.optional()
		.transform((v) => (v === undefined ? undefined : v || null)),
})
export type PersonInput = z.infer<typeof personInputSchema>

const managers = alias(users, 'managers')

const EMAIL_TAKEN = 'Someone in this organisation already has this e-mail address.'
const NO_TEAM = 'That team does not exist.'
const NO_MANAGER = 'That manager does not exist.'
export const LAST_ADMIN_MESSAGE = 'This is the last active admin; make someone else admin first.'

/**
 * A write that lost a race the checks before it could not see (another request took the e-mail,
 * or deleted the team or manager, in between): the same field error the check gives, or null.
 */
function lostRace(error: unknown): FieldErrors | null {
	if (isUniqueViolation(error, 'users_org_email')) return { email: EMAIL_TAKEN }
	if (isForeignKeyViolation(error, 'users_team_fk')) return { teamId: NO_TEAM }
	if (isForeignKeyViolation(error, 'users_manager_fk')) return { managerId: NO_MANAGER }
	return null
}

/** Runs a write; a lost race becomes its field error instead of a 500. */
async function orFieldErrors<T>(write: () => Promise<Result<T>>): Promise<Result<T>> {
	try {
		return await write()
	} catch (error) {
		const errors = lostRace(error)
		if (errors) return fail(errors)
		throw error
	}
}

export interface PeopleFilter {
	q?: string
	teamId?: string
	role?: Role
	status?: 'active' | 'inactive' | 'all'
	page?: number
}
export const PAGE_SIZE = 50

export async function listPeople(orgId: string, filter: PeopleFilter = {}) {
	const conditions: (SQL | undefined)[] = [eq(users.orgId, orgId)]
	if (filter.q) {
		const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
		conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern)))
	}
	if (filter.teamId) conditions.push(eq(users.teamId, filter.teamId))
	if (filter.role) conditions.push(eq(users.role, filter.role))
	if ((filter.status ?? 'active') !== 'all') conditions.push(eq(users.active, (filter.status ?? 'active') === 'active'))
	const where = and(...conditions)
	const page = Math.max(1, filter.page ?? 1)
	const [rows, [total]] = await Promise.all([
		db()
			.select({
				id: users.id,
				email: users.email,
				name: users.name,
				role: users.role,
				level: users.level,
				active: users.active,
				hasPassword: users.passwordHash,
				teamPath: teams.path,
				managerName: managers.name,
			})
			.from(users)
			.leftJoin(teams, and(eq(teams.orgId, users.orgId), eq(teams.id, users.teamId)))
			.leftJoin(managers, and(eq(managers.orgId, users.orgId), eq(managers.id, users.managerId)))
			.where(where)
			.orderBy(asc(users.name), asc(users.email))
			.limit(PAGE_SIZE)
			.offset((page - 1) * PAGE_SIZE),
		db().select({ n: count() }).from(users).where(where),
	])
	return {
		people: rows.map(({ hasPassword, ...r }) => ({ ...r, invited: !hasPassword })),
		total: total!.n,
		page,
		pages: Math.max(1, Math.ceil(total!.n / PAGE_SIZE)),
	}
}

export async function getPerson(orgId: string, userId: string) {
	const [row] = await db()
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			role: users.role,
			level: users.level,
			teamId: users.teamId,
			managerId: users.managerId,
			locale: users.locale,
			active: users.active,
			hasPassword: users.passwordHash,
			createdAt: users.createdAt,
		})
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
	if (!row) return null
	const { hasPassword, ...rest } = row
	return { ...rest, hasPassword: Boolean(hasPassword) }
}

/** Short list for pickers (team manager, person's manager). */
export async function listPeopleForPicker(orgId: string) {
	return db()
		.select({ id: users.id, name: users.name, email: users.email })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.active, true)))
		.orderBy(asc(users.name))
		.limit(2000)
}

async function checkReferences(orgId: string, input: PersonInput, selfId?: string): Promise<Result<null>> {
	if (input.teamId) {
		const [t] = await db()
			.select({ id: teams.id })
			.from(teams)
			.where(and(eq(teams.orgId, orgId), eq(teams.id, input.teamId)))
		if (!t) return fail({ teamId: NO_TEAM })
	}
	if (input.managerId) {
		if (input.managerId === selfId) return fail({ managerId: 'A person cannot be their own manager.' })
		const [m] = await db()
			.select({ id: users.id, managerId: users.managerId })
			.from(users)
			.where(and(eq(users.orgId, orgId), eq(users.id, input.managerId)))
		if (!m) return fail({ managerId: NO_MANAGER })
		if (selfId && (await managesIndirectly(orgId, selfId, input.managerId))) return fail({ managerId: 'That would make a loop: this person already manages them.' })
	}
	return ok(null)
}

/** Whether `managerId` reports, directly or not, to `personId`. */
async function managesIndirectly(orgId: string, personId: string, managerId: string) {
	let current: string | null = managerId
	for (let i = 0; current && i < 100; i++) {
		if (current === personId) return true
		const [row] = await db()
			.select({ managerId: users.managerId })
			.from(users)
			.where(and(eq(users.orgId, orgId), eq(users.id, current)))
		current = row?.managerId ?? null
	}
	return false
}

/** Adds a person and queues their invitation e-mail in the same transaction. */
export async function createPerson(orgId: string, raw: unknown): Promise<Result<{ id: string }>> {
	const parsed = personInputSchema.safeParse(raw)
	if (!parsed.success) return fail(fieldErrorsFrom(parsed.error.issues))
	const input = parsed.data
	const refs = await checkReferences(orgId, input)
	if (!refs.ok) return refs
	return orFieldErrors(() =>
		db().transaction(async (tx) => {
			const [created] = await tx
				.insert(users)
				.values({ orgId, ...input })
				.onConflictDoNothing()
				.returning({ id: users.id })
			if (!created) return fail({ email: EMAIL_TAKEN })
			await enqueueMail(tx, orgId, [{ kind: 'invitation', toEmail: input.email, userId: created.id, payload: {} }])
			return ok(created)
		}),
	)
}

export async function updatePerson(orgId: string, userId: string, raw: unknown, actor: AuditActor = SYSTEM_ACTOR): Promise<Result<null>> {
	const parsed = personInputSchema.safeParse(raw)
	if (!parsed.success) return fail(fieldErrorsFrom(parsed.error.issues))
	const input = parsed.data
	const refs = await checkReferences(orgId, input, userId)
	if (!refs.ok) return refs
	const [clash] = await db()
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.email, input.email)))
	if (clash && clash.id !== userId) return fail({ email: EMAIL_TAKEN })
	if (!isAdmin(input.role) && (await isLastActiveAdmin(orgId, userId))) return fail({ role: LAST_ADMIN_MESSAGE })
	const result = await orFieldErrors(() =>
		db().transaction(async (tx) => {
			const [before] = await tx
				.select({ email: users.email, hasPassword: users.passwordHash, active: users.active, role: users.role })
				.from(users)
				.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
				.for('update')
			if (!before) return fail({ _form: 'That person does not exist.' })
			await tx
				.update(users)
				.set({ ...input, updatedAt: new Date() })
				.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
			if (before.role !== input.role) await recordAudit(tx, orgId, { actor, action: 'person.role_changed', targetUserId: userId, detail: { from: before.role, to: input.role } })
			const emailChanged = before.email !== input.email
			if (emailChanged) {
				// The old address may belong to someone else now (a shared or reassigned mailbox):
				// its open links, and password e-mails not yet sent to it, must not set this password.
				await voidOpenPasswordLinks(tx, orgId, userId)
				await tx
					.update(mailOutbox)
					.set({ status: 'skipped', lastError: 'The address changed before it was sent.' })
					.where(and(eq(mailOutbox.orgId, orgId), eq(mailOutbox.userId, userId), eq(mailOutbox.status, 'queued'), inArray(mailOutbox.kind, ['invitation', 'password_reset'])))
				if (!before.hasPassword && before.active) {
					await enqueueMail(tx, orgId, [{ kind: 'invitation', toEmail: input.email, userId, payload: {} }])
				}
			}
			return ok({ emailChanged })
		}),
	)
	if (!result.ok) return result
	// Sessions were opened by whoever held the old address; they end with it (ASVS 3.3.x).
	if (result.value.emailChanged) await invalidateUserSessions(orgId, userId)
	return ok(null)
}

/** Whether this person is the organisation's only active admin (who must not stop being one). */
export async function isLastActiveAdmin(orgId: string, userId: string) {
	const admins = await db()
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.role, 'admin'), eq(users.active, true)))
		.limit(2)
	return admins.length === 1 && admins[0]!.id === userId
}

/**
 * Deactivating ends every session of the person at once; they can no longer sign in. In the same
 * transaction they leave the pulses still open: their e-mailed links stop working and they no
 * longer count as invited (an answer they already gave stays).
 */
export async function setPersonActive(orgId: string, userId: string, active: boolean, actingUserId: string, actor: AuditActor = SYSTEM_ACTOR) {
	if (!active && userId === actingUserId) return fail({ _form: 'You cannot deactivate yourself.' })
	if (!active && (await isLastActiveAdmin(orgId, userId))) return fail({ _form: LAST_ADMIN_MESSAGE })
	const updated = await db().transaction(async (tx) => {
		const rows = await tx
			.update(users)
			.set({ active, updatedAt: new Date() })
			.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
			.returning({ id: users.id })
		if (rows.length && !active) await withdrawFromOpenWaves(tx, orgId, userId)
		if (rows.length) await recordAudit(tx, orgId, { actor, action: active ? 'person.reactivated' : 'person.deactivated', targetUserId: userId })
		return rows
	})
	if (!updated.length) return fail({ _form: 'That person does not exist.' })
	if (!active) await invalidateUserSessions(orgId, userId)
	return ok(null)
}

export async function resendInvitation(orgId: string, userId: string) {
	const person = await getPerson(orgId, userId)
	if (!person) return fail({ _form: 'That person does not exist.' })
	if (!person.active) return fail({ _form: 'Reactivate this person before inviting them.' })
	await enqueueMail(db(), orgId, [{ kind: person.hasPassword ? 'password_reset' : 'invitation', toEmail: person.email, userId, payload: {} }])
	return ok(person.hasPassword ? 'reset' : 'invitation')
}
