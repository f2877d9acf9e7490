/**
 * What a process remembers of the waves it has served: their items (which never change once a
 * wave has opened) and, by the wave tag that starts a link's id, the wave a link belongs to — so
 * a submission through a link is normally one statement (answering.server.ts).
 */
import { and, asc, eq } from 'drizzle-orm'

import { sharedCache, tenantCache } from '~/utils/cache.server'
import { db } from '~/utils/db.server'
import { waveItems } from '~db/schema'

import type { PulseItem } from './answer-form'
import { WAVE_TAG_LENGTH, waveTag } from './invitation-links.server'

// A wave's items never change once it has opened, so each process keeps them after first use.
const itemCache = tenantCache<PulseItem[]>({ name: 'items of opened waves', perTenant: 100, max: 500 })

export async function waveItemsOf(orgId: string, waveId: string): Promise<PulseItem[]> {
	const hit = itemCache.get(orgId, waveId)
	if (hit) return hit
	const rows = await db()
		.select({
			position: waveItems.position,
			kind: waveItems.kind,
			text: waveItems.text,
			required: waveItems.required,
			dimension: waveItems.dimension,
			reverse: waveItems.reverse,
			translations: waveItems.translations,
		})
		.from(waveItems)
		.where(and(eq(waveItems.orgId, orgId), eq(waveItems.waveId, waveId)))
		.orderBy(asc(waveItems.position))
	if (rows.length) itemCache.set(orgId, waveId, rows)
	return rows
}

// The fixed facts of the waves this process has reached through a link, by wave tag. Filled
// from a link that resolved; a tag shared by two waves (40 bits) or a stale entry only costs
// the statement finding nothing and the full lookup after it.
interface LinkedWave {
	orgId: string
	waveId: string
	anonymityK: number
}
// Found by the link's public tag, before the organisation is known: ids only, no organisation's data.
const waveByTag = sharedCache<string, LinkedWave>({ name: 'wave of a link tag', max: 1000 })

export function rememberWave(pulse: { orgId: string; waveId: string; anonymityK: number }) {
	const tag = waveTag(pulse.waveId)
	if (waveByTag.get(tag)?.waveId === pulse.waveId) return
	waveByTag.set(tag, { orgId: pulse.orgId, waveId: pulse.waveId, anonymityK: pulse.anonymityK })
}

/** The wave a link's id points to, when this process has served a link of it. */
export function knownWaveOf(linkId: string): LinkedWave | undefined {
	return waveByTag.get(linkId.slice(0, WAVE_TAG_LENGTH))
}
