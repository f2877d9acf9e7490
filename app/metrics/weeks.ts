/** Calendar dates (`YYYY-MM-DD`, no time, no zone) and ISO weeks. Pure helpers. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

/** Days since 1970-01-01, or null when the text is not a real date. */
export function dayNumber(date: string): number | null {
	const m = DATE.exec(date)
	if (!m) return null
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
	const ms = Date.UTC(y, mo - 1, d)
	const back = new Date(ms)
	if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null
	return ms / DAY_MS
}

export function dateOfDay(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
	return dateOfDay(dayNumber(date)! + days)
}

/** The Monday on or before the date (1970-01-01 was a Thursday). */
export function mondayOf(date: string): string {
	const day = dayNumber(date)!
	return dateOfDay(day - ((day + 3) % 7))
}

/** `2026-W02` for the week starting on that Monday: the ISO year is the year of its Thursday. */
export function isoWeekLabel(monday: string): string {
	const thursday = dayNumber(monday)! + 3
	const year = new Date(thursday * DAY_MS).getUTCFullYear()
	const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1
	return `${year}-W${String(week).padStart(2, '0')}`
}

/** Today's date in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}
