/**
 * The languages the app speaks. A locale is a BCP 47 tag; the five real ones are complete
 * catalogues under `app/i18n/locales/<tag>/`, the pseudo-locale `en-XA` is made from English at
 * start (accented, bracketed) so a test can see any text that did not come from a catalogue.
 */
export const LOCALES = ['en', 'de', 'fr', 'es', 'ja'] as const
export type Locale = (typeof LOCALES)[number]

export const PSEUDO_LOCALE = 'en-XA'
/** Every locale a page may be rendered in: the real ones first, so a loose match prefers them. */
export const RENDER_LOCALES = [...LOCALES, PSEUDO_LOCALE] as const
export type RenderLocale = (typeof RENDER_LOCALES)[number]

export const DEFAULT_LOCALE: Locale = 'en'

/** Each language by its own name (an endonym is how a reader finds their language in a list). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español', ja: '日本語' }

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export function isRenderLocale(value: unknown): value is RenderLocale {
	return typeof value === 'string' && (RENDER_LOCALES as readonly string[]).includes(value)
}

/**
 * The catalogue namespaces, one file each per locale. `app` (every page), `reports` (pages of a
 * signed-in person: results, dashboard, actions, comments) and `admin` and `integrations` (the
 * admin's pages) reach the browser; `mail`, `bank`, `chat` (Slack and Teams messages) and `api`
 * (the public API's and SCIM's error messages) stay on the server.
 */
export const NAMESPACES = ['app', 'reports', 'admin', 'integrations', 'mail', 'bank', 'chat', 'api'] as const
export type Namespace = (typeof NAMESPACES)[number]

/** The admin's pages that read `integrations` (the CSV import's problem panel is shared with the people import). */
const INTEGRATION_PAGES = ['/admin/identity', '/admin/channels', '/admin/connectors', '/admin/metrics', '/admin/api-keys', '/admin/people/import']

/** Whether a path is the page `prefix` or one below it (a path, not a team: nothing to do with the team tree). */
const under = (pathname: string, prefix: string) => pathname === prefix || pathname.slice(0, prefix.length + 1) === `${prefix}/`

/** Which catalogues a path's page reads beyond `app`: the root reloads its messages when a navigation changes it. */
export type PageArea = 'sso' | 'integrations' | 'admin' | 'reading'

export function pageArea(pathname: string): PageArea {
	if (under(pathname, '/sso')) return 'sso'
	if (INTEGRATION_PAGES.some((p) => under(pathname, p))) return 'integrations'
	return under(pathname, '/admin') ? 'admin' : 'reading'
}

/**
 * The namespaces a page needs in the browser, and no more (every page carries its messages in its
 * HTML, and the root sends them again after each form): a pulse link's page only `app`, a reading
 * page `reports`, the admin's pages `admin`, and `integrations` only where they are read.
 */
export function browserNamespaces(pathname: string, signedIn: boolean): Namespace[] {
	const area = pageArea(pathname)
	// "Sign in with single sign-on" (/sso) is signed out: its words sit with the admin's identity settings in `integrations`.
	return signedIn || area === 'sso' ? AREA_NAMESPACES[area] : ['app']
}

const AREA_NAMESPACES: Record<PageArea, Namespace[]> = {
	sso: ['app', 'integrations'],
	integrations: ['app', 'admin', 'integrations'],
	admin: ['app', 'admin'],
	reading: ['app', 'reports'],
}
