/**
 * The one place that decides whether a change is real, and says so in words. Today it reads the
 * report's delta and 95% interval: a change is real when the interval leaves zero out on the side
 * of the change. The statistics branch brings a verdict of its own ('up' | 'down' | 'unclear' |
 * 'too-few-clusters') on the headline; at merge, `headlineVerdict` returns that instead and every
 * place on the dashboard follows.
 */
export type Verdict = 'up' | 'down' | 'unclear' | 'too-few-clusters'

export function changeVerdict(change: { delta: number | null; low?: number | null; high?: number | null }): Verdict {
	const { delta, low, high } = change
	if (delta === null || low == null || high == null) return 'unclear'
	if (delta > 0 && low > 0) return 'up'
	if (delta < 0 && high < 0) return 'down'
	return 'unclear'
}

/** The headline's verdict (the index against the baseline). */
export function headlineVerdict(h: { delta: number | null; ci: { low: number; high: number } | null }): Verdict {
	return changeVerdict({ delta: h.delta, low: h.ci?.low, high: h.ci?.high })
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
