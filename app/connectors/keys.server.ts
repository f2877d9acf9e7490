/**
 * The connectors' two keys, both derived (HKDF-SHA256) from one master key kept outside the
 * database (CONNECTOR_SECRET_KEY, or a key file under DATA_DIR made on first use):
 * - the secret key encrypts signing secrets (AES-256-GCM, the connector's id as associated data,
 *   so a ciphertext copied onto another connector does not decrypt);
 * - the id key hashes the providers' ids (HMAC-SHA256) before anything is stored, so a ticket or
 *   pull-request number cannot be joined back to the provider by someone holding only the database
 *   (a plain hash of a small sequential number is reversed by trying them all).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { env } from '~/utils/env.server'
import { randomTokenPart } from '~/utils/token.server'

let cached: { master: string; secret: Buffer; id: Buffer } | undefined

function masterKey(): Buffer {
	const configured = env().CONNECTOR_SECRET_KEY
	if (configured) return /^[0-9a-f]{64}$/i.test(configured) ? Buffer.from(configured, 'hex') : Buffer.from(configured, 'base64')
	const file = path.join(env().DATA_DIR, 'connector-secret.key')
	try {
		return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex')
	} catch {
		fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
		// `wx`: two processes starting at once must not each write their own key.
		try {
			fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' })
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
		}
		return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex')
	}
}

function keys() {
	const marker = `${env().CONNECTOR_SECRET_KEY ?? ''}|${env().DATA_DIR}`
	if (cached?.master === marker) return cached
	const master = masterKey()
	const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32))
	cached = { master: marker, secret: derive('state-of-now connector secrets v1'), id: derive('state-of-now connector ids v1') }
	return cached
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function encryptSecret(secret: string, connectorId: string): string {
	const iv = randomBytes(12)
	const cipher = createCipheriv('aes-256-gcm', keys().secret, iv)
	cipher.setAAD(Buffer.from(connectorId))
	const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
	return ['v1', iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')
}

/** The secret in clear, or null when it does not decrypt (another key, another connector, tampered). */
export function decryptSecret(stored: string, connectorId: string): string | null {
	const [version, iv, tag, ciphertext, ...rest] = stored.split('.')
	if (version !== 'v1' || !iv || !tag || ciphertext === undefined || rest.length) return null
	try {
		const decipher = createDecipheriv('aes-256-gcm', keys().secret, Buffer.from(iv, 'base64url'))
		decipher.setAAD(Buffer.from(connectorId))
		decipher.setAuthTag(Buffer.from(tag, 'base64url'))
		return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
	} catch {
		return null
	}
}

/**
 * The id stored for a provider's object: the same ticket of the same organisation always gets the
 * same id (redeliveries and later updates land on one event), another organisation a different one.
 */
export function hashProviderId(orgId: string, provider: string, kind: string, providerId: string): string {
	const digest = createHmac('sha256', keys().id).update(`${orgId}\n${provider}\n${kind}\n${providerId}`).digest('base64url')
	return `${provider}:${digest}`
}

/** A signing secret we generate (GitHub, Jira, Freshdesk): 160 random bits, readable. */
export function generateSecret(): string {
	return `whsec_${randomTokenPart(32)}`
}

export function constantTimeEqualText(a: string, b: string): boolean {
	const x = Buffer.from(a)
	const y = Buffer.from(b)
	return x.length === y.length && timingSafeEqual(x, y)
}
