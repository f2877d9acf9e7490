/** How the dashboard writes numbers, dates and durations: the same on the server and in the browser. */
import { DateTime } from 'luxon'

export const fmt = (x: number | null | undefined, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits))
/** +9 / −3 / 0 (a real minus sign), rounded. */
export const signed = (x: number, digits = 0) => {
	const r = Number(x.toFixed(digits))
	return r === 0 ? (0).toFixed(digits) : `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(digits)}`
}
export const day = (iso: string) => DateTime.fromISO(iso).toFormat('d LLL yyyy')
export const shortDay = (iso: string) => DateTime.fromISO(iso).toFormat('d LLL')
export const range = (p: { from: string; to: string }) => `${shortDay(p.from)} – ${day(p.to)}`
export const duration = (minutes: number | null) => (minutes === null ? '—' : minutes >= 120 ? `${(minutes / 60).toFixed(1)} h` : `${Math.round(minutes)} min`)
export const points = (x: number) => {
	const n = Math.abs(Math.round(x))
	return `${n} ${n === 1 ? 'point' : 'points'}`
}
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`

/** "since June" (or "since June 2025" across a year), for the baseline a change is measured from. */
export function since(baseline: { from: string } | null, latest: { to: string }) {
	if (!baseline) return 'since the baseline'
	const b = DateTime.fromISO(baseline.from)
	return `since ${b.toFormat(b.year === DateTime.fromISO(latest.to).year ? 'LLLL' : 'LLLL yyyy')}`
}
