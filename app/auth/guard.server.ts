/**
 * The one guard every loader and action calls. It answers with a redirect to sign-in when
 * nobody is signed in, and with a 403 when the signed-in person lacks the role.
 */
import { redirect } from '@remix-run/node'
import type { Role } from '~db/schema'
import { orUnavailable } from '~/utils/unavailable.server'
import { readSessionToken } from './cookie.server'
import { type SessionUser, validateSessionToken } from './sessions.server'

export type CurrentUser = SessionUser

/** The signed-in person, or null. This is the first database step of nearly every request. */
export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
	const token = await readSessionToken(request)
	return orUnavailable(() => validateSessionToken(token))
}

/** A path on this site to come back to after sign-in; anything else falls back to home. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
	if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\'))
		return fallback
	return to
}

export async function requireUser(request: Request, roles?: readonly Role[]): Promise<CurrentUser> {
	const current = await getCurrentUser(request)
	if (!current) {
		const url = new URL(request.url)
		const back = `${url.pathname}${url.search}`
		throw redirect(back === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(back)}`)
	}
	if (roles && !roles.includes(current.user.role)) {
		throw new Response('You do not have access to this page.', { status: 403, statusText: 'Forbidden' })
	}
	return current
}

export const requireAdmin = (request: Request) => requireUser(request, ['admin'])
