import { type Algorithm, hash, verify } from '@node-rs/argon2'
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as zxcvbnCommon from '@zxcvbn-ts/language-common'

// OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
// Algorithm is an ambient const enum (unusable as a value with isolatedModules); 2 is Argon2id.
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

/** ASVS 2.1.1: at least 12 characters; 2.1.2: at least 64 allowed (we allow 200). */
export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 200
/** zxcvbn's score (0–4) a new password must reach: 3 is "safely unguessable" (about 10^8 guesses online). */
export const MIN_PASSWORD_SCORE = 3
export const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words work well. Common, repeated or guessable passwords (your name, your e-mail) are refused.`

// Built once: the dictionaries (common passwords, names, keyboard patterns) take a moment to index.
let estimator: ZxcvbnFactory | undefined
function strength() {
	estimator ??= new ZxcvbnFactory({ dictionary: { ...zxcvbnCommon.dictionary }, graphs: zxcvbnCommon.adjacencyGraphs })
	return estimator
}

/**
 * Why a new password is refused (ASVS 2.1.1, 2.1.7), or null. `userInputs` are words the person's
 * own details give away (e-mail, name, organisation): a password built from them is guessable.
 */
export function weakPasswordProblem(password: string, userInputs: string[] = []): string | null {
	if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`
	if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`
	const words = userInputs.flatMap((v) => v.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3)
	const result = strength().check(password, [...new Set([...words, 'stateofnow', 'state of now', 'password'])])
	if (result.score < MIN_PASSWORD_SCORE) {
		return 'This password is too easy to guess (common, repeated, a sequence or built from your own details). Try a few unrelated words.'
	}
	return null
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password)
	} catch {
		return false
	}
}

// Verified against when no account matches, so that a wrong e-mail costs the same time as a
// wrong password and does not reveal who has an account.
let dummyHash: Promise<string> | undefined
export async function verifyAgainstNothing(password: string): Promise<false> {
	dummyHash ??= hashPassword('not-a-real-password-for-timing')
	await verifyPassword(await dummyHash, password)
	return false
}
