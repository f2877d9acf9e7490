/** Runs before every test file: an unexpected console.error fails the test that caused it. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterEach, beforeEach, vi } from 'vitest'

import { resetEnvCache } from '~/utils/env.server'

// Each test file writes its mail files into a folder of its own.
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'son-test-'))
process.env.APP_URL = 'http://localhost:3000'
resetEnvCache()

let errors: unknown[][] = []
beforeEach(() => {
	errors = []
	vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
		errors.push(args)
	})
})
afterEach(() => {
	vi.mocked(console.error).mockRestore()
	if (errors.length) {
		const first = errors[0]!.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')
		throw new Error(`console.error was called ${errors.length} time(s): ${first}`)
	}
})
