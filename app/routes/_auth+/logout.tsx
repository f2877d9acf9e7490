import { type ActionFunctionArgs, redirect } from '@remix-run/node'

import { clearSessionToken } from '~/auth/cookie.server'
import { getCurrentUser } from '~/auth/guard.server'
import { invalidateSession } from '~/auth/sessions.server'

export async function loader() {
	throw redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
	const current = await getCurrentUser(request)
	if (current) await invalidateSession(current.org.id, current.sessionId)
	throw redirect('/login', { headers: { 'Set-Cookie': await clearSessionToken() } })
}
