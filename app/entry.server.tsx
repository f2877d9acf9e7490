import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { noteError } from './runtime.server'

// The start script drives the process through these (one build, one database handle).
export * as runtime from './runtime.server'

export const streamTimeout = 5000

export default function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	remixContext: EntryContext,
) {
	const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
	return new Promise((resolve, reject) => {
		let shellRendered = false
		const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
			[waitForAll ? 'onAllReady' : 'onShellReady']() {
				shellRendered = true
				const body = new PassThrough()
				responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
				setSecurityHeaders(responseHeaders)
				resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
				pipe(body)
			},
			onShellError(error: unknown) {
				reject(error)
			},
			onError(error: unknown) {
				responseStatusCode = 500
				if (shellRendered) console.error(error)
			},
		})
		setTimeout(abort, streamTimeout + 1000)
	})
}

function setSecurityHeaders(headers: Headers) {
	headers.set('X-Content-Type-Options', 'nosniff')
	headers.set('Referrer-Policy', 'same-origin')
	headers.set('X-Frame-Options', 'DENY')
}

export const handleError: HandleErrorFunction = (error, { request }) => {
	if (request.signal.aborted) return
	noteError(error)
	console.error(error)
}
