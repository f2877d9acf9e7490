/**
 * The public API's error messages in the caller's language. A message stays machine-stable where
 * a client acts on it (the status, `code`-like fields, `field`, `requiredScope`, `retryAfter`);
 * only the sentence for a person, `error` (and each `errors[].message`), follows the request's
 * `Accept-Language` — English when it names none of the five languages. The modules write their
 * messages in English (their tests and the docs read them); each one the API can send has a
 * pattern here and a key in the `api` catalogue, and a message without one stays as written.
 */
import { acceptedLanguages, fixedT } from '~/i18n/i18n.server'
import { DEFAULT_LOCALE, isLocale, type Locale } from '~/i18n/locales'

/** The first language of Accept-Language the API speaks (a regional tag by its language: `de-CH` is `de`); else English. */
export function apiLocale(request: Request): Locale {
	for (const tag of acceptedLanguages(request.headers.get('Accept-Language'))) {
		const lower = tag.toLowerCase()
		if (isLocale(lower)) return lower
		const primary = lower.split('-')[0]
		if (isLocale(primary)) return primary
	}
	return DEFAULT_LOCALE
}

type Values = Record<string, string | number>
type Pattern = [RegExp, (t: ReturnType<typeof fixedT>, m: RegExpMatchArray) => string]
const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const exact = (message: string, say: Pattern[1]): Pattern => [new RegExp(`^${quote(message)}$`), say]
const group = (m: RegExpMatchArray, i: number) => m[i] ?? ''

const PATTERNS: Pattern[] = [
	exact('Missing, unknown or revoked API key. Send "Authorization: Bearer son_…" with a key from Admin › API keys.', (t) => t('keyMissing')),
	[/^This API key expired at (\S+)\. Ask an admin for a new key \(Admin › API keys\)\.$/, (t, m) => t('keyExpired', { at: group(m, 1) })],
	[
		/^This API key may not make this call: it needs the scope (.+), and has (.*)\. Ask an admin for a key with that scope \(Admin › API keys\)\.$/,
		// The scopes by their names only: their English descriptions stay out of another language's sentence.
		(t, m) => t('missingScope', { needed: [...group(m, 1).matchAll(/"([a-z]+:[a-z]+)"/g)].map((s) => `"${s[1]}"`).join(' | '), has: group(m, 2) }),
	],
	[/^Too many calls with this API key: at most (\d+) a minute\. Try again in (\d+) s\.$/, (t, m) => t('tooMany', { limit: Number(m[1]), count: Number(m[2]) })],
	[/^Use (.+) on this address\.$/, (t, m) => t('methodNotAllowed', { allow: group(m, 1) })],
	exact('The service is temporarily unavailable: the database is not answering.', (t) => t('unavailable')),
	exact('The request contains a NUL character (\\u0000), which cannot be stored. Remove it and send the request again.', (t) => t('nul')),
	[/^The body is larger than (\d+) MB\. Send fewer events per request\.$/, (t, m) => t('bodyTooLarge', { mb: Number(m[1]) })],
	exact('The body is empty: send {"events": [ … ]} as JSON.', (t) => t('bodyEmpty')),
	[/^The body is not valid JSON \((.*)\)\. Send \{"events": \[ … \]\} with Content-Type: application\/json\.$/s, (t, m) => t('bodyNotJson', { detail: group(m, 1) })],
	exact('The body is not valid JSON.', (t) => t('notJson')),
	exact('Send an API key ("Authorization: Bearer son_…"), or sign in as an admin or executive.', (t) => t('keyOrSignIn')),
	[/^Only admins and executives can read (.+)\.$/, (t) => t('onlyReaders')],
	[/^A delivery is at most (\d+) KB\.$/, (t, m) => t('deliveryTooLarge', { kb: Number(m[1]) })],
	exact('This connector is disabled. An admin can enable it again under Admin › Connectors.', (t) => t('connectorDisabled')),
	exact('No such connector. Copy the webhook address again from Admin › Connectors.', (t) => t('connectorUnknown')),
	exact('The signature does not match this connector’s secret.', (t) => t('connectorSignature')),
	[/^No team "(.*)" in this organisation\.$/s, (t, m) => t('noTeam', { team: group(m, 1) })],
	[/^"(.*)" is not a status: use (.+) \(several separated by commas\)\.$/s, (t, m) => t('notAStatus', { value: group(m, 1), statuses: group(m, 2) })],
	exact('Not found', (t) => t('notFound')),
]

/** One English message of the API in `locale` (unchanged when it has no pattern, or in English). */
export function apiMessage(message: string, locale: Locale): string {
	if (locale === DEFAULT_LOCALE) return message
	const t = fixedT(locale, 'api')
	for (const [pattern, say] of PATTERNS) {
		const m = message.match(pattern)
		if (m) return say(t, m)
	}
	return message
}

function localizeBody(body: unknown, locale: Locale): unknown {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return body
	const out: Record<string, unknown> = { ...(body as Record<string, unknown>) }
	if (typeof out.error === 'string') out.error = apiMessage(out.error, locale)
	if (Array.isArray(out.errors))
		out.errors = out.errors.map((e: unknown) =>
			e && typeof e === 'object' && typeof (e as Values).message === 'string' ? { ...e, message: apiMessage((e as Values).message as string, locale) } : e,
		)
	return out
}

/**
 * An API answer with its error sentence in `locale`: only a JSON error (status 400 or more) is
 * read and written again; every other answer goes out untouched. Errors say which language they
 * are in (`Content-Language`), and that the answer depends on Accept-Language (`Vary`).
 */
export async function inLanguage(response: Response, locale: Locale): Promise<Response> {
	if (response.status < 400 || !/^application\/json\b/.test(response.headers.get('Content-Type') ?? '')) return response
	const headers = new Headers(response.headers)
	headers.set('Content-Language', locale)
	headers.append('Vary', 'Accept-Language')
	if (locale === DEFAULT_LOCALE) return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
	const body = localizeBody(await response.json(), locale)
	headers.delete('Content-Length')
	return new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers })
}
