/**
 * Where to look first, read through the gate over the latest weeks: the selected group's weakest
 * dimensions, and among the teams one level below it that are shown, the one with the lowest
 * culture index (with its weakest dimension and how it moved since the baseline). Teams hidden in
 * the latest weeks are never ranked: they are not part of the answer at all.
 */
import { type CultureDimension, REPORT_LABELS } from '../dimensions'
import { sums } from '../gate.server'
import { meanOf } from '../stats'
import type { SectionContext } from './context'
import { dimensionScores } from './scores'

export interface WeakDimension {
	key: CultureDimension
	label: string
	score: number
}

function weakestOf(scores: Record<string, number | null>, asked: readonly CultureDimension[], count: number): WeakDimension[] {
	return asked
		.flatMap((key) => (scores[key] == null ? [] : [{ key, label: REPORT_LABELS[key], score: scores[key]! }]))
		.sort((a, b) => a.score - b.score || a.key.localeCompare(b.key))
		.slice(0, count)
}

export function attentionSection(c: SectionContext, children: { id: string; label: string }[], asked: readonly CultureDimension[]) {
	const own = c.gate.figures(c.selected, c.latest)
	const weakest = own ? weakestOf(dimensionScores(own), asked, 2) : []
	const culture = own ? meanOf(sums(own.metric('culture'))) : null
	const ranked = children
		.flatMap(({ id, label }) => {
			const last = c.gate.figures(id, c.latest)
			const score = last ? meanOf(sums(last.metric('culture'))) : null
			if (!last || score === null) return []
			const base = c.baseline.length ? c.gate.figures(id, c.baseline) : null
			const before = base ? meanOf(sums(base.metric('culture'))) : null
			return [{ teamId: id, label, culture: score, change: before === null ? null : score - before, weakest: weakestOf(dimensionScores(last), asked, 1)[0] ?? null }]
		})
		.sort((a, b) => a.culture - b.culture || a.label.localeCompare(b.label))
	// Only a team below the group's own level needs attention; with one team there is nothing to compare.
	const team = ranked.length >= 2 && culture !== null && ranked[0]!.culture < culture ? { ...ranked[0]!, gap: ranked[0]!.culture - culture } : null
	return { culture, weakest, team }
}
