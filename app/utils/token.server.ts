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

export function randomTokenPart(length = PART_LENGTH): string {
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
	const id = randomTokenPart()
	const secret = randomTokenPart(secretLength)
	return { id, token: `${id}.${secret}`, secretHash: hashSecret(secret) }
}

const partPattern = (length: number) => new RegExp(`^[${ALPHABET}]{${length}}$`)
const ID = partPattern(PART_LENGTH)

/** Whether a value is shaped like a token's id (e.g. an API key's, from a form). */
export function isTokenId(value: string): boolean {
	return ID.test(value)
}

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

/**
 * A token as `mintToken` makes, whose id starts with `prefix` (token-alphabet characters, fewer
 * than the id's 24) and is random after it. The id is not a secret — the secret part is — so a
 * prefix that says what the token belongs to costs no strength; the random rest keeps ids unique.
 */
export function mintTokenWithIdPrefix(prefix: string, secretLength = PART_LENGTH) {
	if (prefix.length >= PART_LENGTH || !partPattern(prefix.length).test(prefix)) throw new Error('A token id prefix is a few characters of the token alphabet.')
	const id = prefix + randomTokenPart(PART_LENGTH - prefix.length)
	const secret = randomTokenPart(secretLength)
	return { id, token: `${id}.${secret}`, secretHash: hashSecret(secret) }
}

/** `length` (at most 32) token-alphabet characters derived from `value`: stable and public. */
export function tokenTag(value: string, length: number): string {
	const digest = sha256(new TextEncoder().encode(value))
	let out = ''
	for (let i = 0; i < length; i++) out += ALPHABET[digest[i]! >> 3]
	return out
}

// With the organisation's id in front when the token names it (`withOrg`).
const ANY_TOKEN = new RegExp(`(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.)?[${ALPHABET}]{${PART_LENGTH}}\\.[${ALPHABET}]{${PART_LENGTH},}`, 'g')

/**
 * The text with anything shaped like a token (`<id>.<secret>`) replaced: for text that may quote
 * an e-mail, such as a mail server's error, before it is stored or shown to anyone.
 */
export function redactTokens(text: string): string {
	return text.replace(ANY_TOKEN, '[link token removed]')
}

const ORG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * A token that names its organisation in front, `<org id>.<id>.<secret>`: its lookup then
 * carries the org_id, and on Citus goes to that organisation's shard instead of to every node.
 * The organisation's id is no secret (the secret part is); it says no more than the host name of
 * a link does.
 */
export function withOrg(orgId: string, token: string): string {
	return `${orgId}.${token}`
}

/**
 * `parseToken` for tokens that may name their organisation (`withOrg`); `orgId` is null for
 * one minted before they did, which is still looked up (across organisations).
 */
export function parseOrgToken(token: string | null | undefined, secretLength = PART_LENGTH): { orgId: string | null; id: string; secret: string } | null {
	if (!token) return null
	const dot = token.indexOf('.')
	const head = dot > 0 ? token.slice(0, dot) : ''
	if (ORG_ID.test(head)) {
		const rest = parseToken(token.slice(dot + 1), secretLength)
		return rest && { orgId: head, ...rest }
	}
	const legacy = parseToken(token, secretLength)
	return legacy && { orgId: null, ...legacy }
}
