import { describe, expect, test } from 'vitest'

import { parseTimestamp } from '~/metrics/timestamp'

const ms = (s: string) => {
	const r = parseTimestamp(s)
	return r.ok ? r.ms : r.message
}

describe('parseTimestamp', () => {
	test('reads RFC 3339 / ISO 8601 times with a zone, the same instant as Date.parse', () => {
		for (const s of ['2026-03-02T09:15:00Z', '2026-03-02T10:15:00+01:00', '2026-03-02T04:15:00-05:00', '2026-03-02T09:15:00.123Z', '2026-03-02t09:15:00z', '2024-02-29T23:59:59Z'])
			expect(ms(s), s).toBe(Date.parse(s.toUpperCase()))
		expect(ms('2026-03-02 10:15+0100')).toBe(Date.parse('2026-03-02T09:15:00Z'))
		expect(ms('2026-03-02T10:15+01')).toBe(Date.parse('2026-03-02T09:15:00Z'))
		expect(ms('2026-03-02T09:15:00.123456789Z')).toBe(Date.parse('2026-03-02T09:15:00.123Z'))
		expect(ms(' 2026-03-02T09:15:00Z ')).toBe(Date.parse('2026-03-02T09:15:00Z'))
	})

	test('refuses a time without a zone rather than guessing one', () => {
		expect(ms('2026-03-02T09:15:00')).toBe('has no time zone: add Z for UTC or an offset such as +01:00.')
		expect(ms('2026-03-02 09:15')).toBe('has no time zone: add Z for UTC or an offset such as +01:00.')
	})

	test('refuses dates that do not exist instead of rolling them over', () => {
		for (const s of ['2026-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:60:00Z', '2026-01-01T10:00:60Z'])
			expect(ms(s), s).toBe('is not a real date and time.')
		expect(ms('2026-01-01T10:00:00+24:00')).toBe('has an offset that is not a real one.')
		expect(ms('1969-12-31T23:59:59Z')).toBe('is before 1970.')
	})

	test('explains other shapes', () => {
		expect(ms('2026-03-02')).toBe('has a date but no time: write it like 2026-03-02T09:15:00Z.')
		for (const s of ['', 'now', '02/03/2026 09:15', '1741000000', '2026-03-02T09:15:00 Europe/Paris']) expect(ms(s), s).toBe('is not a date and time like 2026-03-02T09:15:00Z.')
	})
})
