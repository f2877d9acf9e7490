import { type ActionFunctionArgs, redirect } from '@remix-run/node'

import { commitSessionToken } from '~/auth/cookie.server'
import { requestLocale } from '~/i18n/i18n.server'
import { finishSamlSignIn } from '~/identity/saml.server'
import { clearSamlBrowser, readSamlBrowser } from '~/identity/sso-cookie.server'
import { ssoRefusal } from '~/identity/sso-refusal.server'
import { errorResponse, localizedErrorResponse } from '~/utils/errors'
import { orUnavailable } from '~/utils/unavailable.server'

// The identity provider posts its answer here (SAML HTTP-POST binding).
export async function action({ request, params, context }: ActionFunctionArgs) {
	const form = await request.formData()
	const samlResponse = form.get('SAMLResponse')
	const browserValue = await readSamlBrowser(request)
	const result = await orUnavailable(() =>
		finishSamlSignIn({ orgId: params.orgId ?? '', samlResponse: typeof samlResponse === 'string' ? samlResponse : null, browserValue, clientAddress: context.clientAddress }),
	)
	const headers = new Headers({ 'Set-Cookie': await clearSamlBrowser() })
	if (result.ok) {
		headers.append('Set-Cookie', await commitSessionToken(result.token))
		throw redirect(result.redirectTo, { headers })
	}
	if (result.reason === 'off') throw errorResponse('NOT_FOUND', 'Not found.')
	throw localizedErrorResponse(result.reason === 'throttled' ? 'TOO_MANY' : 'FORBIDDEN', ssoRefusal(await requestLocale(request), result.reason), Object.fromEntries(headers))
}

export function loader() {
	throw errorResponse('NOT_FOUND', 'Not found.')
}

// A page route, not a resource route: a refusal thrown above is shown by the app's error page (in
// the reader's language, with the site around it), not sent to the browser as a bare body.
export default function SsoOutcome() {
	return null
}
