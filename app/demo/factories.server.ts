/**
 * Building blocks for data, shared by the demo seed and the tests, so both make rows the
 * same way the app does.
 */
import { and, eq } from 'drizzle-orm'

import { hashPassword } from '~/auth/password.server'
import { type Tx } from '~/utils/db.server'
import { actions, type ActionStatus, actionUpdates, type Level, organizations, type Role, teams, users } from '~db/schema'

export async function createOrganization(tx: Tx, input: { slug: string; name: string; timeZone?: string; anonymityK?: number }) {
	const [org] = await tx.insert(organizations).values(input).returning()
	return org!
}

/** Creates each team along `A/B/C` that does not exist yet; returns the id of the last one. */
export async function createTeamPath(tx: Tx, orgId: string, path: string): Promise<string> {
	const parts = path.split('/')
	let parentId: string | null = null
	for (let i = 0; i < parts.length; i++) {
		const p = parts.slice(0, i + 1).join('/')
		const [found] = await tx
			.select({ id: teams.id })
			.from(teams)
			.where(and(eq(teams.orgId, orgId), eq(teams.path, p)))
		if (found) {
			parentId = found.id
			continue
		}
		const [created]: { id: string }[] = await tx.insert(teams).values({ orgId, name: parts[i]!, path: p, parentId }).returning({ id: teams.id })
		parentId = created!.id
	}
	return parentId!
}

export async function createUser(
	tx: Tx,
	orgId: string,
	input: {
		email: string
		name: string
		role?: Role
		level?: Level
		teamId?: string | null
		managerId?: string | null
		password?: string
		active?: boolean
		locale?: 'en' | 'de' | 'fr' | 'es' | 'ja' | null
	},
) {
	const { password, ...rest } = input
	const [user] = await tx
		.insert(users)
		.values({
			orgId,
			...rest,
			email: rest.email.toLowerCase(),
			passwordHash: password ? await hashPassword(password) : null,
		})
		.returning()
	return user!
}

/** An action with its dated updates, stored as the app stores one (the app's own path adds validation and the audit entry). */
export async function createActionRow(
	tx: Tx,
	orgId: string,
	input: {
		teamId: string
		dimension?: string | null
		theme?: string | null
		title: string
		ownerId?: string | null
		createdBy?: string | null
		startedOn: string
		dueOn: string
		status?: ActionStatus
		updates?: { on: string; note: string; authorId?: string | null }[]
	},
) {
	const { updates = [], ...fields } = input
	const [row] = await tx
		.insert(actions)
		.values({ orgId, ...fields, dimension: fields.dimension ?? null, theme: fields.theme ?? null })
		.returning()
	for (const u of updates) await tx.insert(actionUpdates).values({ orgId, actionId: row!.id, on: u.on, note: u.note, authorId: u.authorId ?? null })
	return row!
}
