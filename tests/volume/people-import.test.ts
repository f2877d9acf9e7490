/**
 * Volume: 5,000 people import with their teams and managers, and importing again changes nothing.
 * Runs in `npm run test:volume` (once in CI, on PostgreSQL), not in every `npm test`.
 */
import { count, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'

import { importPeopleCsv } from '~/org/people-import.server'
import { db } from '~/utils/db.server'
import { mailOutbox, teams, users } from '~db/schema'

import { useTestDatabase } from '../support/db'
import { makeOrg } from '../support/fixtures'

useTestDatabase()

const HEADER = 'email,name,team,role,level,manager_email'

async function counts(orgId: string) {
	const [[u], [t], [m]] = await Promise.all([
		db().select({ n: count() }).from(users).where(eq(users.orgId, orgId)),
		db().select({ n: count() }).from(teams).where(eq(teams.orgId, orgId)),
		db().select({ n: count() }).from(mailOutbox).where(eq(mailOutbox.orgId, orgId)),
	])
	return { users: u!.n, teams: t!.n, mail: m!.n }
}

/** A file of n people in 50 teams under 5 divisions, each team led by its first member. */
function bigFile(n: number) {
	const lines = [HEADER]
	for (let i = 0; i < n; i++) {
		const team = i % 50
		const lead = team // the first 50 rows are the leads
		lines.push(
			`p${i}@corp.example,Person ${i},Division ${team % 5}/Team ${team},${i < 50 ? 'manager' : 'employee'},${i < 50 ? 'manager' : 'frontline'},${i < 50 ? '' : `p${lead}@corp.example`}`,
		)
	}
	return lines.join('\n')
}

test('5,000 people import with their teams and managers; importing again changes nothing', async () => {
	const org = await makeOrg()
	const file = bigFile(5000)
	const first = await importPeopleCsv(org.id, file, { sendInvitations: true })
	expect(first).toEqual({ ok: true, summary: { created: 5000, updated: 0, unchanged: 0, teamsCreated: 55, invited: 5000 } })
	expect(await counts(org.id)).toEqual({ users: 5000, teams: 55, mail: 5000 })
	const [p77] = await db().select().from(users).where(eq(users.email, 'p77@corp.example'))
	const [lead] = await db().select().from(users).where(eq(users.email, 'p27@corp.example'))
	const [team] = await db().select().from(teams).where(eq(teams.id, p77!.teamId!))
	expect(p77!.managerId).toBe(lead!.id)
	expect(team!.path).toBe('Division 2/Team 27')

	const before = await db().select({ id: users.id, updatedAt: users.updatedAt }).from(users).where(eq(users.orgId, org.id))
	const again = await importPeopleCsv(org.id, file, { sendInvitations: true })
	expect(again).toEqual({ ok: true, summary: { created: 0, updated: 0, unchanged: 5000, teamsCreated: 0, invited: 0 } })
	const after = await db().select({ id: users.id, updatedAt: users.updatedAt }).from(users).where(eq(users.orgId, org.id))
	expect(after).toEqual(before)
	expect(await counts(org.id)).toEqual({ users: 5000, teams: 55, mail: 5000 })
	// A generous limit: this is about correctness; on a busy 2-core machine it can take minutes.
}, 1_200_000)
