/**
 * One i18next instance for a locale and its messages, made synchronously (the messages are given,
 * nothing is fetched), so the server's render and the browser's hydration see the same words.
 */
import i18next, { type i18n } from 'i18next'

import { DEFAULT_LOCALE } from './locales'
import type { Messages } from './pseudo'

export function makeI18n(locale: string, resources: Record<string, Messages>, defaultNS = 'app'): i18n {
	const instance = i18next.createInstance()
	void instance.init({
		lng: locale,
		fallbackLng: DEFAULT_LOCALE,
		resources: { [locale]: resources },
		ns: Object.keys(resources),
		defaultNS,
		// React and the e-mail layout escape what they render; escaping here would double it.
		interpolation: { escapeValue: false },
		initImmediate: false,
		returnNull: false,
	})
	return instance
}
