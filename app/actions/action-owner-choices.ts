/** The action owner picker's list, narrowed to the chosen team. Shared with the browser (no server code). */

export interface OwnerChoice {
	id: string
	/** What the picker shows and what the form sends back: name and team, unique among the choices. */
	label: string
	teamId: string | null
}

/** The choices for an action on `teamId` (all of them while no team is chosen). */
export function choicesForTeam(all: OwnerChoice[], teamsFor: Record<string, string[]>, self: string, teamId: string | null | undefined): OwnerChoice[] {
	const allowed = teamId ? teamsFor[teamId] : undefined
	if (!allowed) return all
	return all.filter((p) => p.id === self || (p.teamId !== null && allowed.includes(p.teamId)))
}
