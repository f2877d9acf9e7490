/**
 * The pages' side of the catalogues: the root loader sends the locale and the `app` messages of
 * that locale; the layout provides one i18next instance per locale to every component
 * (`useTranslation()`), and `metaT` translates a route's `<title>`. Without the root's data (its
 * loader failed: the error page) the pages speak English, which is in the bundle for that.
 */
import type { i18n, TFunction } from 'i18next'
import type { ReactNode } from 'react'
import { I18nextProvider } from 'react-i18next'

import { makeI18n } from './instance'
import { DEFAULT_LOCALE } from './locales'
import enApp from './locales/en/app.json'
import type { Messages } from './pseudo'

export interface RootLanguage {
	locale: string
	messages: Record<string, Messages>
}

const instances = new Map<string, i18n>()

function instanceFor(language: RootLanguage | undefined): i18n {
	const locale = language?.locale ?? DEFAULT_LOCALE
	// One instance per locale, as a page moves between areas: the namespaces a page brings are added
	// to it (an admin's page carries more of them than a pulse link's), never a new instance.
	let found = instances.get(locale)
	if (!found) {
		found = makeI18n(language ? locale : DEFAULT_LOCALE, language?.messages ?? { app: enApp })
		instances.set(locale, found)
	} else if (language) {
		for (const [ns, messages] of Object.entries(language.messages)) if (!found.hasResourceBundle(locale, ns)) found.addResourceBundle(locale, ns, messages)
	}
	return found
}

/** The root's language, read from any route's `matches` (meta functions) or the root data. */
function languageOf(data: unknown): RootLanguage | undefined {
	const d = data as Partial<RootLanguage> | undefined
	return d && typeof d.locale === 'string' && d.messages ? (d as RootLanguage) : undefined
}

/** The language a page is in: the deepest route that names one (a pulse link: its invitee's), else the root's. */
export function pageLanguage(matches: readonly { id: string; data: unknown }[]): RootLanguage | undefined {
	for (let i = matches.length - 1; i >= 0; i--) {
		const found = languageOf(matches[i]!.data)
		if (found) return found
	}
	return undefined
}

export function I18nProvider({ data, children }: { data: unknown; children?: ReactNode }) {
	return <I18nextProvider i18n={instanceFor(languageOf(data))}>{children}</I18nextProvider>
}

export function localeOf(data: unknown): string {
	return languageOf(data)?.locale ?? DEFAULT_LOCALE
}

/** A translator for a meta function: `meta: ({ matches }) => [{ title: metaT(matches)('login.title') }]`. */
export function metaT(matches: readonly { id: string; data: unknown }[]): TFunction {
	const instance = instanceFor(pageLanguage(matches))
	return instance.getFixedT(instance.language, 'app')
}

/** "Sign in · State of Now": a page's title with the app's name. */
export function pageTitle(matches: readonly { id: string; data: unknown }[], key: string): string {
	const t = metaT(matches)
	return t('meta.title', { page: t(key) })
}
