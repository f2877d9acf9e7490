/**
 * What the server answers before Remix while it cannot serve pages: 503 with Retry-After, a page
 * that reloads itself (or JSON under /api/). Starting (migrating, seeding the demo) and a database
 * that does not answer are told apart: "the database is unavailable" while the database is fine
 * and the server is only starting sends people and operators looking for the wrong problem.
 */
export type NotServingReason = 'starting' | 'unavailable'

const TEXT: Record<NotServingReason, { title: string; page: string; api: string }> = {
	starting: {
		title: 'Starting',
		page: 'State of Now is starting: it is getting its database ready. This page tries again every 5 seconds; nothing you entered is lost by waiting.',
		api: 'The service is starting. Try again in a few seconds.',
	},
	unavailable: {
		title: 'Temporarily unavailable',
		page: 'State of Now’s database is not answering. This page tries again every 5 seconds; nothing you entered is lost by waiting.',
		api: 'The service is temporarily unavailable: the database is not answering.',
	},
}

function page(reason: NotServingReason) {
	const t = TEXT[reason]
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>${t.title} · State of Now</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1c2530;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border:1px solid #d9dee5;border-radius:8px;padding:2rem;max-width:30rem;margin:1rem}</style></head>
<body><main><p style="color:#4d5a69;margin:0">Error 503</p><h1>${t.title}</h1>
<p>${t.page}</p></main></body></html>`
}

export function notServing(reason: NotServingReason, path: string): { status: 503; retryAfter: string; type: 'json' | 'html'; body: string } {
	if (path.startsWith('/api/')) return { status: 503, retryAfter: '5', type: 'json', body: JSON.stringify({ error: TEXT[reason].api }) }
	return { status: 503, retryAfter: '5', type: 'html', body: page(reason) }
}
