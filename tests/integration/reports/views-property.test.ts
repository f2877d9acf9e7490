/**
 * The attacker's whole toolbox at once: random organisations, answered over several weeks (some
 * people answering two pulses a week), then every view the report offers — each team and the
 * whole organisation, each level and everyone, each week and the whole period — taken under
 * several configurations (the k at release, a lower k, a higher k, another time zone). Every
 * figure shown is a sum over groups of people; no linear combination of all of them may single
 * out a group of fewer than k people.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { forgetReportSettings } from '~/reports/settings.server'
import { db } from '~/utils/db.server'
import { levels } from '~db/enums'

import { useTestDatabase } from '../../support/db'
import { answer, makePulseOrg, makeSurvey, openTestWave } from '../../support/pulses'

useTestDatabase()

const WEEKS = ['2026-03-02', '2026-03-09']
const K = 5

function random(seed: number) {
	let s = seed >>> 0
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0
		return s / 2 ** 32
	}
}

describe('random views over time, configurations and filters', () => {
	test('no combination of everything shown singles out a group of fewer than k people', async () => {
		for (let round = 0; round < 4; round++) {
			const rnd = random(1000 + round)
			// A small tree: two divisions, each with one or two teams; people at random levels.
			const paths = ['D1', 'D1/T1', ...(rnd() < 0.6 ? ['D1/T2'] : []), 'D2', 'D2/T3', ...(rnd() < 0.5 ? ['D2/T4'] : [])]
			const teams = Object.fromEntries(
				paths.map((p) => [p, levels.map((l) => [l, Math.floor(rnd() * (l === 'frontline' ? 8 : 4))] as [typeof l, number]).filter(([, n]) => n > 0)]),
			)
			const o = await makePulseOrg({ k: K, teams })
			const second = await makeSurvey(o.orgId, ['autonomy.resolve', 'approval.count', 'enps.recommend'], K, 'Second')
			// Who answered what: atoms are (week, team, level) groups of distinct people.
			const atomPeople = new Map<string, Set<string>>()
			for (const week of WEEKS) {
				const a = await openTestWave(o.orgId, o.surveyId, week)
				const b = await openTestWave(o.orgId, second, week, new Date(`${week}T15:00:00Z`))
				for (const p of o.people) {
					const first = rnd() < 0.75
					const again = rnd() < 0.3
					if (first) await answer(o.orgId, p.id, a.waveId, { 'item-0': String(1 + Math.floor(rnd() * 5)), 'item-1': '1', 'item-2': '5' }, a.during)
					if (again) await answer(o.orgId, p.id, b.waveId, { 'item-0': String(1 + Math.floor(rnd() * 5)), 'item-1': '1', 'item-2': '5' }, new Date(b.opensAt.getTime() + 60_000))
					if (first || again) {
						const atom = `${week}|${o.teamIds[p.team]}|${p.level}`
						atomPeople.set(atom, (atomPeople.get(atom) ?? new Set()).add(p.id))
					}
				}
			}
			await releaseDueWeeks(new Date('2026-04-01T00:00:00Z'))
			const atoms = [...atomPeople.keys()].sort()
			const subtree = (node: string | null) =>
				node === null
					? Object.values(o.teamIds)
					: Object.entries(o.teamIds)
							.filter(([p]) => p === pathOf(node) || p.startsWith(`${pathOf(node)}/`))
							.map(([, id]) => id)
			const pathOf = (id: string) => Object.entries(o.teamIds).find(([, x]) => x === id)![0]
			const rowOf = (node: string | null, level: string | null, weeks: string[]) => {
				const inside = new Set(subtree(node))
				return atoms.map((a) => {
					const [w, t, l] = a.split('|')
					return weeks.includes(w!) && inside.has(t!) && (level === null || l === level) ? 1 : 0
				})
			}
			const rows: number[][] = []
			const configurations: (() => Promise<void>)[] = [
				async () => {},
				async () => {
					await db().execute(sql`update organizations set anonymity_k = 3 where id = ${o.orgId}`)
					forgetReportSettings(o.orgId)
				},
				async () => {
					await db().execute(sql`update organizations set anonymity_k = 7 where id = ${o.orgId}`)
					forgetReportSettings(o.orgId)
				},
				async () => {
					await db().execute(sql`update organizations set anonymity_k = ${K}, time_zone = 'Pacific/Kiritimati' where id = ${o.orgId}`)
					forgetReportSettings(o.orgId)
				},
			]
			for (const configure of configurations) {
				await configure()
				const reports: { node: string | null; level: string | null; r: NonNullable<Awaited<ReturnType<typeof mindsetReport>>> }[] = []
				for (const node of [null, ...Object.values(o.teamIds)])
					for (const level of [null, ...levels])
						for (const [from, to] of [
							['2026-03-02', '2026-03-08'],
							['2026-03-09', '2026-03-15'],
							['2026-03-02', '2026-03-15'],
						] as const)
							reports.push({ node, level, r: (await mindsetReport(o.orgId, { from, to, teamId: node, level }, null))! })
				// The weeks in which each group is shown, as its own trend tells.
				const shownWeeks = new Map<string, Set<string>>()
				for (const { node, level, r } of reports)
					for (const t of r.trend)
						if (t.culture !== null) {
							const key = `${node ?? 'org'}|${level}`
							shownWeeks.set(key, (shownWeeks.get(key) ?? new Set()).add(t.week))
						}
				for (const { node, level, r } of reports) {
					for (const t of r.trend) if (t.culture !== null || Object.values(t.respondentsByDimension).some((n) => n > 0)) rows.push(rowOf(node, level, [t.week]))
					// A row over the period sums the group's shown weeks of that period.
					for (const h of r.heatmap)
						if (h.scores)
							rows.push(
								rowOf(
									h.teamId === 'org' ? null : h.teamId,
									level,
									r.trend.map((t) => t.week).filter((w) => shownWeeks.get(`${h.teamId}|${level}`)?.has(w)),
								),
							)
				}
			}
			// Every group of fewer than k people: one atom, or two atoms of one week together.
			const targets: { name: string; vector: number[] }[] = []
			atoms.forEach((a, i) => {
				if (atomPeople.get(a)!.size < K) targets.push({ name: a, vector: atoms.map((_, j) => (i === j ? 1 : 0)) })
				atoms.forEach((b, j) => {
					if (j <= i || a.split('|')[0] !== b.split('|')[0]) return
					if (new Set([...atomPeople.get(a)!, ...atomPeople.get(b)!]).size < K) targets.push({ name: `${a} + ${b}`, vector: atoms.map((_, x) => (x === i || x === j ? 1 : 0)) })
				})
			})
			const base = rank(rows)
			const describe = (name: string) =>
				name
					.split(' + ')
					.map((a) => {
						const [w, t, l] = a.split('|')
						return `${w} ${pathOf(t!)} ${l} (${atomPeople.get(a)!.size})`
					})
					.join(' + ')
			for (const t of targets) expect(rank([...rows, t.vector]), `round ${round}: ${describe(t.name)} can be worked out; teams ${JSON.stringify(teams)}`).toBe(base + 1)
			expect(rows.length).toBeGreaterThan(0)
		}
	}, 240_000)
})

function rank(m: number[][]): number {
	const a = m.map((r) => [...r])
	const cols = a[0]?.length ?? 0
	let rk = 0
	for (let c = 0; c < cols && rk < a.length; c++) {
		let p = -1
		for (let i = rk; i < a.length; i++) if (Math.abs(a[i]![c]!) > 1e-9 && (p < 0 || Math.abs(a[i]![c]!) > Math.abs(a[p]![c]!))) p = i
		if (p < 0) continue
		;[a[rk], a[p]] = [a[p]!, a[rk]!]
		for (let i = 0; i < a.length; i++) {
			if (i === rk) continue
			const f = a[i]![c]! / a[rk]![c]!
			if (f !== 0) a[i] = a[i]!.map((v, j) => v - f * a[rk]![j]!)
		}
		rk++
	}
	return rk
}
