/**
 * Reply keys: the capability with which the author of a comment reads leaders' replies and
 * answers them (docs/security.md, "Anonymous replies"). `r_` and 32 characters of the token
 * alphabet (160 random bits); only its SHA-256 is stored, in the comment's own row.
 */
import { hashSecret, randomTokenPart } from '~/utils/token.server'

export interface ReplyKey {
	key: string
	hash: string
}

const PREFIX = 'r_'
const LENGTH = 32
const SHAPE = /^r_[abcdefghijkmnpqrstuvwxyz23456789]{32}$/

export function mintReplyKey(): ReplyKey {
	const key = `${PREFIX}${randomTokenPart(LENGTH)}`
	return { key, hash: hashSecret(key) }
}

/** The hash to look a key up by, or null when it is not shaped like one (it never reaches the database). */
export function replyKeyHash(key: unknown): string | null {
	return typeof key === 'string' && SHAPE.test(key) ? hashSecret(key) : null
}
