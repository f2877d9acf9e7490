/**
 * Secret-bearing tokens shaped as the Lucia session guide recommends: `<id>.<secret>`, each
 * part 24 characters of a 32-letter alphabet (120 random bits). Only the SHA-256 of the
 * secret is stored; comparison is constant-time. Used for sessions and password links.
 */
import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeHexLowerCase } from '@oslojs/encoding'

// No 0/o, 1/l: the token may be read aloud or retyped from a screenshot.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'
const PART_LENGTH = 24

function randomPart(length = PART_LENGTH): string {
	const bytes = new Uint8Array(length)
	crypto.getRandomValues(bytes)
	let out = ''
	for (const b of bytes) out += ALPHABET[b >> 3]
	return out
}

export function hashSecret(secret: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)))
}

/**
 * A new token. `secretLength` 24 gives 120 bits (sessions, password links); survey links use
 * 32 (160 bits), above the 128 bits the pulse design asks for.
 */
export function mintToken(secretLength = PART_LENGTH) {
	const id = randomPart()
	const secret = randomPart(secretLength)
	return { id, token: `${id}.${secret}`, secretHash: hashSecret(secret) }
}

const partPattern = (length: number) => new RegExp(`^[${ALPHABET}]{${length}}$`)
const ID = partPattern(PART_LENGTH)

/** Splits a token; anything not of the exact shape is null (and never reaches the database). */
export function parseToken(token: string | null | undefined, secretLength = PART_LENGTH): { id: string; secret: string } | null {
	if (!token) return null
	const [id, secret, ...rest] = token.split('.')
	if (rest.length || !id || !secret || !ID.test(id) || !partPattern(secretLength).test(secret)) return null
	return { id, secret }
}

export function secretMatches(secret: string, storedHash: string): boolean {
	const a = new TextEncoder().encode(hashSecret(secret))
	const b = new TextEncoder().encode(storedHash)
	return a.length === b.length && constantTimeEqual(a, b)
}
