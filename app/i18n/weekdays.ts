/**
 * A weekday's name in a locale, through `Intl` (1 = Monday … 7 = Sunday, as schedules store
 * it): "Monday", "Montag", "lundi", "lunes", "月曜日".
 */
import { intlLocale } from './format'

// 1 January 2024 was a Monday; noon UTC is the same day in every zone.
const MONDAY = Date.UTC(2024, 0, 1, 12)

export function weekdayName(locale: string, weekday: number): string {
	return new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', timeZone: 'UTC' }).format(new Date(MONDAY + (weekday - 1) * 86_400_000))
}

/**
 * "Mon 7 Dec 2026, 14:00" in a locale and the organisation's zone: a moment in a table. English
 * keeps the app's style, without Intl's comma after the weekday.
 */
export function shortDateTime(at: Date, locale: string, timeZone: string, { year = true, seconds = false } = {}): string {
	const text = new Intl.DateTimeFormat(intlLocale(locale), {
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		...(year ? { year: 'numeric' } : {}),
		hour: '2-digit',
		minute: '2-digit',
		...(seconds ? { second: '2-digit' } : {}),
		timeZone,
	}).format(at)
	return intlLocale(locale) === 'en-GB' ? text.replace(/^(\p{L}+), /u, '$1 ') : text
}
