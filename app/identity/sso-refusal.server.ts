/**
 * What a person reads when a single sign-on does not complete, in their browser's language (they
 * are not signed in). The audit log records which check failed; the page says only what to do.
 */
import { fixedT } from '~/i18n/i18n.server'

export function ssoRefusal(locale: string, reason: string): { title: string; message: string } {
	return { title: fixedT(locale, 'app')('ssoRefused.title'), message: refusalMessage(locale, reason) }
}

function refusalMessage(locale: string, reason: string): string {
	const t = fixedT(locale, 'app')
	switch (reason) {
		case 'state':
			return t('ssoRefused.state')
		case 'browser':
			return t('ssoRefused.browser')
		case 'replayed':
			return t('ssoRefused.replayed')
		case 'expired':
			return t('ssoRefused.expired')
		case 'throttled':
			return t('ssoRefused.throttled')
		case 'unknown':
			return t('ssoRefused.unknown')
		case 'unverified':
			return t('ssoRefused.unverified')
		case 'no-email':
			return t('ssoRefused.noEmail')
		default:
			return t('ssoRefused.other')
	}
}
