/**
 * The one error type of the app, and the one place a kind of failure becomes an HTTP status and
 * an error page (documenso's `AppError` is the model). Pages answer with a text body the shared
 * error page shows; the JSON API with `{"error": "…"}`. Form errors the reader can fix on the page
 * (a 400 or 422 with a message per field) are not failures of this kind: they stay `Result`s.
 *
 * Remix turns only a thrown `Response` into a status (any other throw is a 500), so loaders and
 * actions throw `errorResponse(code, …)` or `appError.toResponse()`; a domain module that knows no
 * HTTP throws an `AppError` and the API's handler (or a route) answers with it.
 */

type ErrorKind = { status: number; statusText: string; page?: { title: string; text: string } }

/** Every code, its status and, where a page can show it, the page's title and text. */
export const ERROR_CODES = {
	INVALID: {
		status: 400,
		statusText: 'Bad Request',
		page: { title: 'That request was not understood', text: 'Something in the address or the form was not valid.' },
	},
	UNAUTHENTICATED: { status: 401, statusText: 'Unauthorized' },
	FORBIDDEN: {
		status: 403,
		statusText: 'Forbidden',
		page: { title: 'Not for your role', text: 'You are signed in, but this page is for another role. Ask your admin if you need access.' },
	},
	NOT_FOUND: {
		status: 404,
		statusText: 'Not Found',
		page: { title: 'Not found', text: 'There is nothing at this address, or it belongs to another organisation.' },
	},
	METHOD_NOT_ALLOWED: { status: 405, statusText: 'Method Not Allowed' },
	CONFLICT: { status: 409, statusText: 'Conflict' },
	GONE: { status: 410, statusText: 'Gone' },
	TOO_LARGE: {
		status: 413,
		statusText: 'Content Too Large',
		page: { title: 'Too large', text: 'The file or request is larger than this page accepts.' },
	},
	UNPROCESSABLE: { status: 422, statusText: 'Unprocessable Content' },
	TOO_MANY: {
		status: 429,
		statusText: 'Too Many Requests',
		page: { title: 'Too many attempts', text: 'Wait a few minutes and try again.' },
	},
	INTERNAL: { status: 500, statusText: 'Internal Server Error' },
	UNAVAILABLE: {
		status: 503,
		statusText: 'Service Unavailable',
		page: { title: 'Temporarily unavailable', text: 'The database is not answering. This page will work again as soon as it does.' },
	},
} as const satisfies Record<string, ErrorKind>

export type ErrorCode = keyof typeof ERROR_CODES

const DEFAULT_MESSAGE: Partial<Record<ErrorCode, string>> = { NOT_FOUND: 'Not found' }

/** What a page shows for an unknown failure: never a stack trace. */
export const FALLBACK_PAGE = { title: 'Something went wrong on our side', text: 'The problem has been logged. Try again in a moment.' }

export class AppError extends Error {
	readonly code: ErrorCode
	readonly headers: Record<string, string>

	constructor(code: ErrorCode, message?: string, headers: Record<string, string> = {}) {
		super(message ?? DEFAULT_MESSAGE[code] ?? ERROR_CODES[code].statusText)
		this.name = 'AppError'
		this.code = code
		this.headers = headers
	}

	get status(): number {
		return ERROR_CODES[this.code].status
	}

	/** For a page: the message as text, which the shared error page shows under its title. */
	toResponse(): Response {
		return new Response(this.message, { status: this.status, statusText: ERROR_CODES[this.code].statusText, headers: this.headers })
	}

	/** For the JSON API: `{"error": "…"}` and any further fields a client can act on. */
	toJson(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
		return Response.json({ error: this.message, ...extra }, { status: this.status, headers: { ...headers, ...this.headers } })
	}
}

/** The Response a loader or action throws for a page: `throw errorResponse('NOT_FOUND')`. */
export const errorResponse = (code: ErrorCode, message?: string, headers?: Record<string, string>): Response => new AppError(code, message, headers).toResponse()

/**
 * The same for a message already in the reader's language (the shared error page shows the
 * modules' English messages only to English readers): sent as `{message, localized}`, which the
 * error page shows to anyone.
 */
export const localizedErrorResponse = (code: ErrorCode, text: { title?: string; message: string }, headers: Record<string, string> = {}): Response =>
	Response.json({ ...text, localized: true }, { status: ERROR_CODES[code].status, statusText: ERROR_CODES[code].statusText, headers })

/** A thrown page error's message (and title, when it has one) when already in the reader's language. */
export function localizedText(data: unknown): { title: string | null; message: string } | null {
	if (!data || typeof data !== 'object') return null
	const { title, message, localized } = data as { title?: unknown; message?: unknown; localized?: unknown }
	return localized === true && typeof message === 'string' ? { title: typeof title === 'string' ? title : null, message } : null
}

/** A thrown page error's message when it is already in the reader's language. */
export const localizedMessage = (data: unknown): string | null => localizedText(data)?.message ?? null

/** The code of a status (INTERNAL for one the app does not answer with). */
export function codeOfStatus(status: number): ErrorCode {
	const found = (Object.keys(ERROR_CODES) as ErrorCode[]).find((c) => ERROR_CODES[c].status === status)
	return found ?? 'INTERNAL'
}

/** The error page's title and text for a status. */
export function errorPage(status: number): { title: string; text: string } {
	const kind: ErrorKind | undefined = ERROR_CODES[codeOfStatus(status)]
	return kind.status === status && kind.page ? kind.page : FALLBACK_PAGE
}
