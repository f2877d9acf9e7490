/**
 * Permissions in one place: what each role may do and which teams a person reaches are decided in
 * `auth/roles.ts` and `auth/permissions.server.ts`, and nowhere else compares role names or
 * re-writes the subtree check.
 */
import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { actingTeams, actionListTeams, isWithin, reportScope, subtreeIds, type TeamNode, viewableTeams } from '~/auth/permissions.server'
import { hasOneOf, isAdmin, leads, reachesEveryTeam, reachesOwnSubtree, receivesCategory } from '~/auth/roles'
import type { Role } from '~db/schema'

import { sourceFiles } from '../../support/imports'

const APP = path.resolve(__dirname, '../../../app')
const HOMES = new Set(['auth/roles.ts', 'auth/permissions.server.ts'])

/** Lines of app/ (outside the two homes) matching any pattern, as `file:line: text`. */
function linesMatching(patterns: RegExp[]): string[] {
	return sourceFiles(APP)
		.map((f) => [path.relative(APP, f), f] as const)
		.filter(([rel]) => !HOMES.has(rel))
		.flatMap(([rel, f]) =>
			fs
				.readFileSync(f, 'utf8')
				.split('\n')
				.flatMap((line, i) => (patterns.some((p) => p.test(line)) ? [`${rel}:${i + 1}: ${line.trim()}`] : [])),
		)
}

const ROLE = '(admin|executive|manager|employee)'
const ROLE_COMPARISONS = [
	new RegExp(`[!=]==\\s*'${ROLE}'`), // user.role === 'admin'
	new RegExp(`'${ROLE}'\\s*[!=]==`), // 'admin' === user.role
	new RegExp(`case\\s+'${ROLE}'`), // switch (role) { case 'admin': … }
	/\.includes\(\s*[\w.]*role\s*\)/i, // roles.includes(user.role)
	/ROLES?\.has\(/, // SOME_ROLES.has(role)
]
const SUBTREE_CHECKS = [/startsWith\(`\$\{[^}]*\}\/`\)/] // path.startsWith(`${root}/`)

describe('permissions in one place', () => {
	it('the scanner finds a role comparison and a subtree check when there is one', () => {
		const probe = (line: string, patterns: RegExp[]) => patterns.some((p) => p.test(line))
		expect(probe("if (user.role !== 'employee') return", ROLE_COMPARISONS)).toBe(true)
		expect(probe("const lead = 'manager' === p.role", ROLE_COMPARISONS)).toBe(true)
		expect(probe('if (!roles.includes(current.user.role)) throw', ROLE_COMPARISONS)).toBe(true)
		expect(probe('if (!SESSION_ROLES.has(role)) throw', ROLE_COMPARISONS)).toBe(true)
		expect(probe('if (had.role !== want.role) changed()', ROLE_COMPARISONS)).toBe(false)
		expect(probe('t.path === root.path || t.path.startsWith(`${root.path}/`)', SUBTREE_CHECKS)).toBe(true)
	})

	it('no module outside auth/roles.ts and auth/permissions.server.ts compares role names', () => {
		expect(linesMatching(ROLE_COMPARISONS)).toEqual([])
	})

	it('no module outside them writes the subtree check again', () => {
		expect(linesMatching(SUBTREE_CHECKS)).toEqual([])
	})
})

describe('what each role may do', () => {
	const all: Role[] = ['admin', 'executive', 'manager', 'employee']
	const which = (f: (r: Role) => boolean) => all.filter(f)

	it('in words', () => {
		expect(which(isAdmin)).toEqual(['admin'])
		expect(which(reachesEveryTeam)).toEqual(['admin', 'executive'])
		expect(which(reachesOwnSubtree)).toEqual(['manager'])
		expect(which(leads)).toEqual(['admin', 'executive', 'manager'])
		expect(which((r) => hasOneOf(r, ['executive', 'employee']))).toEqual(['executive', 'employee'])
	})

	it('optional mail only for the roles it concerns', () => {
		expect(which((r) => receivesCategory(r, 'alerts'))).toEqual(['executive', 'manager'])
	})
})

describe('which teams a person reaches', () => {
	const tree: TeamNode[] = [
		{ id: 'm', parentId: null, path: 'Marketing' },
		{ id: 's', parentId: 'm', path: 'Marketing/Social' },
		{ id: 'x', parentId: null, path: 'Marketing Ops' }, // shares a prefix, not a subtree
	]
	const person = (role: Role, teamId: string | null) => ({ id: 'p', orgId: 'o', role, teamId })

	it('a subtree is the team and what is below it, never a team whose name merely starts the same', () => {
		expect(isWithin('Marketing/Social', 'Marketing')).toBe(true)
		expect(isWithin('Marketing', 'Marketing')).toBe(true)
		expect(isWithin('Marketing Ops', 'Marketing')).toBe(false)
		expect(subtreeIds(tree, 'm')).toEqual(['m', 's'])
	})

	it('acting and viewing follow the role', () => {
		expect([...actingTeams(person('executive', null), tree)]).toEqual(['m', 's', 'x'])
		expect([...actingTeams(person('manager', 'm'), tree)]).toEqual(['m', 's'])
		expect([...actingTeams(person('manager', null), tree)]).toEqual([])
		expect([...actingTeams(person('employee', 's'), tree)]).toEqual([])
		expect([...viewableTeams(person('employee', 's'), tree)]).toEqual(['s'])
	})

	it('reports: the whole organisation, a manager’s own team, or nothing to read', () => {
		expect(reportScope(person('admin', 's'))).toBeNull()
		expect(reportScope(person('manager', 's'))).toBe('s')
		expect(reportScope(person('manager', null))).toBeUndefined()
		expect(actionListTeams(person('executive', null), ['s'])).toBeNull()
		expect(actionListTeams(person('manager', 'm'), new Set(['m', 's']))).toEqual(['m', 's'])
	})
})
