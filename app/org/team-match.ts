/**
 * Which team a file means: the people file names teams the way the screens show them
 * (`Customer Care › Social`, any case, any spacing), so each written path is matched to an
 * existing team first, and a team is created only when it cannot be mistaken for one that exists.
 * A look-alike team once split a real team in two (issue 18): listed twice in every picker, and
 * the people in the copy were left out of the real team's next pulse. Pure, no database.
 */
import { lookAlikeKey, pathAndAncestors, teamLabel, teamMatchKey, teamName, teamPathParts } from './team-path'

export interface TeamProblem {
	line: number
	column: 'team'
	message: string
}

interface Known {
	path: string
	/** The file line that first named a team the file would create; undefined for an existing team. */
	line?: number
}

/**
 * `written`: each row's line and its path as read (`/`-joined, see readWrittenTeamPath).
 * Returns the path each line means (an existing team's own spelling wherever one matches) and a
 * problem for every line that would create a look-alike or names a spelling several teams share.
 */
export function matchTeamPaths(existingPaths: readonly string[], written: readonly { line: number; path: string }[]) {
	const byKey = new Map<string, Known[]>()
	const byLook = new Map<string, Known>()
	const add = (known: Known) => {
		const key = teamMatchKey(known.path)
		byKey.set(key, [...(byKey.get(key) ?? []), known])
		const look = lookAlikeKey(known.path)
		if (!byLook.has(look)) byLook.set(look, known)
	}
	for (const path of existingPaths) add({ path })
	// A new team's name that spells out a whole path (`Customer Care Social`) imitates that team.
	const wholePaths = new Map(existingPaths.filter((p) => p.includes('/')).map((p) => [lookAlikeKey(p), p]))

	const meant = new Map<number, string>()
	const problems: TeamProblem[] = []
	for (const { line, path } of written) {
		const parts = teamPathParts(path)
		// The longest start of the path that is a known team, in that team's spelling.
		let canonical = path
		let ambiguous: Known[] | null = null
		for (let i = parts.length; i > 0; i--) {
			const matches = byKey.get(teamMatchKey(parts.slice(0, i).join('/')))
			if (!matches) continue
			const exact = matches.find((m) => m.path === parts.slice(0, i).join('/'))
			if (matches.length > 1 && !exact) ambiguous = matches
			canonical = [(exact ?? matches[0]!).path, ...parts.slice(i)].join('/')
			break
		}
		if (ambiguous) {
			problems.push({
				line,
				column: 'team',
				message: `"${teamLabel(path)}" could be any of the teams ${ambiguous.map((m) => `"${teamLabel(m.path)}"`).join(', ')}; write it exactly as the one you mean.`,
			})
			continue
		}
		const lookAlike = pathAndAncestors(canonical)
			.filter((p) => !byKey.has(teamMatchKey(p)))
			.map((p) => ({ p, like: byLook.get(lookAlikeKey(p)) ?? (wholePaths.has(lookAlikeKey(teamName(p))) ? { path: wholePaths.get(lookAlikeKey(teamName(p)))! } : undefined) }))
			.find((c) => c.like)
		if (lookAlike?.like) {
			const like = lookAlike.like
			const where = like.line === undefined ? `the existing team "${teamLabel(like.path)}"` : `"${teamLabel(like.path)}" on line ${like.line}`
			problems.push({
				line,
				column: 'team',
				message: `"${teamLabel(lookAlike.p)}" would be a new team that looks like ${where} (only case, spaces or separators differ). Write the team as it is shown, or give the new team a name that cannot be mistaken for it.`,
			})
			continue
		}
		for (const p of pathAndAncestors(canonical)) if (!byKey.has(teamMatchKey(p))) add({ path: p, line })
		meant.set(line, canonical)
	}
	return { meant, problems }
}

/**
 * The existing team a new or renamed team at `path` would look like (the same path but for case,
 * spaces or separators, or a name spelling out a whole path), for the teams page; null if none.
 */
export function lookAlikeTeam(existingPaths: readonly string[], path: string): string | null {
	const others = existingPaths.filter((p) => p !== path)
	const key = teamMatchKey(path)
	const look = lookAlikeKey(path)
	const nameLook = lookAlikeKey(teamName(path))
	return others.find((p) => teamMatchKey(p) === key || lookAlikeKey(p) === look) ?? others.find((p) => p.includes('/') && lookAlikeKey(p) === nameLook) ?? null
}
