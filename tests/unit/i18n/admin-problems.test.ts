/**
 * The modules' messages on the admin's pages, in the admin's language: each message a CSV file
 * or a form can produce reads the same in English as the module wrote it (the English catalogue
 * says exactly what the module says), and differently in German and Japanese, with its data
 * (a cell, an address, a line number) kept.
 */
import { describe, expect, it } from 'vitest'

import { localizeAdminProblem, localizeAdminProblems } from '~/i18n/admin-problems.server'
import { readPeopleCsv } from '~/org/people-csv'
import { NOT_UTF8_MESSAGE } from '~/utils/utf8-file'

const HEADER = 'email,name,team,role,level,manager_email'

/** Messages as the modules write them: read from a real parse where one is pure, else as written in the module. */
function csvMessages(): string[] {
	const files = [
		['email,name', 'a@example.com,Ann'].join('\n'),
		[HEADER + ',department', 'a@example.com,Ann,,employee,frontline,,x'].join('\n'),
		'',
		HEADER,
		[HEADER, 'not-an-address,,,boss,middle,a@example.com', 'b@example.com,Bo,,,,b@example.com', 'b@example.com,Bo Two,,,,'].join('\n'),
		[HEADER, 'a@example.com,Ann,,,'].join('\n'),
		[HEADER, '"a@example.com,Ann'].join('\n'),
		[HEADER + ',locale', 'a@example.com,Ann,,,,,xx'].join('\n'),
	]
	return files.flatMap((f) => readPeopleCsv(f).problems.map((p) => p.message))
}

const FORM_MESSAGES = [
	'That request was not understood.',
	'Enter the organisation name.',
	'The threshold is never below 3: smaller groups make answers guessable.',
	'A weekly pulse stays open at most 7 days, so waves never overlap.',
	'An archived survey cannot become active.',
	'There is already a team "Marketing/Social".',
	'Write the item as a full sentence (at least 10 characters).',
	'The baseline ends before it starts.',
	'No one with the e-mail boss@example.com is in this file or the organisation.',
	'ann@example.com: This is the last active admin; make someone else admin first.',
	NOT_UTF8_MESSAGE,
]

describe("the modules' messages in the admin's language", () => {
	const messages = [...csvMessages(), ...FORM_MESSAGES]

	it('the CSV parse gives the messages this test is about', () => {
		expect(messages.length).toBeGreaterThan(FORM_MESSAGES.length + 8)
	})

	it('in English each message reads exactly as the module wrote it', () => {
		for (const m of messages) expect(localizeAdminProblem('en', m)).toBe(m)
	})

	it('in German and Japanese each one is translated, keeping its data', () => {
		for (const locale of ['de', 'ja']) for (const m of messages) expect(localizeAdminProblem(locale, m), `${locale}: ${m}`).not.toBe(m)
		expect(localizeAdminProblem('de', 'No one with the e-mail boss@example.com is in this file or the organisation.')).toBe(
			'Niemand mit der E-Mail-Adresse boss@example.com ist in dieser Datei oder in der Organisation.',
		)
		expect(localizeAdminProblem('de', 'An archived survey cannot become active.')).toBe('Eine archivierte Befragung kann nicht aktiv werden.')
		expect(localizeAdminProblem('de', 'ann@example.com: This is the last active admin; make someone else admin first.')).toBe(
			'ann@example.com: Dies ist der letzte aktive Admin; machen Sie zuerst eine andere Person zum Admin.',
		)
	})

	it('a form’s errors keep their fields; a message no pattern knows stays as written', () => {
		expect(localizeAdminProblems('fr', { name: 'Enter the organisation name.', other: 'Something new.' })).toEqual({
			name: 'Saisissez le nom de l’organisation.',
			other: 'Something new.',
		})
	})
})
