import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { codeOfStatus, errorPage, FALLBACK_PAGE, localizedText } from '~/utils/errors'

/** The one error view every route shares: a clear message, never a stack trace. */
export function GeneralErrorBoundary() {
	const error = useRouteError()
	const { t, i18n } = useTranslation()
	const status = isRouteErrorResponse(error) ? error.status : 500
	const page = errorPage(status)
	const code = page === FALLBACK_PAGE ? 'fallback' : codeOfStatus(status)
	// A message the app wrote for the reader; the router's own (an unknown address: "No route
	// matches URL …") is for developers and is replaced by the plain text for its status.
	const ours = isRouteErrorResponse(error) && !(error as { internal?: boolean }).internal
	// A bare "Not found" (invariantResponse's default) says less than the page's own text. The
	// modules' own messages are English: another language shows its catalogue's text instead.
	const english = i18n.language === 'en'
	const localized = ours ? localizedText(error.data) : null
	const detail = localized?.message ?? (english && ours && typeof error.data === 'string' && error.data.length < 300 && error.data !== 'Not found' ? error.data : null)
	return (
		<section className="error-page" role="alert">
			<p className="error-code">{t('errorPage.code', { status })}</p>
			<h1>{localized?.title ?? t(`errorPage.${code}.title`)}</h1>
			<p>{detail && status !== 500 ? detail : t(`errorPage.${code}.text`)}</p>
			<p>
				<Link to="/">{t('errorPage.home')}</Link>
			</p>
		</section>
	)
}
