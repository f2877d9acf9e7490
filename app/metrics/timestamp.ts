/**
 * Reading event timestamps: ISO 8601 / RFC 3339 with a zone, nothing else. A time without a
 * zone is refused rather than guessed, because a wrong guess shifts every duration silently.
 * Hand-written (no Date.parse, no luxon) so a million events cost little and a date such as
 * 2026-02-30 is refused instead of rolled over into March.
 */
const FULL = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

export const TIMESTAMP_EXAMPLE = '2026-03-02T09:15:00Z'

export type TimestampResult = { ok: true; ms: number } | { ok: false; message: string }

function daysInMonth(year: number, month: number) {
	return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export function parseTimestamp(input: string): TimestampResult {
	const s = input.trim()
	const m = FULL.exec(s)
	if (!m) {
		if (DATE_ONLY.test(s)) return { ok: false, message: `has a date but no time: write it like ${TIMESTAMP_EXAMPLE}.` }
		return { ok: false, message: `is not a date and time like ${TIMESTAMP_EXAMPLE}.` }
	}
	const [, y, mo, d, h, mi, sec, frac, zone] = m
	if (!zone) return { ok: false, message: 'has no time zone: add Z for UTC or an offset such as +01:00.' }
	const year = Number(y)
	const month = Number(mo)
	const day = Number(d)
	const hour = Number(h)
	const minute = Number(mi)
	const second = sec ? Number(sec) : 0
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return { ok: false, message: 'is not a real date and time.' }
	if (year < 1970) return { ok: false, message: 'is before 1970.' }
	let offsetMinutes = 0
	if (zone !== 'Z' && zone !== 'z') {
		const sign = zone[0] === '-' ? -1 : 1
		const digits = zone.slice(1).replace(':', '')
		const oh = Number(digits.slice(0, 2))
		const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
		if (oh > 23 || om > 59) return { ok: false, message: 'has an offset that is not a real one.' }
		offsetMinutes = sign * (oh * 60 + om)
	}
	// Milliseconds are kept; finer digits are dropped (timestamptz would keep microseconds,
	// but a JavaScript Date cannot carry them and no response time needs them).
	const millis = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0
	const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000
	return { ok: true, ms }
}
