import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'

const MESSAGES: Record<number, { title: string; text: string }> = {
	400: { title: 'That request was not understood', text: 'Something in the address or the form was not valid.' },
	403: { title: 'Not for your role', text: 'You are signed in, but this page is for another role. Ask your admin if you need access.' },
	404: { title: 'Not found', text: 'There is nothing at this address, or it belongs to another organisation.' },
	413: { title: 'Too large', text: 'The file or request is larger than this page accepts.' },
	429: { title: 'Too many attempts', text: 'Wait a few minutes and try again.' },
	503: { title: 'Temporarily unavailable', text: 'The database is not answering. This page will work again as soon as it does.' },
}

/** The one error view every route shares: a clear message, never a stack trace. */
export function GeneralErrorBoundary() {
	const error = useRouteError()
	const status = isRouteErrorResponse(error) ? error.status : 500
	const known = MESSAGES[status]
	// A message the app wrote for the reader; the router's own (an unknown address: "No route
	// matches URL …") is for developers and is replaced by the plain text for its status.
	const ours = isRouteErrorResponse(error) && !(error as { internal?: boolean }).internal
	// A bare "Not found" (invariantResponse's default) says less than the page's own text.
	const detail = ours && typeof error.data === 'string' && error.data.length < 300 && error.data !== 'Not found' ? error.data : null
	return (
		<section className="error-page" role="alert">
			<p className="error-code">Error {status}</p>
			<h1>{known?.title ?? 'Something went wrong on our side'}</h1>
			<p>{detail && status !== 500 ? detail : (known?.text ?? 'The problem has been logged. Try again in a moment.')}</p>
			<p>
				<Link to="/">Go to the home page</Link>
			</p>
		</section>
	)
}
