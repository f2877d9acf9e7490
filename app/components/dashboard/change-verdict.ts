/**
 * The one place the dashboard turns a change's verdict into words. The verdict itself comes from
 * the statistics (`measureChange` in app/reports/stats.ts: a team-clustered 95% interval that
 * leaves zero out on the side of the change; no verdict with fewer than 5 teams).
 */
import type { TFunction } from 'i18next'

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
export function verdictWords(v: Verdict, t: TFunction) {
	return v === 'too-few-clusters' ? t('verdict.tooFewTeams') : isReal(v) ? t('verdict.real') : t('verdict.chance')
}

/** "Up 9 points since June, more than chance." */
export function changeSentence(delta: number, v: Verdict, sinceWords: string, t: TFunction) {
	const n = Math.abs(Math.round(delta))
	if (n === 0) return t('verdict.noChange', { since: sinceWords })
	const values = { count: n, since: sinceWords, verdict: verdictWords(v, t) }
	return delta > 0 ? t('verdict.up', values) : t('verdict.down', values)
}
