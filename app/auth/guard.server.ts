/**
 * The one guard every loader and action calls. It answers with a redirect to sign-in when
 * nobody is signed in, and with a 403 when the signed-in person lacks the role.
 */
import { redirect } from '@remix-run/node'

import { hasOneOf } from '~/auth/roles'
import { errorResponse } from '~/utils/errors'
import { orUnavailable } from '~/utils/unavailable.server'
import type { Role } from '~db/schema'

import { readSessionToken } from './cookie.server'
import { type SessionUser, validateSessionToken } from './sessions.server'

export type CurrentUser = SessionUser

/** The signed-in person, or null. This is the first database step of nearly every request. */
export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
	const token = await readSessionToken(request)
	return orUnavailable(() => validateSessionToken(token))
}

// Control characters (C0 and DEL) and backslashes have no place in a path we send people to:
// browsers drop tabs and newlines and read `\` as `/`, so `/<TAB>/evil.example` or `/\evil.example`
// become `//evil.example`, another site; a raw CR or LF cannot even go in a header (a 500).
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f\\]/
const MAX_REDIRECT_LENGTH = 2000
const PROBE_ORIGIN = 'http://redirect.invalid'

/** Percent-decoding repeated until nothing changes; null if the text is not valid encoding. */
function decodedLayers(text: string): string[] | null {
	const layers = [text]
	for (let i = 0; i < 5; i++) {
		let next: string
		try {
			next = decodeURIComponent(layers[layers.length - 1]!)
		} catch {
			return null
		}
		if (next === layers[layers.length - 1]) return layers
		layers.push(next)
	}
	return null // more layers of encoding than any link of ours has: someone is hiding something
}

const isLocalPath = (p: string) => p.startsWith('/') && !p.startsWith('//') && !UNSAFE_CHARACTER.test(p)

/**
 * A path on this site to come back to after sign-in; anything else falls back to home. The value
 * comes from a link anyone can write, so every decoded form of it must be a plain local path, and
 * what is sent back is the path as a URL parser resolved it (dot segments gone, non-ASCII
 * percent-encoded so Node can write the header), checked once more.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
	if (typeof to !== 'string' || to.length > MAX_REDIRECT_LENGTH) return fallback
	const layers = decodedLayers(to)
	if (!layers || !layers.every(isLocalPath)) return fallback
	let url: URL
	try {
		url = new URL(to, PROBE_ORIGIN)
	} catch {
		return fallback
	}
	if (url.origin !== PROBE_ORIGIN) return fallback
	const resolved = `${url.pathname}${url.search}${url.hash}`
	// `/a/../..//evil.example` resolves to `//evil.example`: check what is actually sent.
	return isLocalPath(resolved) ? resolved : fallback
}

const ROLE_PLURAL: Record<Role, string> = { admin: 'admins', executive: 'executives', manager: 'managers', employee: 'employees' }
const ROLE_ARTICLE: Record<Role, string> = { admin: 'an admin', executive: 'an executive', manager: 'a manager', employee: 'an employee' }

export async function requireUser(request: Request, roles?: readonly Role[]): Promise<CurrentUser> {
	const current = await getCurrentUser(request)
	if (!current) {
		const url = new URL(request.url)
		const back = `${url.pathname}${url.search}`
		throw redirect(back === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(back)}`)
	}
	if (roles && !hasOneOf(current.user.role, roles)) {
		const who = roles.map((r) => ROLE_PLURAL[r]).join(' and ')
		throw errorResponse('FORBIDDEN', `This page is for ${who}; you are signed in as ${ROLE_ARTICLE[current.user.role]}. Ask your admin if you need access.`)
	}
	return current
}

export const requireAdmin = (request: Request) => requireUser(request, ['admin'])
