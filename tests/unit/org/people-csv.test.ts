import { describe, expect, it } from 'vitest'

import { findManagerLoops, MAX_PEOPLE_ROWS, type PersonRow, readPeopleCsv } from '~/org/people-csv'

const HEADER = 'email,name,team,role,level,manager_email'
/** A file from its lines, joined with LF and ending with a newline like a saved file. */
const csv = (...lines: string[]) => `${lines.join('\n')}\n`

describe('readPeopleCsv: the header', () => {
	it('reports an empty file on line 1', () => {
		for (const text of ['', '\n\n\n', '\r\n', '\uFEFF']) {
			expect(readPeopleCsv(text)).toEqual({ rows: [], problems: [{ line: 1, message: 'The file is empty.' }] })
		}
	})

	it('reports a header with no people on line 2', () => {
		const expected = { rows: [], problems: [{ line: 2, message: 'The file has a header but no people.' }] }
		expect(readPeopleCsv(HEADER)).toEqual(expected)
		expect(readPeopleCsv(csv(HEADER, '', ''))).toEqual(expected)
	})

	it('names every missing column and shows the expected first line', () => {
		const { rows, problems } = readPeopleCsv(csv('email,name', 'a@x.io,A'))
		expect(rows).toEqual([])
		expect(problems).toEqual([
			{
				line: 1,
				message: 'Missing columns: team, role, level, manager_email. The first line must be: email,name,team,role,level,manager_email',
			},
		])
	})

	it('uses the singular for one missing column', () => {
		const { problems } = readPeopleCsv(csv('email,name,team,role,level', 'a@x.io,A,,,'))
		expect(problems).toEqual([{ line: 1, message: 'Missing column: manager_email. The first line must be: email,name,team,role,level,manager_email' }])
	})

	it('reports an unknown column on line 1 and imports nothing', () => {
		const { rows, problems } = readPeopleCsv(csv(`${HEADER},department`, 'a@x.io,A,,,,,Sales'))
		expect(rows).toEqual([])
		expect(problems).toHaveLength(1)
		expect(problems[0]!.line).toBe(1)
		expect(problems[0]!.message).toMatch(/^Unknown column: /)
	})

	// BUG (app/org/people-csv.ts): `unknown.map(safeCell)` passes the array index as safeCell's
	// `max`, so the first unknown column name is cut to 0 characters ("…"), the second to 1, ...
	// These tests state the intended behaviour and are marked `fails` until that is fixed.
	it('names the unknown column in the message', () => {
		const { problems } = readPeopleCsv(csv(`${HEADER},department`, 'a@x.io,A,,,,,Sales'))
		expect(problems).toEqual([{ line: 1, message: 'Unknown column: department.' }])
	})

	it('names several unknown columns, formula-safe', () => {
		const { problems } = readPeopleCsv(csv(`${HEADER},department,=cmd`, 'a@x.io,A,,,,,Sales,x'))
		expect(problems).toEqual([{ line: 1, message: "Unknown columns: department, '=cmd." }])
	})

	it('never echoes an unknown column starting with a formula character raw', () => {
		for (const bad of ['=cmd|calc', '+1', '-1', '@SUM(A1)']) {
			const { problems } = readPeopleCsv(csv(`${HEADER},${bad}`, 'a@x.io,A,,,,,x'))
			expect(problems).toHaveLength(1)
			expect(problems[0]!.message).not.toContain(`: ${bad}`)
			expect(problems[0]!.message).not.toContain(` ${bad.slice(0, 2)}`)
		}
	})

	it('reports missing and unknown columns together (a misspelt column)', () => {
		const { problems } = readPeopleCsv(csv('mail,name,team,role,level,manager_email', 'a@x.io,A,,,,'))
		expect(problems).toHaveLength(2)
		expect(problems[0]).toEqual({
			line: 1,
			message: 'Missing column: email. The first line must be: email,name,team,role,level,manager_email',
		})
		expect(problems[1]!.line).toBe(1)
		expect(problems[1]!.message).toMatch(/^Unknown column: /)
	})

	it('reads column names case-insensitively, trimmed, after a byte-order mark', () => {
		const { rows, problems } = readPeopleCsv(csv('\uFEFFEMAIL, Name ,Team,ROLE,Level,Manager_Email', 'a@x.io,Ann,,,,'))
		expect(problems).toEqual([])
		expect(rows).toEqual([{ line: 2, email: 'a@x.io', name: 'Ann', teamPath: null, role: 'employee', level: 'frontline', managerEmail: null }])
	})

	it('accepts the columns in any order', () => {
		const { rows, problems } = readPeopleCsv(csv('manager_email,level,role,team,name,email', 'boss@x.io,leader,manager,Sales,Ann,ann@x.io'))
		expect(problems).toEqual([])
		expect(rows).toEqual([{ line: 2, email: 'ann@x.io', name: 'Ann', teamPath: 'Sales', role: 'manager', level: 'leader', managerEmail: 'boss@x.io' }])
	})
})

describe('readPeopleCsv: rows', () => {
	it('reads a valid file, lower-casing e-mails, roles and levels', () => {
		const { rows, problems } = readPeopleCsv(csv(HEADER, 'Ann@Example.COM,Ann Lee,Marketing/Social,Manager,LEADER,', 'bob@example.com, Bob ,, admin , manager ,ANN@example.com'))
		expect(problems).toEqual([])
		expect(rows).toEqual([
			{
				line: 2,
				email: 'ann@example.com',
				name: 'Ann Lee',
				teamPath: 'Marketing/Social',
				role: 'manager',
				level: 'leader',
				managerEmail: null,
			},
			{
				line: 3,
				email: 'bob@example.com',
				name: 'Bob',
				teamPath: null,
				role: 'admin',
				level: 'manager',
				managerEmail: 'ann@example.com',
			},
		])
	})

	it('reads roles and levels as the People list shows them, in any case and spacing', () => {
		const { rows, problems } = readPeopleCsv(
			csv(HEADER, 'a@x.io,A,,Employee,front line,', 'b@x.io,B,,employee,Front Line,', 'c@x.io,C,,manager,front-line,', 'd@x.io,D,,Admin (HR / people team),frontline,'),
		)
		expect(problems).toEqual([])
		expect(rows.map((r) => [r.role, r.level])).toEqual([
			['employee', 'frontline'],
			['employee', 'frontline'],
			['manager', 'frontline'],
			['admin', 'frontline'],
		])
	})

	it('reads a team written as the screens show it: "›" and ">" separate teams like "/"', () => {
		const { rows, problems } = readPeopleCsv(csv(HEADER, 'a@x.io,A,Customer Care › Social,,,', 'b@x.io,B,Customer Care > Social,,,', 'c@x.io,C, Customer Care/ Social ,,,'))
		expect(problems).toEqual([])
		expect(rows.map((r) => r.teamPath)).toEqual(['Customer Care/Social', 'Customer Care/Social', 'Customer Care/Social'])
	})

	it('makes an empty role an employee and an empty level front line', () => {
		const { rows } = readPeopleCsv(csv(HEADER, 'a@x.io,A,,,,', 'b@x.io,B,,  ,  ,'))
		expect(rows.map((r) => [r.role, r.level])).toEqual([
			['employee', 'frontline'],
			['employee', 'frontline'],
		])
	})

	it('reads quoted cells containing commas, quotes and line breaks', () => {
		const { rows, problems } = readPeopleCsv(csv(HEADER, '"a@x.io","Lee, Ann","Sales, EU/North","executive","leader",""', 'b@x.io,"Bob ""The Builder""",,,,'))
		expect(problems).toEqual([])
		expect(rows.map((r) => [r.line, r.name, r.teamPath])).toEqual([
			[2, 'Lee, Ann', 'Sales, EU/North'],
			[3, 'Bob "The Builder"', null],
		])
	})

	it('accepts CRLF line endings', () => {
		const { rows, problems } = readPeopleCsv(`${HEADER}\r\na@x.io,A,,,,\r\nb@x.io,B,,,,\r\n`)
		expect(problems).toEqual([])
		expect(rows.map((r) => [r.line, r.email])).toEqual([
			[2, 'a@x.io'],
			[3, 'b@x.io'],
		])
	})

	it('normalises team paths: trimmed parts, collapsed spaces, empty parts dropped', () => {
		const { rows, problems } = readPeopleCsv(csv(HEADER, 'a@x.io,A, Sales / EU ,,,', 'b@x.io,B,Sales//EU/,,,', 'c@x.io,C,Field   Sales,,,', 'd@x.io,D, / ,,,'))
		expect(problems).toEqual([])
		expect(rows.map((r) => r.teamPath)).toEqual(['Sales/EU', 'Sales/EU', 'Field Sales', null])
	})
})

describe('readPeopleCsv: line numbers', () => {
	it('counts the header as line 1 and blank lines as lines', () => {
		const { rows, problems } = readPeopleCsv(
			csv(
				HEADER, // 1
				'a@x.io,A,,,,', // 2
				'', // 3
				'b@x.io,B,,,', // 4: 5 cells
				'', // 5
				'', // 6
				'c@x.io,C,,,,,', // 7: 7 cells
				'd@x.io,D,,,,', // 8
			),
		)
		expect(problems).toEqual([
			{ line: 4, message: 'Expected 6 cells, found 5.' },
			{ line: 7, message: 'Expected 6 cells, found 7.' },
		])
		expect(rows.map((r) => [r.line, r.email])).toEqual([
			[2, 'a@x.io'],
			[8, 'd@x.io'],
		])
	})

	it('counts blank lines right after the header and with CRLF endings', () => {
		const { problems } = readPeopleCsv(`${HEADER}\r\n\r\n\r\nx@x.io,X\r\n`)
		expect(problems).toEqual([{ line: 4, message: 'Expected 6 cells, found 2.' }])
	})

	it('reports an unclosed quote as invalid CSV on the line it starts', () => {
		const { rows, problems } = readPeopleCsv(csv(HEADER, 'a@x.io,A,,,,', 'b@x.io,"Bob,,,,'))
		expect(rows).toEqual([])
		expect(problems).toHaveLength(1)
		expect(problems[0]!.line).toBe(3)
		expect(problems[0]!.message).toBe('The file is not valid CSV on line 3: a quote (") opens a cell here and is never closed. Close it, or remove it.')
	})

	it('says in plain words, with its line, what is wrong with a stray quote; never the parser’s own text', () => {
		for (const bad of ['b@x.io,Bob "Bobby" Lee,,,,', 'b@x.io,"Bob" Lee,,,,']) {
			const { problems } = readPeopleCsv(csv(HEADER, 'a@x.io,A,,,,', bad))
			expect(problems).toHaveLength(1)
			expect(problems[0]!.line).toBe(3)
			expect(problems[0]!.message).toMatch(/^The file is not valid CSV on line 3: a (quote|cell in quotes) .*write each quote in it twice/)
			expect(problems[0]!.message).not.toMatch(/Invalid|delimiter|trimable|field \d/)
		}
	})
})

describe('readPeopleCsv: cell problems', () => {
	it('reports invalid and missing e-mail addresses in the email column', () => {
		const { rows, problems } = readPeopleCsv(csv(HEADER, 'not-an-email,A,,,,', ',B,,,,', `${'a'.repeat(250)}@x.io,C,,,,`))
		expect(rows).toEqual([])
		expect(problems).toEqual([
			{ line: 2, column: 'email', message: 'This is not a valid e-mail address.' },
			{ line: 3, column: 'email', message: 'Enter an e-mail address.' },
			{ line: 4, column: 'email', message: 'An e-mail address has at most 254 characters.' },
		])
	})

	it('reports a missing or too long name', () => {
		const { problems } = readPeopleCsv(csv(HEADER, 'a@x.io,,,,,', `b@x.io,${'n'.repeat(121)},,,,`, `c@x.io,${'n'.repeat(120)},,,,`))
		expect(problems).toEqual([
			{ line: 2, column: 'name', message: 'Enter a name.' },
			{ line: 3, column: 'name', message: 'A name has at most 120 characters.' },
		])
	})

	it('reports an unknown role or level, quoting the cell', () => {
		const { rows, problems } = readPeopleCsv(csv(HEADER, 'a@x.io,A,,boss,,', 'b@x.io,B,,,senior,'))
		expect(rows).toEqual([])
		expect(problems).toEqual([
			{ line: 2, column: 'role', message: '"boss" is not a role. Role must be one of: admin, executive, manager, employee.' },
			{ line: 3, column: 'level', message: '"senior" is not a level. Level must be one of: frontline, manager, leader.' },
		])
	})

	it('reports a team name over 80 characters in any part of the path', () => {
		const long = 't'.repeat(81)
		const { rows, problems } = readPeopleCsv(csv(HEADER, `a@x.io,A,${long},,,`, `b@x.io,B,Sales/${long},,,`, `c@x.io,C,Sales/${'t'.repeat(80)},,,`))
		expect(problems).toEqual([
			{ line: 2, column: 'team', message: 'A team name has at most 80 characters.' },
			{ line: 3, column: 'team', message: 'A team name has at most 80 characters.' },
		])
		expect(rows.map((r) => r.teamPath)).toEqual([`Sales/${'t'.repeat(80)}`])
	})

	it('treats "/" in the team cell as a separator between teams, never as part of a name', () => {
		const { rows, problems } = readPeopleCsv(csv(HEADER, 'a@x.io,A,R/D,,,'))
		expect(problems).toEqual([])
		expect(rows[0]!.teamPath).toBe('R/D')
	})

	it('reports an invalid manager e-mail in the manager_email column', () => {
		const { problems } = readPeopleCsv(csv(HEADER, 'a@x.io,A,,,,boss-at-x.io'))
		expect(problems).toEqual([{ line: 2, column: 'manager_email', message: 'This is not a valid e-mail address.' }])
	})

	it('reports every problem of a row, in column order, and skips the row', () => {
		const { rows, problems } = readPeopleCsv(csv(HEADER, 'bad,,,chief,top,nope', 'ok@x.io,Ok,,,,'))
		expect(problems).toEqual([
			{ line: 2, column: 'email', message: 'This is not a valid e-mail address.' },
			{ line: 2, column: 'name', message: 'Enter a name.' },
			{ line: 2, column: 'role', message: '"chief" is not a role. Role must be one of: admin, executive, manager, employee.' },
			{ line: 2, column: 'level', message: '"top" is not a level. Level must be one of: frontline, manager, leader.' },
			{ line: 2, column: 'manager_email', message: 'This is not a valid e-mail address.' },
		])
		expect(rows.map((r) => r.email)).toEqual(['ok@x.io'])
	})

	it('reports a duplicate e-mail (any case) on the later line, naming the first line', () => {
		const { rows, problems } = readPeopleCsv(csv(HEADER, 'a@x.io,A,,,,', '', 'b@x.io,B,,,,', 'A@X.IO,A again,,,,', 'a@x.io,A thrice,,,,'))
		expect(problems).toEqual([
			{ line: 5, column: 'email', message: 'a@x.io is already on line 2.' },
			{ line: 6, column: 'email', message: 'a@x.io is already on line 2.' },
		])
		expect(rows.map((r) => [r.line, r.name])).toEqual([
			[2, 'A'],
			[4, 'B'],
		])
	})

	it('refuses a person as their own manager, whatever the case', () => {
		const { rows, problems } = readPeopleCsv(csv(HEADER, 'a@x.io,A,,,,A@X.io'))
		expect(rows).toEqual([])
		expect(problems).toEqual([{ line: 2, column: 'manager_email', message: 'A person cannot be their own manager.' }])
	})

	it('never echoes a role or level cell starting with = + - @ raw', () => {
		const { problems } = readPeopleCsv(csv(HEADER, 'a@x.io,A,,"=HYPERLINK(""http://evil"")",,', 'b@x.io,B,,+1,@SUM(A1),', 'c@x.io,C,,-2+3,=1,'))
		expect(problems.map((p) => [p.line, p.column, p.message.split(' is not')[0]])).toEqual([
			[2, 'role', `"'=HYPERLINK("http://evil")"`],
			[3, 'role', `"'+1"`],
			[3, 'level', `"'@SUM(A1)"`],
			[4, 'role', `"'-2+3"`],
			[4, 'level', `"'=1"`],
		])
		for (const p of problems) expect(p.message).not.toMatch(/"[=+\-@]/)
	})

	it('cuts a long role cell to 60 characters in the message', () => {
		const { problems } = readPeopleCsv(csv(HEADER, `a@x.io,A,,${'r'.repeat(100)},,`))
		expect(problems).toEqual([
			{
				line: 2,
				column: 'role',
				message: `"${'r'.repeat(60)}…" is not a role. Role must be one of: admin, executive, manager, employee.`,
			},
		])
	})
})

describe('readPeopleCsv: size limit', () => {
	const person = (i: number) => `p${i}@x.io,P${i},,,,`

	it('is 50,000 people per file', () => {
		expect(MAX_PEOPLE_ROWS).toBe(50_000)
	})

	it('refuses a file with one person too many, before reading any row', () => {
		const lines = [HEADER]
		for (let i = 0; i < 50_001; i++) lines.push(person(i))
		expect(readPeopleCsv(csv(...lines))).toEqual({
			rows: [],
			problems: [{ line: 1, message: 'At most 50,000 people per file; this one has 50,001.' }],
		})
	})

	it('reads a file of exactly 50,000 people', () => {
		const lines = [HEADER]
		for (let i = 0; i < 50_000; i++) lines.push(person(i))
		const { rows, problems } = readPeopleCsv(csv(...lines))
		expect(problems).toEqual([])
		expect(rows).toHaveLength(50_000)
		expect(rows.at(-1)).toMatchObject({ line: 50_001, email: 'p49999@x.io' })
	})
})

describe('findManagerLoops', () => {
	let line = 1
	const row = (email: string, managerEmail: string | null): PersonRow => ({
		line: ++line,
		email,
		name: email,
		teamPath: null,
		role: 'employee',
		level: 'frontline',
		managerEmail,
	})
	const emails = (rows: PersonRow[]) => rows.map((r) => r.email)

	it('finds nothing when every chain ends', () => {
		const rows = [row('a', 'b'), row('b', 'c'), row('c', null), row('d', 'outside')]
		expect(findManagerLoops(rows, new Map())).toEqual([])
	})

	it('finds both people of A → B → A', () => {
		const a = row('a', 'b')
		const b = row('b', 'a')
		expect(findManagerLoops([a, b], new Map())).toEqual([a, b])
	})

	it('finds every person of a longer loop, in file order', () => {
		const rows = [row('c', 'a'), row('ok', null), row('a', 'b'), row('b', 'c')]
		expect(emails(findManagerLoops(rows, new Map()))).toEqual(['c', 'a', 'b'])
	})

	it('does not blame someone whose chain only runs into a loop', () => {
		const rows = [row('d', 'a'), row('a', 'b'), row('b', 'a')]
		expect(emails(findManagerLoops(rows, new Map()))).toEqual(['a', 'b'])
	})

	it('finds a person who is their own manager', () => {
		expect(emails(findManagerLoops([row('a', 'a')], new Map()))).toEqual(['a'])
	})

	it('follows the chain into the existing organisation', () => {
		// In the file: x → y. Already in the organisation: y → z → x.
		const existing = new Map<string, string | null>([
			['y', 'z'],
			['z', 'x'],
			['x', null],
		])
		expect(emails(findManagerLoops([row('x', 'y')], existing))).toEqual(['x'])
	})

	it('finds no loop when the chain through the organisation ends', () => {
		const existing = new Map<string, string | null>([
			['y', 'z'],
			['z', null],
		])
		expect(findManagerLoops([row('x', 'y')], existing)).toEqual([])
	})

	it('lets the file override the existing manager links', () => {
		// The organisation has x ↔ y; the file gives x no manager, which breaks the loop.
		const existing = new Map<string, string | null>([
			['x', 'y'],
			['y', 'x'],
		])
		expect(findManagerLoops([row('x', null)], existing)).toEqual([])
		// ...and the file can create a loop the organisation did not have.
		const calm = new Map<string, string | null>([
			['x', null],
			['y', null],
		])
		expect(emails(findManagerLoops([row('y', 'x'), row('x', 'y')], calm))).toEqual(['y', 'x'])
	})

	it('stops on a loop in the existing organisation that the file person is not part of', () => {
		const existing = new Map<string, string | null>([
			['p', 'q'],
			['q', 'p'],
		])
		expect(findManagerLoops([row('x', 'p')], existing)).toEqual([])
	})

	it('leaves the existing map untouched', () => {
		const existing = new Map<string, string | null>([['y', 'x']])
		findManagerLoops([row('x', 'y'), row('w', null)], existing)
		expect([...existing]).toEqual([['y', 'x']])
	})
})

describe('readPeopleCsv: a column named twice', () => {
	it('is refused on line 1 with the column named', () => {
		const r = readPeopleCsv('email,name,team,role,level,manager_email,email\na@x.com,A,,,,,b@x.com\n')
		expect(r.rows).toEqual([])
		expect(r.problems).toEqual([{ line: 1, message: 'Column named twice: email.' }])
	})
})
