import { describe, expect, it } from 'vitest'

import { MAX_TEAM_NAME, normalizeTeamPath, parentPath, pathAndAncestors, teamLabel, teamName, teamNameProblem, teamPathParts } from '~/org/team-path'

describe('normalizeTeamPath', () => {
	it('trims every part and drops empty ones', () => {
		expect(normalizeTeamPath(' A / B/')).toBe('A/B')
		expect(normalizeTeamPath('/Marketing//Social/')).toBe('Marketing/Social')
	})

	it('collapses runs of whitespace inside a name to one space', () => {
		expect(normalizeTeamPath('Field \t  Sales /  North   East ')).toBe('Field Sales/North East')
	})

	it('gives an empty path for blank or slash-only input', () => {
		expect(normalizeTeamPath('')).toBe('')
		expect(normalizeTeamPath('   ')).toBe('')
		expect(normalizeTeamPath(' / // ')).toBe('')
	})

	it('keeps the case of names', () => {
		expect(normalizeTeamPath('R&D/QA')).toBe('R&D/QA')
	})
})

describe('path helpers', () => {
	it('splits a path into its names', () => {
		expect(teamPathParts('A/B/C')).toEqual(['A', 'B', 'C'])
		expect(teamPathParts('A')).toEqual(['A'])
	})

	it('gives the parent path, or null for a root team', () => {
		expect(parentPath('A/B/C')).toBe('A/B')
		expect(parentPath('A/B')).toBe('A')
		expect(parentPath('A')).toBeNull()
	})

	it('gives the last name of a path', () => {
		expect(teamName('Marketing/Social')).toBe('Social')
		expect(teamName('Marketing')).toBe('Marketing')
	})

	it('lists every ancestor first, then the path itself', () => {
		expect(pathAndAncestors('A/B/C')).toEqual(['A', 'A/B', 'A/B/C'])
		expect(pathAndAncestors('Solo')).toEqual(['Solo'])
	})
})

describe('teamNameProblem', () => {
	it('accepts an ordinary name, even with surrounding spaces', () => {
		expect(teamNameProblem('Sales')).toBeNull()
		expect(teamNameProblem('  Sales EU  ')).toBeNull()
	})

	it('refuses an empty or blank name', () => {
		expect(teamNameProblem('')).toBe('A team needs a name.')
		expect(teamNameProblem('   ')).toBe('A team needs a name.')
	})

	it('refuses a "/" in a name, since it separates teams', () => {
		const msg = 'A team name cannot contain "/" (it separates teams in a path).'
		expect(teamNameProblem('R/D')).toBe(msg)
		expect(teamNameProblem('/')).toBe(msg)
		expect(teamNameProblem('Sales/')).toBe(msg)
	})

	it('allows 80 characters (after trimming) and refuses 81', () => {
		expect(MAX_TEAM_NAME).toBe(80)
		expect(teamNameProblem('x'.repeat(80))).toBeNull()
		expect(teamNameProblem(`  ${'x'.repeat(80)}  `)).toBeNull()
		expect(teamNameProblem('x'.repeat(81))).toBe('A team name has at most 80 characters.')
	})
})

describe('teamLabel', () => {
	it('shows a path with › between its names', () => {
		expect(teamLabel('Marketing/Social')).toBe('Marketing › Social')
		expect(teamLabel('Care')).toBe('Care')
	})
})
