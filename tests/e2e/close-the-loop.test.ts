/**
 * Issue #12's "Done when", walked in a browser on the demo organisation: a wave is answered (one
 * employee, signed in on a phone, leaves a comment and keeps a reply key), closes and is released
 * by the in-server scheduler; the employee sees their team's results; the manager plans an action
 * on the weakest dimension; the executive replies to the comment; the author reads the reply on
 * their home page in the browser that holds the key; the manager's and executive's digests are in
 * the mail folder with a plain-text part and an unsubscribe link; and the actions are measured.
 *
 * Measured effect: an action is measured once its team has MIN_WEEKS (2) shown released weeks on
 * each side of the week it started, that week itself left out (app/actions/measure-action.server.ts),
 * so the earliest figure comes two weeks after the start week is released. A browser test can
 * release only the current week (the scheduler runs on the real clock), so the action planned
 * here honestly reads "too few weeks yet … 0 weeks since"; the measured state is asserted on the
 * demo's seeded action, whose team has had its released weeks since it started.
 */
import fs from 'node:fs'
import path from 'node:path'

import { simpleParser } from 'mailparser'
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'

import { DEMO_ACCOUNTS } from '~/demo/seed.server'

import { useServerAndBrowser } from './support/app'
import { shot, signIn, submitForm, waitForHydration, watchForPageErrors } from './support/browser'
import { sendAnswers } from './support/pulse'

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!

const app = useServerAndBrowser({ SCHEDULER_INTERVAL_SECONDS: '1', RELEASE_SETTLE_SECONDS: '1' })

const SURVEY = 'Care loop pulse'
const COMMENT = 'Please let us close small refunds ourselves instead of waiting for a lead.'
const REPLY = 'From next week agents may refund up to €50 without asking. Tell us how it goes.'
const ACTION = 'Agents settle refunds under €50 on their own from Monday'

interface Mail {
	to: string
	subject: string
	text: string
	html: string
	listUnsubscribe: string | null
}

/** Every e-mail the server wrote to DATA_DIR/mail (no SMTP_URL), parsed as a mail client would. */
async function mails(): Promise<Mail[]> {
	const dir = path.join(app.server.dataDir, 'mail')
	if (!fs.existsSync(dir)) return []
	return Promise.all(
		fs
			.readdirSync(dir)
			.filter((f) => f.endsWith('.eml'))
			.map(async (f) => {
				const raw = fs.readFileSync(path.join(dir, f))
				const m = await simpleParser(raw)
				const to = (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value.map((v) => v.address ?? '') ?? [])
				return {
					to: to.join(', '),
					subject: m.subject ?? '',
					text: m.text ?? '',
					html: typeof m.html === 'string' ? m.html : '',
					// The header itself, unfolded (mailparser files List-* headers under one object).
					listUnsubscribe:
						raw
							.toString('utf8')
							.replace(/\r?\n[ \t]+/g, ' ')
							.match(/^List-Unsubscribe:\s*(.+)$/m)?.[1] ?? null,
				}
			}),
	)
}

async function answer(page: Page, choices: { likert: number; enps: number }) {
	// Hydrated first: a choice made before React takes over the form can be lost. And the form shown:
	// after a link followed in the browser, the address changes before React renders the new page.
	await waitForHydration(page)
	await page.locator('button.pulse-submit').waitFor()
	for (const group of await page.getByRole('group').all()) {
		const options = await group.getByRole('radio').count()
		await group
			.getByRole('radio')
			.nth(options === 5 ? choices.likert - 1 : choices.enps)
			.check()
	}
}

describe('closing the loop on the demo', () => {
	test('released week → results → action → reply to a comment → reply read at home → digests → measured', async () => {
		const sam = account('employee')
		const maya = account('manager')
		const elliot = account('executive')
		const hana = account('admin')

		// The admin (desktop) builds a pulse for Customer Care, due a minute ago today (London time), with the comment item.
		const desk = await app.browser.newContext({ viewport: { width: 1366, height: 900 } })
		const admin = await desk.newPage()
		const adminErrors = watchForPageErrors(admin)
		await signIn(admin, app.server.url, hana.email, hana.password)
		await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Surveys' }).click()
		await admin.getByRole('link', { name: 'New survey' }).click()
		await admin.getByRole('textbox', { name: /^Name/ }).fill(SURVEY)
		await admin.getByLabel(/How likely are you to recommend/).check()
		await admin.getByLabel(/Anything else you want leadership to hear/).check()
		await admin.getByLabel('Chosen teams (with their sub-teams)').check()
		await admin.getByRole('checkbox', { name: 'Customer Care', exact: true }).check()
		const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
		const parts = Object.fromEntries(london.formatToParts(new Date(Date.now() - 60_000)).map((p) => [p.type, p.value]))
		await admin.getByLabel('Day', { exact: true }).selectOption({ label: parts.weekday! })
		await admin.locator('input[name=sendTime]').fill(`${parts.hour}:${parts.minute}`)
		await submitForm(admin, admin.getByRole('button', { name: 'Save draft' }))
		await expect.poll(() => admin.getByRole('status').textContent()).toContain('Draft saved')
		await submitForm(admin, admin.getByRole('button', { name: 'Activate' }))
		await expect.poll(() => admin.getByRole('status').textContent()).toContain('Active')
		const surveyUrl = admin.url()

		// The scheduler opens the wave and mails the invitations (32 people in Customer Care).
		const invitations = async () => (await mails()).filter((m) => m.subject.startsWith(SURVEY))
		await expect.poll(async () => (await invitations()).length, { timeout: 30_000, interval: 1000 }).toBe(32)

		// Sam, signed in on a phone, answers from the home page, leaves a comment and asks for replies.
		const phone = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
		const samPage = await phone.newPage()
		const samErrors = watchForPageErrors(samPage)
		await signIn(samPage, app.server.url, sam.email, sam.password)
		await samPage.goto(`${app.server.url}/home`)
		await samPage.getByRole('link', { name: `Answer: ${SURVEY}` }).click()
		await samPage.waitForURL(/\/pulses\//)
		await answer(samPage, { likert: 2, enps: 4 })
		await samPage.getByRole('textbox').fill(COMMENT)
		await samPage.getByLabel(/Let leaders reply to my comment privately/).check()
		await shot(samPage, '70-pulse-with-comment-phone')
		await submitForm(samPage, samPage.getByRole('button', { name: 'Send my answers' }))
		await expect.poll(() => samPage.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you — your answers are in')
		const keyCard = samPage.getByTestId('reply-key')
		await expect.poll(() => keyCard.textContent()).toContain('this browser has kept your key')
		const shownKey = (await keyCard.locator('code').textContent())!.match(/r_(?:[0-9a-f-]{36}\.)?[a-z0-9]{32}/)![0]
		// The browser holds exactly the key shown; the app stores only its hash.
		expect(await samPage.evaluate(() => JSON.parse(window.localStorage.getItem('son.replyKeys') ?? '[]'))).toEqual([shownKey])
		await shot(samPage, '71-thanks-reply-key-phone')

		// The nine others of Sam's team (Customer Care › Social is numbered 0–8 in the demo) answer through
		// their links, in a browser of their own: ten answers, enough for figures (k = 5) and for comments,
		// which are shown only for a group of at least 2k = 10 respondents.
		const others = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
		const otherPage = await others.newPage()
		const otherErrors = watchForPageErrors(otherPage)
		const list = await invitations()
		for (let n = 0; n <= 8; n++) {
			const mail = list.find((m) => m.to.endsWith(`.${n}@demo.stateofnow.test`))!
			await otherPage.goto(mail.text.match(/http:\/\/localhost:\d+\/p\/[a-z0-9.-]+/)![0])
			await answer(otherPage, { likert: 2 + (n % 3), enps: 2 + n })
			await sendAnswers(otherPage)
			await otherPage.waitForURL(/\/thanks/)
		}
		await others.close()

		// Whether the demo's own weekly pulse reached Sam's team this week: it opens on Mondays at 09:00,
		// so a run from then to Sunday finds it invited them too (its invitation is in the mail folder).
		const demoPulseThisWeek = (await mails()).some((m) => m.to === sam.email && m.subject.startsWith('Weekly pulse:'))

		// The admin closes the wave; the demo's own weekly pulse is closed too if it is open this week
		// (a week is released once all of its pulses have closed).
		await admin.goto(surveyUrl)
		await admin.getByRole('table').getByRole('link').first().click()
		await expect.poll(() => admin.getByRole('heading', { level: 1 }).textContent()).toContain('Wave of')
		await expect.poll(() => admin.getByLabel('Participation', { exact: true }).textContent()).toMatch(/^32invited10answered/)
		await submitForm(admin, admin.getByRole('button', { name: 'Close now…' }))
		await submitForm(admin, admin.getByRole('button', { name: 'Yes, close it now' }))
		await expect.poll(() => admin.getByRole('status').textContent()).toContain('The wave is closed')
		await admin.goto(`${app.server.url}/admin/surveys`)
		await admin.getByRole('link', { name: 'Weekly pulse', exact: true }).click()
		await expect.poll(() => admin.getByRole('heading', { level: 1 }).textContent()).toBe('Weekly pulse')
		await admin.getByRole('table').getByRole('link').first().click()
		await expect.poll(() => admin.getByRole('heading', { level: 1 }).textContent()).toContain('Wave of')
		if (await admin.getByRole('button', { name: 'Close now…' }).count()) {
			await submitForm(admin, admin.getByRole('button', { name: 'Close now…' }))
			await submitForm(admin, admin.getByRole('button', { name: 'Yes, close it now' }))
			await expect.poll(() => admin.getByRole('status').textContent()).toContain('The wave is closed')
		}

		// Released by the scheduler: Sam's results page shows this week for his team, his comment among its words.
		await expect
			.poll(
				async () => {
					await samPage.goto(`${app.server.url}/results`)
					return samPage.getByRole('region', { name: 'In their own words' }).textContent()
				},
				{ timeout: 30_000, interval: 1000 },
			)
			.toContain(COMMENT)
		const headline = samPage.locator('.results-headline')
		expect(await headline.getByRole('heading').textContent()).toBe('Customer Care › Social')
		expect(await headline.textContent()).toMatch(/\d+\s*\/ 100 Real-Time Mindset Index/)
		if (demoPulseThisWeek) {
			// Two pulses reached the team this week: who was invited, and why not how many answered (the
			// two counts together could tell who answered which; each pulse's own page has its figure).
			expect(await headline.textContent()).toMatch(/\d+ invited/)
			expect(await headline.textContent()).not.toMatch(/answered \(/)
			expect(await samPage.getByTestId('answered-hidden').textContent()).toContain('more than one pulse reached this group this week')
		} else {
			expect(await headline.textContent()).toMatch(/10 of \d+ answered/)
			expect(await samPage.getByTestId('answered-hidden').count()).toBe(0)
		}
		// This pulse asks three of the dimensions: two strongest, and the one left is the weakest.
		expect(await samPage.getByRole('region', { name: 'Weakest' }).getByRole('listitem').count()).toBeGreaterThan(0)
		expect(await samPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
		await shot(samPage, '72-results-released-phone')

		// Maya, the Customer Care manager (desktop), plans an action on Social's weakest dimension from its results.
		const mayaContext = await app.browser.newContext({ viewport: { width: 1366, height: 900 } })
		const mayaPage = await mayaContext.newPage()
		const mayaErrors = watchForPageErrors(mayaPage)
		await signIn(mayaPage, app.server.url, maya.email, maya.password)
		await mayaPage.goto(`${app.server.url}/results`)
		await mayaPage.getByLabel('Team', { exact: true }).selectOption({ label: 'Customer Care › Social' })
		await mayaPage.getByRole('button', { name: 'Show' }).click()
		await mayaPage.waitForURL(/team=/)
		const weakest = mayaPage.getByRole('region', { name: 'Weakest' })
		const weakestLabel = (await weakest.getByRole('listitem').first().textContent())!.replace(/^\d+\s*/, '').replace(/\s*Plan an action$/, '')
		await weakest
			.getByRole('link', { name: /Plan an action/ })
			.first()
			.click()
		await mayaPage.waitForURL(/\/actions\?/)
		expect(await mayaPage.getByLabel('Dimension it targets').locator('option:checked').textContent()).toBe(weakestLabel)
		await mayaPage.getByLabel('What will change').fill(ACTION)
		await mayaPage.getByLabel('Due').fill('2099-06-30')
		await submitForm(mayaPage, mayaPage.getByRole('button', { name: 'Save action' }))
		await mayaPage.waitForURL(/\/actions\/[0-9a-f-]{36}\?created=1/)
		// Started in the week just released, which is left out: nothing since yet (MIN_WEEKS = 2 on each side).
		expect(await mayaPage.getByRole('region', { name: 'Measured' }).textContent()).toMatch(/too few weeks yet \(4 weeks before, 0 weeks since; at least 2 of each\)/)
		await shot(mayaPage, '73-action-created-desktop')

		// Elliot, the executive (desktop), replies to Sam's comment; he cannot see who wrote it.
		const execContext = await app.browser.newContext({ viewport: { width: 1366, height: 900 } })
		const execPage = await execContext.newPage()
		const execErrors = watchForPageErrors(execPage)
		await signIn(execPage, app.server.url, elliot.email, elliot.password)
		await execPage.goto(`${app.server.url}/comments`)
		const thread = execPage.getByTestId('comment-thread').filter({ hasText: COMMENT })
		expect(await thread.count()).toBe(1)
		expect(await thread.textContent()).not.toContain(sam.name)
		await thread.getByLabel('Your reply (signed with your name)').fill(REPLY)
		await submitForm(execPage, thread.getByRole('button', { name: 'Reply' }))
		await expect.poll(() => thread.locator('.thread-messages').textContent()).toContain(REPLY)
		expect(await thread.locator('.thread-messages').textContent()).toContain(elliot.name)
		// The box is empty again once the reply is sent, so a second click cannot post it twice.
		expect(await thread.getByLabel('Your reply (signed with your name)').inputValue()).toBe('')
		await shot(execPage, '74-comments-reply-desktop')

		// Sam reads the reply on his home page, in the browser that holds the key.
		await samPage.goto(`${app.server.url}/home`)
		const samThread = samPage.getByTestId('reply-thread').filter({ hasText: COMMENT })
		await expect.poll(() => samThread.textContent(), { timeout: 10_000 }).toContain(REPLY)
		expect(await samThread.textContent()).toContain(elliot.name)
		await shot(samPage, '75-home-reply-phone')
		// Sam answers; the first try is refused (as a rate limit would): his text stays in the box
		// with the reason, and sending it again works and empties the box.
		const ANSWER = 'Refunds over 50 euros wait two days for a lead.'
		await samPage.route('**/replies/thread', (route) =>
			route.request().postData()?.includes('intent=answer')
				? route.fulfill({
						status: 429,
						contentType: 'application/json',
						headers: { 'Retry-After': '300' },
						body: JSON.stringify({ error: 'Too many wrong reply keys were tried from your network. Try again in 5 minutes.' }),
					})
				: route.continue(),
		)
		await samThread.getByLabel('Answer anonymously').fill(ANSWER)
		// The refused answer is fulfilled in the browser (no server behind it): the POST's answer still comes.
		await submitForm(samPage, samThread.getByRole('button', { name: 'Send' }))
		await expect.poll(() => samThread.getByRole('alert').textContent()).toContain('Try again in 5 minutes')
		expect(await samThread.getByLabel('Answer anonymously').inputValue()).toBe(ANSWER)
		await samPage.unroute('**/replies/thread')
		await submitForm(samPage, samThread.getByRole('button', { name: 'Send' }))
		await expect.poll(() => samThread.locator('.thread-messages').textContent()).toContain(ANSWER)
		expect(await samThread.getByLabel('Answer anonymously').inputValue()).toBe('')
		// Another browser without the key (Maya's) sees no thread of Sam's on its home page.
		await mayaPage.goto(`${app.server.url}/home`)
		await expect.poll(() => mayaPage.getByRole('region', { name: 'Replies to your comments' }).textContent()).toContain('When you leave a comment with a reply key')

		// The digests of the released week are in the mail folder: the manager's and the executive's,
		// each with a plain-text part and a one-click unsubscribe link.
		const digestTo = async (to: string, subject: RegExp) => (await mails()).filter((m) => m.to === to && subject.test(m.subject))
		await expect.poll(async () => (await digestTo(maya.email, /^Your teams' results for /)).length, { timeout: 30_000, interval: 1000 }).toBe(1)
		await expect.poll(async () => (await digestTo(elliot.email, /: results for /)).length, { timeout: 30_000, interval: 1000 }).toBe(1)
		for (const mail of [...(await digestTo(maya.email, /^Your teams' results for /)), ...(await digestTo(elliot.email, /: results for /))]) {
			expect(mail.text.length).toBeGreaterThan(100)
			expect(mail.text).not.toMatch(/undefined|NaN|<\w+/)
			expect(mail.text).toMatch(new RegExp(`Unsubscribe: ${app.server.url}/unsubscribe/\\S+`))
			expect(mail.listUnsubscribe).toContain('/unsubscribe/')
			expect(mail.html).toContain('Unsubscribe</a>')
		}
		const managerDigest = (await digestTo(maya.email, /^Your teams' results for /))[0]!
		// Its unsubscribe link, opened signed out in a German browser without JavaScript: the page
		// asks in German, and the button (a plain form post: it carries this site's Origin) turns the digest off.
		const unsubscribe = managerDigest.text.match(/Unsubscribe: (\S+)/)![1]!
		const noScript = await app.browser.newContext({ javaScriptEnabled: false, locale: 'de-DE' })
		const linkPage = await noScript.newPage()
		await linkPage.goto(unsubscribe)
		expect(await linkPage.locator('html').getAttribute('lang')).toBe('de')
		expect(await linkPage.locator('main').textContent()).toContain('Keine E-Mails der Art „Wochenübersicht“ mehr erhalten?')
		await Promise.all([linkPage.waitForLoadState('load'), linkPage.getByRole('button', { name: 'Abmelden' }).click()])
		await expect.poll(() => linkPage.getByRole('heading', { level: 1 }).textContent()).toBe('Abgemeldet')
		await noScript.close()
		expect(managerDigest.text).toMatch(/Your teams[\s\S]*Customer Care › Social[\s\S]*Suggested focus[\s\S]*Open actions/)
		const executiveDigest = (await digestTo(elliot.email, /: results for /))[0]!
		expect(executiveDigest.text).toMatch(/The organisation\s+-+\s+Culture index \d+(\.\d)? of 100[\s\S]*Biggest movers[\s\S]*Customer Care › Social/)

		// Measured: on Sam's results page the new action says "too few weeks yet"; the demo's action,
		// with its released weeks since, shows its change with the interval.
		await samPage.goto(`${app.server.url}/results`)
		expect(await samPage.getByRole('article', { name: ACTION }).textContent()).toMatch(/Planned.*too few weeks yet \(4 weeks before, 0 weeks since/s)
		expect(await samPage.getByRole('region', { name: 'You said, we did' }).textContent()).toMatch(
			/Agents refund up to €50 on social without asking a lead.*Decision autonomy: \d+ before .* → \d+ since .*: \+\d+ points against the other teams \(likely between [+±]\d+ and \+\d+\), moved up/s,
		)
		await shot(samPage, '76-results-actions-measured-phone')

		expect([...adminErrors, ...samErrors, ...otherErrors, ...mayaErrors, ...execErrors]).toEqual([])
		await execContext.close()
		await mayaContext.close()
		await phone.close()
		await desk.close()
	})
})
