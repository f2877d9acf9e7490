/**
 * What the organisation holds about a person (GDPR Art. 15), for the person themselves: their
 * profile, team, level, manager, sessions, and the pulse waves they were invited to with
 * whether they answered. Not their answers: responses carry no link to anyone, so there is no
 * way to find them (docs/security.md, "What the database shows") — the export says so.
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { db } from '~/utils/db.server'
import { answeredInvitations, invitations, organizations, sessions, surveys, teams, users, waves } from '~db/schema'

const managers = alias(users, 'managers')

export async function personalData(orgId: string, userId: string, actor: AuditActor) {
	const [person] = await db()
		.select({
			name: users.name,
			email: users.email,
			role: users.role,
			level: users.level,
			active: users.active,
			hasPassword: users.passwordHash,
			createdAt: users.createdAt,
			updatedAt: users.updatedAt,
			team: teams.path,
			managerName: managers.name,
			managerEmail: managers.email,
			organization: organizations.name,
		})
		.from(users)
		.innerJoin(organizations, eq(organizations.id, users.orgId))
		.leftJoin(teams, and(eq(teams.orgId, users.orgId), eq(teams.id, users.teamId)))
		.leftJoin(managers, and(eq(managers.orgId, users.orgId), eq(managers.id, users.managerId)))
		.where(and(eq(users.orgId, orgId), eq(users.id, userId)))
	if (!person) return null
	const [mySessions, invited] = await Promise.all([
		db()
			.select({ createdAt: sessions.createdAt, lastActiveAt: sessions.lastActiveAt, expiresAt: sessions.expiresAt })
			.from(sessions)
			.where(and(eq(sessions.orgId, orgId), eq(sessions.userId, userId)))
			.orderBy(asc(sessions.createdAt)),
		db()
			.select({
				survey: surveys.name,
				periodStart: waves.periodStart,
				opensAt: waves.opensAt,
				closesAt: waves.closesAt,
				// Columns written out: drizzle leaves them unqualified in a template, where they would name the subquery's own.
				answered: sql<boolean>`exists (select 1 from ${answeredInvitations} a where a.org_id = ${orgId} and a.wave_id = invitations.wave_id and a.invitation_id = invitations.id)`,
				invitedAt: invitations.createdAt,
			})
			.from(invitations)
			.innerJoin(waves, and(eq(waves.orgId, invitations.orgId), eq(waves.id, invitations.waveId)))
			.innerJoin(surveys, and(eq(surveys.orgId, waves.orgId), eq(surveys.id, waves.surveyId)))
			.where(and(eq(invitations.orgId, orgId), eq(invitations.userId, userId)))
			.orderBy(asc(waves.opensAt)),
	])
	await recordAudit(db(), orgId, { actor, action: 'personal_data.exported', targetUserId: userId })
	const { hasPassword, managerName, managerEmail, ...profile } = person
	return {
		exportedAt: new Date().toISOString(),
		profile: { ...profile, passwordSet: Boolean(hasPassword) },
		manager: managerName ? { name: managerName, email: managerEmail } : null,
		sessions: mySessions,
		pulseInvitations: invited,
		answers: 'Not included: your answers are stored without any link to you (no name, no invitation, no time), so they cannot be found, shown or told apart from anyone else’s.',
	}
}
