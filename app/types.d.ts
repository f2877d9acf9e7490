import '@remix-run/node'

declare module '@remix-run/node' {
	interface Future {
		v3_singleFetch: true
	}
	interface AppLoadContext {
		/** The client's address as the server sees it (behind TRUST_PROXY: X-Forwarded-For). */
		clientAddress?: string
	}
}
