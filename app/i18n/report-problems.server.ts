/**
 * The messages of the reading pages' modules (dashboard filters, action forms, replies to
 * comments: English, as their tests and the API read them) in the reader's language. Each has a
 * pattern here and a key under `problems.` of the `reports` catalogue; anything else goes to the
 * app's shared problems (`localizeProblem`), and a message with neither stays as written.
 */
import type { FieldErrors } from '~/utils/result'

import { fixedT } from './i18n.server'
import { localizeProblem } from './problems.server'

type Values = Record<string, string | number>
type Pattern = [RegExp, string, (m: RegExpMatchArray) => Values]

const none = () => ({})
const PATTERNS: Pattern[] = [
	// The dashboard's filters (app/reports/mindset-query.server.ts).
	[/^Required: a date as YYYY-MM-DD\.$/, 'problems.dateRequired', none],
	[/^"(.*)" is not a date as YYYY-MM-DD \(from 1970 on\)\.$/s, 'problems.notADate', (m) => ({ value: m[1]! })],
	[/^"to" is before "from"\.$/, 'problems.toBeforeFrom', none],
	[/^At most two years at a time\.$/, 'problems.twoYears', none],
	[/^"(.*)" is not a level: use (.*), or leave it out for everyone\.$/s, 'problems.notALevel', (m) => ({ value: m[1]!, levels: m[2]! })],
	// Actions (app/actions/action-schema.server.ts, create-action.server.ts, add-action-update.server.ts).
	[/^Choose a team\.$/, 'problems.chooseTeam', none],
	[/^Choose a team from the list\.$/, 'problems.chooseTeamFromList', none],
	[/^Choose one of the teams you lead\.$/, 'problems.notYourTeam', none],
	[/^Choose a dimension from the list, or a comment theme\.$/, 'problems.chooseDimension', none],
	[/^A theme has at most (\d+) characters\.$/, 'problems.themeTooLong', (m) => ({ count: Number(m[1]) })],
	[/^Say what will change\.$/, 'problems.sayWhat', none],
	[/^Say what will change \(at least (\d+) characters\)\.$/, 'problems.sayWhatLonger', (m) => ({ count: Number(m[1]) })],
	[/^At most (\d+) characters\.$/, 'problems.tooLong', (m) => ({ count: Number(m[1]) })],
	[/^Enter a due date as YYYY-MM-DD\.$/, 'problems.dueDate', none],
	[/^Enter a start date as YYYY-MM-DD\.$/, 'problems.startDate', none],
	[/^Enter the date as YYYY-MM-DD\.$/, 'problems.date', none],
	[/^Choose a status\.$/, 'problems.chooseStatus', none],
	[/^Name the comment theme this action answers, or choose a dimension\.$/, 'problems.nameTheme', none],
	[/^An action targets a dimension or a comment theme, not both: leave the theme empty\.$/, 'problems.notBoth', none],
	[/^The due date is before the start date\.$/, 'problems.dueBeforeStart', none],
	[/^Write what happened\.$/, 'problems.writeWhat', none],
	[/^An update tells what happened: its date cannot be in the future\.$/, 'problems.updateInFuture', none],
	[/^Choose an owner from the list: you, or someone in the action’s team or in a team above or below it\.$/, 'problems.ownerOutOfReach', none],
	[/^Choose an owner from the list\.$/, 'problems.chooseOwner', none],
	[/^That request was not understood\.$/, 'problems.notUnderstood', none],
	// Replies to comments (app/replies/threads.server.ts).
	[/^Write a reply first\.$/, 'problems.writeReply', none],
	[/^Its author did not ask for replies, so nobody could read yours\.$/, 'problems.notReplyable', none],
]

export function localizeReportProblem(locale: string, message: string): string {
	for (const [pattern, key, values] of PATTERNS) {
		const m = message.match(pattern)
		if (m) return fixedT(locale, 'reports')(key, values(m))
	}
	return localizeProblem(locale, message)
}

export function localizeReportProblems<E extends FieldErrors | Partial<Record<string, string>>>(locale: string, errors: E): E {
	return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, message === undefined ? message : localizeReportProblem(locale, message)])) as E
}
