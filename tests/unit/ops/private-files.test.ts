/** The data folder is readable by the server's account only (db/private-files.ts, docs/security.md). */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, test } from 'vitest'

import { sendMail } from '~/mail/transport.server'
import { env } from '~/utils/env.server'
import { keepPrivate } from '~db/private-files'

const mode = (p: string) => fs.statSync(p).mode & 0o777

/** Every folder and file under `dir` with its mode, as `ls -l` would show who may read it. */
function modes(dir: string): Record<string, string> {
	const out: Record<string, string> = {}
	const walk = (p: string) => {
		out[path.relative(dir, p) || '.'] = mode(p).toString(8)
		if (fs.statSync(p).isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name))
	}
	walk(dir)
	return out
}

describe('the data folder is private', () => {
	test('a folder an earlier version left world-readable and writable is closed: folders 0700, files 0600', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'son-private-'))
		fs.mkdirSync(path.join(dir, 'pgdata/base/1'), { recursive: true })
		fs.mkdirSync(path.join(dir, 'mail'))
		fs.writeFileSync(path.join(dir, 'pgdata/base/1/1259'), 'answers')
		fs.writeFileSync(path.join(dir, 'mail/2026-12-06-reset.eml'), 'a live password link')
		for (const p of ['.', 'pgdata', 'pgdata/base', 'pgdata/base/1', 'mail']) fs.chmodSync(path.join(dir, p), 0o777)
		for (const p of ['pgdata/base/1/1259', 'mail/2026-12-06-reset.eml']) fs.chmodSync(path.join(dir, p), 0o666)
		// A link out of the folder is left alone (and its target with it).
		const outside = path.join(os.tmpdir(), `son-outside-${process.pid}`)
		fs.writeFileSync(outside, 'not ours')
		fs.chmodSync(outside, 0o644)
		fs.symlinkSync(outside, path.join(dir, 'link'))

		expect(keepPrivate(dir)).toBe(7)
		const after = modes(dir)
		delete after.link
		expect(after).toEqual({
			'.': '700',
			pgdata: '700',
			'pgdata/base': '700',
			'pgdata/base/1': '700',
			'pgdata/base/1/1259': '600',
			mail: '700',
			'mail/2026-12-06-reset.eml': '600',
		})
		expect(mode(outside)).toBe(0o644)
		expect(keepPrivate(dir)).toBe(0) // nothing left to change
		fs.rmSync(outside)
	})

	test('a folder that does not exist yet is made private', () => {
		const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'son-private-')), 'data', 'pgdata')
		keepPrivate(dir)
		expect(mode(dir)).toBe(0o700)
	})

	test('an undelivered e-mail (it holds a live link) is written 0600 in a 0700 folder', async () => {
		const { fileName } = await sendMail({ id: 'm1', to: 'sam@acme.example', subject: 'Your pulse', text: 'https://x.example/p/secret', html: '<p>secret</p>' })
		const mailDir = path.join(env().DATA_DIR, 'mail')
		expect(mode(path.join(mailDir, fileName!))).toBe(0o600)
		expect(mode(mailDir)).toBe(0o700)
	})
})
