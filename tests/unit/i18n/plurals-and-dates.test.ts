/**
 * Plurals follow each language's own rules (French and Spanish have a third form for large round
 * numbers, Japanese has one form), and dates are written in the person's language and the
 * organisation's time zone.
 */
import { describe, expect, it } from 'vitest'

import { formatDate, formatDateTime, formatNumber } from '~/i18n/format'
import { fixedT } from '~/i18n/i18n.server'

describe('plurals in every language', () => {
	const k = (locale: string, count: number) => fixedT(locale, 'app')('home.anonymity', { count })
	it('English and German: one and other', () => {
		expect(k('en', 1)).toContain('fewer than 1 person.')
		expect(k('en', 5)).toContain('fewer than 5 people.')
		expect(k('de', 1)).toContain('weniger als 1 Person')
		expect(k('de', 5)).toContain('weniger als 5 Personen')
	})
	it('French and Spanish: one, many (a million: "de") and other', () => {
		expect(k('fr', 1)).toContain('moins de 1 personne.')
		expect(k('fr', 5)).toContain('moins de 5 personnes.')
		expect(k('fr', 1_000_000)).toContain('moins de 1000000 de personnes.')
		expect(k('es', 1)).toContain('menos de 1 persona.')
		expect(k('es', 7)).toContain('menos de 7 personas.')
		expect(k('es', 1_000_000)).toContain('menos de 1000000 de personas.')
	})
	it('Japanese: one form for every count', () => {
		expect(k('ja', 1)).toBe('回答は氏名と切り離して保存され、回答者が1人未満のグループの結果は表示されません。')
		expect(k('ja', 5)).toContain('回答者が5人未満')
	})
	it('the mails too: a throttled sign-in counts its minutes in the language', () => {
		expect(fixedT('en', 'app')('login.throttled', { count: 1 })).toBe('Too many failed attempts. Try again in 1 minute.')
		expect(fixedT('de', 'app')('login.throttled', { count: 15 })).toBe('Zu viele fehlgeschlagene Versuche. Versuchen Sie es in 15 Minuten erneut.')
		expect(fixedT('ja', 'app')('login.throttled', { count: 15 })).toBe('ログインの失敗が続いています。15分後にもう一度お試しください。')
	})
})

describe('dates and numbers in the person’s language, in the organisation’s time zone', () => {
	// Monday 7 December 2026, 08:30 UTC.
	const at = new Date('2026-12-07T08:30:00Z')
	it('each language names the day and month its own way', () => {
		expect(formatDateTime(at, 'en', 'Europe/Berlin')).toBe('Monday 7 December at 09:30')
		expect(formatDateTime(at, 'de', 'Europe/Berlin')).toBe('Montag, 7. Dezember um 09:30')
		expect(formatDateTime(at, 'fr', 'Europe/Paris')).toBe('lundi 7 décembre à 09:30')
		expect(formatDateTime(at, 'es', 'Europe/Madrid')).toBe('lunes, 7 de diciembre, 09:30')
		expect(formatDateTime(at, 'ja', 'Asia/Tokyo')).toBe('12月7日月曜日 17:30')
	})
	it('the zone is the organisation’s, not the reader’s: the same instant is a different day in Los Angeles', () => {
		expect(formatDateTime(new Date('2026-12-07T03:00:00Z'), 'en', 'America/Los_Angeles')).toBe('Sunday 6 December at 19:00')
		expect(formatDate(at, 'de', 'Europe/Berlin')).toBe('7. Dezember 2026')
		expect(formatDate(at, 'ja', 'Asia/Tokyo')).toBe('2026年12月7日')
	})
	it('numbers group their thousands as the language does', () => {
		expect(formatNumber(2000, 'en')).toBe('2,000')
		expect(formatNumber(2000, 'de')).toBe('2.000')
		expect(formatNumber(2000, 'fr')).toBe('2\u202f000')
		expect(formatNumber(2000, 'ja')).toBe('2,000')
	})
})
