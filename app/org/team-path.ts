/** Team paths are names from the root joined by '/', e.g. `Marketing/Social`. Pure helpers. */
import { hasNul, NUL_MESSAGE } from '~/utils/text'

export const MAX_TEAM_NAME = 80

/** How a path is shown to people: `Marketing › Social`. */
export function teamLabel(path: string): string {
	return path.replace(/\//g, ' › ')
}

/** Normalises a written path: trims each part and drops empty ones (`" A / B/"` → `A/B`). */
export function normalizeTeamPath(input: string): string {
	return input
		.split('/')
		.map((p) => p.trim().replace(/\s+/g, ' '))
		.filter(Boolean)
		.join('/')
}

export function teamPathParts(path: string): string[] {
	return path.split('/')
}

export function parentPath(path: string): string | null {
	const i = path.lastIndexOf('/')
	return i < 0 ? null : path.slice(0, i)
}

export function teamName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1)
}

/** Every ancestor first, then the path itself: `A/B/C` → `A`, `A/B`, `A/B/C`. */
export function pathAndAncestors(path: string): string[] {
	const parts = teamPathParts(path)
	return parts.map((_, i) => parts.slice(0, i + 1).join('/'))
}

export function teamNameProblem(name: string): string | null {
	const n = name.trim()
	if (!n) return 'A team needs a name.'
	if (hasNul(n)) return NUL_MESSAGE
	if (n.includes('/')) return 'A team name cannot contain "/" (it separates teams in a path).'
	if (n.length > MAX_TEAM_NAME) return `A team name has at most ${MAX_TEAM_NAME} characters.`
	return null
}

/**
 * A path as a person may write it in a file: every form the app itself shows (`Customer Care ›
 * Social`, `Customer Care > Social`, `Customer Care/Social`), so "›" and ">" separate teams too.
 */
export function readWrittenTeamPath(input: string): string {
	return normalizeTeamPath(input.replace(/[›>]/g, '/'))
}

/** What two spellings of one path share: case and spaces ignored (`customercare/social`). */
export function teamMatchKey(path: string): string {
	return readWrittenTeamPath(path)
		.split('/')
		.map((part) => part.replace(/\s+/g, '').toLocaleLowerCase('en'))
		.join('/')
}

/**
 * What two look-alike labels share: letters and digits only, so `Customer-Care`, `customer care`
 * and a single team named `Customer Care › Social` all look like the team they imitate.
 */
export function lookAlikeKey(text: string): string {
	return text.toLocaleLowerCase('en').replace(/[^\p{L}\p{N}]+/gu, '')
}
