/**
 * One finding of the data in the reader's words (the statistics decided it: `findingCandidates` in
 * app/reports/stats.ts). Plain on the first screen; `withStatistics` adds its ρ, team-weeks and q
 * (under "How this was computed").
 */
import type { FindingWords } from '~/reports/stats'

import { type ReportFormat, useReportWords } from './format'
import { dimensionName } from './words'

/** "< 0.001", or "= 0.012" with two significant digits. */
function qText(q: number, f: ReportFormat) {
	return q < 0.001
		? `< ${f.fmt(0.001, 3)}`
		: `= ${new Intl.NumberFormat(f.locale === 'en' || f.locale === 'en-XA' ? 'en-GB' : f.locale, { maximumSignificantDigits: 2 }).format(q)}`
}

/** Fixed digits with a true minus sign and no "+": "−0.87". */
const rhoText = (x: number, f: ReportFormat) => (x < 0 && Number(Math.abs(x).toFixed(2)) !== 0 ? `−${f.fmt(Math.abs(x), 2)}` : f.fmt(Math.abs(x), 2))

/** One decimal, trimmed ("+12", "+0.4"), with a true minus sign. */
function trimmed(x: number, f: ReportFormat) {
	const r = Number(Math.abs(x).toFixed(1))
	const digits = Number.isInteger(r) ? 0 : 1
	return r === 0 ? f.fmt(0) : `${x < 0 ? '−' : '+'}${f.fmt(r, digits)}`
}

const amount = (x: number, f: ReportFormat) => (Math.abs(x) >= 10 ? f.fmt(Math.round(x)) : f.fmt(Number(x.toFixed(1)), Number.isInteger(Number(x.toFixed(1))) ? 0 : 1))

export function findingText(w: FindingWords, f: ReportFormat, t: ReturnType<typeof useReportWords>['t'], withStatistics = false): string {
	const dimension = dimensionName(t, w.dimension)
	const inline = dimensionName(t, w.dimension, true)
	switch (w.key) {
		case 'sameWeek':
		case 'leads': {
			const stats = withStatistics ? t('findings.stats', { rho: rhoText(w.rho, f), n: w.n, q: qText(w.q, f) }) : ''
			const values = { dimension, inline, count: w.lag, stats }
			if (w.key === 'sameWeek') return w.faster ? t('findings.sameWeekFaster', values) : t('findings.sameWeekSlower', values)
			return w.faster ? t('findings.leadsFaster', values) : t('findings.leadsSlower', values)
		}
		case 'contrast': {
			const values = { inline, factor: f.fmt(w.factor, 1), top: amount(w.top, f), bottom: amount(w.bottom, f) }
			return w.faster ? t('findings.contrastFaster', values) : t('findings.contrastSlower', values)
		}
		case 'improved':
			return t('findings.improved', { dimension, delta: trimmed(w.delta, f) })
		case 'fell':
			return t('findings.fell', { dimension, delta: trimmed(w.delta, f) })
	}
}

export function Finding({ words, withStatistics = false }: { words: FindingWords; withStatistics?: boolean }) {
	const { t, f } = useReportWords()
	return <>{findingText(words, f, t, withStatistics)}</>
}
