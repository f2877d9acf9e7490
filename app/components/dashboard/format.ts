/**
 * How the reading pages write numbers, dates and durations: the same on the server and in the
 * browser, in the reader's locale (from the loader, through the page's i18next instance). English
 * keeps its own short forms ("1 Jun 2026"); other languages get Intl's ("1. Juni 2026", "2026年6月1日").
 * A date or a unit that stands alone goes through the catalogue too, so every word on the page does.
 */
import type { TFunction } from 'i18next'
import { DateTime } from 'luxon'
import { useTranslation } from 'react-i18next'

import { intlLocale } from '~/i18n/format'

export const fmt = (x: number | null | undefined, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits))
/** +9 / −3 / 0 (a real minus sign), rounded. */
export const signed = (x: number, digits = 0) => {
	const r = Number(x.toFixed(digits))
	return r === 0 ? (0).toFixed(digits) : `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(digits)}`
}
export const day = (iso: string) => DateTime.fromISO(iso).toFormat('d LLL yyyy')
export const shortDay = (iso: string) => DateTime.fromISO(iso).toFormat('d LLL')
export const range = (p: { from: string; to: string }) => `${shortDay(p.from)} – ${day(p.to)}`

/** English (and the pseudo-locale made from it) writes dates as before; every other locale through Intl. */
const english = (locale: string) => locale === 'en' || locale === 'en-XA'

/** The formatting of one reader: numbers, dates, durations and the few phrases made of them. */
export function reportFormat(locale: string, t: TFunction) {
	const intl = intlLocale(locale)
	// A dashboard writes thousands of numbers: building an Intl.NumberFormat is far dearer than
	// using one (it was a quarter of a warm view's server time), so each precision's is made once.
	const numberFormats: Intl.NumberFormat[] = []
	const number = (x: number, digits = 0) => (numberFormats[digits] ??= new Intl.NumberFormat(intl, { minimumFractionDigits: digits, maximumFractionDigits: digits })).format(x)
	const date = (iso: string, options: Intl.DateTimeFormatOptions) =>
		new Intl.DateTimeFormat(intl, { ...options, timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`))
	const f = {
		locale,
		/** 42 / 41,7 / — */
		fmt: (x: number | null | undefined, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : number(x, digits)),
		/** +9 / −3 / 0 (a real minus sign), rounded. */
		signed: (x: number, digits = 0) => {
			const r = Number(x.toFixed(digits))
			return r === 0 ? number(0, digits) : `${r > 0 ? '+' : '−'}${number(Math.abs(r), digits)}`
		},
		/** "1 Jun 2026": a date as text inside a sentence (the catalogue's words around it). */
		day: (iso: string) => (english(locale) ? day(iso) : date(iso, { day: 'numeric', month: 'short', year: 'numeric' })),
		shortDay: (iso: string) => (english(locale) ? shortDay(iso) : date(iso, { day: 'numeric', month: 'short' })),
		range: (p: { from: string; to: string }) => `${f.shortDay(p.from)} – ${f.day(p.to)}`,
		/** A date standing alone (a table cell): through the catalogue, so a locale may dress it. */
		dayAlone: (iso: string) => t('format.date', { date: f.day(iso) }),
		rangeAlone: (p: { from: string; to: string }) => t('format.date', { date: f.range(p) }),
		/** "42 min" / "2.5 h" / — */
		duration: (minutes: number | null) =>
			minutes === null ? '—' : minutes >= 120 ? t('format.hours', { value: number(minutes / 60, 1) }) : t('format.minutes', { value: number(Math.round(minutes)) }),
		/** "9 points" */
		points: (x: number) => t('format.points', { count: Math.abs(Math.round(x)) }),
		/** A window's sample size, in people (each once a week); none when several pulses reached the group in one of its weeks. */
		answersOf: (n: number | null) => (n === null ? t('format.noCount') : t('format.answers', { count: n, n: number(n) })),
		/** "since June" (or "since June 2025" across a year), for the baseline a change is measured from. */
		since: (baseline: { from: string } | null, latest: { to: string }) => {
			if (!baseline) return t('format.sinceBaseline')
			const b = DateTime.fromISO(baseline.from)
			const sameYear = b.year === DateTime.fromISO(latest.to).year
			const month = english(locale) ? b.toFormat(sameYear ? 'LLLL' : 'LLLL yyyy') : date(baseline.from, sameYear ? { month: 'long' } : { month: 'long', year: 'numeric' })
			return t('format.since', { month })
		},
	}
	return f
}

export type ReportFormat = ReturnType<typeof reportFormat>

/** The reader's `t` (reports first, the app's shared words by `app:` prefix) and their formatting. */
export function useReportWords() {
	const { t, i18n } = useTranslation(['reports', 'app'])
	return { t, f: reportFormat(i18n.language, t) }
}
