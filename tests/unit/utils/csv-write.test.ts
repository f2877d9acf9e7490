import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'

import { toCsv } from '~/utils/csv-write'

describe('toCsv', () => {
	it('writes the header and rows with CRLF line endings and a final CRLF', () => {
		expect(
			toCsv(
				['a', 'b'],
				[
					['1', '2'],
					['3', '4'],
				],
			),
		).toBe('a,b\r\n1,2\r\n3,4\r\n')
	})

	it('writes just the header when there are no rows', () => {
		expect(toCsv(['email', 'name'], [])).toBe('email,name\r\n')
	})

	it('writes numbers as they are and null/undefined as empty cells', () => {
		expect(toCsv(['n', 'x', 'y', 'z'], [[42, null, undefined, 3.5]])).toBe('n,x,y,z\r\n42,,,3.5\r\n')
	})

	it('does not prefix negative numbers (they are numbers, not text formulas)', () => {
		expect(toCsv(['delta'], [[-5]])).toBe('delta\r\n-5\r\n')
	})

	it('quotes cells with commas, quotes or line breaks and doubles inner quotes', () => {
		expect(toCsv(['v'], [['Lee, Ann'], ['say "hi"'], ['two\nlines'], ['cr\rhere']])).toBe('v\r\n"Lee, Ann"\r\n"say ""hi"""\r\n"two\nlines"\r\n"cr\rhere"\r\n')
	})

	it('makes text cells formula-safe, including the header', () => {
		expect(toCsv(['=h'], [['=1+1'], ['+cmd'], ['-2'], ['@SUM(A1)']])).toBe("'=h\r\n'=1+1\r\n'+cmd\r\n'-2\r\n'@SUM(A1)\r\n")
	})

	it('protects and quotes a formula that also contains a comma', () => {
		expect(toCsv(['v'], [['=HYPERLINK("http://x","y")']])).toBe('v\r\n"\'=HYPERLINK(""http://x"",""y"")"\r\n')
	})

	it('never shortens long text', () => {
		const long = 'x'.repeat(5000)
		expect(toCsv(['v'], [[long]])).toBe(`v\r\n${long}\r\n`)
	})

	it('reads back with an independent CSV parser to the same cells', () => {
		const rows = [
			['Ann', 'Lee, "Annie"', 'multi\r\nline'],
			['Bob', '', 'plain'],
		]
		const back = parse(toCsv(['first', 'last', 'note'], rows), { relax_column_count: false }) as string[][]
		expect(back).toEqual([['first', 'last', 'note'], ...rows])
	})
})
