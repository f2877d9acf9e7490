/**
 * The words a chat channel (Slack, Teams) writes around a message and in a pulse form, in the
 * reader's language: the `chat` catalogue for the chat's own words, the pulse page's (`app`) for
 * what the web form says too (answer labels, field problems), and each item in the reader's
 * wording (else the organisation's, marked), so a pulse answered in chat reads as the web one.
 */
import { fixedT } from '~/i18n/i18n.server'
import { isLocale, LOCALE_NAMES } from '~/i18n/locales'
import { localizeProblems } from '~/i18n/problems.server'
import { itemWording } from '~/surveys/item-language'
import type { FieldErrors } from '~/utils/result'

export const chatT = (locale = 'en') => fixedT(locale, 'chat')

/** The five agreement labels of a likert item, 1 to 5. */
export function likertLabels(locale = 'en'): string[] {
	const t = fixedT(locale, 'app')
	return [t('pulse.likert.1'), t('pulse.likert.2'), t('pulse.likert.3'), t('pulse.likert.4'), t('pulse.likert.5')]
}

/** An item's words for the reader: theirs, else the organisation's with the page's "not yet translated" mark. */
export function itemLabel(item: { text: string; translations?: Record<string, string> }, locale = 'en', orgLocale = 'en'): string {
	const wording = itemWording({ text: item.text, translations: item.translations ?? {} }, locale, orgLocale)
	if (!wording.fallback) return wording.text
	const language = isLocale(wording.lang) ? LOCALE_NAMES[wording.lang] : wording.lang
	return `${wording.text} ${fixedT(locale, 'app')('pulse.notTranslated', { language })}`
}

/** The form's problems (the modules' English) in the reader's language, as the web page shows them. */
export const fieldProblems = (errors: FieldErrors, locale = 'en') => localizeProblems(locale, errors)

/**
 * A sentence around a name we did not write, split where the name goes, so a channel can set the
 * name apart (bold, its own text run) in whatever order the language puts it.
 */
export function around(text: (placeholder: string) => string): [string, string] {
	const mark = '\u0000'
	const [before = '', after = ''] = text(mark).split(mark)
	return [before, after]
}
