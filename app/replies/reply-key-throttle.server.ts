/**
 * Wrong reply keys are counted per client address, like failed sign-ins (the same counters,
 * `sign_in_throttle`): a key is 160 random bits, so guessing is hopeless anyway, but a client
 * trying hundreds a second is refused with 429 and Retry-After instead of being answered.
 *
 * Only wrong keys count: an attempt is taken before the look-up and given back when the key
 * finds its thread, so an author whose browser keeps several keys is never slowed down. A key
 * whose comment is not released yet counts as wrong (it finds nothing), which is why the limit is
 * loose: an office behind one address loading their home pages stays far below it.
 */
import { addressKey } from '~/auth/client-address'
import { giveBackAttempt, takeAttempt, type ThrottleRule } from '~/auth/throttle.server'

const MINUTE = 60_000

/** 50 wrong keys in 15 minutes, then 5 minutes' wait, each block in a row twice as long (up to a day). */
export const REPLY_KEY_THROTTLE: ThrottleRule = {
	limit: 50,
	windowMs: 15 * MINUTE,
	blockMs: 5 * MINUTE,
	growth: 2,
	maxBlockMs: 24 * 60 * MINUTE,
}

const keyOf = (clientAddress: string | undefined) => {
	const address = addressKey(clientAddress)
	return address ? `replykey:${address}` : undefined
}

/** Counts one key look-up from this address: 0 when it may go ahead, otherwise the seconds to wait. */
export async function takeReplyKeyAttempt(clientAddress: string | undefined, now = new Date()): Promise<number> {
	const key = keyOf(clientAddress)
	return key ? takeAttempt(key, REPLY_KEY_THROTTLE, now) : 0
}

/** The key found its thread: the attempt does not count. */
export async function replyKeyFound(clientAddress: string | undefined) {
	const key = keyOf(clientAddress)
	if (key) await giveBackAttempt(key)
}
