import { DateTime } from 'luxon'
import { describe, expect, test } from 'vitest'

import { addDays, dayNumber, isoWeekLabel, mondayOf, todayIn } from '~/metrics/weeks'

describe('weeks', () => {
	test('dayNumber refuses dates that do not exist', () => {
		expect(dayNumber('1970-01-02')).toBe(1)
		expect(dayNumber('2025-02-29')).toBeNull()
		expect(dayNumber('2025-1-2')).toBeNull()
	})

	test('mondayOf and isoWeekLabel agree with luxon over several years', () => {
		for (let d = DateTime.fromISO('2019-12-20', { zone: 'UTC' }); d.year < 2027; d = d.plus({ days: 3 })) {
			const date = d.toISODate()!
			expect(mondayOf(date), date).toBe(d.startOf('week').toISODate())
			expect(isoWeekLabel(mondayOf(date)), date).toBe(d.toFormat("kkkk-'W'WW"))
		}
		expect(isoWeekLabel('2024-12-30')).toBe('2025-W01')
		expect(isoWeekLabel('2020-12-28')).toBe('2020-W53')
	})

	test('addDays crosses months and years', () => {
		expect(addDays('2024-12-30', 7)).toBe('2025-01-06')
		expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
	})

	test('todayIn gives the local date of a time zone', () => {
		const instant = new Date('2026-01-01T02:00:00Z')
		expect(todayIn('UTC', instant)).toBe('2026-01-01')
		expect(todayIn('America/New_York', instant)).toBe('2025-12-31')
	})
})
