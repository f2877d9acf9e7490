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

/**
 * The value a SAML sign-in's browser holds. The provider's answer comes back as a cross-site POST,
 * which carries only SameSite=None cookies (which must be Secure; browsers keep Secure cookies
 * from http://localhost too).
 */
const samlCookie = () => createCookie('son_saml', { httpOnly: true, sameSite: 'none', secure: true, path: '/sso/saml', maxAge: 600 })

export const commitSamlBrowser = (value: string) => samlCookie().serialize(value)
export const clearSamlBrowser = () => samlCookie().serialize('', { maxAge: 0 })

export async function readSamlBrowser(request: Request): Promise<string | null> {
	const value: unknown = await samlCookie().parse(request.headers.get('Cookie'))
	return typeof value === 'string' && value ? value : null
}
