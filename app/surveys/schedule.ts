/**
 * When a survey's waves open, send their reminder and close, in the organisation's time zone
 * (daylight-saving changes included: a wave opens at the same wall-clock time all year).
 * Pure: no database, no clock — `now` is always passed in.
 */
import { DateTime } from 'luxon'

import type { Survey } from '~db/schema'

export type ScheduleSpec = Pick<Survey, 'cadence' | 'weekday' | 'sendMinute' | 'openDays' | 'reminderDaysBeforeClose'> & {
	/** For every-two-weeks surveys: the Monday (local date) that counts as week 0. */
	anchor?: string | null
}

export interface Period {
	/** Local date the period starts: the Monday of its week, or the 1st of its month. */
	periodStart: string
	opensAt: Date
	closesAt: Date
	reminderAt: Date | null
}

/** The longest a wave may stay open for each cadence, so two waves of a survey never overlap. */
export const MAX_OPEN_DAYS = { weekly: 7, biweekly: 14, monthly: 28 } as const

/**
 * The window of a period whose wave is sent on `sendDay`. Closing and reminder are the same
 * wall-clock time a number of days later, each resolved on its own day (so a send time that
 * falls in a DST gap on one day does not shift the closing time on another).
 */
function window(spec: ScheduleSpec, periodStart: DateTime, sendDay: DateTime): Period {
	const closeDay = sendDay.plus({ days: spec.openDays })
	return {
		periodStart: periodStart.toISODate()!,
		opensAt: at(sendDay, spec.sendMinute).toJSDate(),
		closesAt: at(closeDay, spec.sendMinute).toJSDate(),
		reminderAt: spec.reminderDaysBeforeClose > 0 ? at(closeDay.minus({ days: spec.reminderDaysBeforeClose }), spec.sendMinute).toJSDate() : null,
	}
}

function at(day: DateTime, minute: number) {
	// fromObject in the zone resolves a wall-clock time that falls in a DST gap by moving forward.
	return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(minute / 60), minute: minute % 60 }, { zone: day.zone })
}

/** The period with index `k` relative to the one containing `local` (k = 0 itself, −1 the one before). */
function periodFor(spec: ScheduleSpec, local: DateTime, k: number): Period {
	if (spec.cadence === 'monthly') {
		const month = local.startOf('month').plus({ months: k })
		const first = month.plus({ days: (spec.weekday - month.weekday + 7) % 7 })
		return window(spec, month, first)
	}
	const weeks = spec.cadence === 'weekly' ? 1 : 2
	let monday = local.startOf('week')
	if (weeks === 2) {
		const anchor = spec.anchor ? DateTime.fromISO(spec.anchor, { zone: local.zone }).startOf('week') : monday
		const offset = Math.round(monday.diff(anchor, 'weeks').weeks)
		monday = monday.minus({ weeks: ((offset % 2) + 2) % 2 })
	}
	const start = monday.plus({ weeks: weeks * k })
	return window(spec, start, start.plus({ days: spec.weekday - 1 }))
}

/** The period whose window is open at `now`, if any. */
export function openPeriodAt(spec: ScheduleSpec, timeZone: string, now: Date): Period | null {
	const local = DateTime.fromJSDate(now, { zone: timeZone })
	for (const k of [0, -1]) {
		const p = periodFor(spec, local, k)
		if (p.opensAt <= now && now < p.closesAt) return p
	}
	return null
}

/** The period containing `now` (open or not): what "open this period's wave now" refers to. */
export function currentPeriod(spec: ScheduleSpec, timeZone: string, now: Date): Period {
	return openPeriodAt(spec, timeZone, now) ?? periodFor(spec, DateTime.fromJSDate(now, { zone: timeZone }), 0)
}

/** The next `count` sends strictly after `now`, for the builder's preview. */
export function upcomingPeriods(spec: ScheduleSpec, timeZone: string, now: Date, count = 3): Period[] {
	const local = DateTime.fromJSDate(now, { zone: timeZone })
	const out: Period[] = []
	for (let k = 0; out.length < count && k < count + 3; k++) {
		const p = periodFor(spec, local, k)
		if (p.opensAt > now) out.push(p)
	}
	return out
}

export function formatMinute(minute: number): string {
	return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

/** The period a wave of each cadence covers, in words: "this month's pulse", not "this week's" for a monthly survey. */
export const PERIOD_NOUN = { weekly: 'week', biweekly: 'fortnight', monthly: 'month' } as const satisfies Record<ScheduleSpec['cadence'], string>
