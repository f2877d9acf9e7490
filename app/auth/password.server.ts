import { type Algorithm, hash, verify } from '@node-rs/argon2'

// OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
// Algorithm is an ambient const enum (unusable as a value with isolatedModules); 2 is Argon2id.
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export const MIN_PASSWORD_LENGTH = 10

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
