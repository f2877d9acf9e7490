/** Throws a 404 (or the given status) unless the condition holds: `invariantResponse` of epic-stack. */
export function invariantResponse(condition: unknown, message = 'Not found', init: ResponseInit = {}): asserts condition {
	if (!condition) throw new Response(message, { status: 404, ...init })
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An id from a URL: anything not shaped like one of ours answers 404 before touching the database. */
export function requireId(value: string | undefined): string {
	invariantResponse(value && UUID.test(value), 'Not found')
	return value.toLowerCase()
}

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value)
}
