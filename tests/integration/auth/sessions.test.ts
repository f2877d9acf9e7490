import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { createSession, validateSessionToken } from '~/auth/sessions.server'
import { setPersonActive } from '~/org/people.server'
import { db } from '~/utils/db.server'
import { sessions } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser } from '../../support/fixtures'

useTestDatabase()

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('sessions', () => {
	test('a new session validates and stores only the hash of its secret', async () => {
		const org = await makeOrg()
		const user = await makeUser(org.id)
		const { token } = await createSession(org.id, user.id)
		const [id, secret] = token.split('.').slice(-2)
		const current = await validateSessionToken(token)
		expect(current?.user.id).toBe(user.id)
		expect(current?.org.id).toBe(org.id)
		const [row] = await db().select().from(sessions).where(eq(sessions.id, id!))
		expect(row!.secretHash).not.toContain(secret!)
		expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/)
	})

	test('a token with a wrong secret, a malformed token or no token is refused', async () => {
		const org = await makeOrg()
		const user = await makeUser(org.id)
		const { token } = await createSession(org.id, user.id)
		const [id] = token.split('.').slice(-2)
		expect(await validateSessionToken(`${id}.${'a'.repeat(24)}`)).toBeNull()
		expect(await validateSessionToken(`${id}`)).toBeNull()
		expect(await validateSessionToken("' or 1=1 --")).toBeNull()
		expect(await validateSessionToken(null)).toBeNull()
	})

	test('the token names its organisation (so the lookup goes to its shard); another organisation in front finds nothing', async () => {
		const org = await makeOrg()
		const other = await makeOrg()
		const user = await makeUser(org.id)
		const { token } = await createSession(org.id, user.id)
		expect(token.startsWith(`${org.id}.`)).toBe(true)
		expect((await validateSessionToken(token))?.user.id).toBe(user.id)
		expect(await validateSessionToken(token.replace(org.id, other.id))).toBeNull()
		// A session minted before tokens named their organisation (`<id>.<secret>`) still works.
		expect((await validateSessionToken(token.slice(org.id.length + 1)))?.user.id).toBe(user.id)
	})

	test('idle for a week ends the session; use within the week slides it', async () => {
		const org = await makeOrg()
		const user = await makeUser(org.id)
		const start = new Date('2026-01-01T09:00:00Z')
		const { token } = await createSession(org.id, user.id, start)
		// Used after 6 days: still valid, and the activity is recorded.
		expect(await validateSessionToken(token, new Date(start.getTime() + 6 * DAY))).not.toBeNull()
		// 6 more days later (12 after sign-in) it is valid because the last use was 6 days ago.
		expect(await validateSessionToken(token, new Date(start.getTime() + 12 * DAY))).not.toBeNull()
		// Then 7 idle days: gone, and deleted.
		expect(await validateSessionToken(token, new Date(start.getTime() + 19 * DAY + HOUR))).toBeNull()
		expect(await validateSessionToken(token, new Date(start.getTime() + 12 * DAY))).toBeNull()
	})

	test('no session outlives its absolute lifetime, however active', async () => {
		const org = await makeOrg()
		const user = await makeUser(org.id)
		const start = new Date('2026-02-01T09:00:00Z')
		const { token } = await createSession(org.id, user.id, start)
		for (let d = 5; d < 30; d += 5) expect(await validateSessionToken(token, new Date(start.getTime() + d * DAY))).not.toBeNull()
		expect(await validateSessionToken(token, new Date(start.getTime() + 30 * DAY + HOUR))).toBeNull()
	})

	test('deactivating a person ends all of their sessions at once', async () => {
		const org = await makeOrg()
		const admin = await makeUser(org.id, { role: 'admin' })
		const user = await makeUser(org.id)
		const a = await createSession(org.id, user.id)
		const b = await createSession(org.id, user.id)
		const r = await setPersonActive(org.id, user.id, false, admin.id)
		expect(r.ok).toBe(true)
		expect(await validateSessionToken(a.token)).toBeNull()
		expect(await validateSessionToken(b.token)).toBeNull()
		const left = await db().select().from(sessions).where(eq(sessions.userId, user.id))
		expect(left).toHaveLength(0)
	})
})
