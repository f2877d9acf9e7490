import { type ActionFunctionArgs, redirect } from '@remix-run/node'

import { commitSessionToken } from '~/auth/cookie.server'
import { finishSamlSignIn } from '~/identity/saml.server'
import { clearSamlBrowser, readSamlBrowser } from '~/identity/sso-cookie.server'
import { errorResponse } from '~/utils/errors'
import { orUnavailable } from '~/utils/unavailable.server'

// What the person reads; the audit log says which check failed.
const MESSAGES: Record<string, string> = {
	browser: 'This sign-in was not started in this browser, or was already used. Start again from the sign-in page.',
	replayed: 'This sign-in was already used. Start again from the sign-in page.',
	expired: 'This sign-in took too long. Start again from the sign-in page.',
	throttled: 'Too many attempts from your address. Wait a few minutes and start again.',
	unknown: 'Your organisation has no active account for you here. Ask your admin to add you.',
	'no-email': 'Your identity provider did not send your e-mail address. Ask your admin.',
}
const DEFAULT_MESSAGE = 'Single sign-on did not complete. Start again from the sign-in page, or ask your admin.'

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
	throw errorResponse(result.reason === 'throttled' ? 'TOO_MANY' : 'FORBIDDEN', MESSAGES[result.reason] ?? DEFAULT_MESSAGE, Object.fromEntries(headers))
}

export function loader() {
	throw errorResponse('NOT_FOUND', 'Not found.')
}
