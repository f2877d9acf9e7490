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

/** Fails the test on any uncaught page error or console error in the browser. */
export function watchForPageErrors(page: Page) {
	const errors: string[] = []
	page.on('pageerror', (e) => errors.push(e.message))
	page.on('console', (m) => {
		if (m.type() === 'error' && !/status of (4\d\d|503)/.test(m.text())) errors.push(m.text())
	})
	return errors
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
	await page.goto(`${baseUrl}/login`)
	await page.getByLabel('E-mail').fill(email)
	await page.getByLabel('Password').fill(password)
	await page.getByRole('button', { name: 'Sign in' }).click()
	await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}
