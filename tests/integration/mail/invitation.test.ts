import fs from 'node:fs'
import path from 'node:path'

import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import { validateSessionToken } from '~/auth/sessions.server'
import { signIn } from '~/auth/sign-in.server'
import { mailDir } from '~/mail/transport.server'
import { deliverDueMail } from '~/notifications/mail.server'
import { createPerson } from '~/org/people.server'
import { action as setPasswordAction, loader as setPasswordLoader } from '~/routes/_auth+/set-password'
import { db } from '~/utils/db.server'
import { mailOutbox, passwordTokens } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg } from '../../support/fixtures'
import { linkToken, readMailFile } from '../../support/mail'
import { call, getRequest, postRequest } from '../../support/requests'

useTestDatabase()

async function invite(email: string) {
	const org = await makeOrg({ name: 'Acme' })
	const r = await createPerson(org.id, { email, name: 'Ivy Invitee', role: 'employee', level: 'frontline' })
	if (!r.ok) throw new Error('could not add')
	return { org, userId: r.value.id }
}

async function linkIn(toEmail: string) {
	const [row] = await db().select().from(mailOutbox).where(eq(mailOutbox.toEmail, toEmail))
	// As the person who runs the server would: the file in DATA_DIR/mail.
	const mail = await readMailFile(row!.fileName!)
	expect(mail.text).toContain('http://localhost:3000/set-password?token=')
	return { row: row!, mail, token: linkToken(mail, 'password') }
}

describe('invitation e-mail', () => {
	test('is written to the mail folder with a link that sets the password and signs in, once', async () => {
		const { userId } = await invite('ivy@example.com')
		expect(await deliverDueMail()).toEqual({ sent: 1, failed: 0 })
		const { row, mail, token } = await linkIn('ivy@example.com')
		expect(row.status).toBe('sent')
		expect(fs.existsSync(path.join(mailDir(), row.fileName!))).toBe(true)
		expect(mail.subject).toBe("You're invited to State of Now at Acme")
		expect(mail.text).toContain('Hello Ivy Invitee,')

		// Only the hash of the link's secret is stored.
		const stored = await db().select().from(passwordTokens).where(eq(passwordTokens.userId, userId))
		expect(stored).toHaveLength(1)
		expect(stored[0]!.secretHash).not.toContain(token.split('.').at(-1)!)

		const page = await call(setPasswordLoader, getRequest(`/set-password?token=${token}`))
		expect(page.data).toMatchObject({ valid: true, email: 'ivy@example.com', purpose: 'invitation' })

		const short = await call(setPasswordAction, postRequest('/set-password', { token, password: 'short', confirm: 'short' }))
		expect(short.status).toBe(400)
		expect(short.data.errors.password).toBe('Use at least 12 characters.')

		const done = await call(setPasswordAction, postRequest('/set-password', { token, password: 'a long passphrase', confirm: 'a long passphrase' }))
		expect(done.status).toBe(302)
		expect(done.location).toBe('/home')
		const cookie = done.headers.get('Set-Cookie')!
		expect(cookie).toMatch(/^son_session=/)

		expect((await signIn({ email: 'ivy@example.com', password: 'a long passphrase' })).ok).toBe(true)

		const reused = await call(setPasswordAction, postRequest('/set-password', { token, password: 'another passphrase', confirm: 'another passphrase' }))
		expect(reused.status).toBe(400)
		expect(reused.data.errors._form).toContain('expired or has already been used')
		const gone = await call(setPasswordLoader, getRequest(`/set-password?token=${token}`))
		expect(gone.status).toBe(410)
		expect(gone.data.valid).toBe(false)
	})

	test('a tampered or malformed link gets the "no longer works" page, not an error', async () => {
		await invite('tamper@example.com')
		await deliverDueMail()
		const { token } = await linkIn('tamper@example.com')
		const [id] = token.split('.').slice(-2)
		for (const bad of [`${id}.${'b'.repeat(24)}`, 'garbage', '', `${token}.extra`]) {
			const r = await call(setPasswordLoader, getRequest(`/set-password?token=${encodeURIComponent(bad)}`))
			expect(r.status).toBe(410)
		}
	})

	test('two mail workers running at once send each message once', async () => {
		for (let i = 0; i < 20; i++) await invite(`batch${i}@example.com`)
		const [a, b] = await Promise.all([deliverDueMail(), deliverDueMail()])
		expect(a.sent + b.sent).toBe(20)
		const files = fs.readdirSync(mailDir()).filter((f) => f.endsWith('.eml'))
		const rows = await db().select().from(mailOutbox)
		expect(rows.every((r) => r.status === 'sent')).toBe(true)
		expect(new Set(rows.map((r) => r.fileName)).size).toBe(rows.length)
		expect(files.length).toBe(rows.length)
	})

	test('setting a password ends the sessions the person already had', async () => {
		const { org, userId } = await invite('reset@example.com')
		const { createSession } = await import('~/auth/sessions.server')
		const old = await createSession(org.id, userId)
		await deliverDueMail()
		const { token } = await linkIn('reset@example.com')
		await call(setPasswordAction, postRequest('/set-password', { token, password: 'brand new secret', confirm: 'brand new secret' }))
		expect(await validateSessionToken(old.token)).toBeNull()
	})
})
