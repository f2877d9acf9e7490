import { isConnectionError } from './db.server'
import { errorResponse } from './errors'

export const UNAVAILABLE_MESSAGE = 'The database is not answering. This page will work again as soon as it does.'

/**
 * Runs a database step; if the database cannot be reached, answers 503 with a clear message
 * (through the shared error page) instead of a 500.
 */
export async function orUnavailable<T>(step: () => Promise<T>): Promise<T> {
	try {
		return await step()
	} catch (error) {
		if (isConnectionError(error)) throw errorResponse('UNAVAILABLE', UNAVAILABLE_MESSAGE, { 'Retry-After': '5' })
		throw error
	}
}
