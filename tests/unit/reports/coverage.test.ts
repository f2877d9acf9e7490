/**
 * The fast version of `npm run sim:coverage` (scripts/sim/coverage.ts): organisations where
 * nothing changed, teams of unequal sizes, run through `measureChange` and the findings
 * themselves from a fixed seed. If a change to the method lets the 95% progress interval cover
 * less than 0.93, or gives more than 1 in 10 of these organisations a progress sentence, this
 * fails. (300 organisations: the Monte Carlo error of a coverage of 0.95 is about ±0.013; the
 * full table in docs/METHOD.md comes from 2000.)
 */
import { describe, expect, test } from 'vitest'

import { progressCoverage } from '../../../scripts/sim/coverage'

describe('coverage when nothing changed (seeded simulation)', () => {
	for (const teams of [5, 12]) {
		test(`${teams} teams of unequal sizes: the 95% interval covers ≥ 0.93, progress sentences stay rare`, { timeout: 120_000 }, () => {
			const r = progressCoverage({ teams, replicates: 300, seed: `state-of-now/sim-coverage/test/${teams}` })
			expect(r.coverage).toBeGreaterThanOrEqual(0.93)
			expect(r.nullSentences).toBeLessThanOrEqual(0.1)
			// The old CR1 on G − 1 df, on the same organisations, covers less: what the simulation is there to catch.
			expect(r.coverageCr1).toBeLessThan(r.coverage)
		})
	}
})
