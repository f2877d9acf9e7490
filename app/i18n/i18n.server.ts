/**
 * Whose language a request is in, and translation on the server (mails, messages built by
 * modules). A signed-in person's locale is theirs (or their organisation's); a signed-out page
 * follows the browser's Accept-Language through remix-i18next's detector.
 */
import i18next, { type TFunction } from 'i18next'
import { RemixI18Next } from 'remix-i18next/server'

import { browserNamespaces, DEFAULT_LOCALE, isLocale, isRenderLocale, type Locale, type Namespace, NAMESPACES, RENDER_LOCALES, type RenderLocale } from './locales'
import { RESOURCES } from './resources.server'

/**
 * Every language the browser accepts, most wanted first. (remix-i18next's own header reader
 * offers only the first one: `pt-BR,es;q=0.5` would fall to English instead of Spanish.)
 */
export function acceptedLanguages(header: string | null): string[] {
	if (!header) return []
	return header
		.split(',')
		.map((part, i) => {
			const [tag, ...params] = part.trim().split(';')
			const q = Number(
				params
					.find((p) => p.trim().startsWith('q='))
					?.trim()
					.slice(2) ?? '1',
			)
			return { tag: tag!.trim(), q: Number.isFinite(q) ? q : 0, i }
		})
		.filter((l) => l.tag && l.tag !== '*' && l.q > 0)
		.sort((a, b) => b.q - a.q || a.i - b.i)
		.map((l) => l.tag)
}

export const remixI18next = new RemixI18Next({
	// Only the header: the locale of a signed-in person comes from the database, not from the address or a cookie.
	detection: {
		supportedLanguages: [...RENDER_LOCALES],
		fallbackLanguage: DEFAULT_LOCALE,
		order: ['custom'],
		findLocale: async (request) => acceptedLanguages(request.headers.get('Accept-Language')),
	},
})

/** The locale of a signed-out page. */
export async function requestLocale(request: Request): Promise<RenderLocale> {
	const found = await remixI18next.getLocale(request)
	return isRenderLocale(found) ? found : DEFAULT_LOCALE
}

/** A person's locale: their own choice, else their organisation's. */
export function personLocale(user: { locale: string | null }, org: { locale: string }): RenderLocale {
	if (isRenderLocale(user.locale)) return user.locale
	return isLocale(org.locale) ? org.locale : DEFAULT_LOCALE
}

const server = i18next.createInstance()
void server.init({
	resources: RESOURCES,
	supportedLngs: [...RENDER_LOCALES],
	fallbackLng: DEFAULT_LOCALE,
	ns: [...NAMESPACES],
	defaultNS: 'mail',
	interpolation: { escapeValue: false },
	initImmediate: false,
	returnNull: false,
})

/** A translator fixed to a locale and a namespace, for text built on the server. */
export function fixedT(locale: string, ns: Namespace = 'mail'): TFunction {
	return server.getFixedT(isRenderLocale(locale) ? locale : DEFAULT_LOCALE, ns)
}

/**
 * The messages a page needs in the browser, for the root loader (and pages that speak for someone
 * else, such as a pulse link in its invitee's language): `app` alone unless signed in.
 */
export function browserMessages(locale: RenderLocale, page: { pathname: string; signedIn: boolean } = { pathname: '/', signedIn: false }) {
	return Object.fromEntries(browserNamespaces(page.pathname, page.signedIn).map((ns) => [ns, RESOURCES[locale][ns]]))
}

/** Whether a catalogue has a key, e.g. a built-in item's text in this language. */
export function hasMessage(locale: string, ns: Namespace, key: string): boolean {
	return Boolean(server.getResource(locale, ns, key))
}

export type { Locale }
