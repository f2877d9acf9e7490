/**
 * Dates and numbers in a person's locale, through `Intl`: dates always in the organisation's time
 * zone (a pulse closes at the same moment for everyone, whatever their browser thinks). The same
 * function runs on the server and in the browser, with the locale and zone from the loader, so
 * the two renderings agree (no hydration mismatch).
 */
import { type RenderLocale } from './locales'

/** The locale `Intl` formats with: English here is British English (24-hour clock, day before month). */
export function intlLocale(locale: RenderLocale | string): string {
	return locale === 'en' || locale === 'en-XA' ? 'en-GB' : locale
}

/** "Monday 7 December, 14:00" — a weekday, a date and a time in the zone. */
export function formatDateTime(at: Date | string, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(at))
}

/** "7 December 2026". */
export function formatDate(at: Date | string, locale: string, timeZone: string, withYear = true): string {
	return new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'long', ...(withYear ? { year: 'numeric' } : {}), timeZone }).format(new Date(at))
}

export function formatNumber(n: number, locale: string, options?: Intl.NumberFormatOptions): string {
	return new Intl.NumberFormat(intlLocale(locale), options).format(n)
}
