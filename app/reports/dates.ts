import { dayNumber } from '~/metrics/weeks'

/** A real calendar date as YYYY-MM-DD, from 1970 on (PostgreSQL refuses year 0; no pulse predates the app). */
export function isReportDate(v: string): boolean {
	return dayNumber(v) !== null && v >= '1970-01-01'
}
