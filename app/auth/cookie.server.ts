import { createCookie } from '@remix-run/node'

import { env } from '~/utils/env.server'
import { SESSION_COOKIE_NAME } from '~/utils/security-headers.server'

import { sessionLimits } from './sessions.server'

function isLocal(url: string) {
	const host = new URL(url).hostname
	return host === 'localhost' || host === '127.0.0.1' || host === '[::1]'
}

// Secure whenever the app is served over https, and in production anywhere but localhost
// (browsers treat http://localhost as a secure context, so the demo still signs in).
function sessionCookie() {
	const e = env()
	return createCookie(SESSION_COOKIE_NAME, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: e.APP_URL.startsWith('https://') || (e.NODE_ENV === 'production' && !isLocal(e.APP_URL)),
		maxAge: Math.floor(sessionLimits().maxMs / 1000),
	})
}

export async function readSessionToken(request: Request): Promise<string | null> {
	const value: unknown = await sessionCookie().parse(request.headers.get('Cookie'))
	return typeof value === 'string' ? value : null
}

export function commitSessionToken(token: string): Promise<string> {
	return sessionCookie().serialize(token)
}

export function clearSessionToken(): Promise<string> {
	return sessionCookie().serialize('', { maxAge: 0 })
}
