/**
 * "7 Dec 2026, 14:05": a moment on the admin's integration pages (a key made, a delivery taken),
 * in the reader's locale and the organisation's time zone; the same in the server's render and
 * the browser's hydration, since both get the locale and the zone from the loader. `Moment` shows
 * one on its own (a table's cell) as a `<time>`; `moment` gives the text to put in a sentence.
 */
import { useTranslation } from 'react-i18next'

import { intlLocale } from '~/i18n/format'

export function moment(iso: string | null, locale: string, timeZone: string, none: string): string {
	if (!iso) return none
	return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso))
}

export function Moment({ iso, timeZone, none }: { iso: string | null; timeZone: string; none: string }) {
	const { i18n } = useTranslation()
	if (!iso) return <>{none}</>
	return <time dateTime={iso}>{moment(iso, i18n.language, timeZone, none)}</time>
}
