import { type LoaderFunctionArgs, redirect } from '@remix-run/node'

import { commitSessionToken } from '~/auth/cookie.server'
import { requestLocale } from '~/i18n/i18n.server'
import { finishSsoSignIn } from '~/identity/oidc.server'
import { clearSsoState, readSsoState } from '~/identity/sso-cookie.server'
import { ssoRefusal } from '~/identity/sso-refusal.server'
import { localizedErrorResponse } from '~/utils/errors'
import { orUnavailable } from '~/utils/unavailable.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
	const url = new URL(request.url)
	const stateCookie = await readSsoState(request)
	const result = await orUnavailable(() => finishSsoSignIn({ query: url.searchParams, stateCookie, clientAddress: context.clientAddress }))
	const headers = new Headers({ 'Set-Cookie': await clearSsoState() })
	if (result.ok) {
		headers.append('Set-Cookie', await commitSessionToken(result.token))
		throw redirect(result.redirectTo, { headers })
	}
	throw localizedErrorResponse(result.reason === 'throttled' ? 'TOO_MANY' : 'FORBIDDEN', ssoRefusal(await requestLocale(request), result.reason), Object.fromEntries(headers))
}

// A page route, not a resource route: a refusal thrown above is shown by the app's error page (in
// the reader's language, with the site around it), not sent to the browser as a bare body.
export default function SsoOutcome() {
	return null
}
