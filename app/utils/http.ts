import { type ErrorCode, errorResponse } from './errors'

/** Throws a 404 (or the given code's status) unless the condition holds: `invariantResponse` of epic-stack. */
export function invariantResponse(condition: unknown, message = 'Not found', code: ErrorCode = 'NOT_FOUND', headers?: Record<string, string>): asserts condition {
	if (!condition) throw errorResponse(code, message, headers)
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
