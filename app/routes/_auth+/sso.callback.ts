import { type LoaderFunctionArgs, redirect } from '@remix-run/node'

import { commitSessionToken } from '~/auth/cookie.server'
import { finishSsoSignIn } from '~/identity/oidc.server'
import { clearSsoState, readSsoState } from '~/identity/sso-cookie.server'
import { errorResponse } from '~/utils/errors'
import { orUnavailable } from '~/utils/unavailable.server'

// What the person reads; the audit log says which check failed.
const MESSAGES: Record<string, string> = {
	state: 'This sign-in link is not yours or was already used. Start again from the sign-in page.',
	expired: 'This sign-in took too long. Start again from the sign-in page.',
	throttled: 'Too many attempts from your address. Wait a few minutes and start again.',
	unknown: 'Your organisation has no active account for you here. Ask your admin to add you.',
	unverified: 'Your identity provider did not confirm your e-mail address. Ask your admin.',
}
const DEFAULT_MESSAGE = 'Single sign-on did not complete. Start again from the sign-in page, or ask your admin.'

export async function loader({ request, context }: LoaderFunctionArgs) {
	const url = new URL(request.url)
	const stateCookie = await readSsoState(request)
	const result = await orUnavailable(() => finishSsoSignIn({ query: url.searchParams, stateCookie, clientAddress: context.clientAddress }))
	const headers = new Headers({ 'Set-Cookie': await clearSsoState() })
	if (result.ok) {
		headers.append('Set-Cookie', await commitSessionToken(result.token))
		throw redirect(result.redirectTo, { headers })
	}
	throw errorResponse(result.reason === 'throttled' ? 'TOO_MANY' : 'FORBIDDEN', MESSAGES[result.reason] ?? DEFAULT_MESSAGE, Object.fromEntries(headers))
}
