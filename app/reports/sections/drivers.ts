/**
 * What matters most for eNPS and for the culture index in the selected group: respondent-level
 * importances in the most recent released week of the latest period in which the group is
 * shown, only through the gate (≥ 30 responses of a shown group). One week, so each person
 * counts once. Remembered by the rows the gate gives (the same array for the same week and group).
 */
import { REPORT_LABELS } from '../dimensions'
import { driverAnalysis, type DriverResult, type RespondentRow } from '../drivers'
import type { SectionContext } from './context'

const memo = new WeakMap<RespondentRow[], Map<string, { culture: DriverResult; enps: DriverResult }>>()

export async function driversSection(c: SectionContext, asked: readonly string[]): Promise<{ culture: DriverResult; enps: DriverResult }> {
	const { gate, selected } = c
	const week = [...c.latest].reverse().find((w) => gate.figures(selected, [w]) !== null)
	if (!week) {
		const because = c.latest.some((w) => gate.released(w)) ? ('group-hidden' as const) : ('no-released-week' as const)
		return { culture: { shown: false, hiddenBecause: because }, enps: { shown: false, hiddenBecause: because } }
	}
	const got = await gate.respondents(selected, week)
	if (!got.rows) return { culture: { shown: false, hiddenBecause: got.reason }, enps: { shown: false, hiddenBecause: got.reason } }
	const dims = asked.map((d) => ({ key: d, label: REPORT_LABELS[d as keyof typeof REPORT_LABELS] ?? d }))
	const key = JSON.stringify([week, dims, c.settings.weights])
	let perRows = memo.get(got.rows)
	if (!perRows) memo.set(got.rows, (perRows = new Map()))
	const hit = perRows.get(key)
	if (hit) return hit
	const result = {
		culture: driverAnalysis(got.rows, 'culture', dims, c.settings.weights, week),
		enps: driverAnalysis(got.rows, 'enps', dims, c.settings.weights, week),
	}
	perRows.set(key, result)
	return result
}
