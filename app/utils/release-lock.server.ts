import { sql } from 'drizzle-orm'

import { type Tx } from './db.server'

/**
 * One organisation's turn, within the caller's transaction: opening a wave, releasing a week,
 * swapping in recomputed culture rollups and retention's deletion of old waves take turns. Here,
 * below both reports and audit, because retention must wait for a release: a release's responses
 * and answered rows have no key to their waves (docs/decisions/0038), so a purge that deleted the
 * waves while a release of them was writing would leave its rows behind.
 */
export const lockReleases = (tx: Tx, orgId: string) => tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`release:${orgId}`}, 0))`)
