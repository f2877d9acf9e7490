/**
 * The state of a sign-in in flight, held by the browser that started it: the callback must bring
 * the same state in its query and in this cookie, so a link carrying someone else's sign-in (login
 * CSRF) is refused. Lax, so it comes back on the provider's top-level redirect.
 */
import { createCookie } from '@remix-run/node'

import { env } from '~/utils/env.server'

const cookie = () =>
	createCookie('son_sso', {
		httpOnly: true,
		sameSite: 'lax',
		path: '/sso',
		secure: env().APP_URL.startsWith('https://'),
		maxAge: 600,
	})

export const commitSsoState = (state: string) => cookie().serialize(state)
export const clearSsoState = () => cookie().serialize('', { maxAge: 0 })

export async function readSsoState(request: Request): Promise<string | null> {
	const value: unknown = await cookie().parse(request.headers.get('Cookie'))
	return typeof value === 'string' && value ? value : null
}
