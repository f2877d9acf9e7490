/**
 * A CSV reader's error in plain words: the line and what is wrong there, with how to fix it.
 * The parser's own text ("Invalid Closing Quote: got "y" at line 2 instead of delimiter, record
 * delimiter, trimable character (if activated) or comment") meant nothing to the people reading it.
 */
const PLAIN: Record<string, string> = {
	CSV_QUOTE_NOT_CLOSED: 'a quote (") opens a cell here and is never closed. Close it, or remove it.',
	INVALID_OPENING_QUOTE: 'a quote (") stands inside a cell that does not start with one. Put the whole cell in quotes and write each quote in it twice ("").',
	CSV_INVALID_CLOSING_QUOTE: 'a cell in quotes goes on after its closing quote. Put the whole cell in quotes and write each quote in it twice ("").',
	CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a cell in quotes goes on after its closing quote. Put the whole cell in quotes and write each quote in it twice ("").',
	CSV_MAX_RECORD_SIZE: 'a line is too long to read. Check for a quote (") that is never closed.',
}

/** Null when the error is not the CSV reader's (the caller then lets it through). */
export function csvParseProblem(error: unknown): { line: number; message: string } | null {
	const e = error as { code?: unknown; lines?: unknown }
	if (typeof e?.code !== 'string' || typeof e.lines !== 'number') return null
	const what = PLAIN[e.code] ?? 'the cells cannot be read. Check the quotes (") on this line.'
	return { line: e.lines, message: `The file is not valid CSV on line ${e.lines}: ${what}` }
}
