/**
 * Who may own an action. Not anyone of the organisation: the person planning it, or someone in
 * the team the action is for, a team below it or a team above it — all within the planner's own
 * reach (a manager's subtree; every team for admins and executives). The form offers exactly
 * these people, and creating an action refuses anyone else.
 */
import { and, asc, eq } from 'drizzle-orm'

import { actingTeams, ancestorIds, type Person, subtreeIds, type TeamNode, teamTree } from '~/auth/permissions.server'
import { teamLabel } from '~/org/team-path'
import { db } from '~/utils/db.server'
import { users } from '~db/schema'

import { choicesForTeam, type OwnerChoice } from './action-owner-choices'

/** The teams whose people may own an action on `teamId` for this planner. */
export function ownerTeams(tree: TeamNode[], reach: Set<string>, teamId: string): Set<string> {
	return new Set([...subtreeIds(tree, teamId), ...ancestorIds(tree, teamId)].filter((id) => reach.has(id)))
}

/**
 * Everyone the planner could make owner of some action (active people in their reach, and
 * themselves), with labels that tell namesakes apart, and for each team of their reach the
 * teams whose people may own its actions (the form narrows its list to the chosen team).
 */
export async function ownerChoices(person: Person) {
	const tree = await teamTree(person.orgId)
	const reach = actingTeams(person, tree)
	const rows = await db()
		.select({ id: users.id, name: users.name, email: users.email, teamId: users.teamId })
		.from(users)
		.where(and(eq(users.orgId, person.orgId), eq(users.active, true)))
		.orderBy(asc(users.name))
	const paths = new Map(tree.map((t) => [t.id, t.path]))
	const inReach = rows.filter((r) => r.id === person.id || (r.teamId !== null && reach.has(r.teamId)))
	const base = (r: (typeof rows)[number]) => (r.teamId && paths.has(r.teamId) ? `${r.name} · ${teamLabel(paths.get(r.teamId)!)}` : r.name)
	const seen = new Map<string, number>()
	for (const r of inReach) seen.set(base(r).toLowerCase(), (seen.get(base(r).toLowerCase()) ?? 0) + 1)
	// Two people of the same name in the same team: only then the e-mail tells them apart.
	const people: OwnerChoice[] = inReach.map((r) => ({ id: r.id, teamId: r.teamId, label: seen.get(base(r).toLowerCase())! > 1 ? `${base(r)} (${r.email})` : base(r) }))
	const teamsFor = Object.fromEntries([...reach].map((id) => [id, [...ownerTeams(tree, reach, id)]]))
	return { people, teamsFor }
}

const squash = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()

/**
 * The owner the form named, as an id: by the picker's label (case and spacing aside), or by id
 * (API-style callers); null when that is nobody this planner may choose for this team.
 */
export async function resolveOwner(person: Person, teamId: string, named: { owner?: string | null; ownerId?: string | null }): Promise<string | null> {
	const { people, teamsFor } = await ownerChoices(person)
	const choices = choicesForTeam(people, teamsFor, person.id, teamId)
	if (named.owner) {
		const wanted = squash(named.owner)
		return choices.find((c) => squash(c.label) === wanted)?.id ?? null
	}
	return choices.find((c) => c.id === named.ownerId)?.id ?? null
}
