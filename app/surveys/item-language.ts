/**
 * Which wording of an item a person reads: theirs when the item has it, else the organisation's
 * language, said so on the page (`fallback`, with the language the text is in). Only the words
 * differ: every wording is the same item, so answers pool whatever language they were given in.
 */
export interface ItemWording {
	text: string
	/** The language the text is in (for the element's `lang`). */
	lang: string
	/** True when the person's language has no wording yet and the organisation's is shown. */
	fallback: boolean
}

export function itemWording(item: { text: string; translations: Record<string, string> }, locale: string, orgLocale: string): ItemWording {
	const own = item.translations[locale]
	if (own) return { text: own, lang: locale, fallback: false }
	const org = item.translations[orgLocale] ?? item.text
	// The pseudo-locale is English underneath: an English organisation's text is not a fallback there.
	const same = locale === orgLocale || (locale === 'en-XA' && orgLocale === 'en')
	return { text: org, lang: orgLocale, fallback: !same }
}
