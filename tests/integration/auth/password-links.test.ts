/**
 * Attacks on password links and resets that once worked: a reset flood to one address, older
 * links still valid after a newer one, an invitation to a previous e-mail address, and weak
 * new passwords.
 */
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { findPasswordLink, mintPasswordLink, usePasswordLink } from '~/auth/password-links.server'
import { createSession, validateSessionToken } from '~/auth/sessions.server'
import { signIn } from '~/auth/sign-in.server'
import { deliverDueMail } from '~/notifications/mail.server'
import { createPerson, updatePerson } from '~/org/people.server'
import { action as forgotAction } from '~/routes/_auth+/forgot-password'
import { action as setPasswordAction, loader as setPasswordLoader } from '~/routes/_auth+/set-password'
import { db } from '~/utils/db.server'
import { mintToken } from '~/utils/token.server'
import { mailOutbox, passwordTokens } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeUser } from '../../support/fixtures'
import { linkToken, readMailFile } from '../../support/mail'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

const GOOD = 'granite otter lantern'

describe('reset requests (#8)', () => {
	test('30 requests for one address queue at most 3 reset e-mails, each answered the same', async () => {
		const org = await makeOrg()
		await makeUser(org.id, { email: 'flood@example.com' })
		const answers = []
		for (let i = 0; i < 30; i++) answers.push(await call(forgotAction, postRequest('/forgot-password', { email: 'flood@example.com' })))
		expect(answers.every((a) => a.status === 200 && a.data.sent === true)).toBe(true)
		const queued = await db()
			.select()
			.from(mailOutbox)
			.where(and(eq(mailOutbox.toEmail, 'flood@example.com'), eq(mailOutbox.kind, 'password_reset')))
		expect(queued).toHaveLength(3)
		// An address without an account gets the same answer, capped or not.
		const unknown = await call(forgotAction, postRequest('/forgot-password', { email: 'nobody@example.com' }))
		expect(unknown.data).toEqual(answers[29]!.data)
	})
})

describe('only the newest link works (#14)', () => {
	test('three resets: the two older links no longer open the form or set the password', async () => {
		const org = await makeOrg()
		const user = await makeUser(org.id, { email: 'thrice@example.com' })
		const first = await mintPasswordLink(org.id, user.id, 'reset')
		const second = await mintPasswordLink(org.id, user.id, 'reset')
		const third = await mintPasswordLink(org.id, user.id, 'reset')
		for (const old of [first, second]) {
			expect((await call(setPasswordLoader, getRequest(`/set-password?token=${old.token}`))).status).toBe(410)
		}
		expect((await usePasswordLink(third.token, GOOD, GOOD)).ok).toBe(true)
		expect((await usePasswordLink(second.token, 'lichen harbour violin', 'lichen harbour violin')).ok).toBe(false)
		expect((await signIn({ email: 'thrice@example.com', password: GOOD })).ok).toBe(true)
	})

	test('setting a password voids every other open link of the person (links minted side by side)', async () => {
		const org = await makeOrg()
		const user = await makeUser(org.id, { email: 'either@example.com', password: null })
		// Two open links at once, as two mail workers minting together (or links from before this rule) leave them.
		const links = [mintToken(), mintToken()]
		await db()
			.insert(passwordTokens)
			.values(
				links.map((l) => ({ orgId: org.id, id: l.id, userId: user.id, secretHash: l.secretHash, purpose: 'invitation' as const, expiresAt: new Date(Date.now() + 3_600_000) })),
			)
		expect((await usePasswordLink(links[1]!.token, GOOD, GOOD)).ok).toBe(true)
		expect(await findPasswordLink(links[0]!.token)).toBeNull()
		expect((await usePasswordLink(links[0]!.token, 'lichen harbour violin', 'lichen harbour violin')).ok).toBe(false)
	})
})

describe('an e-mail change (#5)', () => {
	test('voids the invitation sent to the old address and ends the sessions', async () => {
		const org = await makeOrg()
		const added = await createPerson(org.id, { email: 'exec.old@example.com', name: 'Ed Exec', role: 'executive', level: 'leader' })
		if (!added.ok) throw new Error('could not add')
		await deliverDueMail()
		const [sent] = await db().select().from(mailOutbox).where(eq(mailOutbox.toEmail, 'exec.old@example.com'))
		const oldToken = linkToken(await readMailFile(sent!.fileName!), 'password')
		const session = await createSession(org.id, added.value.id)

		const changed = await updatePerson(org.id, added.value.id, { email: 'exec.new@example.com', name: 'Ed Exec', role: 'executive', level: 'leader' })
		expect(changed.ok).toBe(true)

		const used = await call(setPasswordAction, postRequest('/set-password', { token: oldToken, password: GOOD, confirm: GOOD }))
		expect(used.status).toBe(400)
		expect(used.headers.get('Set-Cookie')).toBeNull()
		expect(await validateSessionToken(session.token)).toBeNull()
		// The new address gets its own invitation.
		const queued = await db()
			.select()
			.from(mailOutbox)
			.where(and(eq(mailOutbox.toEmail, 'exec.new@example.com'), eq(mailOutbox.kind, 'invitation')))
		expect(queued).toHaveLength(1)
	})

	test('an invitation still queued for the old address is not sent', async () => {
		const org = await makeOrg()
		const added = await createPerson(org.id, { email: 'queued.old@example.com', name: 'Quinn', role: 'employee', level: 'frontline' })
		if (!added.ok) throw new Error('could not add')
		await updatePerson(org.id, added.value.id, { email: 'queued.new@example.com', name: 'Quinn', role: 'employee', level: 'frontline' })
		await deliverDueMail()
		const [old] = await db().select().from(mailOutbox).where(eq(mailOutbox.toEmail, 'queued.old@example.com'))
		expect(old!.status).toBe('skipped')
		expect(old!.fileName).toBeNull()
	})

	test('other edits keep links and sessions', async () => {
		const org = await makeOrg()
		const user = await makeUser(org.id, { email: 'same@example.com', name: 'Sam Same' })
		const link = await mintPasswordLink(org.id, user.id, 'reset')
		const session = await createSession(org.id, user.id)
		expect((await updatePerson(org.id, user.id, { email: 'same@example.com', name: 'Sam Renamed', role: 'employee', level: 'frontline' })).ok).toBe(true)
		expect(await findPasswordLink(link.token)).not.toBeNull()
		expect(await validateSessionToken(session.token)).not.toBeNull()
	})
})

describe('new passwords (#7, ASVS 2.1)', () => {
	test('short, repetitive, common and self-derived passwords are refused with a clear message; a passphrase is accepted', async () => {
		const org = await makeOrg({ name: 'Umbrella Works' })
		const user = await makeUser(org.id, { email: 'rosalind.franklin@example.com', name: 'Rosalind Franklin' })
		const { token } = await mintPasswordLink(org.id, user.id, 'reset')
		for (const weak of ['aaaaaaaaaa', 'aaaaaaaaaaaa', 'abcdefghijkl', 'password1234', 'qwertyuiop12', 'rosalindfranklin']) {
			const r = await call(setPasswordAction, postRequest('/set-password', { token, password: weak, confirm: weak }))
			expect(r.status, weak).toBe(400)
			expect(r.data.errors.password, weak).toMatch(/at least 12 characters|too easy to guess/)
		}
		const page = await call(setPasswordLoader, getRequest(`/set-password?token=${token}`))
		expect(page.data.hint).toMatch(/At least 12 characters/)
		const ok = await call(setPasswordAction, postRequest('/set-password', { token, password: GOOD, confirm: GOOD }))
		expect(ok.status).toBe(302)
	})
})
