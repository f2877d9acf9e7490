import { describe, expect, it } from 'vitest'

import { safeCell } from '~/utils/csv-safe'

describe('safeCell', () => {
	it('leaves ordinary values alone', () => {
		expect(safeCell('Ann Lee')).toBe('Ann Lee')
		expect(safeCell('a=b')).toBe('a=b')
		expect(safeCell('x-1')).toBe('x-1')
		expect(safeCell('')).toBe('')
		expect(safeCell("'quoted")).toBe("'quoted")
	})

	it('prefixes a quote to anything that would start a spreadsheet formula', () => {
		expect(safeCell('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)")
		expect(safeCell('+1')).toBe("'+1")
		expect(safeCell('-1')).toBe("'-1")
		expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)")
		expect(safeCell('\t=1')).toBe("'\t=1")
		expect(safeCell('\r=1')).toBe("'\r=1")
	})

	it('cuts values over 60 characters and marks the cut with an ellipsis', () => {
		const sixty = 'abcdefghij'.repeat(6)
		expect(safeCell(sixty)).toBe(sixty)
		expect(safeCell(`${sixty}X`)).toBe(`${sixty}…`)
	})

	it('takes another maximum length', () => {
		expect(safeCell('abcdef', 3)).toBe('abc…')
		expect(safeCell('abc', 3)).toBe('abc')
		expect(safeCell('x'.repeat(1000), Number.POSITIVE_INFINITY)).toHaveLength(1000)
	})

	it('both cuts and protects a long formula', () => {
		const long = `=${'9'.repeat(99)}`
		expect(safeCell(long)).toBe(`'=${'9'.repeat(59)}…`)
	})
})
