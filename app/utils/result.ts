/** Outcome of a domain operation that can fail on the user's input. */
export type FieldErrors = Partial<Record<string, string>>
export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (errors: FieldErrors): { ok: false; errors: FieldErrors } => ({ ok: false, errors })

/** zod issues → one message per field (the first), keyed by the dotted path; `_form` for the rest. */
export function fieldErrorsFrom(issues: { path: (string | number)[]; message: string }[]): FieldErrors {
	const out: FieldErrors = {}
	for (const i of issues) {
		const key = i.path.length ? i.path.join('.') : '_form'
		out[key] ??= i.message
	}
	return out
}
