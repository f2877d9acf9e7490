/**
 * Importing people from CSV: all rows or none. Existing people (by e-mail) are updated only
 * where something changed, so importing the same file twice changes nothing the second time.
 */
import { and, eq, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'

import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '~/audit/audit.server'
import { isAdmin } from '~/auth/roles'
import { enqueueMail } from '~/mail/outbox.server'
import { toCsv } from '~/utils/csv-write'
import { db } from '~/utils/db.server'
import { isForeignKeyViolation, isUniqueViolation } from '~/utils/pg-errors'
import { type Role, teams, users } from '~db/schema'

import { LAST_ADMIN_MESSAGE } from './people.server'
import { type CsvProblem, findManagerLoops, type PersonRow, readPeopleCsv } from './people-csv'
import { matchTeamPaths } from './team-match'
import { pathAndAncestors } from './team-path'
import { ensureTeamPaths } from './teams.server'

export interface ImportSummary {
	created: number
	updated: number
	unchanged: number
	teamsCreated: number
	invited: number
}
/** A team the file names that does not exist yet, with the lines that name it (a typo shows here). */
export interface NewTeam {
	path: string
	lines: number[]
}
export type ImportOutcome = { ok: true; summary: ImportSummary } | { ok: false; problems: CsvProblem[]; newTeams?: undefined } | { ok: false; problems: []; newTeams: NewTeam[] }

/**
 * `createTeams`: which missing teams the import may create. A person at the page confirms the list
 * it was shown (a typo in a team path would otherwise silently create a team); when the file would
 * create any other team, nothing is imported and the outcome lists the teams it would create.
 * Scripts and tests that mean every team of the file pass 'all' (the default).
 */
export interface ImportOptions {
	sendInvitations: boolean
	actor?: AuditActor
	createTeams?: 'all' | readonly string[]
}

const BATCH = 1000

export async function importPeopleCsv(orgId: string, text: string, options: ImportOptions): Promise<ImportOutcome> {
	const file = readPeopleCsv(text)
	// No person could be read (a bad header, an empty file): nothing else to check against the organisation.
	if (file.problems.length && !file.emails) return { ok: false, problems: file.problems }
	// Someone added in the meantime with an e-mail of the file, or a team deleted: nothing was
	// written (one transaction), so read the organisation again and import once more.
	for (let attempt = 1; ; attempt++) {
		try {
			return await importRows(orgId, file, options)
		} catch (error) {
			const lostRace = isUniqueViolation(error, 'users_org_email') || isForeignKeyViolation(error, 'users_team_fk') || isForeignKeyViolation(error, 'users_manager_fk')
			if (!lostRace) throw error
			if (attempt >= 2) return { ok: false, problems: [{ line: 0, message: 'People or teams changed while the file was imported, so nothing was imported. Import it again.' }] }
		}
	}
}

/** The teams the rows name (with their parents) that the organisation does not have yet, shallowest first. */
export function teamsToCreate(existingPaths: Set<string>, rows: PersonRow[]): NewTeam[] {
	const lines = new Map<string, number[]>()
	for (const r of rows) {
		if (!r.teamPath) continue
		for (const path of pathAndAncestors(r.teamPath)) if (!existingPaths.has(path)) lines.set(path, [...(lines.get(path) ?? []), r.line])
	}
	return [...lines].map(([path, l]) => ({ path, lines: l })).sort((a, b) => a.path.localeCompare(b.path))
}

async function importRows(orgId: string, file: ReturnType<typeof readPeopleCsv>, options: ImportOptions): Promise<ImportOutcome> {
	// Each team as the organisation spells it (`customer care › social` is `Customer Care/Social`).
	const existingPaths = (await db().select({ path: teams.path }).from(teams).where(eq(teams.orgId, orgId))).map((t) => t.path)
	const teamMatch = matchTeamPaths(
		existingPaths,
		file.rows.flatMap((r) => (r.teamPath ? [{ line: r.line, path: r.teamPath }] : [])),
	)
	const rows = file.rows.filter((r) => !r.teamPath || teamMatch.meant.has(r.line)).map((r) => (r.teamPath ? { ...r, teamPath: teamMatch.meant.get(r.line)! } : r))
	const existing = await db()
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
		})
		.from(users)
		.where(eq(users.orgId, orgId))
	const byEmail = new Map(existing.map((u) => [u.email, u]))
	const emailById = new Map(existing.map((u) => [u.id, u.email]))
	const inFile = file.emails ?? new Set(rows.map((r) => r.email))

	const refProblems: CsvProblem[] = []
	for (const r of rows) {
		if (r.managerEmail && !inFile.has(r.managerEmail) && !byEmail.has(r.managerEmail))
			refProblems.push({ line: r.line, column: 'manager_email', message: `No one with the e-mail ${r.managerEmail} is in this file or the organisation.` })
	}
	const existingManagerOf = new Map(existing.map((u) => [u.email, u.managerId ? (emailById.get(u.managerId) ?? null) : null]))
	for (const r of findManagerLoops(rows, existingManagerOf)) refProblems.push({ line: r.line, column: 'manager_email', message: `Managers go round in a loop from ${r.email}.` })
	refProblems.push(...lastAdminProblems(rows, existing))
	// Every problem at once: the file's own and those found against the organisation.
	const problems = [...file.problems, ...teamMatch.problems, ...refProblems]
	if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) }

	if (options.createTeams !== undefined && options.createTeams !== 'all') {
		const newTeams = teamsToCreate(new Set(existingPaths), rows)
		const confirmed = new Set(options.createTeams)
		if (newTeams.some((t) => !confirmed.has(t.path))) return { ok: false, problems: [], newTeams }
	}

	const summary = await db().transaction(async (tx) => {
		const { ids: teamIds, created: teamsCreated } = await ensureTeamPaths(
			tx,
			orgId,
			rows.flatMap((r) => (r.teamPath ? [r.teamPath] : [])),
		)
		const teamIdOf = (r: PersonRow) => (r.teamPath ? teamIds.get(r.teamPath)! : null)

		// Pass 1: insert new people (managers are linked in pass 2, once everyone has an id).
		const fresh = rows.filter((r) => !byEmail.has(r.email))
		const idOf = new Map(existing.map((u) => [u.email, u.id]))
		for (let i = 0; i < fresh.length; i += BATCH) {
			const inserted = await tx
				.insert(users)
				.values(
					fresh.slice(i, i + BATCH).map((r) => ({
						orgId,
						email: r.email,
						name: r.name,
						role: r.role,
						level: r.level,
						teamId: teamIdOf(r),
						locale: (r.locale ?? null) as (typeof users.$inferInsert)['locale'],
					})),
				)
				.returning({ id: users.id, email: users.email })
			for (const u of inserted) idOf.set(u.email, u.id)
		}

		// Pass 2: one UPDATE per batch for every row whose stored values differ.
		let updated = 0
		let unchanged = 0
		const changes: { id: string; name: string; role: string; level: string; teamId: string | null; managerId: string | null; locale: string | null | undefined }[] = []
		for (const r of rows) {
			const want = {
				id: idOf.get(r.email)!,
				name: r.name,
				role: r.role,
				level: r.level,
				teamId: teamIdOf(r),
				managerId: r.managerEmail ? idOf.get(r.managerEmail)! : null,
				// undefined: the file has no locale column, and the stored language stays.
				locale: r.locale,
			}
			const had = byEmail.get(r.email)
			const isNew = !had
			const same =
				had &&
				had.name === want.name &&
				had.role === want.role &&
				had.level === want.level &&
				had.teamId === want.teamId &&
				had.managerId === want.managerId &&
				(want.locale === undefined || had.locale === want.locale)
			if (same) unchanged++
			else if (isNew && !want.managerId) continue
			else {
				changes.push(want)
				if (!isNew) updated++
			}
		}
		for (let i = 0; i < changes.length; i += BATCH) {
			const values = sql.join(
				changes
					.slice(i, i + BATCH)
					.map(
						(c) =>
							sql`(${c.id}::uuid, ${c.name}, ${c.role}::role, ${c.level}::level, ${c.teamId}::uuid, ${c.managerId}::uuid, ${c.locale ?? null}::text, ${c.locale !== undefined}::boolean)`,
					),
				sql`, `,
			)
			await tx.execute(sql`
				update ${users} as u set name = v.name, role = v.role, level = v.level,
					team_id = v.team_id, manager_id = v.manager_id,
					locale = case when v.set_locale then v.locale else u.locale end, updated_at = now()
				from (values ${values}) as v(id, name, role, level, team_id, manager_id, locale, set_locale)
				where u.org_id = ${orgId} and u.id = v.id`)
		}

		let invited = 0
		if (options.sendInvitations && fresh.length) {
			await enqueueMail(
				tx,
				orgId,
				fresh.map((r) => ({ kind: 'invitation' as const, toEmail: r.email, userId: idOf.get(r.email)!, payload: {} })),
			)
			invited = fresh.length
		}
		const result = { created: fresh.length, updated, unchanged, teamsCreated, invited }
		const actor = options.actor ?? SYSTEM_ACTOR
		// Counts only: the file's names and addresses are in the people table, not repeated here.
		await recordAudit(tx, orgId, { actor, action: 'people.imported', detail: result })
		for (const r of rows) {
			const had = byEmail.get(r.email)
			if (had && had.role !== r.role)
				await recordAudit(tx, orgId, { actor, action: 'person.role_changed', targetUserId: had.id, detail: { from: had.role, to: r.role, by: 'import' } })
		}
		return result
	})
	return { ok: true, summary }
}

/**
 * The rule of the person form (the last active admin stays admin), for a whole file: if the
 * organisation has an active admin, it still has one afterwards. The import never changes who is
 * active; new people are. Each line that takes the role away from an active admin is reported.
 */
function lastAdminProblems(rows: PersonRow[], existing: { email: string; role: Role; active: boolean }[]): CsvProblem[] {
	const roleInFile = new Map(rows.map((r) => [r.email, r.role]))
	const activeAdmins = existing.filter((u) => u.active && isAdmin(u.role))
	const known = new Set(existing.map((u) => u.email))
	const adminsAfter = existing.filter((u) => u.active && isAdmin(roleInFile.get(u.email) ?? u.role)).length + rows.filter((r) => !known.has(r.email) && isAdmin(r.role)).length
	if (activeAdmins.length === 0 || adminsAfter > 0) return []
	const message = activeAdmins.length === 1 ? LAST_ADMIN_MESSAGE : 'This file takes the role from every active admin; keep one admin, or make someone else admin first.'
	const adminEmails = new Set(activeAdmins.map((u) => u.email))
	return rows.filter((r) => adminEmails.has(r.email)).map((r) => ({ line: r.line, column: 'role', message: `${r.email}: ${message}` }))
}

/** A CSV of the organisation's people in the import format, for a round trip. */
export async function exportPeopleCsv(orgId: string): Promise<string> {
	const managers = alias(users, 'm')
	const rows = await db()
		.select({ email: users.email, name: users.name, team: teams.path, role: users.role, level: users.level, manager: managers.email, locale: users.locale })
		.from(users)
		.leftJoin(teams, and(eq(teams.orgId, users.orgId), eq(teams.id, users.teamId)))
		.leftJoin(managers, and(eq(managers.orgId, users.orgId), eq(managers.id, users.managerId)))
		.where(and(eq(users.orgId, orgId), eq(users.active, true)))
		.orderBy(users.email)
	return toCsv(
		['email', 'name', 'team', 'role', 'level', 'manager_email', 'locale'],
		rows.map((r) => [r.email, r.name, r.team ?? '', r.role, r.level, r.manager ?? '', r.locale === 'en-XA' ? '' : (r.locale ?? '')]),
	)
}
