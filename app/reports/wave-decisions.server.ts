/**
 * Each wave's participation decision, stored with its released week (`released_weeks.cube.waves`):
 * its invited people per node and level as its rollups hold them, and the cells whose answered
 * count its own page hides under the week's k (participation.ts). The gate reads it instead of
 * suppressing every wave's cube again on a process's first view (a few tens of milliseconds per
 * wave at hundreds of teams). A release stores it for its week; a bulk load that recorded weeks
 * as released before their rollups existed (`recordLoadedWeeks`) adds it afterwards here, so its
 * weeks read as a released week does.
 */
import { sql } from 'drizzle-orm'

import { resultRows, type Tx } from '~/utils/db.server'
import { NO_TEAM, type ReleasedCube } from '~db/schema'

import { type CubeNode, ROOT } from './cube'
import { isLevel } from './gate-data'
import { addWaveCounts, type WaveCounts, waveParticipationHidden } from './participation'

/** The participation rollups of some waves, one row per wave, team and level (their key). */
export async function participationRows(tx: Tx, orgId: string, ids: ReturnType<typeof sql>) {
	return resultRows<{ wave_id: string; team_id: string; level: string; invited: number; answered: number }>(
		await tx.execute(sql`
			select wave_id::text as wave_id, team_id::text as team_id, level::text as level, invited, answered
			from participation_rollups where org_id = ${orgId} and wave_id = any(${ids})`),
	)
}

/** The decisions of some waves' participation rows (teams not in `known` at the root, as the gate reads them), under threshold k on the week's tree. */
export function decidedWaves(rows: Awaited<ReturnType<typeof participationRows>>, nodes: CubeNode[], known: Set<string>, k: number): NonNullable<ReleasedCube['waves']> {
	const byWave = new Map<string, WaveCounts>()
	for (const p of rows) {
		if (!isLevel(p.level)) continue
		addWaveCounts(byWave, p.wave_id, p.team_id !== NO_TEAM && known.has(p.team_id) ? p.team_id : ROOT, p.level, Number(p.invited), Number(p.answered))
	}
	return [...byWave].map(([id, w]) => ({ id, invited: w.invited, hidden: [...waveParticipationHidden(nodes, w.invited, k)].sort() }))
}

/**
 * For the released weeks of an organisation stored without their waves' decisions (a bulk load's),
 * decides each wave from its rollups and stores it with the week; returns how many weeks it completed.
 */
export async function recordWaveDecisions(tx: Tx, orgId: string): Promise<number> {
	const weeks = resultRows<{ week: string; k: number; wave_ids: string[]; cube: ReleasedCube }>(
		await tx.execute(sql`select week::text as week, k, wave_ids, cube from released_weeks where org_id = ${orgId} and cube->'waves' is null order by week`),
	)
	for (const w of weeks) {
		const ids = sql`${sql.param(w.wave_ids)}::text[]::uuid[]`
		const known = new Set(w.cube.nodes.filter((n) => n.id !== ROOT).map((n) => n.id))
		const waves = decidedWaves(await participationRows(tx, orgId, ids), w.cube.nodes, known, Number(w.k))
		await tx.execute(sql`update released_weeks set cube = jsonb_set(cube, '{waves}', ${JSON.stringify(waves)}::jsonb) where org_id = ${orgId} and week = ${w.week}::date`)
	}
	return weeks.length
}
