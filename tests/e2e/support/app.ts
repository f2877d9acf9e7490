/** One server on a fresh demo database and one browser for a test file, stopped after it. */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

import { launchBrowser } from './browser'
import { type RunningServer, startServer } from './server'

export function useServerAndBrowser(env: Record<string, string> = {}) {
	const app = {} as { server: RunningServer; browser: Browser }
	beforeAll(async () => {
		app.server = await startServer({ env })
		app.browser = await launchBrowser()
	})
	afterAll(async () => {
		await app.browser?.close()
		await app.server?.stop()
	})
	return app
}
