import { type Browser, chromium, type Page } from 'playwright-core'

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	})
}

export async function shot(page: Page, name: string) {
	await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true })
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
	// Hydrated first: a click before the scripts have loaded posts the form natively, and that
	// navigation aborts the route modules still loading, which the browser logs as an error.
	await page.waitForLoadState('networkidle')
	await page.getByLabel('E-mail').fill(email)
	await page.getByLabel('Password').fill(password)
	await page.getByRole('button', { name: 'Sign in' }).click()
	await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}
