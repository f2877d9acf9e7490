/**
 * Languages end to end on the server: a person's pulse is in their language (falling back to the
 * organisation's, marked, for an item not translated yet); answers in two languages pool into
 * the same figures as in one; a comment keeps its language only where k comments of its wave and
 * team share it; mails are in the recipient's language; a signed-out page follows Accept-Language.
 */
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { SYSTEM_ACTOR } from '~/audit/audit.server'
import { createScimUser, replaceScimUser } from '~/identity/scim-users.server'
import { deliverDueMail } from '~/notifications/mail.server'
import { setOrgLocale, setPersonLocale } from '~/org/locale.server'
import { updateOrganizationSettings } from '~/org/organizations.server'
import { createPerson, getPerson, updatePerson } from '~/org/people.server'
import { exportPeopleCsv, importPeopleCsv } from '~/org/people-import.server'
import { pulsePage } from '~/pulses/pulse-http.server'
import { pulseForUser } from '~/pulses/pulse-view.server'
import { commentsInView } from '~/reports/comment-view.server'
import { ROOT } from '~/reports/gate.server'
import { mindsetReport } from '~/reports/mindset.server'
import { releaseWeek } from '~/reports/release.server'
import { loader as rootLoader } from '~/root'
import { createCustomItem, listItems, setItemTranslations } from '~/surveys/items.server'
import { db } from '~/utils/db.server'
import { resultRows } from '~db/client'
import { items, users } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg } from '../../support/fixtures'
import { readMailFolder } from '../../support/mail'
import { answer, makePulseOrg, makeSurvey, openTestWave } from '../../support/pulses'
import { call, getRequest } from '../../support/requests'

useTestDatabase()

const setLocale = (orgId: string, userId: string, locale: string | null) =>
	db()
		.update(users)
		.set({ locale: locale as 'de' | null })
		.where(and(eq(users.orgId, orgId), eq(users.id, userId)))

describe('a person reads the pulse in their language', () => {
	test('built-in items in German, an own item without German in the organisation’s language, marked', async () => {
		const o = await makePulseOrg({ teams: { T: [['frontline', 5]] } })
		const [own] = await db()
			.insert(items)
			.values({
				orgId: o.orgId,
				dimension: 'voice',
				kind: 'likert',
				text: 'Our stand-ups are worth the time.',
				translations: { fr: 'Nos points quotidiens valent le temps passé.' },
			})
			.returning({ id: items.id })
		const bank = await listItems(o.orgId)
		const survey = await makeSurvey(o.orgId, ['autonomy.resolve', 'enps.recommend', 'comment.open'], 5, 'Wochenpuls')
		await db().execute(sql`insert into survey_items (org_id, survey_id, item_id, position, required) values (${o.orgId}, ${survey}, ${own!.id}, 3, true)`)
		expect(bank.length).toBeGreaterThan(0)
		const w = await openTestWave(o.orgId, survey, '2026-03-02')
		const [de, fr] = o.people
		await setLocale(o.orgId, de!.id, 'de')
		await setLocale(o.orgId, fr!.id, 'fr')
		const page = (id: string) => pulseForUser(o.orgId, id, w.waveId, w.during).then((p) => pulsePage(p!))
		const german = await page(de!.id)
		expect(german.locale).toBe('de')
		const texts = german.state === 'open' ? german.pulse.items.map((i) => [i.text, i.lang, i.fallback]) : []
		expect(texts).toEqual([
			['Wenn eine Kundin oder ein Kunde ein Problem hat, kann ich es selbst lösen, ohne vorher jemanden zu fragen.', 'de', false],
			['Wie wahrscheinlich ist es, dass Sie diese Organisation einer Freundin oder einem Freund als Arbeitgeber empfehlen?', 'de', false],
			['Gibt es noch etwas, das die Führung hören sollte?', 'de', false],
			// Not translated into German: the organisation's language (English), said so.
			['Our stand-ups are worth the time.', 'en', true],
		])
		// The close is written in German, in the organisation's zone (UTC): Thursday 5 March 09:00.
		expect(german.state === 'open' && german.pulse.closesLabel).toBe('Donnerstag, 5. März um 09:00')
		const french = await page(fr!.id)
		expect(french.state === 'open' && french.pulse.items[3]).toMatchObject({ text: 'Nos points quotidiens valent le temps passé.', lang: 'fr', fallback: false })
		// Someone who has not chosen follows the organisation: English, nothing marked.
		const english = await page(o.people[2]!.id)
		expect(english.state === 'open' && english.pulse.items.map((i) => i.fallback)).toEqual([false, false, false, false])
	})
})

describe('results pool across languages', () => {
	async function week(languages: (string | null)[]) {
		const o = await makePulseOrg({ k: 3, teams: { T: [['frontline', 6]] } })
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		for (const [i, p] of o.people.entries()) {
			await setLocale(o.orgId, p.id, languages[i] ?? null)
			await answer(o.orgId, p.id, w.waveId, { 'item-0': String(1 + (i % 5)), 'item-1': String(i), 'item-2': String(4 + i), locale: languages[i] ?? 'en' }, w.during)
		}
		expect(await releaseWeek(o.orgId, '2026-03-02', w.after)).toBe(true)
		const r = (await mindsetReport(o.orgId, { from: '2026-03-02', to: '2026-03-08', teamId: null, level: null }, null))!
		return {
			trend: r.trend.map((t) => ({ culture: t.culture, dimensions: t.dimensions, released: t.released })),
			heatmap: r.heatmap.map((h) => ({ label: h.label, suppressed: h.suppressed })),
		}
	}

	test('the same week answered half in German and half in English gives the figures of the week answered in English', async () => {
		const one = await week([null, null, null, null, null, null])
		const two = await week(['de', 'en', 'de', 'en', 'de', 'en'])
		expect(one.trend[0]!.released).toBe(true)
		expect(one.trend[0]!.culture).not.toBeNull()
		expect(two).toEqual(one)
	})
})

describe('a comment keeps its language only where it names no one', () => {
	test('five German comments keep "de"; the one French comment of the team loses its language at release', async () => {
		const o = await makePulseOrg({ k: 5, teams: { T: [['frontline', 6]] } })
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		for (const [i, p] of o.people.entries()) {
			const locale = i === 5 ? 'fr' : 'de'
			await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8', 'item-3': `Kommentar ${i}`, locale }, w.during)
		}
		const held = resultRows<{ comment_locale: string }>(await db().execute(sql`select comment_locale from held_responses where org_id = ${o.orgId} order by comment_locale`))
		expect(held.map((h) => h.comment_locale)).toEqual(['de', 'de', 'de', 'de', 'de', 'fr'])
		expect(await releaseWeek(o.orgId, '2026-03-02', w.after)).toBe(true)
		const released = resultRows<{ comment: string; comment_locale: string | null }>(
			await db().execute(sql`select comment, comment_locale from responses where org_id = ${o.orgId} order by comment`),
		)
		// The attacker who knows the only French speaker of the team learns nothing from the column.
		expect(released.map((r) => [r.comment, r.comment_locale])).toEqual([
			['Kommentar 0', 'de'],
			['Kommentar 1', 'de'],
			['Kommentar 2', 'de'],
			['Kommentar 3', 'de'],
			['Kommentar 4', 'de'],
			['Kommentar 5', null],
		])
	})

	test('leaders read each comment with the language it kept, and none for the one that lost it', async () => {
		const o = await makePulseOrg({ k: 5, teams: { T: [['frontline', 10]] } })
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		for (const [i, p] of o.people.entries())
			await answer(o.orgId, p.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8', 'item-3': `Kommentar ${i}`, locale: i === 9 ? 'fr' : 'de' }, w.during)
		expect(await releaseWeek(o.orgId, '2026-03-02', w.after)).toBe(true)
		const seen = await commentsInView(o.orgId, ROOT, w.after)
		expect(seen.map((c) => [c.text, c.locale]).sort()).toEqual([...Array.from({ length: 9 }, (_, i) => [`Kommentar ${i}`, 'de']), ['Kommentar 9', null]])
	})

	test('a page that sends no language, or one that is not offered, stores none', async () => {
		const o = await makePulseOrg({ k: 5, teams: { T: [['frontline', 5]] } })
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		await answer(o.orgId, o.people[0]!.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8', 'item-3': 'a', locale: 'xx' }, w.during)
		await answer(o.orgId, o.people[1]!.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8', 'item-3': 'b' }, w.during)
		await answer(o.orgId, o.people[2]!.id, w.waveId, { 'item-0': '4', 'item-1': '1', 'item-2': '8', locale: 'de' }, w.during)
		const held = resultRows<{ comment_locale: string | null }>(await db().execute(sql`select comment_locale from held_responses where org_id = ${o.orgId}`))
		expect(held.map((h) => h.comment_locale)).toEqual([null, null, null])
	})
})

describe('mails and signed-out pages', () => {
	test('an invitation to a person set to German is in German, HTML and text; English otherwise', async () => {
		const o = await makePulseOrg({ teams: { T: [['frontline', 1]] } })
		const invited = await createPerson(o.orgId, { email: 'jana@example.com', name: 'Jana Weber', role: 'employee', level: 'frontline', teamId: '', managerId: '', locale: 'de' })
		expect(invited.ok).toBe(true)
		await deliverDueMail()
		const mail = (await readMailFolder()).find((m) => m.to.includes('jana@example.com'))!
		expect(mail.subject).toMatch(/^Einladung zu State of Now bei /)
		expect(mail.text).toContain('Hallo Jana Weber,')
		expect(mail.text).toContain('Passwort festlegen: http')
		expect(mail.html).toContain('<html lang="de">')
		expect(mail.html).toContain('Oder fügen Sie diese Adresse in Ihren Browser ein:')
	})

	test('a signed-out page follows Accept-Language, and the pseudo-locale only when asked for exactly', async () => {
		const lang = async (header: string) => {
			const request = getRequest('/login')
			request.headers.set('Accept-Language', header)
			return (await call(rootLoader, request)).data.locale
		}
		expect(await lang('de-DE,de;q=0.9,en;q=0.8')).toBe('de')
		expect(await lang('ja')).toBe('ja')
		expect(await lang('fr-CA')).toBe('fr')
		expect(await lang('pt-BR,es;q=0.5')).toBe('es')
		expect(await lang('pt-BR')).toBe('en')
		expect(await lang('en-US')).toBe('en')
		expect(await lang('en-XA')).toBe('en-XA')
	})
})

describe('whose language: set by the admin, by the CSV column, by the person', () => {
	const localeOf = async (orgId: string, email: string) =>
		resultRows<{ locale: string | null }>(await db().execute(sql`select locale from users where org_id = ${orgId} and email = ${email}`))[0]?.locale

	test('the CSV column `locale`: set, emptied to follow the organisation, left alone when the column is absent, refused when unknown', async () => {
		const org = await makeOrg()
		const head = 'email,name,team,role,level,manager_email'
		expect(
			(await importPeopleCsv(org.id, `${head},locale\nana@example.com,Ana,,employee,front line,,es\nkai@example.com,Kai,,employee,front line,,JA\n`, { sendInvitations: false }))
				.ok,
		).toBe(true)
		expect(await localeOf(org.id, 'ana@example.com')).toBe('es')
		expect(await localeOf(org.id, 'kai@example.com')).toBe('ja')
		// Without the column nothing about languages changes, and nothing counts as updated.
		const again = await importPeopleCsv(org.id, `${head}\nana@example.com,Ana,,employee,front line,\n`, { sendInvitations: false })
		expect(again.ok && again.summary).toMatchObject({ updated: 0, unchanged: 1 })
		expect(await localeOf(org.id, 'ana@example.com')).toBe('es')
		// An empty cell follows the organisation.
		expect((await importPeopleCsv(org.id, `${head},locale\nana@example.com,Ana,,employee,front line,,\n`, { sendInvitations: false })).ok).toBe(true)
		expect(await localeOf(org.id, 'ana@example.com')).toBeNull()
		// A language the app does not speak: the line and the column, nothing stored.
		const bad = await importPeopleCsv(org.id, `${head},locale\nkai@example.com,Kai,,employee,front line,,pt\nnew@example.com,New,,employee,front line,,de\n`, {
			sendInvitations: false,
		})
		expect(bad).toMatchObject({ ok: false, problems: [{ line: 2, column: 'locale' }] })
		expect(await localeOf(org.id, 'kai@example.com')).toBe('ja')
		expect(await localeOf(org.id, 'new@example.com')).toBeUndefined()
		// The export carries the column, so a round trip keeps everyone's language.
		expect((await exportPeopleCsv(org.id)).split('\n')[0]!.trim()).toBe(`${head},locale`)
	})

	test('the admin sets a person’s language; an edit that does not name one (SCIM) keeps it; the person changes it on /settings', async () => {
		const org = await makeOrg()
		const made = await createPerson(org.id, { email: 'lea@example.com', name: 'Léa', role: 'employee', level: 'frontline', teamId: '', managerId: '', locale: 'fr' })
		if (!made.ok) throw new Error('not made')
		expect(await localeOf(org.id, 'lea@example.com')).toBe('fr')
		const person = (await getPerson(org.id, made.value.id))!
		const { locale: _, ...withoutLocale } = person
		expect((await updatePerson(org.id, made.value.id, { ...withoutLocale, teamId: '', managerId: '' })).ok).toBe(true)
		expect(await localeOf(org.id, 'lea@example.com')).toBe('fr')
		expect((await updatePerson(org.id, made.value.id, { ...person, teamId: '', managerId: '', locale: 'xx' })).ok).toBe(false)
		expect(await setPersonLocale(org.id, made.value.id, 'de')).toEqual({ ok: true, value: 'de' })
		expect((await setPersonLocale(org.id, made.value.id, 'en-XA')).ok).toBe(false)
		expect(await localeOf(org.id, 'lea@example.com')).toBe('de')
		expect((await setOrgLocale(org.id, 'ja')).ok).toBe(true)
		expect((await setOrgLocale(org.id, 'klingon')).ok).toBe(false)
	})

	test('SCIM: preferredLanguage sets the language on create and replace; one the app does not speak changes nothing', async () => {
		const org = await makeOrg()
		const actor = SYSTEM_ACTOR
		const created = await createScimUser(org.id, { userName: 'mei@example.com', displayName: 'Mei', preferredLanguage: 'ja-JP' }, actor)
		expect(created.status).toBe(201)
		expect(await localeOf(org.id, 'mei@example.com')).toBe('ja')
		const id = (created.body as { id: string }).id
		await replaceScimUser(org.id, id, { userName: 'mei@example.com', displayName: 'Mei', preferredLanguage: 'pt-BR' }, actor)
		expect(await localeOf(org.id, 'mei@example.com')).toBe('ja')
		await replaceScimUser(org.id, id, { userName: 'mei@example.com', displayName: 'Mei', preferredLanguage: 'pt-BR, fr;q=0.8' }, actor)
		expect(await localeOf(org.id, 'mei@example.com')).toBe('fr')
	})
})

describe('admins translate their own items; the organisation has a language', () => {
	test('a translation added by an admin reaches the next wave; a built-in item cannot be rewritten; a bad one stores nothing', async () => {
		const o = await makePulseOrg({ teams: { T: [['frontline', 5]] } })
		const made = await createCustomItem(o.orgId, { dimension: 'voice', kind: 'likert', text: 'Our stand-ups are worth the time.' })
		if (!made.ok) throw new Error('no item')
		expect(await setItemTranslations(o.orgId, made.value.id, { text_de: 'Unsere Stand-ups sind die Zeit wert.', text_ja: '' })).toEqual({
			ok: true,
			value: { de: 'Unsere Stand-ups sind die Zeit wert.' },
		})
		expect(await setItemTranslations(o.orgId, made.value.id, { text_fr: 'Court' })).toMatchObject({ ok: false, errors: { text_fr: expect.stringContaining('10 characters') } })
		const builtIn = (await listItems(o.orgId)).find((i) => i.key === 'autonomy.resolve')!
		expect(await setItemTranslations(o.orgId, builtIn.id, { text_de: 'Etwas ganz anderes als die Frage.' })).toBeNull()
		const stored = await db()
			.select({ translations: items.translations })
			.from(items)
			.where(and(eq(items.orgId, o.orgId), eq(items.id, made.value.id)))
		expect(stored[0]!.translations).toEqual({ de: 'Unsere Stand-ups sind die Zeit wert.' })

		const survey = await makeSurvey(o.orgId, ['autonomy.resolve', 'enps.recommend', 'comment.open'], 5, 'Puls')
		await db().execute(sql`insert into survey_items (org_id, survey_id, item_id, position, required) values (${o.orgId}, ${survey}, ${made.value.id}, 3, true)`)
		const w = await openTestWave(o.orgId, survey, '2026-03-02')
		await setLocale(o.orgId, o.people[0]!.id, 'de')
		const page = pulsePage((await pulseForUser(o.orgId, o.people[0]!.id, w.waveId, w.during))!)
		expect(page.state === 'open' && page.pulse.items[3]).toMatchObject({ text: 'Unsere Stand-ups sind die Zeit wert.', lang: 'de', fallback: false })
	})

	test('the organisation’s language is everyone’s who has not chosen, and an unknown one is refused', async () => {
		const o = await makePulseOrg({ teams: { T: [['frontline', 5]] } })
		const settings = { name: 'Nordwind', timeZone: 'Europe/Berlin', anonymityK: '5' }
		expect((await updateOrganizationSettings(o.orgId, { ...settings, locale: 'xx' })).ok).toBe(false)
		expect((await updateOrganizationSettings(o.orgId, { ...settings, locale: 'de' })).ok).toBe(true)
		const w = await openTestWave(o.orgId, o.surveyId, '2026-03-02')
		const page = pulsePage((await pulseForUser(o.orgId, o.people[0]!.id, w.waveId, w.during))!)
		expect(page.locale).toBe('de')
		// A form that does not name the language (an older client) keeps it.
		expect((await updateOrganizationSettings(o.orgId, settings)).ok).toBe(true)
		expect(pulsePage((await pulseForUser(o.orgId, o.people[0]!.id, w.waveId, w.during))!).locale).toBe('de')
	})
})
