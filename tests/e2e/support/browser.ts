import { type Browser, chromium, type Locator, type Page, type Response } from 'playwright-core'
import { expect } from 'vitest'

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	})
}

/**
 * `until`: the page from its top to the bottom of that element only — for a page too long to capture
 * whole (the method page's 53 KB reference is tens of thousands of pixels; a full-page capture of it
 * did not finish in 120 s) whose top is what to look at. The viewport is made that tall for the
 * capture and given back after.
 */
export async function shot(page: Page, name: string, { until }: { until?: string } = {}) {
	const path = `test-results/screenshots/${name}.png`
	const viewport = page.viewportSize()
	if (until && viewport) {
		const bottom = await page
			.locator(until)
			.first()
			.evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY)
		await page.evaluate(() => window.scrollTo(0, 0))
		await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(bottom) + 16) })
		await page.screenshot({ path, timeout: 120_000 })
		await page.setViewportSize(viewport)
		return
	}
	// A full-page capture of a long page takes tens of seconds at load 30: Playwright's 30 s default
	// failed tests for the machine's speed, not for what they check.
	await page.screenshot({ path, fullPage: true, timeout: 120_000 })
}

// React's hydration failures: minified in production (#418 text, #423 recoverable, #425 content),
// "Warning: …" (e.g. "Text content did not match") in development.
const HYDRATION = /Minified React error #(418|423|425)|hydrat|^Warning: /i
// A page the test navigates to on purpose that answers 4xx/503: the browser logs the status.
const EXPECTED_STATUS = /^Failed to load resource: the server responded with a status of (4\d\d|503)/

/**
 * Collects what should fail a browser test: uncaught page errors, console errors, and React
 * hydration warnings whatever their console level. `useServerAndBrowser` does this for every page.
 */
export function watchForPageErrors(page: Page, errors: string[] = []) {
	page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
	page.on('console', (m) => {
		const text = m.text()
		if ((m.type() === 'error' && !EXPECTED_STATUS.test(text)) || (m.type() === 'warning' && HYDRATION.test(text))) errors.push(`${page.url()}: ${text}`)
	})
	return errors
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
	await page.goto(`${baseUrl}/login`)
	// Hydrated first (submitForm waits for it): a click before the scripts have loaded posts the form
	// natively, and that navigation aborts the route modules still loading, which the browser logs as an error.
	await waitForHydration(page)
	await page.getByLabel('E-mail').fill(email)
	await page.getByLabel('Password').fill(password)
	await submitForm(page, page.getByRole('button', { name: 'Sign in' }))
	await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

/** How long a form's answer may take on a machine at load 30: a backstop, not a speed budget. */
export const SUBMIT_TIMEOUT_MS = 120_000

/**
 * Waits until React has taken over the page (hydrated and committed); at once on a page that runs
 * no scripts (Remix's inline script, which defines `__remixContext`, did not run). React keeps its
 * root on the document (`__reactContainer$…`); the root's state says `isDehydrated` until the
 * hydration is committed (React 18). A click before that posts the form natively (or a choice made
 * then can be lost), and that navigation aborts the route modules still loading.
 * `waitForLoadState('networkidle')` is no such signal: once reached it holds for the document.
 */
export async function waitForHydration(page: Page) {
	await expect
		.poll(
			() =>
				page.evaluate(() => {
					if (document.readyState === 'loading') return false
					if (!('__remixContext' in window)) return true // scripts do not run on this page
					const key = Object.keys(document).find((k) => k.startsWith('__reactContainer$'))
					const container = key ? (document as unknown as Record<string, { stateNode?: { current?: { memoizedState?: { isDehydrated?: boolean } } } }>)[key] : undefined
					return container?.stateNode?.current?.memoizedState?.isDehydrated === false
				}),
			{ timeout: SUBMIT_TIMEOUT_MS, message: `the page ${page.url()} is hydrated` },
		)
		.toBe(true)
}

/**
 * Submits a form by its submit button and waits for the whole round trip: the page hydrated, the
 * button enabled (`SubmitButton` disables itself while its form is being sent, and Enter on a
 * disabled button is lost), the server's answer to the POST (the first POST the page sends: the
 * form's action, or the upload a page makes of it), and, in the browser, Remix's navigation back to
 * idle (the action's data and the loaders' revalidation in). Without JavaScript, the next document
 * is loaded instead.
 *
 * What the page then shows still arrives in a React transition: assert on something only the new
 * state has (a field's own error, a changed text, the address), with `expect.poll`.
 * `keyboard`: focus the button and press Enter instead of clicking it.
 */
export async function submitForm(page: Page, button: Locator, options: { keyboard?: boolean } = {}): Promise<Response> {
	await waitForHydration(page)
	await expect.poll(() => button.isEnabled(), { timeout: SUBMIT_TIMEOUT_MS, message: 'the submit button is enabled' }).toBe(true)
	// Marks this document, to tell the next one apart when the form posts natively.
	await page.evaluate(() => {
		Object.assign(window, { __submitFormBefore: true })
	})
	const answered = page.waitForResponse((r) => r.request().method() === 'POST', { timeout: SUBMIT_TIMEOUT_MS })
	answered.catch(() => undefined) // awaited below; only the click may fail first
	if (options.keyboard) {
		await button.focus()
		await page.keyboard.press('Enter')
	} else await button.click()
	// Not `response.finished()`: Remix's single-fetch answers (streams) were never reported finished.
	const response = await answered
	const native = response.request().isNavigationRequest()
	await expect
		.poll(
			() =>
				page.evaluate((native) => {
					if (native) return !('__submitFormBefore' in window) && document.readyState !== 'loading'
					const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter
					return !router || router.state.navigation.state === 'idle'
				}, native),
			{ timeout: SUBMIT_TIMEOUT_MS, message: `the page settled after the POST to ${response.url()}` },
		)
		.toBe(true)
	return response
}
