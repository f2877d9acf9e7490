/** The one error type: each code answers its status once, and the shared error page says it in words. */
import fs from 'node:fs'
import path from 'node:path'

import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'

import { GeneralErrorBoundary } from '~/components/error-boundary'
import { I18nProvider } from '~/i18n/react'
import { AppError, codeOfStatus, ERROR_CODES, type ErrorCode, errorPage, errorResponse } from '~/utils/errors'

import { sourceFiles } from '../../support/imports'

/** The shared error page as a browser receives it when a loader throws `thrown`. */
async function errorPageFor(thrown: unknown): Promise<string> {
	const handler = createStaticHandler([
		{
			id: 'page',
			path: '*',
			loader: () => {
				throw thrown
			},
			Component: () => null,
			ErrorBoundary: GeneralErrorBoundary,
		},
	])
	const context = await handler.query(new Request('http://localhost:3000/somewhere'))
	if (context instanceof Response) throw new Error(`answered ${context.status}`)
	const router = createStaticRouter(handler.dataRoutes, context)
	// As the root layout does; without the root's data (its loader failed) the page speaks English.
	return renderToString(createElement(I18nProvider, { data: undefined }, createElement(StaticRouterProvider, { router, context, hydrate: false })))
}

describe('codes and statuses', () => {
	it('maps every code to its HTTP status, each status once', () => {
		const expected: Record<ErrorCode, number> = {
			INVALID: 400,
			UNAUTHENTICATED: 401,
			FORBIDDEN: 403,
			NOT_FOUND: 404,
			METHOD_NOT_ALLOWED: 405,
			CONFLICT: 409,
			GONE: 410,
			TOO_LARGE: 413,
			UNPROCESSABLE: 422,
			TOO_MANY: 429,
			INTERNAL: 500,
			UNAVAILABLE: 503,
		}
		for (const [code, status] of Object.entries(expected)) {
			expect(new AppError(code as ErrorCode).status, code).toBe(status)
			expect(codeOfStatus(status), code).toBe(code)
		}
		expect(Object.keys(ERROR_CODES).sort()).toEqual(Object.keys(expected).sort())
		expect(codeOfStatus(418)).toBe('INTERNAL')
	})

	it('a page answer is the message as text with the status and its headers', async () => {
		const res = errorResponse('UNAVAILABLE', 'The database is not answering.', { 'Retry-After': '5' })
		expect(res.status).toBe(503)
		expect(res.statusText).toBe('Service Unavailable')
		expect(res.headers.get('Retry-After')).toBe('5')
		expect(await res.text()).toBe('The database is not answering.')
		expect(await errorResponse('NOT_FOUND').text()).toBe('Not found')
	})

	it('an API answer is {"error": …} with any fields a client acts on', async () => {
		const res = new AppError('TOO_MANY', 'Slow down.', { 'Retry-After': '7' }).toJson({ retryAfter: 7 }, { 'Cache-Control': 'no-store' })
		expect(res.status).toBe(429)
		expect(res.headers.get('Retry-After')).toBe('7')
		expect(res.headers.get('Cache-Control')).toBe('no-store')
		expect(await res.json()).toEqual({ error: 'Slow down.', retryAfter: 7 })
	})
})

describe('the error page', () => {
	it('has a title and text for each status a page answers, the same words for unknown ones', () => {
		expect(errorPage(403).title).toBe('Not for your role')
		expect(errorPage(404).title).toBe('Not found')
		expect(errorPage(503).title).toBe('Temporarily unavailable')
		expect(errorPage(500).title).toBe('Something went wrong on our side')
		expect(errorPage(418).title).toBe('Something went wrong on our side')
	})

	it('a thrown FORBIDDEN shows "Not for your role" with the guard’s own sentence', async () => {
		const html = await errorPageFor(errorResponse('FORBIDDEN', 'This page is for admins; you are signed in as an employee.'))
		expect(html).toContain('Error 403')
		expect(html).toContain('Not for your role')
		expect(html).toContain('This page is for admins; you are signed in as an employee.')
	})

	it('a bare NOT_FOUND shows the page’s own text, not "Not found" twice', async () => {
		const html = await errorPageFor(errorResponse('NOT_FOUND'))
		expect(html).toContain('Error 404')
		expect(html).toContain('There is nothing at this address, or it belongs to another organisation.')
	})

	it('an unexpected error shows no message of its own, only that it was logged', async () => {
		const html = await errorPageFor(new Error('secret stack detail'))
		expect(html).toContain('Error 500')
		expect(html).toContain('The problem has been logged.')
		expect(html).not.toContain('secret stack detail')
	})
})

describe('one way to fail', () => {
	it('no module of app/ outside the error module throws a Response or data() it built itself', () => {
		const root = path.resolve(__dirname, '../../../app')
		const found = sourceFiles(root)
			.filter((f) => !f.endsWith('utils/errors.ts'))
			.flatMap((f) =>
				fs
					.readFileSync(f, 'utf8')
					.split('\n')
					.map((line, i) => ({ line, at: `${path.relative(root, f)}:${i + 1}` }))
					.filter(({ line }) => /throw\s+(new\s+Response|data|json)\s*\(/.test(line) || /Response\.json\(\s*\{\s*error:/.test(line))
					.map(({ at }) => at),
			)
		expect(found).toEqual([])
	})
})
