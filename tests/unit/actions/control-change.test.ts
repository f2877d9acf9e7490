/**
 * An action's effect against control teams (app/actions/control-change.ts), worked by hand;
 * t quantiles from SciPy (stats.t.ppf(0.975, 4) = 2.776445).
 */
import { describe, expect, test } from 'vitest'

import { changeAgainstControls, controlSides, type TeamSides } from '~/actions/control-change'
import { addValue, emptySums, type Sums } from '~/reports/stats'

const sumsOf = (values: number[]): Sums => values.reduce((s, v) => addValue(s, v), emptySums())
// Before 50, 60, 70 (mean 60, s² 100); since the same shifted by `d`: D = d, v = 100/3 + 100/3.
const team = (d: number): TeamSides => ({ before: sumsOf([50, 60, 70]), since: sumsOf([50 + d, 60 + d, 70 + d]) })

describe('an action against control teams', () => {
	test('the effect is the team’s change minus the controls’ mean change; se² = max(s²_D − v̄, 0) + v₀ + s²_D/J', () => {
		// D₀ = 20; controls 0, 2, 4, 6, 8: mean 4, s²_D = 10 < v̄ = 66.67 → se² = 0 + 66.67 + 10/5 = 68.67
		const r = changeAgainstControls(team(20), [0, 2, 4, 6, 8].map(team))
		expect(r.delta).toBeCloseTo(16, 12)
		expect(r.se).toBeCloseTo(8.286535, 5)
		expect(r.df).toBe(4)
		expect(r.interval!.low).toBeCloseTo(-7.00711, 4)
		expect(r.interval!.high).toBeCloseTo(39.00711, 4)
		expect(r.verdict).toBe('unclear')
		expect(r.controls).toBe(5)
	})

	test('teams that move a lot by themselves widen the interval: the spread of their changes counts', () => {
		// controls 0, 20, 40, 60, 80: mean 40, s²_D = 1000 → se² = (1000 − 66.67) + 66.67 + 200 = 1200
		const r = changeAgainstControls(team(20), [0, 20, 40, 60, 80].map(team))
		expect(r.delta).toBeCloseTo(-20, 12)
		expect(r.se).toBeCloseTo(34.641016, 5)
		expect(r.interval!.low).toBeCloseTo(-116.17888, 4)
		expect(r.interval!.high).toBeCloseTo(76.17888, 4)
	})

	test('fewer than 5 control teams with two answers a side: too few teams to tell', () => {
		const few = [0, 2, 4, 6].map(team)
		const thin = { before: sumsOf([50]), since: sumsOf([60, 70]) }
		expect(changeAgainstControls(team(20), [...few, thin])).toEqual({
			delta: null,
			interval: null,
			verdict: 'too-few-clusters',
			smallestDetectable: null,
			controls: 4,
			se: null,
			df: null,
		})
		expect(changeAgainstControls(thin, [0, 2, 4, 6, 8].map(team)).verdict).toBe('too-few-clusters')
	})
})

describe('which teams are the controls', () => {
	// The organisation: Care (Care/A, Care/B, Care/B/X), Ops (Ops/C), Sales; the action is on Care/A.
	const tree: Record<string, string[]> = { '': ['Care', 'Ops', 'Sales'], Care: ['Care/A', 'Care/B'], 'Care/B': ['Care/B/X'], Ops: ['Ops/C'] }
	// Each group's figures a week: one response of 10 per person directly in it, plus its sub-teams'.
	const direct: Record<string, number> = { '': 0, Care: 2, 'Care/A': 5, 'Care/B': 3, 'Care/B/X': 5, Ops: 4, 'Ops/C': 6, Sales: 7 }
	const total = (id: string): number => direct[id]! + (tree[id] ?? []).reduce((n, c) => n + total(c), 0)
	const W = ['w1', 'w2', 'w3', 'w4']
	const source = (hidden: Set<string>, absent = new Set<string>()) => ({
		children: (id: string) => tree[id] ?? [],
		sums: (id: string, w: string): Sums | undefined => (hidden.has(`${id} ${w}`) || absent.has(`${id} ${w}`) ? undefined : sumsOf(Array.from({ length: total(id) }, () => 10))),
		absent: (id: string, w: string) => absent.has(`${id} ${w}`),
	})

	test('every team shown every week: each is a control, a parent keeps only its own people; the action team’s line is none', () => {
		const c = controlSides('Care/A', '', W.slice(0, 2), W.slice(2), source(new Set()))
		// Care is the action's parent: not a control (its own people are left out); its other sub-teams are.
		expect([...c.keys()]).toEqual(['Care/B', 'Care/B/X', 'Ops', 'Ops/C', 'Sales'])
		expect(c.get('Care/B')!.before.n).toBe(3 * 2) // B minus X: its 3 own people, two weeks
		expect(c.get('Ops')!.since.n).toBe(4 * 2)
		expect(c.get('Sales')!.since.n).toBe(7 * 2)
	})

	test('a team hidden in one week is no control: it counts in its parent’s; a hidden parent hands over to its sub-teams', () => {
		const c = controlSides('Care/A', '', W.slice(0, 2), W.slice(2), source(new Set(['Care/B/X w3', 'Ops w1'])))
		expect([...c.keys()]).toEqual(['Care/B', 'Ops/C', 'Sales'])
		expect(c.get('Care/B')!.before.n).toBe(8 * 2) // B with X inside it
		expect(c.get('Ops/C')!.before.n).toBe(6 * 2) // Ops' own 4 people are in no control
	})

	test('a team nobody in which answered one week (a pulse to other teams only) stays a control, without that week', () => {
		const c = controlSides('Care/A', '', W.slice(0, 2), ['w3', 'w4', 'w5'], source(new Set(), new Set(['Sales w4'])))
		expect([...c.keys()]).toEqual(['Care/B', 'Care/B/X', 'Ops', 'Ops/C', 'Sales'])
		expect(c.get('Sales')!.since.n).toBe(7 * 2)
		expect(c.get('Sales')!.before.n).toBe(7 * 2)
	})

	test('an action on a parent team: its sub-teams are part of it, not controls', () => {
		const c = controlSides('Care', '', W.slice(0, 2), W.slice(2), source(new Set()))
		expect([...c.keys()]).toEqual(['Ops', 'Ops/C', 'Sales'])
	})

	// Missing weeks (issue 17): a control or the action's team that misses weeks, hidden under k or not surveyed.
	test('a control with answers in fewer than 2 weeks of a side is no control (no change from one week), and the remaining controls are still disjoint', () => {
		// Sales not surveyed in w3 (since has w3, w4): one week since. Ops/C hidden under k in w1: Ops/C is no control, its people in Ops'.
		const c = controlSides('Care/A', '', W.slice(0, 2), W.slice(2), source(new Set(['Ops/C w1']), new Set(['Sales w3'])))
		expect([...c.keys()]).toEqual(['Care/B', 'Care/B/X', 'Ops'])
		expect(c.get('Ops')!.before.n).toBe(10 * 2) // Ops with Ops/C inside it, both weeks
	})

	test('a control not surveyed in any week of one side is no control; one absent in every week is none either', () => {
		const c = controlSides(
			'Care/A',
			'',
			W.slice(0, 2),
			W.slice(2),
			source(new Set(), new Set(['Sales w3', 'Sales w4', 'Ops w1', 'Ops w2', 'Ops w3', 'Ops w4', 'Ops/C w1', 'Ops/C w2', 'Ops/C w3', 'Ops/C w4'])),
		)
		expect([...c.keys()]).toEqual(['Care/B', 'Care/B/X'])
		// Two controls: too few teams to tell, nothing computed from them.
		expect(changeAgainstControls(team(20), [...c.values()])).toMatchObject({ delta: null, interval: null, verdict: 'too-few-clusters', controls: 2 })
	})

	test('only the weeks the action team is shown count, for the controls too: a control is judged on exactly those weeks', () => {
		// The action team is hidden in w2, so measure-action leaves w2 out of both: Sales, hidden only in w2, is judged without it and stays a control.
		const c = controlSides('Care/A', '', ['w1', 'w3'], ['w4', 'w5'], {
			...source(new Set(['Sales w2'])),
			children: (id: string) => tree[id] ?? [],
		})
		expect(c.has('Sales')).toBe(true)
		expect(c.get('Sales')!.before.n).toBe(7 * 2)
	})
})
