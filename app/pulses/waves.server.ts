/**
 * Waves: opening one (snapshot of the items, one invitation per person in the audience, the
 * invitation e-mails), the reminder, closing, and participation. Opening and reminding are
 * claimed through unique constraints and conditional updates, so any number of schedulers
 * running at once open each wave once and send each e-mail once.
 */
import { and, asc, count, desc, eq, gt, inArray, isNull, lte, not, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { isWithin } from '~/auth/permissions.server'
import { fixedT, hasMessage } from '~/i18n/i18n.server'
import { RENDER_LOCALES } from '~/i18n/locales'
import { enqueueMail } from '~/mail/outbox.server'
import { type CubeNode, cubeTotals, type PeopleCounts, ROOT, subtreeOf } from '~/reports/cube'
import { waveParticipationHidden } from '~/reports/participation'
import { reportingWeekFor } from '~/reports/release.server'
import { currentPeriod, type Period } from '~/surveys/schedule'
import { getSurvey, orgTimeZone, scheduleOf } from '~/surveys/surveys.server'
import { db, type Tx } from '~/utils/db.server'
import { fail, ok, type Result } from '~/utils/result'
import {
	answeredInvitations,
	invitations,
	items,
	NO_TEAM,
	organizations,
	participationRollups,
	type Survey,
	surveyAudience,
	surveyItems,
	surveys,
	teams,
	users,
	waveItems,
	waves,
} from '~db/schema'

import { INVITATION_ANSWERED } from './invitation-links.server'

/** Every team in the audience with everything below it; null means the whole organisation. */
async function audienceTeamIds(tx: Tx, orgId: string, surveyId: string): Promise<string[] | null> {
	const chosen = await tx
		.select({ path: teams.path })
		.from(surveyAudience)
		.innerJoin(teams, and(eq(teams.orgId, surveyAudience.orgId), eq(teams.id, surveyAudience.teamId)))
		.where(and(eq(surveyAudience.orgId, orgId), eq(surveyAudience.surveyId, surveyId)))
	if (!chosen.length) return null
	const all = await tx.select({ id: teams.id, path: teams.path }).from(teams).where(eq(teams.orgId, orgId))
	return all.filter((t) => chosen.some((c) => isWithin(t.path, c.path))).map((t) => t.id)
}

/**
 * Opens the wave of `period` unless it exists. Returns the new wave's id, or null when another
 * run (or an earlier one) already opened it.
 */
/**
 * An item's wording in every language it has when the wave opens: a built-in item's from the
 * bank catalogues (all five, and the pseudo-locale), an organisation's own from what its admins
 * wrote. The answers are one item whatever the language they were given in.
 */
function itemTranslations(item: { key: string | null; translations: Record<string, string> }): Record<string, string> {
	if (!item.key) return item.translations
	return Object.fromEntries(RENDER_LOCALES.filter((l) => hasMessage(l, 'bank', item.key!)).map((l) => [l, fixedT(l, 'bank')(item.key!)]))
}

export async function openWave(survey: Pick<Survey, 'orgId' | 'id' | 'anonymityK'>, period: Period): Promise<string | null> {
	const { orgId } = survey
	return db().transaction(async (tx) => {
		const week = await reportingWeekFor(tx, orgId, period.opensAt)
		const [wave] = await tx
			.insert(waves)
			.values({
				orgId,
				surveyId: survey.id,
				periodStart: period.periodStart,
				opensAt: period.opensAt,
				closesAt: period.closesAt,
				reminderAt: period.reminderAt,
				anonymityK: survey.anonymityK,
				week,
			})
			.onConflictDoNothing()
			.returning({ id: waves.id })
		if (!wave) return null
		const picked = await tx
			.select({ position: surveyItems.position, required: surveyItems.required, item: items })
			.from(surveyItems)
			.innerJoin(items, and(eq(items.orgId, surveyItems.orgId), eq(items.id, surveyItems.itemId)))
			.where(and(eq(surveyItems.orgId, orgId), eq(surveyItems.surveyId, survey.id)))
			.orderBy(asc(surveyItems.position))
		await tx.insert(waveItems).values(
			picked.map((p, position) => ({
				orgId,
				waveId: wave.id,
				position,
				itemId: p.item.id,
				dimension: p.item.dimension,
				kind: p.item.kind,
				text: p.item.text,
				translations: itemTranslations(p.item),
				reverse: p.item.reverse,
				// The open comment is always optional: nobody should have to write something.
				required: p.item.kind === 'text' ? false : p.required,
			})),
		)
		const teamIds = await audienceTeamIds(tx, orgId, survey.id)
		const people = await tx
			.select({ id: users.id, email: users.email, teamId: users.teamId, level: users.level })
			.from(users)
			.where(and(eq(users.orgId, orgId), eq(users.active, true), teamIds ? inArray(users.teamId, teamIds.length ? teamIds : ['00000000-0000-0000-0000-000000000000']) : undefined))
		for (let i = 0; i < people.length; i += 1000) {
			const batch = people.slice(i, i + 1000)
			const created = await tx
				.insert(invitations)
				.values(batch.map((p) => ({ orgId, waveId: wave.id, userId: p.id, teamId: p.teamId, level: p.level })))
				.returning({ id: invitations.id, userId: invitations.userId })
			const emailOf = new Map(batch.map((p) => [p.id, p.email]))
			await enqueueMail(
				tx,
				orgId,
				created.map((inv) => ({ kind: 'pulse_invitation' as const, toEmail: emailOf.get(inv.userId)!, userId: inv.userId, payload: { invitationId: inv.id } })),
			)
		}
		if (people.length) {
			await tx.execute(sql`
				insert into ${participationRollups} (org_id, wave_id, team_id, level, invited, answered)
				select org_id, wave_id, coalesce(team_id, ${NO_TEAM}::uuid), level, count(*), 0
				from ${invitations} where org_id = ${orgId} and wave_id = ${wave.id}
				group by 1, 2, 3, 4`)
		}
		return wave.id
	})
}

/** Claims a wave's reminder (once) and queues it for everyone who has not answered. */
export async function sendReminder(orgId: string, waveId: string, now = new Date()): Promise<number | null> {
	return db().transaction(async (tx) => {
		const [claimed] = await tx
			.update(waves)
			.set({ reminderSentAt: now })
			.where(and(eq(waves.orgId, orgId), eq(waves.id, waveId), isNull(waves.reminderSentAt), isNull(waves.closedAt), gt(waves.closesAt, now), lte(waves.opensAt, now)))
			.returning({ id: waves.id })
		if (!claimed) return null
		const pending = await tx
			.select({ id: invitations.id, userId: invitations.userId, email: users.email })
			.from(invitations)
			.innerJoin(users, and(eq(users.orgId, invitations.orgId), eq(users.id, invitations.userId)))
			.where(and(eq(invitations.orgId, orgId), eq(invitations.waveId, waveId), not(INVITATION_ANSWERED), eq(users.active, true)))
		await enqueueMail(
			tx,
			orgId,
			pending.map((p) => ({ kind: 'pulse_reminder' as const, toEmail: p.email, userId: p.userId, payload: { invitationId: p.id } })),
		)
		return pending.length
	})
}

/**
 * How many of a wave's invited have not answered yet, by the participation rule: only when the
 * wave's answered count is itself shown (at least k invited and no smaller group worked out by
 * subtraction); null otherwise, so "not answered" never tells more than "answered" would.
 */
export function notAnsweredYet(p: { invited: number; answered: number | null }): number | null {
	return p.answered === null ? null : p.invited - p.answered
}

export async function closeWave(orgId: string, waveId: string, now = new Date()) {
	const r = await db()
		.update(waves)
		.set({ closedAt: now, closesAt: sql`least(${waves.closesAt}, ${now.toISOString()}::timestamptz)` })
		.where(and(eq(waves.orgId, orgId), eq(waves.id, waveId), isNull(waves.closedAt)))
		.returning({ id: waves.id })
	return r.length > 0
}

/** Reminders that are due, across organisations. */
export async function dueReminders(now: Date) {
	return db()
		.select({ orgId: waves.orgId, id: waves.id })
		.from(waves)
		.where(and(isNull(waves.closedAt), isNull(waves.reminderSentAt), lte(waves.reminderAt, now), gt(waves.closesAt, now)))
}

/** Closes every wave whose window has ended, across organisations. */
export async function closeEndedWaves(now: Date) {
	const r = await db()
		.update(waves)
		.set({ closedAt: now })
		.where(and(isNull(waves.closedAt), lte(waves.closesAt, now)))
		.returning({ id: waves.id })
	return r.length
}

export function isOpen(wave: { closedAt: Date | null; closesAt: Date; opensAt: Date }, now = new Date()) {
	return !wave.closedAt && wave.closesAt > now && wave.opensAt <= now
}

export async function listWaves(orgId: string, surveyId: string) {
	const rows = await db()
		.select({
			wave: waves,
			// Written out: drizzle leaves a column in a template unqualified (inside the subquery it would name the subquery's own).
			invited: sql<number>`(select count(*) from ${invitations} i where i.org_id = ${orgId} and i.wave_id = waves.id)`.mapWith(Number),
			answered: sql<number>`(select count(*) from ${answeredInvitations} a where a.org_id = ${orgId} and a.wave_id = waves.id)`.mapWith(Number),
		})
		.from(waves)
		.where(and(eq(waves.orgId, orgId), eq(waves.surveyId, surveyId)))
		.orderBy(desc(waves.opensAt))
	return rows.map((r) => ({ ...r.wave, invited: r.invited, answered: r.answered }))
}

export async function getWave(orgId: string, waveId: string) {
	const [row] = await db()
		.select({ wave: waves, surveyName: surveys.name })
		.from(waves)
		.innerJoin(surveys, and(eq(surveys.orgId, waves.orgId), eq(surveys.id, waves.surveyId)))
		.where(and(eq(waves.orgId, orgId), eq(waves.id, waveId)))
	return row ? { ...row.wave, surveyName: row.surveyName } : null
}

export async function getWaveItems(orgId: string, waveId: string) {
	return db()
		.select()
		.from(waveItems)
		.where(and(eq(waveItems.orgId, orgId), eq(waveItems.waveId, waveId)))
		.orderBy(asc(waveItems.position))
}

export interface ParticipationRow {
	teamId: string | null
	path: string | null
	depth: number
	invited: number
	/** Null where it may not be shown (see `participation`). */
	answered: number | null
	rate: number | null
}

/**
 * Participation of a wave: overall, and per team with its sub-teams rolled up. Live while the
 * wave is open. Who has answered is itself something to protect, so answered counts are
 * decided like figures, over the team × level cube of the people invited, with the
 * organisation's k (the same decision the dashboard makes for a week of this one wave): a team
 * with fewer than k invited shows no answered count, and neither does a team from which one
 * could be worked out by subtraction.
 */
export async function participation(orgId: string, waveId: string) {
	const [rows, allTeams, [org]] = await Promise.all([
		db()
			.select({ teamId: invitations.teamId, level: invitations.level, invited: count(), answered: count(answeredInvitations.invitationId) })
			.from(invitations)
			.leftJoin(
				answeredInvitations,
				and(eq(answeredInvitations.orgId, invitations.orgId), eq(answeredInvitations.waveId, invitations.waveId), eq(answeredInvitations.invitationId, invitations.id)),
			)
			.where(and(eq(invitations.orgId, orgId), eq(invitations.waveId, waveId)))
			.groupBy(invitations.teamId, invitations.level),
		db().select({ id: teams.id, parentId: teams.parentId, path: teams.path }).from(teams).where(eq(teams.orgId, orgId)).orderBy(asc(teams.path)),
		db().select({ k: organizations.anonymityK }).from(organizations).where(eq(organizations.id, orgId)),
	])
	const k = org!.k
	const known = new Set(allTeams.map((t) => t.id))
	// With their paths, like the reports' gate: a week's participation shows a wave's figure only
	// where this same decision shows it, so the two must break ties alike.
	const nodes: CubeNode[] = [{ id: ROOT, parentId: null }, ...allTeams.map((t) => ({ id: t.id, parentId: t.parentId ?? ROOT, key: t.path }))]
	// One invitation per person in a wave: invitations count people.
	const invitedPeople: PeopleCounts = {}
	const answeredDirect = new Map<string, number>()
	for (const r of rows) {
		const node = r.teamId && known.has(r.teamId) ? r.teamId : ROOT
		const c = (invitedPeople[node] ??= { all: 0, byLevel: {} })
		c.all += r.invited
		c.byLevel[r.level] = (c.byLevel[r.level] ?? 0) + r.invited
		answeredDirect.set(node, (answeredDirect.get(node) ?? 0) + r.answered)
	}
	const hidden = waveParticipationHidden(nodes, invitedPeople, k)
	const invitedTotal = cubeTotals(nodes, invitedPeople)
	const answeredOf = (id: string) => subtreeOf(nodes, id).reduce((n, t) => n + (answeredDirect.get(t) ?? 0), 0)
	const row = (id: string, teamId: string | null, path: string | null): ParticipationRow | null => {
		const invited = invitedTotal.get(id) ?? 0
		if (invited === 0) return null
		const shown = !hidden.has(id)
		const answered = shown ? answeredOf(id) : null
		return { teamId, path, depth: path ? path.split('/').length - 1 : 0, invited, answered, rate: answered === null ? null : answered / invited }
	}
	const teamRows = allTeams.flatMap((t) => row(t.id, t.id, t.path) ?? [])
	const noTeam = (invitedPeople[ROOT]?.all ?? 0) > 0 ? { ...row(ROOT, null, null)!, invited: invitedPeople[ROOT]!.all, answered: null, rate: null } : null
	const total = row(ROOT, null, null)
	return { k, invited: total?.invited ?? 0, answered: total?.answered ?? null, rate: total?.rate ?? null, teams: noTeam ? [...teamRows, noTeam] : teamRows }
}

/**
 * "Send now": opens the current period's wave at once instead of at its scheduled time
 * (e.g. for a survey's first pulse). The window keeps its length from now.
 */
/**
 * The wave already sent for the survey's current period, if any: "send this period's pulse now"
 * is offered only while there is none (a second press is refused by openWaveNow anyway).
 */
export async function currentPeriodWave(orgId: string, surveyId: string, now = new Date()): Promise<{ id: string; periodStart: string } | null> {
	const survey = await getSurvey(orgId, surveyId)
	if (!survey) return null
	const { timeZone } = await orgTimeZone(orgId)
	const { periodStart } = currentPeriod(scheduleOf(survey, timeZone), timeZone, now)
	const [row] = await db()
		.select({ id: waves.id, periodStart: waves.periodStart })
		.from(waves)
		.where(and(eq(waves.orgId, orgId), eq(waves.surveyId, surveyId), eq(waves.periodStart, periodStart)))
	return row ?? null
}

export async function openWaveNow(orgId: string, surveyId: string, now = new Date()): Promise<Result<string>> {
	const survey = await getSurvey(orgId, surveyId)
	if (!survey) return fail({ _form: 'That survey does not exist.' })
	if (survey.status !== 'active') return fail({ _form: 'Activate the survey first.' })
	const { timeZone } = await orgTimeZone(orgId)
	const period = currentPeriod(scheduleOf(survey, timeZone), timeZone, now)
	const opens = DateTime.fromJSDate(now, { zone: timeZone })
	const closes = opens.plus({ days: survey.openDays })
	const waveId = await openWave(survey, {
		periodStart: period.periodStart,
		opensAt: now,
		closesAt: closes.toJSDate(),
		reminderAt: survey.reminderDaysBeforeClose > 0 ? closes.minus({ days: survey.reminderDaysBeforeClose }).toJSDate() : null,
	})
	if (!waveId) return fail({ _form: `This period's wave (from ${period.periodStart}) has already been sent.` })
	return ok(waveId)
}
