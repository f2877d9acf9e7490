/**
 * Text that can be stored. PostgreSQL text cannot hold the NUL character (U+0000): an insert
 * or even a lookup with one fails ("invalid byte sequence for encoding UTF8: 0x00"). Every
 * text input is checked here first, so the person gets a message instead of a 500. Shared with
 * the browser, so nothing server-only here.
 */
import { z } from 'zod'

/** When a team named by events was deleted while they were saved (the API, the CSV import, and the message's translations read it here). */
export const TEAM_DELETED_MESSAGE = 'A team of these events was deleted while they were being saved, so nothing was saved. Check the teams and send them again.'

export const NUL_MESSAGE = 'This contains a NUL character (\\0), which cannot be stored. Remove it and try again.'

export function hasNul(value: string): boolean {
	return value.includes('\u0000')
}

/**
 * `z.string()` that refuses a NUL character, with its message first (before the field's own
 * rules add theirs). Still a ZodString, so `.trim().min().max()…` chain on it as usual.
 */
export function textSchema(params?: Parameters<typeof z.string>[0]) {
	// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
	return z.string(params).regex(/^[^\u0000]*$/, NUL_MESSAGE)
}

/** A file is more often the cause than a cell: a spreadsheet's "Unicode text" export is UTF-16. */
export const NUL_IN_FILE_MESSAGE =
	'This line contains a NUL character (\\0), which cannot be stored. If the file is saved as UTF-16 ("Unicode text"), save it again as "CSV UTF-8".'

/** The line numbers (from 1) of the lines of a text that contain a NUL character. */
export function linesWithNul(text: string): number[] {
	if (!hasNul(text)) return []
	return text.split('\n').flatMap((line, i) => (hasNul(line) ? [i + 1] : []))
}
