/** Figures of one group read through the gate, in the forms the sections show. */
import { CULTURE_DIMENSIONS } from '../dimensions'
import { type GroupFigures, sums } from '../gate.server'
import { enps, meanOf, percentFavourable } from '../stats'

export const dimensionScores = (f: GroupFigures | null) =>
	Object.fromEntries(CULTURE_DIMENSIONS.map((d) => [d, f ? meanOf(sums(f.metric(d))) : null])) as Record<string, number | null>

export const favourableShares = (f: GroupFigures) =>
	Object.fromEntries(
		CULTURE_DIMENSIONS.map((d) => {
			const a = f.metric(d)
			return [d, percentFavourable(a.favourable, a.answers)]
		}),
	) as Record<string, number | null>

export function enpsOf(f: GroupFigures | null) {
	if (!f) return null
	const a = f.metric('enps')
	if (a.n === 0) return null
	// Counts only where they are people (one pulse a week reached the group), see GroupFigures.
	return {
		value: enps({ promoters: a.favourable, detractors: a.detractors, passives: a.n - a.favourable - a.detractors }),
		n: f.counted ? a.n : null,
		promoters: f.counted ? a.favourable : null,
		detractors: f.counted ? a.detractors : null,
	}
}
