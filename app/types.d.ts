import '@remix-run/node'

import type { LinkSubmission } from './pulses/pulse-http.server'

declare module '@remix-run/node' {
	interface Future {
		v3_singleFetch: true
	}
	interface AppLoadContext {
		/** The client's address as the server sees it (behind TRUST_PROXY: X-Forwarded-For). */
		clientAddress?: string
		/** A pulse form posted without JavaScript to /p/<token>, already submitted by the server (scripts/server.ts). */
		linkSubmission?: LinkSubmission
	}
}
