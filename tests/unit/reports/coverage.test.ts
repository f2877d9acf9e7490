/**
 * The fast version of `npm run sim:coverage` (scripts/sim/coverage.ts): organisations where
 * nothing changed, teams of unequal sizes, run through `measureChange` and the findings
 * themselves from a fixed seed. If a change to the method lets the 95% progress interval cover
 * less than 0.93, or gives more than 1 in 10 of these organisations a progress sentence, this
 * fails; the same for an action's effect against control teams when teams' weekly moods persist,
 * and for the drivers' interval of ρ on people who sit in teams. (300 organisations: the Monte Carlo error of a coverage of 0.95 is about ±0.013; the
 * full table in docs/METHOD.md comes from 2000.)
 */
import { beforeAll, describe, expect, test } from 'vitest'

import { controlCoverage, driverCoverage, driverTruth, progressCoverage } from '../../../scripts/sim/coverage'

describe('coverage when nothing changed (seeded simulation)', () => {
	for (const teams of [5, 12]) {
		test(`${teams} teams of unequal sizes: the 95% interval covers ≥ 0.93, progress sentences stay rare`, { timeout: 120_000 }, () => {
			const r = progressCoverage({ teams, replicates: 300, seed: `state-of-now/sim-coverage/test/${teams}` })
			expect(r.coverage).toBeGreaterThanOrEqual(0.93)
			expect(r.nullSentences).toBeLessThanOrEqual(0.1)
			// "Moved most" picks two of seven: with the family verdict it says "more than chance" as rarely.
			expect(r.nullMovedMost).toBeLessThanOrEqual(0.1)
			expect(r.nullMovedMostUncontrolled).toBeGreaterThan(r.nullMovedMost)
			// The old CR1 on G − 1 df, on the same organisations, covers less: what the simulation is there to catch.
			expect(r.coverageCr1).toBeLessThan(r.coverage)
		})
	}

	test('an action against control teams when a team’s mood persists (weekly autocorrelation 0.9): covers ≥ 0.93', { timeout: 120_000 }, () => {
		for (const teams of [6, 12]) {
			const r = controlCoverage({ teams, autocorrelation: 0.9, replicates: 300, seed: `state-of-now/sim-coverage/test/controls/${teams}` })
			expect(r.measured).toBeGreaterThan(0.95)
			expect(r.coverage, `${teams} teams`).toBeGreaterThanOrEqual(0.93)
		}
	})

	describe('what matters most: the interval of ρ on people who sit in teams covers ≥ 0.93 (independent rows would not)', () => {
		// The true ρ is estimated once (1000 organisations pooled), then each setting is its own test: no long block.
		beforeAll(() => void driverTruth('enps'), 120_000)
		for (const teams of [8, 12])
			for (const outcome of ['enps', 'culture'] as const)
				test(`${teams} teams, ${outcome}`, { timeout: 120_000 }, () => {
					const r = driverCoverage({ teams, outcome, replicates: 300, seed: `state-of-now/sim-coverage/test/drivers/${teams}/${outcome}` })
					expect(r.measured).toBeGreaterThan(0.95)
					expect(r.coverage).toBeGreaterThanOrEqual(0.93)
					expect(r.coverageIndependent).toBeLessThan(r.coverage)
				})
	})
})
