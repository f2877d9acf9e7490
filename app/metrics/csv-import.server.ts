/**
 * Importing events from CSV (`id,type,team,startedAt,endedAt,channel,approvals,outcome`),
 * streamed: the file is parsed as it arrives and never held as one string. All or nothing:
 * every row is checked before anything is written; a file with any bad row imports nothing and
 * reports the first problems with their line numbers, and how many more there are.
 */
import { Readable } from 'node:stream'

import { parse } from 'csv-parse'

import { csvParseProblem } from '~/utils/csv-parse-problem'
import { safeCell } from '~/utils/csv-safe'
import { hasNul, NUL_IN_FILE_MESSAGE, TEAM_DELETED_MESSAGE } from '~/utils/text'

import { EVENT_COLUMNS, type EventColumn, MAX_CSV_BYTES, MAX_CSV_ROWS } from './event-columns'
import { checkEvent, SeenIds, type ValidEvent } from './event-schema.server'
import { type IngestCounts, isTeamDeleted, SHOWN_PROBLEMS, teamIdsByPath, upsertEvents } from './ingest.server'

export interface CsvProblem {
	line: number
	column?: string
	message: string
}

export type CsvProgress = { phase: 'checking'; rows: number; bytes: number } | { phase: 'saving'; saved: number; total: number }

export type CsvImportOutcome = { ok: true; rows: number; counts: IngestCounts } | { ok: false; problems: CsvProblem[]; more: number }

const REQUIRED: EventColumn[] = ['id', 'type', 'team', 'startedAt']
const PROGRESS_EVERY_ROWS = 10_000

class TooLarge extends Error {}

/** `startedAt`, `Started_At`, `started at` all name the same column. */
const columnKey = (h: string) =>
	h
		.trim()
		.toLowerCase()
		.replace(/[\s_-]/g, '')
const COLUMN_BY_KEY = new Map(EVENT_COLUMNS.map((c) => [columnKey(c), c]))

async function* limited(source: AsyncIterable<Uint8Array | string>, maxBytes: number, counter: { bytes: number }) {
	for await (const chunk of source) {
		counter.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength
		if (counter.bytes > maxBytes) throw new TooLarge()
		yield chunk
	}
}

export async function importEventsCsv(
	orgId: string,
	source: AsyncIterable<Uint8Array | string>,
	options: { onProgress?: (p: CsvProgress) => void; now?: number; maxBytes?: number } = {},
): Promise<CsvImportOutcome> {
	const maxBytes = options.maxBytes ?? MAX_CSV_BYTES
	const problems: CsvProblem[] = []
	let problemCount = 0
	const report = (p: CsvProblem) => {
		problemCount++
		if (problems.length < SHOWN_PROBLEMS) problems.push(p)
	}
	const stop = (message: string, line = 1): CsvImportOutcome => ({ ok: false, problems: [{ line, message }], more: 0 })

	const ctx = { teams: await teamIdsByPath(orgId), now: options.now ?? Date.now() }
	const seen = new SeenIds()
	const events: ValidEvent[] = []
	const counter = { bytes: 0 }
	const input = Readable.from(limited(source, maxBytes, counter))
	const parser = parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true })
	input.on('error', (e) => parser.destroy(e))
	input.pipe(parser)

	let columns: (EventColumn | null)[] | null = null
	let rows = 0
	try {
		for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
			if (!columns) {
				if (record.some(hasNul)) {
					input.destroy()
					return stop(NUL_IN_FILE_MESSAGE)
				}
				columns = record.map((h) => COLUMN_BY_KEY.get(columnKey(h)) ?? null)
				const unknown = record.filter((_, i) => columns![i] === null)
				const missing = REQUIRED.filter((c) => !columns!.includes(c))
				const repeated = columns.filter((c, i) => c && columns!.indexOf(c) !== i)
				if (missing.length || unknown.length || repeated.length) {
					input.destroy()
					const parts = [
						missing.length ? `Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.` : '',
						unknown.length ? `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.map((h) => safeCell(h)).join(', ')}.` : '',
						repeated.length ? `Column${repeated.length > 1 ? 's' : ''} named twice: ${[...new Set(repeated)].join(', ')}.` : '',
					]
					return stop(`${parts.filter(Boolean).join(' ')} The first line must name the columns: ${EVENT_COLUMNS.join(',')}`)
				}
				continue
			}
			rows++
			if (rows > MAX_CSV_ROWS) {
				input.destroy()
				return stop(`At most ${MAX_CSV_ROWS.toLocaleString('en')} events per file. Split it into several files.`)
			}
			// info.lines is the line the record ends on (a quoted cell may span lines).
			const line = info.lines
			if (record.length !== columns.length) {
				report({ line, message: `Expected ${columns.length} cells, found ${record.length}.` })
				continue
			}
			const raw: Record<string, unknown> = {}
			columns.forEach((c, i) => {
				const cell = record[i]!.trim()
				if (c === 'approvals') raw[c] = cell === '' ? null : /^\d+$/.test(cell) ? Number(cell) : cell
				else if (c === 'id' || c === 'type' || c === 'team' || c === 'startedAt') raw[c] = cell === '' ? undefined : cell
				else if (c) raw[c] = cell === '' ? null : cell
			})
			const checked = checkEvent(raw, ctx)
			const earlier = seen.check(raw.id, line)
			if (earlier !== undefined) report({ line, column: 'id', message: `"${safeCell(String(raw.id))}" is already on line ${earlier}.` })
			if (!checked.ok) for (const p of checked.problems) report({ line, column: p.field, message: p.message })
			else if (problemCount === 0) events.push(checked.event)
			if (rows % PROGRESS_EVERY_ROWS === 0) options.onProgress?.({ phase: 'checking', rows, bytes: counter.bytes })
		}
	} catch (error) {
		input.destroy()
		if (error instanceof TooLarge) return stop(`The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB. Split it into several files.`)
		const plain = csvParseProblem(error)
		if (plain) return stop(plain.message, plain.line)
		throw error
	}
	if (!columns) return stop('The file is empty.')
	if (rows === 0) return stop('The file has a header but no events.', 2)
	if (problemCount) return { ok: false, problems, more: problemCount - problems.length }

	options.onProgress?.({ phase: 'checking', rows, bytes: counter.bytes })
	options.onProgress?.({ phase: 'saving', saved: 0, total: events.length })
	try {
		const counts = await upsertEvents(orgId, events, (saved) => options.onProgress?.({ phase: 'saving', saved, total: events.length }))
		return { ok: true, rows, counts }
	} catch (error) {
		if (isTeamDeleted(error)) return stop(TEAM_DELETED_MESSAGE)
		throw error
	}
}
