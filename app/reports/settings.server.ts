/** An organisation's report settings: RTMI weights, targets, baseline period, comment threshold. */
import { eq } from 'drizzle-orm'

import { tenantCache } from '~/utils/cache.server'
import { db } from '~/utils/db.server'
import { organizations, reportSettings } from '~db/schema'

import { DEFAULT_TARGETS, DEFAULT_WEIGHTS } from './stats'

export const DEFAULT_RTMI_TARGET = 75
export const WEIGHT_KEYS = Object.keys(DEFAULT_WEIGHTS)

export interface ReportSettings {
	weights: Record<string, number>
	targets: { firstResponseMinutes: number; approvalCycleHours: number; rtmi: number }
	baselineFrom: string | null
	baselineTo: string | null
	commentK: number
	k: number
	/** Changes whenever the settings or the rollups built from them change: part of report cache keys. */
	version: string
	/** New weights are still being applied to the culture index in the background. */
	recomputing: boolean
}

// Submissions read the weights on every answer; a few seconds of staleness across instances
// is corrected by the rebuild that follows every change of weights.
export const SETTINGS_TTL_SECONDS = 10
const cache = tenantCache<ReportSettings>({ name: 'report settings', perTenant: 1, max: 10_000, ttlMs: SETTINGS_TTL_SECONDS * 1000 })

/** After the rollups or settings changed behind this process's back (the background recompute). */
export function forgetReportSettings(orgId: string) {
	cache.forget(orgId)
}

export async function getReportSettings(orgId: string): Promise<ReportSettings> {
	const hit = cache.get(orgId, 'settings')
	if (hit) return hit
	const [row] = await db()
		.select({ settings: reportSettings, k: organizations.anonymityK })
		.from(organizations)
		.leftJoin(reportSettings, eq(reportSettings.orgId, organizations.id))
		.where(eq(organizations.id, orgId))
	const k = row?.k ?? 5
	const s = row?.settings
	const value: ReportSettings = {
		weights: { ...DEFAULT_WEIGHTS, ...(s?.weights ?? {}) },
		targets: { ...DEFAULT_TARGETS, rtmi: DEFAULT_RTMI_TARGET, ...(s?.targets ?? {}) },
		baselineFrom: s?.baselineFrom ?? null,
		baselineTo: s?.baselineTo ?? null,
		commentK: Math.max(k, s?.commentK ?? 10),
		k,
		version: s ? `${new Date(s.updatedAt).toISOString()}|${s.rollupsBuiltAt ? new Date(s.rollupsBuiltAt).toISOString() : ''}` : 'default',
		recomputing: Boolean(s?.rollupsStaleSince),
	}
	cache.set(orgId, 'settings', value)
	return value
}
