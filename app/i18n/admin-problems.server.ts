/**
 * The modules' messages about the admin's forms and files (people, teams, CSV import, surveys,
 * items, sharing, organisation and report settings) in the admin's language. The modules keep
 * their English messages (their tests and the API read them); each one an admin's page may show
 * has a pattern here and a key under `problems.` in the `admin` catalogue. A message that is not
 * the admin's own falls to the employee's patterns (`problems.server.ts`: e-mail, NUL, lengths),
 * then stays as written. A message built around another (`"x" is not a role. Role must be…`) is
 * translated around its inner message.
 */
import type { FieldErrors } from '~/utils/result'
import { NUL_IN_FILE_MESSAGE, NUL_MESSAGE } from '~/utils/text'
import { NOT_UTF8_MESSAGE } from '~/utils/utf8-file'

import { fixedT, hasMessage } from './i18n.server'
import { localizeProblem } from './problems.server'

type Values = Record<string, string | number>
type Pattern = [RegExp, string, (m: RegExpMatchArray, inner: (message: string) => string, t: (key: string) => string) => Values]

const none = () => ({})
const n = (s: string | undefined) => Number(String(s).replace(/[^\d]/g, ''))
const columnCount = (list: string) => list.split(', ').length
const exact = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)

const CSV_PARSE: Record<string, string> = {
	'a quote (") opens a cell here and is never closed. Close it, or remove it.': 'quoteNotClosed',
	'a quote (") stands inside a cell that does not start with one. Put the whole cell in quotes and write each quote in it twice ("").': 'quoteInside',
	'a cell in quotes goes on after its closing quote. Put the whole cell in quotes and write each quote in it twice ("").': 'afterClosingQuote',
	'a line is too long to read. Check for a quote (") that is never closed.': 'lineTooLong',
	'the cells cannot be read. Check the quotes (") on this line.': 'cellsUnreadable',
}

const PATTERNS: Pattern[] = [
	// Requests and records
	[/^That request was not understood\.$/, 'problems.notUnderstood', none],
	[/^That person does not exist\.$/, 'problems.noPerson', none],
	[/^That team does not exist\.$/, 'problems.noTeam', none],
	[/^That parent team does not exist\.$/, 'problems.noParentTeam', none],
	[/^That manager does not exist\.$/, 'problems.noManager', none],
	[/^That survey does not exist\.$/, 'problems.noSurvey', none],
	// People
	[/^Enter a name\.$/, 'problems.nameMissing', none],
	[/^A name has at most (\d+) characters\.$/, 'problems.nameLong', (m) => ({ max: n(m[1]) })],
	[/^Role must be one of: (.+)\.$/, 'problems.roleList', (m) => ({ list: m[1]! })],
	[/^Level must be one of: (.+)\.$/, 'problems.levelList', (m) => ({ list: m[1]! })],
	[/^Choose a team from the list\.$/, 'problems.teamFromList', none],
	[/^Choose a manager from the list\.$/, 'problems.managerFromList', none],
	[/^Choose a language from the list\.$/, 'problems.languageFromList', none],
	[/^Choose one of the languages offered\.$/, 'problems.languageFromList', none],
	[/^Someone in this organisation already has this e-mail address\.$/, 'problems.emailTaken', none],
	[/^This is the last active admin; make someone else admin first\.$/, 'problems.lastAdmin', none],
	[/^This file takes the role from every active admin; keep one admin, or make someone else admin first\.$/, 'problems.everyAdmin', none],
	[/^That would make a loop: this person already manages them\.$/, 'problems.managerLoop', none],
	[/^You cannot deactivate yourself\.$/, 'problems.deactivateSelf', none],
	[/^You cannot erase yourself; ask another admin\.$/, 'problems.eraseSelf', none],
	[/^Reactivate this person before inviting them\.$/, 'problems.reactivateFirst', none],
	// Teams
	[/^A team needs a name\.$/, 'problems.teamNameMissing', none],
	[/^A team name cannot contain "\/" \(it separates teams in a path\)\.$/, 'problems.teamNameSlash', none],
	[/^A team name has at most (\d+) characters\.$/, 'problems.teamNameLong', (m) => ({ max: n(m[1]) })],
	[/^There is already a team "(.+)"\.$/, 'problems.teamExists', (m) => ({ team: m[1]! })],
	// The CSV file
	[exact(NOT_UTF8_MESSAGE), 'problems.notUnicode', none],
	[exact(NUL_IN_FILE_MESSAGE), 'problems.nulInFile', none],
	[exact(NUL_MESSAGE), 'problems.nulInCell', none],
	[/^The file is not valid CSV: its cells cannot be read\.$/, 'problems.csvUnreadable', none],
	[/^The file is not valid CSV on line (\d+): (.+)$/, 'problems.csvInvalid', (m, inner) => ({ line: n(m[1]), what: inner(m[2]!) })],
	[/^The file is empty\.$/, 'problems.fileEmpty', none],
	[/^Missing columns?: (.+)\. The first line must be: (\S+)$/, 'problems.missingColumns', (m) => ({ columns: m[1]!, header: m[2]!, count: columnCount(m[1]!) })],
	[/^Unknown columns?: (.+)\.$/, 'problems.unknownColumns', (m) => ({ columns: m[1]!, count: columnCount(m[1]!) })],
	[/^Columns? named twice: (.+)\.$/, 'problems.repeatedColumns', (m) => ({ columns: m[1]!, count: columnCount(m[1]!) })],
	[/^The file has a header but no people\.$/, 'problems.noPeople', none],
	[/^At most ([\d,]+) people per file; this one has ([\d,]+)\.$/, 'problems.tooManyRows', (m) => ({ max: n(m[1]), rows: n(m[2]) })],
	[/^Expected (\d+) cells, found (\d+)\.$/, 'problems.cellCount', (m) => ({ expected: n(m[1]), found: n(m[2]) })],
	[/^"(.*)" is not a role\. (.+)$/, 'problems.notRole', (m, inner) => ({ value: m[1]!, rule: inner(m[2]!) })],
	[/^"(.*)" is not a level\. (.+)$/, 'problems.notLevel', (m, inner) => ({ value: m[1]!, rule: inner(m[2]!) })],
	[/^(\S+) is already on line (\d+)\.$/, 'problems.emailTwice', (m) => ({ email: m[1]!, line: n(m[2]) })],
	[/^A person cannot be their own manager\.$/, 'problems.ownManager', none],
	[/^"(.*)" is not a language the app speaks: use one of (.+), or leave it empty for the organisation's\.$/, 'problems.notLanguage', (m) => ({ value: m[1]!, list: m[2]! })],
	[/^People or teams changed while the file was imported, so nothing was imported\. Import it again\.$/, 'problems.changedMeanwhile', none],
	[/^No one with the e-mail (\S+) is in this file or the organisation\.$/, 'problems.noManagerEmail', (m) => ({ email: m[1]! })],
	[/^Managers go round in a loop from (\S+)\.$/, 'problems.managersLoop', (m) => ({ email: m[1]! })],
	[/^"(.+)" could be any of the teams (.+); write it exactly as the one you mean\.$/, 'problems.teamAmbiguous', (m) => ({ team: m[1]!, teams: m[2]! })],
	[
		/^"(.+)" would be a new team that looks like the existing team "(.+)" \(only case, spaces or separators differ\)\. Write the team as it is shown, or give the new team a name that cannot be mistaken for it\.$/,
		'problems.teamLooksLikeExisting',
		(m) => ({ team: m[1]!, like: m[2]! }),
	],
	[
		/^"(.+)" would be a new team that looks like "(.+)" on line (\d+) \(only case, spaces or separators differ\)\. Write the team as it is shown, or give the new team a name that cannot be mistaken for it\.$/,
		'problems.teamLooksLikeLine',
		(m) => ({ team: m[1]!, like: m[2]!, line: n(m[3]) }),
	],
	[/^(\S+@\S+): (.+)$/, 'problems.forPerson', (m, inner) => ({ email: m[1]!, problem: inner(m[2]!) })],
	// Organisation settings
	[/^Enter the organisation name\.$/, 'problems.orgName', none],
	[/^At most (\d+) characters\.$/, 'problems.atMostCharacters', (m) => ({ max: n(m[1]) })],
	[/^Choose a time zone from the list\.$/, 'problems.timeZone', none],
	[/^Enter a whole number\.$/, 'problems.integer', none],
	[/^At most (\d+)\.$/, 'problems.atMost', (m) => ({ max: n(m[1]) })],
	[/^The threshold is never below (\d+): smaller groups make answers guessable\.$/, 'problems.thresholdFloor', (m) => ({ min: n(m[1]) })],
	[/^Enter a whole number of months\.$/, 'problems.months', none],
	[/^At most 240 months \(20 years\)\.$/, 'problems.monthsMax', none],
	[/^Answers are kept at least 1 month \(usually (\d+)\)\.$/, 'problems.keepAnswers', (m) => ({ usual: n(m[1]) })],
	[/^Metric events are kept at least 1 month \(usually (\d+)\)\.$/, 'problems.keepEvents', (m) => ({ usual: n(m[1]) })],
	[/^The audit log are kept at least 1 month \(usually (\d+)\)\.$/, 'problems.keepAudit', (m) => ({ usual: n(m[1]) })],
	// Surveys and sharing
	[/^Give the survey a name\.$/, 'problems.surveyName', none],
	[/^Pick items from the list\.$/, 'problems.itemsFromList', none],
	[/^An item is picked twice\.$/, 'problems.itemTwice', none],
	[/^A pulse has at least (\d+) items: pick \d+ to (\d+)\.$/, 'problems.tooFewItems', (m) => ({ min: n(m[1]), max: n(m[2]) })],
	[/^A pulse has at most (\d+) items, so it takes a minute or two: remove some\.$/, 'problems.tooManyItems', (m) => ({ max: n(m[1]) })],
	[/^Choose who receives it\.$/, 'problems.audience', none],
	[/^Pick teams from the list\.$/, 'problems.teamsFromList', none],
	[/^Choose how often it is sent\.$/, 'problems.cadence', none],
	[/^Choose a weekday\.$/, 'problems.weekday', none],
	[/^Enter a time as HH:MM, e\.g\. 09:00\.$/, 'problems.time', none],
	[/^Enter a number of days\.$/, 'problems.days', none],
	[/^Enter a whole number of days\.$/, 'problems.wholeDays', none],
	[/^A wave stays open at least 1 day\.$/, 'problems.openAtLeast', none],
	[/^Enter 0 for no reminder\.$/, 'problems.reminderZero', none],
	[/^A weekly pulse stays open at most (\d+) days, so waves never overlap\.$/, 'problems.openMaxWeekly', (m) => ({ max: n(m[1]) })],
	[/^A two-weekly pulse stays open at most (\d+) days, so waves never overlap\.$/, 'problems.openMaxBiweekly', (m) => ({ max: n(m[1]) })],
	[/^A monthly pulse stays open at most (\d+) days, so waves never overlap\.$/, 'problems.openMaxMonthly', (m) => ({ max: n(m[1]) })],
	[/^The reminder must go out after the wave opens: use fewer days than it stays open \(0 for none\)\.$/, 'problems.reminderAfterOpen', none],
	[/^Pick at least one team, or send it to everyone\.$/, 'problems.pickTeam', none],
	[/^An archived survey cannot be changed\.$/, 'problems.archivedSurvey', none],
	[/^Some picked items do not exist\.$/, 'problems.itemsMissing', none],
	[/^Some picked teams do not exist\.$/, 'problems.teamsMissing', none],
	[/^Some picked items were archived from the bank; pick others\.$/, 'problems.itemsArchived', none],
	[/^Some of its items were archived from the bank; pick others first\.$/, 'problems.itemsArchivedFirst', none],
	[/^An? draft survey cannot become (\w+)\.$/, 'problems.statusFromDraft', (m, _, t) => ({ to: t(`surveys.statuses.${m[1]}`) })],
	[/^An? active survey cannot become (\w+)\.$/, 'problems.statusFromActive', (m, _, t) => ({ to: t(`surveys.statuses.${m[1]}`) })],
	[/^An? paused survey cannot become (\w+)\.$/, 'problems.statusFromPaused', (m, _, t) => ({ to: t(`surveys.statuses.${m[1]}`) })],
	[/^An? archived survey cannot become (\w+)\.$/, 'problems.statusFromArchived', (m, _, t) => ({ to: t(`surveys.statuses.${m[1]}`) })],
	[/^Activate the survey first\.$/, 'problems.activateFirst', none],
	[/^This period's wave \(from (\S+)\) has already been sent\.$/, 'problems.waveSent', (m) => ({ date: m[1]! })],
	[/^Choose when teams see the results\.$/, 'problems.shareMode', none],
	[/^Enter a number of days from 1 to (\d+)\.$/, 'problems.delayDays', (m) => ({ max: n(m[1]) })],
	// Items
	[/^Choose what the item measures\.$/, 'problems.dimension', none],
	[/^Choose how it is answered\.$/, 'problems.kind', none],
	[/^Write the item as a full sentence \(at least (\d+) characters\)\.$/, 'problems.itemShort', (m) => ({ min: n(m[1]) })],
	[/^Keep it under (\d+) characters: pulses are answered on phones\.$/, 'problems.itemLong', (m) => ({ max: n(m[1]) })],
	[/^Only agree–disagree items can be reverse-scored\.$/, 'problems.reverseLikert', none],
	[/^Free-text items belong to the "Open comment" group\.$/, 'problems.textInComment', none],
	// Report settings
	[/^Use a real date like 2026-03-02\.$/, 'problems.date', none],
	[/^Weights are 0 or more\.$/, 'problems.weightNegative', none],
	[/^Enter a number of minutes\.$/, 'problems.minutes', none],
	[/^Enter a positive number of minutes\.$/, 'problems.positiveMinutes', none],
	[/^Enter a number of hours\.$/, 'problems.hoursNumber', none],
	[/^Enter a positive number of hours\.$/, 'problems.positiveHours', none],
	[/^Enter a number from 1 to 100\.$/, 'problems.oneToHundred', none],
	[/^The comment threshold is never below the anonymity threshold \((\d+)\)\.$/, 'problems.commentFloor', (m) => ({ k: n(m[1]) })],
	[/^Give both ends of the baseline period, or neither\.$/, 'problems.baselineEnds', none],
	[/^The baseline ends before it starts\.$/, 'problems.baselineBackwards', none],
	[/^The weights add up to 0: give at least one part a weight above 0\.$/, 'problems.weightsZero', none],
	// zod's own words where a schema gives none (a bound without a message)
	[/^Number must be less than or equal to (\d+)$/, 'problems.atMost', (m) => ({ max: n(m[1]) })],
	[/^Number must be greater than or equal to (\d+)$/, 'problems.atLeast', (m) => ({ min: n(m[1]) })],
	[/^Expected number, received nan$/, 'problems.number', none],
]

const CSV_PARSE_KEYS: Record<string, string> = Object.fromEntries(Object.entries(CSV_PARSE).map(([text, key]) => [text, key]))

/** One message in the admin's language (the employee's patterns next; else as written). */
export function localizeAdminProblem(locale: string, message: string): string {
	const t = fixedT(locale, 'admin')
	const inner = (m: string): string => {
		const parse = CSV_PARSE_KEYS[m]
		if (parse) return csvParseText(t, parse)
		return localizeAdminProblem(locale, m)
	}
	for (const [pattern, key, values] of PATTERNS) {
		const m = message.match(pattern)
		if (m)
			return t(
				key,
				values(m, inner, (k) => t(k)),
			)
	}
	return localizeProblem(locale, message)
}

// Literal keys, so the catalogue test sees each one in use.
function csvParseText(t: ReturnType<typeof fixedT>, key: string): string {
	switch (key) {
		case 'quoteNotClosed':
			return t('csvParse.quoteNotClosed')
		case 'quoteInside':
			return t('csvParse.quoteInside')
		case 'afterClosingQuote':
			return t('csvParse.afterClosingQuote')
		case 'lineTooLong':
			return t('csvParse.lineTooLong')
		default:
			return t('csvParse.cellsUnreadable')
	}
}

export function localizeAdminProblems(locale: string, errors: FieldErrors): FieldErrors {
	return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, message === undefined ? message : localizeAdminProblem(locale, message)]))
}

/** The problems of a CSV file, each in the admin's language. */
export function localizeCsvProblems<P extends { message: string }>(locale: string, problems: P[]): P[] {
	return problems.map((p) => ({ ...p, message: localizeAdminProblem(locale, p.message) }))
}

/**
 * The built-in items of a page's bank in the admin's language (the `bank` catalogue, by the
 * item's key); the organisation's own items stay as the admin wrote them.
 */
export function bankTexts<T extends { bank: { text: string; key?: string | null }[] }>(locale: string, page: T): T {
	return { ...page, bank: page.bank.map((b) => ({ ...b, text: bankText(locale, b) })) }
}

export function bankText(locale: string, item: { text: string; key?: string | null }): string {
	return item.key && hasMessage(locale, 'bank', item.key) ? fixedT(locale, 'bank')(item.key) : item.text
}
