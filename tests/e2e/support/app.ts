/**
 * One server on a fresh demo database and one browser for a test file, stopped after it. Every
 * page of every context opened on that browser is watched: a console error, an uncaught error or
 * a React hydration warning fails the test that caused it (checked after each test), and so does a
 * Remix "future change" warning in the server's output.
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'

import { launchBrowser, watchForPageErrors } from './browser'
import { type RunningServer, startServer, WITH_SERVER_START_MS } from './server'

/**
 * `prepare`: runs on the demo's data folder between a first start (which seeds the demo) and the
 * server the tests use, e.g. to write what no screen can make quickly (a released comment).
 */
export function useServerAndBrowser(env: Record<string, string> = {}, options: { prepare?: (dataDir: string) => Promise<void> } = {}) {
	const app = {} as { server: RunningServer; browser: Browser }
	const errors: string[] = []
	const watch = (context: BrowserContext) => {
		context.on('page', (page) => watchForPageErrors(page, errors))
		return context
	}
	beforeAll(
		async () => {
			app.server = await startServer({ env })
			if (options.prepare) {
				await app.server.stop()
				await options.prepare(app.server.dataDir)
				app.server = await startServer({ env, dataDir: app.server.dataDir })
			}
			const browser = await launchBrowser()
			const newContext = browser.newContext.bind(browser)
			browser.newContext = async (options) => watch(await newContext(options))
			browser.newPage = async (options) => {
				const context = await browser.newContext(options)
				const page = await context.newPage()
				page.on('close', () => void context.close().catch(() => {})) // the browser may already be closing
				return page
			}
			app.browser = browser
			// Two starts (seeding, then on the prepared data) on a machine at load 20 take minutes.
		},
		options.prepare ? 2 * WITH_SERVER_START_MS : WITH_SERVER_START_MS,
	)
	afterEach(() => {
		const seen = errors.splice(0)
		expect(seen, 'console errors, uncaught errors or hydration warnings in the browser').toEqual([])
		// Remix prints this when a resource route answers anything but a Response (e.g. `data()`).
		expect(app.server?.output().match(/REMIX FUTURE CHANGE.*/g) ?? [], 'Remix future-change warnings in the server output').toEqual([])
	})
	afterAll(async () => {
		await app.browser?.close()
		await app.server?.stop()
	})
	return app
}
