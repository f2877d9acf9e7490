import { describe, expect, it } from 'vitest'

import { matchTeamPaths } from '~/org/team-match'

const EXISTING = ['Customer Care', 'Customer Care/Social', 'Sales', 'Sales/EU']
const match = (...paths: string[]) =>
	matchTeamPaths(
		EXISTING,
		paths.map((path, i) => ({ line: i + 2, path })),
	)

describe('matchTeamPaths: a written team is the existing team it looks like', () => {
	it('matches any case and spacing to the existing team, in its own spelling', () => {
		const { meant, problems } = match('customer care/social', 'CUSTOMER CARE', 'CustomerCare/Social', 'sales/eu')
		expect(problems).toEqual([])
		expect([...meant.values()]).toEqual(['Customer Care/Social', 'Customer Care', 'Customer Care/Social', 'Sales/EU'])
	})

	it('keeps the existing parent’s spelling for a new sub-team', () => {
		const { meant, problems } = match('customer care/Phone')
		expect(problems).toEqual([])
		expect(meant.get(2)).toBe('Customer Care/Phone')
	})

	it('refuses a new team that differs from an existing one only by separators, naming the existing team', () => {
		const { meant, problems } = match('Customer-Care', 'Sales_EU', 'Customer.Care/Phone')
		expect(meant.size).toBe(0)
		expect(problems.map((p) => [p.line, p.column])).toEqual([
			[2, 'team'],
			[3, 'team'],
			[4, 'team'],
		])
		expect(problems[0]!.message).toContain('looks like the existing team "Customer Care"')
		expect(problems[1]!.message).toContain('looks like the existing team "Sales › EU"')
		expect(problems[2]!.message).toContain('"Customer.Care" would be a new team that looks like the existing team "Customer Care"')
	})

	it('refuses a new team whose name spells out an existing path', () => {
		const { problems } = match('Customer Care Social', 'Marketing/Customer Care - Social')
		expect(problems).toHaveLength(2)
		for (const p of problems) expect(p.message).toContain('the existing team "Customer Care › Social"')
	})

	it('lets a new team share a name with a team under another parent', () => {
		const { meant, problems } = match('Marketing/Social', 'Marketing/EU')
		expect(problems).toEqual([])
		expect([...meant.values()]).toEqual(['Marketing/Social', 'Marketing/EU'])
	})

	it('makes one new team of two spellings in the same file, and refuses a look-alike of it', () => {
		const { meant, problems } = match('Field Sales', 'field  sales/north', 'Field-Sales')
		expect([...meant.values()]).toEqual(['Field Sales', 'Field Sales/north'])
		expect(problems).toEqual([{ line: 4, column: 'team', message: expect.stringContaining('looks like "Field Sales" on line 2') }])
	})

	it('asks which team is meant when existing look-alikes share a spelling', () => {
		const { meant, problems } = matchTeamPaths(
			['Ops', 'OPS'],
			[
				{ line: 2, path: 'ops' },
				{ line: 3, path: 'OPS' },
			],
		)
		expect(meant.get(3)).toBe('OPS')
		expect(problems).toEqual([{ line: 2, column: 'team', message: '"ops" could be any of the teams "Ops", "OPS"; write it exactly as the one you mean.' }])
	})
})
