/**
 * The modules' messages about a form (English, as their tests and the API read them) in the
 * reader's language, for the pages whose words come from the catalogues. Each message a module
 * may return on such a page has a pattern here and a key under `problems.` in every catalogue;
 * a message without one stays as written (the catalogue test lists the pages that show them).
 */
import type { FieldErrors } from '~/utils/result'
import { NUL_MESSAGE } from '~/utils/text'

import { fixedT } from './i18n.server'

type Pattern = [RegExp, string, (m: RegExpMatchArray) => Record<string, number>]

const none = () => ({})
const PATTERNS: Pattern[] = [
	[/^Choose an answer\.$/, 'problems.chooseAnswer', none],
	[/^Enter an answer\.$/, 'problems.enterAnswer', none],
	[/^Enter a number\.$/, 'problems.enterNumber', none],
	[/^Choose one of the five answers\.$/, 'problems.chooseOfFive', none],
	[/^Choose a number from 0 to 10\.$/, 'problems.chooseZeroToTen', none],
	[/^Enter a whole number from 0 to (\d+)\.$/, 'problems.wholeNumber', (m) => ({ max: Number(m[1]) })],
	[/^Enter a number of hours from 0 to (\d+)\.$/, 'problems.hours', (m) => ({ max: Number(m[1]) })],
	[/^At most (\d+) characters \(you wrote (\d+)\)\.$/, 'problems.textTooLong', (m) => ({ max: Number(m[1]), count: Number(m[2]) })],
	[new RegExp(`^${NUL_MESSAGE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), 'problems.nul', none],
	[/^Use at least (\d+) characters\.$/, 'problems.passwordShort', (m) => ({ count: Number(m[1]) })],
	[/^Use at most (\d+) characters\.$/, 'problems.passwordLong', (m) => ({ count: Number(m[1]) })],
	[/^This password is too easy to guess/, 'problems.passwordWeak', none],
	[/^The two passwords are not the same\.$/, 'problems.passwordsDiffer', none],
	[/^This link has expired or has already been used\./, 'problems.linkExpired', none],
	[/^This link has already been used\.$/, 'problems.linkUsed', none],
	[/^Enter an e-mail address\.$/, 'problems.emailMissing', none],
	[/^An e-mail address has at most (\d+) characters\.$/, 'problems.emailLong', (m) => ({ max: Number(m[1]) })],
	[/^This is not a valid e-mail address\.$/, 'problems.emailInvalid', none],
	[/^Enter your password\.$/, 'problems.passwordMissing', none],
	[/^That password is too long\.$/, 'problems.passwordTooLong', none],
	[/^Choose one\.$/, 'problems.chooseOne', none],
]

export function localizeProblem(locale: string, message: string): string {
	for (const [pattern, key, values] of PATTERNS) {
		const m = message.match(pattern)
		if (m) return fixedT(locale, 'app')(key, values(m))
	}
	return message
}

export function localizeProblems(locale: string, errors: FieldErrors): FieldErrors {
	return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, message === undefined ? message : localizeProblem(locale, message)]))
}
