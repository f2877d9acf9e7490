import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'

import { errorPage } from '~/utils/errors'

/** The one error view every route shares: a clear message, never a stack trace. */
export function GeneralErrorBoundary() {
	const error = useRouteError()
	const status = isRouteErrorResponse(error) ? error.status : 500
	const page = errorPage(status)
	// A message the app wrote for the reader; the router's own (an unknown address: "No route
	// matches URL …") is for developers and is replaced by the plain text for its status.
	const ours = isRouteErrorResponse(error) && !(error as { internal?: boolean }).internal
	// A bare "Not found" (invariantResponse's default) says less than the page's own text.
	const detail = ours && typeof error.data === 'string' && error.data.length < 300 && error.data !== 'Not found' ? error.data : null
	return (
		<section className="error-page" role="alert">
			<p className="error-code">Error {status}</p>
			<h1>{page.title}</h1>
			<p>{detail && status !== 500 ? detail : page.text}</p>
			<p>
				<Link to="/">Go to the home page</Link>
			</p>
		</section>
	)
}
