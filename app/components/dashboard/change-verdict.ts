/**
 * The one place the dashboard turns a change's verdict into words. The verdict itself comes from
 * the statistics (`measureChange` in app/reports/stats.ts: a team-clustered 95% interval that
 * leaves zero out on the side of the change; no verdict with fewer than 5 teams).
 */
import type { ChangeVerdict } from '~/reports/stats'

export type Verdict = ChangeVerdict

/** A dimension's (or any measured change's) verdict; none when it could not be measured. */
export function changeVerdict(change: { verdict?: Verdict | null }): Verdict {
	return change.verdict ?? 'unclear'
}

/** The headline's verdict (the index against the baseline). */
export function headlineVerdict(h: { verdict: Verdict }): Verdict {
	return h.verdict
}

export const isReal = (v: Verdict) => v === 'up' || v === 'down'

/** "more than chance" / "within chance" / "too few teams to tell". */
export function verdictWords(v: Verdict) {
	return v === 'too-few-clusters' ? 'too few teams to tell whether that is more than chance' : isReal(v) ? 'more than chance' : 'within what chance alone could give'
}

/** "Up 9 points since June, more than chance." */
export function changeSentence(delta: number, v: Verdict, sinceWords: string) {
	const n = Math.abs(Math.round(delta))
	const move = n === 0 ? `No change ${sinceWords}` : `${delta > 0 ? 'Up' : 'Down'} ${n} ${n === 1 ? 'point' : 'points'} ${sinceWords}`
	return n === 0 ? `${move}.` : `${move}, ${verdictWords(v)}.`
}
