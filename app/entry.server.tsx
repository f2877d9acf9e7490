import { PassThrough } from 'node:stream'

import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'

import { NonceContext } from './components/nonce'
import { noteError } from './runtime.server'
import { contentSecurityPolicy, createNonce } from './utils/security-headers.server'

// The start script drives the process through these (one build, one database handle), and
// answers a pulse form posted without JavaScript ahead of Remix with the route's own submission.
export { submitLinkForm, thanksAddressOf } from './pulses/pulse-http.server'
export * as runtime from './runtime.server'

export const streamTimeout = 5000

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
	const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
	// A new nonce for every page: the inline scripts Remix and React write carry it, injected
	// markup cannot know it. It goes to the layout through context, never through loader data
	// (which is serialised into the page, where anyone could read it).
	const nonce = createNonce()
	return new Promise((resolve, reject) => {
		let shellRendered = false
		const page = (
			<NonceContext.Provider value={nonce}>
				<RemixServer context={remixContext} url={request.url} nonce={nonce} />
			</NonceContext.Provider>
		)
		const { pipe, abort } = renderToPipeableStream(page, {
			nonce,
			[waitForAll ? 'onAllReady' : 'onShellReady']() {
				shellRendered = true
				const body = new PassThrough()
				responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
				responseHeaders.set('Content-Security-Policy', contentSecurityPolicy(nonce))
				// Every page renders the root loader, which reads the session: it is someone's own.
				if (!responseHeaders.has('Cache-Control')) responseHeaders.set('Cache-Control', 'no-store')
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

export const handleError: HandleErrorFunction = (error, { request }) => {
	if (request.signal.aborted) return
	noteError(error)
	console.error(error)
}
