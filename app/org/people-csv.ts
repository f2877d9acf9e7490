/**
 * Reading a people file (`email,name,team,role,level,manager_email`): pure, no database.
 * Every problem is reported with the line it is on; the caller imports nothing if any exist.
 */
import { parse } from 'csv-parse/sync'

import { isLocale, LOCALES } from '~/i18n/locales'
import { csvParseProblem } from '~/utils/csv-parse-problem'
import { safeCell } from '~/utils/csv-safe'
import { linesWithNul, NUL_IN_FILE_MESSAGE } from '~/utils/text'
import type { Level, Role } from '~db/schema'

import { OPTIONAL_PEOPLE_COLUMNS, PEOPLE_COLUMNS } from './people-columns'
import { emailSchema, levelLabels, levelSchema, personNameSchema, roleLabels, roleSchema } from './person-schema'
import { readWrittenTeamPath, teamNameProblem, teamPathParts } from './team-path'

export { PEOPLE_COLUMNS }
export const MAX_PEOPLE_ROWS = 50_000

export interface PersonRow {
	line: number
	email: string
	name: string
	teamPath: string | null
	role: Role
	level: Level
	managerEmail: string | null
	/** The person's language: undefined when the file has no `locale` column (left as it is), null for an empty cell (the organisation's). */
	locale?: string | null
}
export interface CsvProblem {
	line: number
	column?: string
	message: string
}

/**
 * A role or level as the file writes it, in any case and spacing, as a code or as the People list
 * shows it ("Front line", "front-line" → `frontline`); the cell itself when it is neither.
 */
function asShown<T extends string>(cell: string, labels: Record<T, string>): string {
	const squeeze = (s: string) => s.toLocaleLowerCase('en').replace(/[\s_-]+/g, '')
	const wanted = squeeze(cell)
	const code = (Object.keys(labels) as T[]).find((c) => squeeze(c) === wanted || squeeze(labels[c]) === wanted)
	return code ?? cell.toLowerCase()
}

/**
 * The file's people and every problem of it. `emails` holds every valid e-mail on any line, also
 * on lines with a problem: a manager named there is in the file, and is not reported as unknown.
 */
export function readPeopleCsv(text: string): { rows: PersonRow[]; problems: CsvProblem[]; emails?: Set<string> } {
	const nulLines = linesWithNul(text)
	if (nulLines.length) return { rows: [], problems: nulLines.map((line) => ({ line, message: NUL_IN_FILE_MESSAGE })) }
	let records: { record: string[]; info: { lines: number } }[]
	try {
		records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: false }) as unknown as typeof records
	} catch (error) {
		return { rows: [], problems: [csvParseProblem(error) ?? { line: 1, message: 'The file is not valid CSV: its cells cannot be read.' }] }
	}
	if (records.length === 0) return { rows: [], problems: [{ line: 1, message: 'The file is empty.' }] }

	const header = records[0]!.record.map((h) => h.trim().toLowerCase())
	const problems: CsvProblem[] = []
	const missing = PEOPLE_COLUMNS.filter((c) => !header.includes(c))
	const unknown = header.filter((h) => !([...PEOPLE_COLUMNS, ...OPTIONAL_PEOPLE_COLUMNS] as readonly string[]).includes(h))
	if (missing.length)
		problems.push({ line: 1, message: `Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. The first line must be: ${PEOPLE_COLUMNS.join(',')}` })
	if (unknown.length) problems.push({ line: 1, message: `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.map((h) => safeCell(h)).join(', ')}.` })
	const repeated = header.filter((h, i) => header.indexOf(h) !== i)
	if (repeated.length) problems.push({ line: 1, message: `Column${repeated.length > 1 ? 's' : ''} named twice: ${[...new Set(repeated)].map((h) => safeCell(h)).join(', ')}.` })
	if (problems.length) return { rows: [], problems }
	if (records.length === 1) return { rows: [], problems: [{ line: 2, message: 'The file has a header but no people.' }] }
	if (records.length - 1 > MAX_PEOPLE_ROWS)
		return {
			rows: [],
			problems: [{ line: 1, message: `At most ${MAX_PEOPLE_ROWS.toLocaleString('en')} people per file; this one has ${(records.length - 1).toLocaleString('en')}.` }],
		}

	const col = Object.fromEntries(PEOPLE_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof PEOPLE_COLUMNS)[number], number>
	const rows: PersonRow[] = []
	const firstLineOf = new Map<string, number>()

	for (const { record, info } of records.slice(1)) {
		// info.lines is the line the record ends on; a record spanning lines is rare in this file.
		const line = info.lines
		if (record.length !== header.length) {
			problems.push({ line, message: `Expected ${header.length} cells, found ${record.length}.` })
			continue
		}
		const cell = (c: (typeof PEOPLE_COLUMNS)[number]) => (record[col[c]] ?? '').trim()
		const localeColumn = header.indexOf('locale')
		const localeCell = localeColumn >= 0 ? (record[localeColumn] ?? '').trim().toLowerCase() : undefined
		const rowProblems: CsvProblem[] = []
		const email = emailSchema.safeParse(cell('email'))
		if (!email.success) rowProblems.push({ line, column: 'email', message: email.error.issues[0]!.message })
		const name = personNameSchema.safeParse(cell('name'))
		if (!name.success) rowProblems.push({ line, column: 'name', message: name.error.issues[0]!.message })
		const role = roleSchema.safeParse(asShown(cell('role'), roleLabels) || 'employee')
		if (!role.success) rowProblems.push({ line, column: 'role', message: `"${safeCell(cell('role'))}" is not a role. ${role.error.issues[0]!.message}` })
		const level = levelSchema.safeParse(asShown(cell('level'), levelLabels) || 'frontline')
		if (!level.success) rowProblems.push({ line, column: 'level', message: `"${safeCell(cell('level'))}" is not a level. ${level.error.issues[0]!.message}` })
		const teamPath = readWrittenTeamPath(cell('team'))
		if (teamPath) {
			const bad = teamPathParts(teamPath).map(teamNameProblem).find(Boolean)
			if (bad) rowProblems.push({ line, column: 'team', message: bad })
		}
		let managerEmail: string | null = null
		if (cell('manager_email')) {
			const m = emailSchema.safeParse(cell('manager_email'))
			if (!m.success) rowProblems.push({ line, column: 'manager_email', message: m.error.issues[0]!.message })
			else managerEmail = m.data
		}
		if (email.success) {
			const seen = firstLineOf.get(email.data)
			if (seen) rowProblems.push({ line, column: 'email', message: `${safeCell(email.data)} is already on line ${seen}.` })
			else firstLineOf.set(email.data, line)
			if (managerEmail === email.data) rowProblems.push({ line, column: 'manager_email', message: 'A person cannot be their own manager.' })
		}
		if (localeCell && !isLocale(localeCell))
			rowProblems.push({
				line,
				column: 'locale',
				message: `"${safeCell(localeCell)}" is not a language the app speaks: use one of ${LOCALES.join(', ')}, or leave it empty for the organisation's.`,
			})
		if (rowProblems.length) {
			problems.push(...rowProblems)
			continue
		}
		rows.push({
			line,
			email: email.data!,
			name: name.data!,
			teamPath: teamPath || null,
			role: role.data!,
			level: level.data!,
			managerEmail,
			...(localeCell === undefined ? {} : { locale: localeCell || null }),
		})
	}
	return { rows, problems, emails: new Set(firstLineOf.keys()) }
}

/**
 * Manager links must end somewhere: finds the people of the file whose chain of managers
 * (through the file, then the existing organisation) comes back to them.
 */
export function findManagerLoops(rows: PersonRow[], existingManagerOf: Map<string, string | null>): PersonRow[] {
	const managerOf = new Map(existingManagerOf)
	for (const r of rows) managerOf.set(r.email, r.managerEmail)
	const looping: PersonRow[] = []
	for (const r of rows) {
		const seen = new Set<string>([r.email])
		let current = r.managerEmail
		while (current) {
			if (seen.has(current)) {
				if (current === r.email) looping.push(r)
				break
			}
			seen.add(current)
			current = managerOf.get(current) ?? null
		}
	}
	return looping
}
