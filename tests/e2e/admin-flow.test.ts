/**
 * The foundation in a browser, on the demo organisation: sign in, add a team, import people
 * (a bad file first), see the invitations in the outbox (without their links) and follow one from
 * the mail folder, as whoever runs the server would, sign out. Screenshots go to
 * test-results/screenshots.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm, waitForHydration, watchForPageErrors } from './support/browser'
import { mailsTo } from './support/mail'

const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!
const employee = DEMO_ACCOUNTS.find((a) => a.role === 'employee')!

const app = useServerAndBrowser()

function csvFile(name: string, text: string) {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'son-csv-')), name)
	fs.writeFileSync(file, text)
	return file
}

describe('admin in the browser', () => {
	test('signs in, adds a team, imports people, an invitee follows the link in their e-mail, signs out', async () => {
		const context = await app.browser.newContext({ viewport: { width: 1280, height: 860 } })
		const page = await context.newPage()
		const errors = watchForPageErrors(page)

		// A wrong password first: a clear message, no stack trace.
		await page.goto(`${app.server.url}/login`)
		await shot(page, '01-login')
		await page.getByLabel('E-mail').fill(admin.email)
		await page.getByLabel('Password').fill('not the password')
		await submitForm(page, page.getByRole('button', { name: 'Sign in' }))
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match an account')
		await shot(page, '02-login-wrong-password')

		await signIn(page, app.server.url, admin.email, admin.password)
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Hello, Hana')
		await shot(page, '03-home-admin')

		// Add a team under Marketing.
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click()
		await page.getByLabel('Team name').fill('Growth')
		await page.getByLabel('Inside').selectOption({ label: 'Marketing' })
		await submitForm(page, page.getByRole('button', { name: 'Add team' }))
		await expect.poll(() => page.getByRole('status').textContent()).toContain('Added Marketing/Growth.')
		await expect.poll(() => page.getByRole('list', { name: 'Team tree' }).textContent()).toContain('Growth')
		await shot(page, '04-teams')

		// A bad file: every problem with its line, nothing imported.
		await page.goto(`${app.server.url}/admin/people/import`)
		const bad = csvFile(
			'bad.csv',
			'email,name,team,role,level,manager_email\nok@corp.example,Ok Person,Marketing/Growth,employee,frontline,\nnot-an-email,Bad,Marketing/Growth,employee,frontline,\nx@corp.example,X,Marketing/Growth,boss,frontline,\n',
		)
		await page.getByLabel(/CSV file/).setInputFiles(bad)
		await submitForm(page, page.getByRole('button', { name: 'Import' }))
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('Nothing was imported.')
		const problems = await page.getByRole('alert').getByRole('row').allTextContents()
		expect(problems.slice(1)).toEqual([expect.stringMatching(/^3email.*not a valid e-mail/), expect.stringMatching(/^4role.*"boss" is not a role/)])
		await shot(page, '05-import-errors')

		// A good file.
		const good = csvFile(
			'people.csv',
			'email,name,team,role,level,manager_email\nlead@corp.example,Lena Lead,Marketing/Growth,manager,manager,\nnew.hire@corp.example,Nico Hire,Marketing/Growth,employee,frontline,lead@corp.example\nthird@corp.example,Tess Third,Marketing/Growth/Paid,employee,frontline,lead@corp.example\n',
		)
		await page.getByLabel(/CSV file/).setInputFiles(good)
		await submitForm(page, page.getByRole('button', { name: 'Import' }))
		// It names a team that does not exist yet: nothing is imported until that team is confirmed.
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('This file would create 1 new team.')
		expect(await page.getByRole('alert').getByRole('listitem').allTextContents()).toEqual(['Marketing › Growth › Paid (line 4)'])
		await shot(page, '06-import-confirm-teams')
		await submitForm(page, page.getByRole('button', { name: 'Import and create this team' }))
		await expect.poll(() => page.getByRole('status').textContent()).toContain('Import complete.')
		const summary = await page.getByRole('status').textContent()
		expect(summary).toContain('3 added')
		expect(summary).toContain('1 new team')
		expect(summary).not.toContain('1 new teams')
		expect(summary).toContain('3 invitations queued')
		await shot(page, '06-import-done')

		await page.goto(`${app.server.url}/admin/people?q=corp.example`)
		await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(4)
		expect(await page.getByRole('table').textContent()).toContain('Marketing › Growth › Paid')
		await shot(page, '07-people')

		// The mail worker delivers; the outbox refreshes by itself.
		await page.goto(`${app.server.url}/admin/outbox`)
		// Only the three new people's invitations (the demo's weekly pulse may be sending too).
		const ours = page.getByRole('row').filter({ hasText: 'corp.example' })
		await expect.poll(() => ours.filter({ hasText: 'Written to file' }).count(), { timeout: 20_000 }).toBe(3)
		await shot(page, '08-outbox')
		// The outbox shows who an e-mail is for, never its link; the page of one e-mail is gone.
		expect(await ours.filter({ hasText: 'new.hire@corp.example' }).getByRole('link').count()).toBe(0)
		expect(await page.content()).not.toContain('set-password')
		// Without SMTP_URL, the server said at start that e-mails stay in its mail folder.
		expect(app.server.output()).toContain('SMTP_URL is not set, so e-mails')
		const [invitation] = await mailsTo(app.server.dataDir, 'new.hire@corp.example')
		const link = invitation!.text.match(/(http:\/\/localhost:\d+\/set-password\?token=[a-z0-9.-]+)/)![1]

		// The invitee opens the link in their own browser, sets a password and is signed in.
		const invitee = await app.browser.newContext({ viewport: { width: 390, height: 844 } })
		const phone = await invitee.newPage()
		await phone.goto(link!)
		await expect.poll(() => phone.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Nico Hire')
		await shot(phone, '10-set-password-phone')
		await phone.getByLabel('New password').fill('a fine long password')
		await phone.getByLabel('Repeat the password').fill('a fine long password')
		await submitForm(phone, phone.getByRole('button', { name: /Set password/ }))
		await phone.waitForURL(`${app.server.url}/home`)
		await expect.poll(() => phone.getByRole('heading', { level: 1 }).textContent()).toBe('Hello, Nico')
		await shot(phone, '11-home-phone')
		// The link is spent.
		await phone.goto(link!)
		await expect.poll(() => phone.getByRole('heading', { level: 1 }).textContent()).toBe('This link no longer works')
		await invitee.close()

		// Sign out: the session is gone, admin pages ask for sign-in again.
		await submitForm(page, page.getByRole('button', { name: 'Sign out' }))
		await page.waitForURL(`${app.server.url}/login`)
		await page.goto(`${app.server.url}/admin/people`)
		await page.waitForURL(/\/login\?redirectTo=%2Fadmin%2Fpeople/)
		expect(errors).toEqual([])
		await context.close()
	})

	test('an employee sees their home and a clear 403 on admin pages', async () => {
		const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } })
		const page = await context.newPage()
		await signIn(page, app.server.url, employee.email, employee.password)
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Hello, Sam')
		// On a phone the links are behind the Menu button.
		await page.getByRole('button', { name: 'Menu' }).click()
		expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('People')
		const response = await page.goto(`${app.server.url}/admin/people`)
		expect(response!.status()).toBe(403)
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not for your role')
		await shot(page, '12-employee-403-phone')
		await context.close()
	})

	test('a form posted from another site is refused', async () => {
		const context = await app.browser.newContext()
		const page = await context.newPage()
		await signIn(page, app.server.url, admin.email, admin.password)
		const r = await context.request.post(`${app.server.url}/admin/teams`, {
			headers: { Origin: 'http://evil.example' },
			form: { intent: 'create', name: 'Injected' },
		})
		expect(r.status()).toBe(403)
		const same = await context.request.post(`${app.server.url}/admin/teams`, {
			headers: { Origin: app.server.url },
			form: { intent: 'create', name: 'Allowed' },
			maxRedirects: 0,
		})
		expect(same.status()).toBe(200)
		await page.goto(`${app.server.url}/admin/teams`)
		const tree = await page.getByRole('list', { name: 'Team tree' }).textContent()
		expect(tree).toContain('Allowed')
		expect(tree).not.toContain('Injected')
		await context.close()
	})

	test('unknown addresses get a 404 page, and /healthz reports the database', async () => {
		const context = await app.browser.newContext()
		const page = await context.newPage()
		const r = await page.goto(`${app.server.url}/no/such/page`)
		expect(r!.status()).toBe(404)
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found')
		// The router's own message ("No route matches URL …") is for developers, not for a reader.
		expect(await page.getByRole('alert').textContent()).toContain('There is nothing at this address')
		expect(await page.locator('body').innerText()).not.toContain('No route matches')
		const health = await context.request.get(`${app.server.url}/healthz`)
		expect(health.status()).toBe(200)
		expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite' })
		await context.close()
	})

	test('the settings page states the floor of k in the browser too, with no hydration error', async () => {
		const context = await app.browser.newContext()
		const page = await context.newPage()
		const errors = watchForPageErrors(page)
		await signIn(page, app.server.url, admin.email, admin.password)
		await page.goto(`${app.server.url}/admin/settings`)
		// Once hydrated, the hint is the browser's own rendering: it once read "never below undefined".
		await waitForHydration(page)
		expect(await page.getByText(/never below 3\./).count()).toBe(1)
		expect(await page.getByRole('spinbutton', { name: /k/i }).first().getAttribute('min')).toBe('3')
		expect(errors).toEqual([])
		await context.close()
	})
})
