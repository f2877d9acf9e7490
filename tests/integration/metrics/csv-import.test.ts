/**
 * Importing events from CSV: streamed, all or nothing, problems with their line numbers (the
 * first 100 and how many more), never echoing a cell a spreadsheet would run as a formula.
 */
import { count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { importEventsCsv } from '~/metrics/csv-import.server'
import * as importPage from '~/routes/admin+/metrics.import'
import * as upload from '~/routes/admin+/metrics.upload'
import { db } from '~/utils/db.server'
import { metricEvents } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, postRequest } from '../../support/requests'

useTestDatabase()

const HEADER = 'id,type,team,startedAt,endedAt,channel,approvals,outcome'
let orgId: string

beforeAll(async () => {
	orgId = (await makeOrg()).id
	await makeTeam(orgId, 'Care/Social')
	await makeTeam(orgId, 'Marketing')
})

/** The text in chunks of uneven size, as a network would deliver it. */
async function* chunks(text: string, size = 7919) {
	const bytes = new TextEncoder().encode(text)
	for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

const importText = (text: string, options?: Parameters<typeof importEventsCsv>[2]) => importEventsCsv(orgId, chunks(text), options)

async function countEvents() {
	const [n] = await db().select({ n: count() }).from(metricEvents).where(eq(metricEvents.orgId, orgId))
	return n!.n
}

function file(n: number, prefix = 'r') {
	const lines = [HEADER]
	const t0 = Date.UTC(2025, 0, 1)
	for (let i = 0; i < n; i++) {
		const started = new Date(t0 + i * 97_000).toISOString()
		if (i % 3 === 2)
			lines.push(`${prefix}${i},approval,Marketing,${started},${i % 2 ? '' : new Date(t0 + i * 97_000 + 7_200_000).toISOString()},,${1 + (i % 3)},${i % 2 ? '' : 'approved'}`)
		else lines.push(`${prefix}${i},customer_response,Care/Social,${started},${i % 10 === 0 ? '' : new Date(t0 + i * 97_000 + 1_800_000).toISOString()},twitter,,`)
	}
	return `${lines.join('\r\n')}\r\n`
}

describe('CSV import of events', () => {
	test('a good file imports; importing it again updates and never duplicates', async () => {
		const text = file(1200, 'good-')
		expect(await importText(text)).toEqual({ ok: true, rows: 1200, counts: { inserted: 1200, updated: 0 } })
		expect(await importText(text)).toEqual({ ok: true, rows: 1200, counts: { inserted: 0, updated: 1200 } })
		expect(await countEvents()).toBe(1200)
		const [row] = await db().select().from(metricEvents).where(eq(metricEvents.externalId, 'good-2'))
		expect(row).toMatchObject({ type: 'approval', approvals: 3, outcome: 'approved', channel: null })
	})

	test('columns may be in any order, with other spellings, and the optional ones left out', async () => {
		const r = await importText('Team,Started_At,ID,Type\nCare/Social,2025-02-03T10:00:00+01:00,short-1,customer_response\n')
		expect(r).toEqual({ ok: true, rows: 1, counts: { inserted: 1, updated: 0 } })
	})

	test('a file with bad rows imports nothing and lists each problem with its line', async () => {
		const before = await countEvents()
		const lines = file(50, 'bad-').split('\r\n')
		lines[3] = 'bad-2,customer_response,=HYPERLINK(1),2025-01-01T00:00:00Z,,,,'
		lines[10] = 'bad-9,tweet,Care/Social,2025-01-01 10:00,2025-01-01T09:00:00Z,,,'
		lines[20] = 'bad-1,customer_response,Care/Social,2025-01-01T10:00:00Z,2025-01-01T09:00:00Z,,,'
		lines[30] = 'only,three,cells'
		lines[40] = 'bad-39,approval,Marketing,2025-01-01T10:00:00Z,2025-01-01T12:00:00Z,,two,'
		const r = await importText(lines.join('\r\n'))
		expect(r).toEqual({
			ok: false,
			more: 0,
			problems: [
				{ line: 4, column: 'team', message: `No team "'=HYPERLINK(1)" in this organisation (paths look like Marketing/Social).` },
				{ line: 11, column: 'type', message: 'Unknown type "tweet": use customer_response or approval.' },
				{ line: 11, column: 'startedAt', message: '"2025-01-01 10:00" has no time zone: add Z for UTC or an offset such as +01:00.' },
				{ line: 21, column: 'id', message: '"bad-1" is already on line 3.' },
				{ line: 21, column: 'endedAt', message: 'endedAt is before startedAt.' },
				{ line: 31, message: 'Expected 8 cells, found 3.' },
				{ line: 41, column: 'approvals', message: 'Expected a whole number of sign-offs, at least 1.' },
			],
		})
		expect(await countEvents()).toBe(before)
	})

	test('the first 100 problems, and how many more', async () => {
		const lines = [HEADER, ...Array.from({ length: 250 }, (_, i) => `m${i},customer_response,Nowhere,2025-01-01T00:00:00Z,,,,`)]
		const r = await importText(lines.join('\n'))
		expect(r.ok).toBe(false)
		if (r.ok) return
		expect(r.problems).toHaveLength(100)
		expect(r.problems[99]!.line).toBe(101)
		expect(r.more).toBe(150)
	})

	test('a wrong header, an empty file, broken CSV and an oversized file are refused as a whole', async () => {
		expect(await importText('id,kind,team,startedAt,=cmd\n1,2,3,4,5\n')).toEqual({
			ok: false,
			more: 0,
			problems: [{ line: 1, message: `Missing column: type. Unknown columns: kind, '=cmd. The first line must name the columns: ${HEADER}` }],
		})
		expect(await importText('')).toEqual({ ok: false, more: 0, problems: [{ line: 1, message: 'The file is empty.' }] })
		expect(await importText(`${HEADER}\n`)).toEqual({ ok: false, more: 0, problems: [{ line: 2, message: 'The file has a header but no events.' }] })
		const broken = await importText(`${HEADER}\nx,customer_response,"Care/Social,2025-01-01T00:00:00Z,,,,\n`)
		expect(broken.ok).toBe(false)
		if (!broken.ok) expect(broken.problems[0]!.message).toBe('The file is not valid CSV on line 2: a quote (") opens a cell here and is never closed. Close it, or remove it.')
		expect(await importText(file(2000), { maxBytes: 50_000 })).toEqual({
			ok: false,
			more: 0,
			problems: [{ line: 1, message: 'The file is larger than 0 MB. Split it into several files.' }],
		})
	})

	// The 200,000-row file is in tests/volume (npm run test:volume, once in CI): here a file large
	// enough to go through several batches, so progress is reported more than once on the way.
	test('a file of many batches imports whole, reporting progress on the way', async () => {
		const text = file(12_000, 'many-')
		const progress: string[] = []
		const r = await importText(text, { onProgress: (p) => progress.push(p.phase) })
		expect(r).toEqual({ ok: true, rows: 12_000, counts: { inserted: 12_000, updated: 0 } })
		expect(progress.filter((p) => p === 'checking').length).toBeGreaterThanOrEqual(2)
		expect(progress.filter((p) => p === 'saving').length).toBeGreaterThanOrEqual(2)
	}, 180_000)
})

describe('the import routes', () => {
	test('the upload route streams progress lines, then the outcome', async () => {
		const admin = await sessionCookieFor(await makeUser(orgId, { role: 'admin' }))
		const request = new Request('http://localhost:3000/admin/metrics/upload', {
			method: 'POST',
			headers: { Origin: 'http://localhost:3000', Cookie: admin, 'Content-Type': 'text/csv' },
			body: file(25_000, 'up-'),
		})
		const response = (await upload.action({ request, params: {}, context: {} })) as Response
		expect(response.headers.get('Content-Type')).toMatch(/^application\/x-ndjson/)
		expect(response.headers.get('Cache-Control')).toContain('no-transform')
		const lines = (await response.text())
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l))
		expect(lines.at(-1)).toEqual({ type: 'result', outcome: { ok: true, rows: 25_000, counts: { inserted: 25_000, updated: 0 } } })
		expect(lines.filter((l) => l.type === 'progress' && l.phase === 'checking').length).toBeGreaterThanOrEqual(2)
		expect(lines.filter((l) => l.type === 'progress' && l.phase === 'saving').at(-1)).toEqual({ type: 'progress', phase: 'saving', saved: 25_000, total: 25_000 })
	})

	test('without JavaScript the page imports the posted file itself; only admins may', async () => {
		const admin = await sessionCookieFor(await makeUser(orgId, { role: 'admin' }))
		const form = new FormData()
		form.set('file', new File([file(10, 'nojs-')], 'events.csv', { type: 'text/csv' }))
		expect(await call(importPage.action, postRequest('/admin/metrics/import', form, admin))).toMatchObject({ status: 200, data: { ok: true, rows: 10 } })
		const bad = new FormData()
		bad.set('file', new File([`${HEADER}\nx,customer_response,Nowhere,2025-01-01T00:00:00Z,,,,\n`], 'events.csv', { type: 'text/csv' }))
		expect(await call(importPage.action, postRequest('/admin/metrics/import', bad, admin))).toMatchObject({
			status: 422,
			data: { ok: false, problems: [{ line: 2, column: 'team' }] },
		})
		const employee = await sessionCookieFor(await makeUser(orgId, { role: 'executive' }))
		expect((await call(importPage.action, postRequest('/admin/metrics/import', form, employee))).status).toBe(403)
		expect((await call(upload.action, postRequest('/admin/metrics/upload', form, employee))).status).toBe(403)
	})
})
