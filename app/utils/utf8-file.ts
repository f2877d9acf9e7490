/**
 * An uploaded file read as UTF-8, or the lines that are not. A spreadsheet's plain "CSV" export
 * is often Windows-1252 (Latin-1): read as UTF-8 its "José López" silently becomes "Jos� L�pez"
 * and is stored so. The decoder is strict (fatal), so such a file is refused with its lines and
 * how to save it correctly, never half-read. Pure; shared by every CSV upload.
 */
export const NOT_UTF8_MESSAGE =
	'This line is not UTF-8 text (the file looks saved as Windows-1252 / Latin-1, so accented letters would be garbled). Save the file again as "CSV UTF-8" (Excel: File › Save As › CSV UTF-8 (Comma delimited)) and import that.'

export type DecodedFile = { ok: true; text: string } | { ok: false; lines: number[] }

export function decodeUtf8File(bytes: Uint8Array): DecodedFile {
	try {
		return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
	} catch {
		return { ok: false, lines: linesNotUtf8(bytes) }
	}
}

/** The line numbers (from 1) whose bytes are not valid UTF-8. A line break (0x0A) never is part of a multi-byte character. */
function linesNotUtf8(bytes: Uint8Array): number[] {
	const strict = new TextDecoder('utf-8', { fatal: true })
	const lines: number[] = []
	let start = 0
	let line = 1
	for (let i = 0; i <= bytes.length; i++) {
		if (i < bytes.length && bytes[i] !== 0x0a) continue
		try {
			strict.decode(bytes.subarray(start, i))
		} catch {
			lines.push(line)
		}
		start = i + 1
		line++
	}
	return lines
}
