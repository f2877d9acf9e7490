/**
 * The weekly figures against a second computation in plain TypeScript (luxon for the weeks,
 * sorting for the percentiles), on random events that cross a daylight-saving change, a year
 * boundary and local midnights. And who may read them.
 */
import { eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { beforeAll, describe, expect, test } from 'vitest'

import { createApiKey } from '~/api/api-keys.server'
import type { WeeklyRow } from '~/metrics/weekly.server'
import * as metricsPage from '~/routes/admin+/metrics._index'
import * as eventsApi from '~/routes/api+/v1.events'
import * as weekly from '~/routes/api+/v1.metrics.weekly'
import * as teamsApi from '~/routes/api+/v1.teams'
import { db } from '~/utils/db.server'
import { organizations } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { apiRequest, call, getRequest } from '../../support/requests'

useTestDatabase()

const ZONE = 'Europe/Berlin'
const TEAMS = ['Care', 'Marketing', 'Marketing/Social', 'Marketing/Social/Paid']

interface Sent {
	id: string
	type: 'customer_response' | 'approval'
	team: string
	startedAt: string
	endedAt: string | null
	approvals?: number | null
}

/** A small deterministic generator (mulberry32), so a failure can be reproduced. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296
	}
}

function makeEvents(n: number): Sent[] {
	const rnd = random(20250330)
	const start = Date.UTC(2024, 11, 20)
	const end = Date.UTC(2025, 3, 15)
	const out: Sent[] = []
	for (let i = 0; i < n; i++) {
		const type = rnd() < 0.65 ? 'customer_response' : 'approval'
		let started = start + Math.floor(rnd() * (end - start))
		// Some events a few minutes either side of a local Monday midnight.
		if (i % 25 === 0) started = DateTime.fromMillis(started, { zone: ZONE }).startOf('week').toMillis() + Math.round((rnd() - 0.5) * 20 * 60_000)
		const open = rnd() < 0.1
		const scale = type === 'approval' ? 72 * 3600_000 : 4 * 3600_000
		// Durations with ties and zeros, not only smooth values.
		const duration = i % 17 === 0 ? 0 : i % 11 === 0 ? 30 * 60_000 : Math.floor(rnd() * rnd() * scale)
		out.push({
			id: `ev-${i}`,
			type,
			team: TEAMS[Math.floor(rnd() * TEAMS.length)]!,
			startedAt: new Date(started).toISOString(),
			endedAt: open ? null : new Date(started + duration).toISOString(),
			...(type === 'approval' ? { approvals: rnd() < 0.2 ? null : 1 + Math.floor(rnd() * 4) } : {}),
		})
	}
	return out
}

/** percentile_cont as PostgreSQL defines it: linear interpolation at p·(n−1) of the sorted values. */
function percentileCont(sorted: number[], p: number) {
	const pos = p * (sorted.length - 1)
	const lo = Math.floor(pos)
	const hi = Math.ceil(pos)
	return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

function expected(sent: Sent[], from: string, to: string, rollup?: string) {
	const groups = new Map<string, { team: string; week: string; type: string; n: number; durations: number[]; approvals: number[] }>()
	for (const e of sent) {
		const local = DateTime.fromISO(e.startedAt, { zone: ZONE })
		const day = local.toISODate()!
		if (day < from || day > to) continue
		if (rollup && !(e.team === rollup || e.team.startsWith(`${rollup}/`))) continue
		const team = rollup ?? e.team
		const week = local.startOf('week').toISODate()!
		const key = `${team}|${week}|${e.type}`
		const g = groups.get(key) ?? { team, week, type: e.type, n: 0, durations: [], approvals: [] }
		g.n++
		if (e.endedAt) g.durations.push((Date.parse(e.endedAt) - Date.parse(e.startedAt)) / (e.type === 'approval' ? 3_600_000 : 60_000))
		if (e.approvals) g.approvals.push(e.approvals)
		groups.set(key, g)
	}
	return [...groups.values()].map((g) => {
		const sorted = [...g.durations].sort((a, b) => a - b)
		return {
			key: `${g.team}|${g.week}|${g.type}`,
			isoWeek: DateTime.fromISO(g.week).toFormat("kkkk-'W'WW"),
			count: g.n,
			answered: sorted.length,
			open: g.n - sorted.length,
			median: sorted.length ? percentileCont(sorted, 0.5) : null,
			p90: sorted.length ? percentileCont(sorted, 0.9) : null,
			meanApprovals: g.type === 'approval' && g.approvals.length ? g.approvals.reduce((a, b) => a + b, 0) / g.approvals.length : null,
		}
	})
}

function compare(rows: WeeklyRow[], want: ReturnType<typeof expected>) {
	const got = new Map(rows.map((r) => [`${r.team}|${r.week}|${r.type}`, r]))
	expect([...got.keys()].sort()).toEqual(want.map((w) => w.key).sort())
	for (const w of want) {
		const r = got.get(w.key)!
		expect({ key: w.key, isoWeek: r.isoWeek, count: r.count, answered: r.answered, open: r.open }).toEqual({
			key: w.key,
			isoWeek: w.isoWeek,
			count: w.count,
			answered: w.answered,
			open: w.open,
		})
		for (const f of ['median', 'p90', 'meanApprovals'] as const) {
			if (w[f] === null) expect(r[f], `${w.key} ${f}`).toBeNull()
			else expect(Math.abs(r[f]! - w[f]!), `${w.key} ${f}: ${r[f]} vs ${w[f]}`).toBeLessThanOrEqual(0.005 + 1e-9)
		}
	}
}

let ctx: { orgId: string; key: string; otherKey: string; admin: string; executive: string; manager: string; employee: string }
const sent = makeEvents(4000)

beforeAll(async () => {
	const org = await makeOrg()
	await db().update(organizations).set({ timeZone: ZONE }).where(eq(organizations.id, org.id))
	for (const t of TEAMS) await makeTeam(org.id, t)
	const social = await makeTeam(org.id, 'Marketing/Social')
	await makeUser(org.id, { teamId: social })
	await makeUser(org.id, { teamId: social })
	await makeUser(org.id, { teamId: social, active: false })
	const key = await createApiKey(org.id, 'weekly')
	const other = await makeOrg()
	await makeTeam(other.id, 'Care')
	const otherKey = await createApiKey(other.id, 'other')
	if (!key.ok || !otherKey.ok) throw new Error('keys')
	for (let i = 0; i < sent.length; i += 2000) {
		const r = await call(eventsApi.action, apiRequest('/api/v1/events', { key: key.value.key, body: { events: sent.slice(i, i + 2000) } }))
		expect(r.status).toBe(200)
	}
	// Another organisation's events in the same weeks must not show up.
	const foreign = sent.slice(0, 500).map((e) => ({ ...e, team: 'Care' }))
	expect((await call(eventsApi.action, apiRequest('/api/v1/events', { key: otherKey.value.key, body: { events: foreign } }))).status).toBe(200)
	ctx = {
		orgId: org.id,
		key: key.value.key,
		otherKey: otherKey.value.key,
		admin: await sessionCookieFor(await makeUser(org.id, { role: 'admin' })),
		executive: await sessionCookieFor(await makeUser(org.id, { role: 'executive' })),
		manager: await sessionCookieFor(await makeUser(org.id, { role: 'manager' })),
		employee: await sessionCookieFor(await makeUser(org.id, { role: 'employee' })),
	}
}, 300_000) // 4,000 events through the API and their weekly figures: minutes on a busy machine.

const get = (query: string, auth: { key?: string; cookie?: string } = { key: ctx.key }) => call(weekly.loader, apiRequest(`/api/v1/metrics/weekly?${query}`, auth))

describe('GET /api/v1/metrics/weekly', () => {
	test('per team, week and type: counts, median and p90 match a computation in TypeScript', async () => {
		const r = await get('from=2024-12-20&to=2025-04-15')
		expect(r.status).toBe(200)
		expect(r.data).toMatchObject({ from: '2024-12-20', to: '2025-04-15', team: null, timeZone: ZONE })
		expect(r.data.rows.length).toBeGreaterThan(100)
		compare(r.data.rows, expected(sent, '2024-12-20', '2025-04-15'))
		// Spot checks of the shape: ISO week labels across the year boundary, units per type.
		const weeks = new Set(r.data.rows.map((x: WeeklyRow) => `${x.week} ${x.isoWeek}`))
		expect(weeks).toContain('2024-12-30 2025-W01')
		expect(weeks).toContain('2025-03-24 2025-W13')
		expect(new Set(r.data.rows.map((x: WeeklyRow) => `${x.type} ${x.unit}`))).toEqual(new Set(['customer_response minutes', 'approval hours']))
	})

	test('a partial range: from and to are local dates, both included, edge weeks hold only their days inside', async () => {
		const r = await get('from=2025-03-26&to=2025-04-02')
		compare(r.data.rows, expected(sent, '2025-03-26', '2025-04-02'))
	})

	test('sub-teams roll up into the team named', async () => {
		const r = await get('from=2024-12-20&to=2025-04-15&team=Marketing')
		expect(r.status).toBe(200)
		expect(new Set(r.data.rows.map((x: WeeklyRow) => x.team))).toEqual(new Set(['Marketing']))
		compare(r.data.rows, expected(sent, '2024-12-20', '2025-04-15', 'Marketing'))
		const social = await get('from=2024-12-20&to=2025-04-15&team=Marketing/Social')
		compare(social.data.rows, expected(sent, '2024-12-20', '2025-04-15', 'Marketing/Social'))
	})

	test('the admin page shows the same figures', async () => {
		const r = await call(metricsPage.loader, getRequest('/admin/metrics?from=2025-01-06&to=2025-02-02&team=Care', ctx.admin))
		expect(r.status).toBe(200)
		compare(r.data.rows, expected(sent, '2025-01-06', '2025-02-02', 'Care'))
		const empty = await call(metricsPage.loader, getRequest('/admin/metrics?from=2020-01-06&to=2020-02-02', ctx.admin))
		expect(empty.data).toMatchObject({ rows: [], problems: [] })
		const defaults = await call(metricsPage.loader, getRequest('/admin/metrics', ctx.admin))
		expect(defaults.status).toBe(200)
		expect(defaults.data.filters.from < defaults.data.filters.to).toBe(true)
		expect((await call(metricsPage.loader, getRequest('/admin/metrics', ctx.executive))).status).toBe(403)
	})

	test('another organisation sees only its own events', async () => {
		const r = await get('from=2024-12-20&to=2025-04-15', { key: ctx.otherKey })
		expect(r.data.rows.reduce((n: number, x: WeeklyRow) => n + x.count, 0)).toBe(500)
		expect((await get('from=2024-12-20&to=2025-04-15&team=Marketing', { key: ctx.otherKey })).status).toBe(404)
	})

	test('a signed-in admin or executive may read it from the browser; others may not', async () => {
		expect((await get('from=2025-01-06&to=2025-01-12', { cookie: ctx.admin })).status).toBe(200)
		expect((await get('from=2025-01-06&to=2025-01-12', { cookie: ctx.executive })).status).toBe(200)
		expect(await get('from=2025-01-06&to=2025-01-12', { cookie: ctx.manager })).toMatchObject({
			status: 403,
			data: { error: 'Only admins and executives can read these figures.' },
		})
		expect((await get('from=2025-01-06&to=2025-01-12', { cookie: ctx.employee })).status).toBe(403)
		expect((await get('from=2025-01-06&to=2025-01-12', {})).status).toBe(401)
		expect((await get('from=2025-01-06&to=2025-01-12', { key: 'son_wrong.key', cookie: ctx.admin })).status).toBe(401)
	})

	test('bad parameters answer 400 and an unknown team 404', async () => {
		expect(await get('to=2025-01-12')).toMatchObject({ status: 400, data: { errors: [{ field: 'from', message: 'Required: a date as YYYY-MM-DD.' }] } })
		expect(await get('from=2025-02-30&to=2025-01-12')).toMatchObject({ status: 400, data: { errors: [{ field: 'from', message: '"2025-02-30" is not a date as YYYY-MM-DD.' }] } })
		expect(await get('from=2025-02-01&to=2025-01-12')).toMatchObject({ status: 400, data: { errors: [{ field: 'to', message: '"to" is before "from".' }] } })
		expect(await get('from=2020-01-01&to=2025-01-12')).toMatchObject({ status: 400, data: { errors: [{ field: 'to', message: 'At most 1100 days at a time.' }] } })
		expect(await get('from=2025-01-01&to=2025-01-12&team=%3DHYPERLINK(1)')).toMatchObject({
			status: 404,
			data: { errors: [{ field: 'team', message: `No team "'=HYPERLINK(1)" in this organisation.` }] },
		})
	})
})

describe('GET /api/v1/teams', () => {
	test('lists paths, names, parents and active members', async () => {
		const r = await call(teamsApi.loader, apiRequest('/api/v1/teams', { key: ctx.key }))
		expect(r).toMatchObject({ status: 200 })
		expect(r.data).toEqual([
			{ path: 'Care', name: 'Care', parent: null, members: 0 },
			{ path: 'Marketing', name: 'Marketing', parent: null, members: 0 },
			{ path: 'Marketing/Social', name: 'Social', parent: 'Marketing', members: 2 },
			{ path: 'Marketing/Social/Paid', name: 'Paid', parent: 'Marketing/Social', members: 0 },
		])
		expect((await call(teamsApi.loader, apiRequest('/api/v1/teams', { key: ctx.otherKey }))).data).toEqual([{ path: 'Care', name: 'Care', parent: null, members: 0 }])
		expect((await call(teamsApi.loader, apiRequest('/api/v1/teams'))).status).toBe(401)
	})
})

describe('stored weekly figures follow the events', () => {
	test('events sent again with another start or reply time move between weeks, and both weeks are right at once', async () => {
		const before = await get('from=2024-12-23&to=2025-04-13')
		const moved = sent.slice(0, 300).map((e, i) => ({
			...e,
			startedAt: new Date(Date.parse(e.startedAt) + ((i % 5) + 1) * 7 * 86_400_000 + 3_600_000).toISOString().replace('.000Z', 'Z'),
			endedAt: e.endedAt ? new Date(Date.parse(e.endedAt) + ((i % 5) + 1) * 7 * 86_400_000 + 3_600_000 + i * 60_000).toISOString().replace('.000Z', 'Z') : null,
		}))
		const inRange = moved.filter((e) => Date.parse(e.startedAt) < Date.parse('2025-04-14T00:00:00Z'))
		const r = await call(eventsApi.action, apiRequest('/api/v1/events', { key: ctx.key, body: { events: inRange } }))
		expect(r.status).toBe(200)
		for (const e of inRange) sent[sent.findIndex((s) => s.id === e.id)] = e
		const after = await get('from=2024-12-23&to=2025-04-13')
		expect(after.data.rows).not.toEqual(before.data.rows)
		compare(after.data.rows, expected(sent, '2024-12-23', '2025-04-13'))
	})
})
