/** Data for tests, made with the same factories the demo seed uses. */
import { createSession } from '~/auth/sessions.server'
import { createOrganization, createTeamPath, createUser } from '~/demo/factories.server'
import { db } from '~/utils/db.server'
import type { Level, Role } from '~db/schema'

let counter = 0
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`

export const TEST_PASSWORD = 'correct horse battery'

export async function makeOrg(overrides: { slug?: string; name?: string; anonymityK?: number } = {}) {
	const slug = overrides.slug ?? `org-${unique()}`
	return createOrganization(db(), { slug, name: overrides.name ?? `Org ${slug}`, anonymityK: overrides.anonymityK })
}

export async function makeTeam(orgId: string, path: string) {
	return createTeamPath(db(), orgId, path)
}

export async function makeUser(
	orgId: string,
	input: { role?: Role; level?: Level; email?: string; name?: string; teamId?: string | null; password?: string | null; active?: boolean } = {},
) {
	const id = unique()
	return createUser(db(), orgId, {
		email: input.email ?? `person-${id}@example.com`,
		name: input.name ?? `Person ${id}`,
		role: input.role ?? 'employee',
		level: input.level ?? 'frontline',
		teamId: input.teamId ?? null,
		password: input.password === null ? undefined : (input.password ?? TEST_PASSWORD),
		active: input.active,
	})
}

/** A session cookie header for the user, as the browser would send it. */
export async function sessionCookieFor(user: { orgId: string; id: string }) {
	const { commitSessionToken } = await import('~/auth/cookie.server')
	const { token } = await createSession(user.orgId, user.id)
	const setCookie = await commitSessionToken(token)
	return setCookie.split(';')[0]!
}
