/**
 * Backups of the embedded database: a small organisation is seeded in a PGlite data folder,
 * backed up, restored into a fresh folder, and the restored database reports exactly what the
 * original did. Restore never goes over a database or under a running server by accident.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, describe, expect, test } from 'vitest'

import { mindsetReport } from '~/reports/mindset.server'
import { releaseDueWeeks } from '~/reports/release.server'
import { forgetReportSettings } from '~/reports/settings.server'
import { installDatabase } from '~/utils/db.server'
import { backupEmbedded, BackupRefused, restoreEmbedded } from '~db/backup'
import { openDatabase } from '~db/client'
import { embeddedHolder, holdEmbedded } from '~db/embedded-lock'

import { answer, makePulseOrg, openTestWave } from '../../support/pulses'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'son-backup-'))
afterAll(() => {
	installDatabase(undefined)
	fs.rmSync(root, { recursive: true, force: true })
})

const query = { from: '2026-03-02', to: '2026-03-15', teamId: null, level: null }

describe('db:backup and db:restore', () => {
	test('the restored database reports exactly what the original did', async () => {
		const original = path.join(root, 'original', 'pgdata')
		const handle = openDatabase({ dataDir: original })
		await handle.migrate()
		installDatabase(handle)
		const o = await makePulseOrg({
			k: 5,
			teams: {
				Care: [['frontline', 6]],
				Sales: [
					['frontline', 5],
					['manager', 1],
				],
			},
		})
		for (const monday of ['2026-03-02', '2026-03-09']) {
			const w = await openTestWave(o.orgId, o.surveyId, monday)
			for (const [i, p] of o.people.entries()) await answer(o.orgId, p.id, w.waveId, { 'item-0': String(1 + (i % 5)), 'item-1': String(i % 4), 'item-2': String(i % 11) }, w.during)
			await releaseDueWeeks(w.after)
		}
		const before = await mindsetReport(o.orgId, query, null)
		expect(before).toBeTruthy()
		installDatabase(undefined)
		await handle.close()

		const file = path.join(root, 'backups', 'one.tar.gz')
		const { bytes } = await backupEmbedded(original, file)
		expect(bytes).toBeGreaterThan(1000)

		const fresh = path.join(root, 'fresh', 'pgdata')
		expect((await restoreEmbedded(file, fresh)).keptAside).toBeNull()
		const restored = openDatabase({ dataDir: fresh })
		installDatabase(restored)
		forgetReportSettings(o.orgId)
		const after = await mindsetReport(o.orgId, query, null)
		installDatabase(undefined)
		await restored.close()
		expect(JSON.stringify(after)).toBe(JSON.stringify(before))

		// Over an existing database: refused, then with force the old one is kept aside.
		await expect(restoreEmbedded(file, fresh)).rejects.toThrow(/--force/)
		const forced = await restoreEmbedded(file, fresh, { force: true })
		expect(forced.keptAside && fs.existsSync(forced.keptAside)).toBe(true)
		// Not a backup: refused, and the database in place is untouched.
		fs.writeFileSync(path.join(root, 'junk.tar.gz'), 'not a tarball')
		await expect(restoreEmbedded(path.join(root, 'junk.tar.gz'), fresh, { force: true })).rejects.toBeInstanceOf(BackupRefused)
		expect(fs.existsSync(path.join(fresh, 'PG_VERSION'))).toBe(true)
	}, 300_000)

	test('refuses while a server holds the data folder, even with force', async () => {
		const dir = path.join(root, 'held', 'pgdata')
		fs.mkdirSync(dir, { recursive: true })
		fs.writeFileSync(path.join(dir, 'PG_VERSION'), '17')
		// Another live process holds it (a child that sleeps, writing its pid as the server does).
		const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
		try {
			fs.writeFileSync(`${path.resolve(dir)}.pid`, String(child.pid))
			await expect(backupEmbedded(dir, path.join(root, 'x.tar.gz'))).rejects.toThrow(/Stop the server/)
			const file = path.join(root, 'some-backup.tar.gz')
			fs.writeFileSync(file, 'whatever')
			await expect(restoreEmbedded(file, dir, { force: true })).rejects.toThrow(/Stop the server/)
			expect(fs.existsSync(path.join(dir, 'PG_VERSION'))).toBe(true)
		} finally {
			child.kill()
		}
		// This process's own lock is no obstacle to itself.
		holdEmbedded(dir)
		expect(embeddedHolder(dir)).toBeNull()
	})
})
