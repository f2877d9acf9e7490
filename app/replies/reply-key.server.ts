/**
 * Reply keys: the capability with which the author of a comment reads leaders' replies and
 * answers them (docs/security.md, "Anonymous replies"). `r_`, the organisation's id and a dot,
 * and 32 characters of the token alphabet (160 random bits); only its SHA-256 is stored, in the
 * comment's own row. The organisation in the key routes its lookup to one shard on Citus; it
 * tells the key's holder nothing they do not know (the comment's row carries it anyway). Keys
 * minted before it was there (`r_` and the 32 characters) are still found.
 */
import { hashSecret, randomTokenPart } from '~/utils/token.server'

export interface ReplyKey {
	key: string
	hash: string
}

const PREFIX = 'r_'
const LENGTH = 32
const SHAPE = /^r_(?:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.)?[abcdefghijkmnpqrstuvwxyz23456789]{32}$/

export function mintReplyKey(orgId: string): ReplyKey {
	const key = `${PREFIX}${orgId}.${randomTokenPart(LENGTH)}`
	return { key, hash: hashSecret(key) }
}

/**
 * The hash to look a key up by and the organisation it names (null for a key minted before keys
 * named it); null when it is not shaped like a key (it never reaches the database).
 */
export function parseReplyKey(key: unknown): { hash: string; orgId: string | null } | null {
	const match = typeof key === 'string' ? SHAPE.exec(key) : null
	return match ? { hash: hashSecret(key as string), orgId: match[1] ?? null } : null
}
