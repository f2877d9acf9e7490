/**
 * Reading a PostgreSQL error, whichever driver raised it (postgres-js or PGlite) and however
 * drizzle wrapped it: the SQLSTATE code and the constraint it names. Lets a domain module turn
 * a race it cannot prevent by checking first (a unique or foreign-key violation) into the same
 * field error its check gives, instead of a 500.
 */

interface PgErrorFields {
	code: string
	constraint: string | undefined
}

/** The first error in the `cause` chain that carries a five-character SQLSTATE. */
export function pgError(error: unknown): PgErrorFields | null {
	for (let e = error, depth = 0; e && depth < 5; depth++) {
		const fields = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; message?: unknown }
		if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) {
			const named = typeof fields.constraint_name === 'string' ? fields.constraint_name : typeof fields.constraint === 'string' ? fields.constraint : undefined
			// Citus passes a worker's error on naming the shard's constraint (users_org_email_102179),
			// perhaps in its message only: the name is read from there too, the shard's number dropped.
			const quoted = typeof fields.message === 'string' ? /constraint "([^"]+)"/.exec(fields.message)?.[1] : undefined
			const constraint = (named ?? quoted)?.replace(/_\d{6,}$/, '')
			return { code: fields.code, constraint }
		}
		e = (e as { cause?: unknown }).cause
	}
	return null
}

/** 23505: another row already holds this value (of `constraint`, when given). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
	const e = pgError(error)
	return e?.code === '23505' && (!constraint || e.constraint === constraint)
}

/** 23503: the row referred to is gone (or a row still refers to the one being deleted). */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
	const e = pgError(error)
	return e?.code === '23503' && (!constraint || e.constraint === constraint)
}

/** 22021 / 22P05: text PostgreSQL cannot store, i.e. a NUL character (in text, or in JSON as \u0000). */
export function isUnstorableTextError(error: unknown): boolean {
	const code = pgError(error)?.code
	return code === '22021' || code === '22P05'
}
