/**
 * The server `npm start` runs: serves the built app on PORT after bringing the database up to
 * date and seeding the demo organisation on an empty database. scripts/start.mjs builds this
 * file into build/server.js (esbuild) and runs it as plain JavaScript.
 * Flags: --no-seed (never seed).
 */
import cluster from 'node:cluster'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'

import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'

import { isAllowedRequest } from '../app/auth/origin'
import { undeliveredMailWarning } from '../app/mail/transport.server'
import type * as Runtime from '../app/runtime.server'
import { env } from '../app/utils/env.server'
import { notServing } from '../app/utils/not-serving'
import { carriesSessionCookie, everyResponseHeaders, finalHeaderChanges } from '../app/utils/security-headers.server'
import { embeddedHolder, holdEmbedded } from '../db/embedded-lock'
import { projectRoot } from '../db/paths'
import { keepPrivate } from '../db/private-files'

process.env.NODE_ENV ??= 'production'
const args = new Set(process.argv.slice(2))
const log = (m: string) => console.log(`[state-of-now] ${m}`)

const buildFile = path.join(projectRoot, 'build', 'index.js')

/** What the start script uses of the build's entry (app/entry.server.tsx). */
interface Entry {
	runtime: typeof Runtime
	submitLinkForm: typeof import('../app/pulses/pulse-http.server').submitLinkForm
	thanksAddressOf: typeof import('../app/pulses/pulse-http.server').thanksAddressOf
}

/**
 * A pulse form posted without JavaScript to an e-mailed link: `/p/<token>`, the token in the
 * link alphabet (lower-case letters, digits, dots, the organisation id's dashes), nothing after
 * it — an address Remix routes to `p.$token` with exactly this token (nothing to decode). Not
 * `….data`: that is Remix's own request from the page with JavaScript.
 */
const PULSE_LINK_FORM = /^\/p\/([0-9a-z.-]+)$/

function readBody(req: express.Request): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = []
		req.on('data', (c: Buffer) => chunks.push(c))
		req.on('end', () =>
			resolve(
				Buffer.concat(chunks)
					.toString('utf8')
					.replace(/^\uFEFF/, ''),
			),
		)
		req.on('error', reject)
	})
}

async function main() {
	const e = env()
	// A soft bound on memory: the heap still grows as far as the work needs (no limit to run out
	// of), but is collected before it holds several times its live data (docs/decisions/0036).
	if (e.HEAP_GROWING_PERCENT > 0) v8.setFlagsFromString(`--heap-growing-percent=${e.HEAP_GROWING_PERCENT}`)
	// The data folder is the server's alone (answers, e-mails with live links): private from the
	// first start, and a folder left open by an earlier version closed now (db/private-files.ts).
	const fixed = keepPrivate(e.DATA_DIR)
	if (fixed) log(`Made ${fixed} files and folders in ${e.DATA_DIR} readable by this account only.`)
	if (!e.DATABASE_URL) {
		// The embedded database is one process's: say so instead of corrupting it (db/embedded-lock.ts).
		const pgdata = path.join(e.DATA_DIR, 'pgdata')
		const holder = embeddedHolder(pgdata)
		if (holder) throw new Error(`Another server (process ${holder}) has the embedded database in ${pgdata} open. Stop it first.`)
		holdEmbedded(pgdata)
	}
	const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild
	const entry = build.entry.module as unknown as Entry
	const runtime = entry.runtime
	// Whatever the server creates from here on is its account's alone. Set after the build, whose
	// files under public/ a proxy running as another account may serve.
	process.umask(0o077)

	const app = express()
	app.disable('x-powered-by')
	// A hop count or the proxies' addresses, never `true` (that believes whatever the client writes).
	if (e.TRUST_PROXY !== false) app.set('trust proxy', e.TRUST_PROXY)
	let shuttingDown = false

	app.use((_req, res, next) => {
		// While draining, every response closes its connection so keep-alive cannot hold us up.
		if (shuttingDown) res.setHeader('Connection', 'close')
		next()
	})
	const baseline = everyResponseHeaders(e.APP_URL)
	app.use((_req, res, next) => {
		for (const [name, value] of Object.entries(baseline)) res.setHeader(name, value)
		next()
	})
	// Level 1: most of the size win for a fraction of the CPU of the default (6).
	app.use(compression({ level: 1 }))
	app.use('/build', express.static(path.join(projectRoot, 'public', 'build'), { immutable: true, maxAge: '1y' }))
	app.use(express.static(path.join(projectRoot, 'public'), { maxAge: '1h' }))
	// Browsers ask for /favicon.ico whatever the page links to; answer it here, not in Remix.
	app.get('/favicon.ico', (_req, res) => res.redirect(301, '/favicon.svg'))

	// After the static files (public and cacheable), before everything else: caching and retry
	// headers are settled when the head is written, whoever produced the response (a page, a
	// resource route, a redirect, the refusals below).
	app.use((req, res, next) => {
		const signedIn = carriesSessionCookie(req.get('cookie'))
		const writeHead = res.writeHead
		res.writeHead = function (this: typeof res, ...args: Parameters<typeof res.writeHead>) {
			const header = (name: string) => {
				const v = this.getHeader(name)
				return v === undefined ? undefined : String(v)
			}
			const changes = finalHeaderChanges({
				status: typeof args[0] === 'number' ? args[0] : this.statusCode,
				signedIn,
				cacheControl: header('cache-control'),
				setsCookie: this.hasHeader('set-cookie'),
				retryAfter: header('retry-after'),
			})
			for (const [name, value] of Object.entries(changes)) this.setHeader(name, value)
			return writeHead.apply(this, args)
		} as typeof res.writeHead
		next()
	})

	app.use((req, res, next) => {
		const ok = isAllowedRequest({
			method: req.method,
			url: req.originalUrl,
			origin: req.get('origin'),
			host: e.TRUST_PROXY !== false ? (req.get('x-forwarded-host') ?? req.get('host')) : req.get('host'),
			appUrl: e.APP_URL,
			authorization: req.get('authorization'),
			cookie: req.get('cookie'),
		})
		if (ok) return next()
		res.status(403).type('text/plain').send('This form was sent from another site, so it was refused.')
	})

	app.use(async (req, res, next) => {
		if (req.path === '/healthz' || (await runtime.databaseAvailable())) return next()
		const answer = notServing(runtime.isStarting() ? 'starting' : 'unavailable', req.path)
		res.status(answer.status).set('Retry-After', answer.retryAfter).set('Cache-Control', 'no-store').type(answer.type).send(answer.body)
	})

	// The pulse form posted without JavaScript to its e-mailed link, the one page whose answer is
	// usually a redirect: submitted here by the route's own function, after every check above
	// (origin, database), and — when stored — answered with the route's redirect to the thanks,
	// without Remix matching the address against every route (most of a submission's CPU). Any
	// other outcome goes on to the route with this submission, which renders it (docs/decisions/0033).
	app.use(async (req, res, next) => {
		const token = req.method === 'POST' ? PULSE_LINK_FORM.exec(req.originalUrl)?.[1] : undefined
		if (!token || token.endsWith('.data') || !req.is('application/x-www-form-urlencoded')) return next()
		try {
			const submission = entry.submitLinkForm(token, Object.fromEntries(new URLSearchParams(await readBody(req))))
			const thanks = await entry.thanksAddressOf(submission)
			if (thanks) return void res.status(303).location(thanks).set('Content-Length', '0').end()
			res.locals.linkSubmission = submission
			next()
		} catch (error) {
			next(error)
		}
	})

	app.all(
		'*',
		createRequestHandler({
			build,
			mode: process.env.NODE_ENV,
			getLoadContext: (req, res) => ({ clientAddress: req.ip, linkSubmission: res.locals.linkSubmission }),
		}),
	)

	if (!e.DATABASE_URL) await runtime.migrateEmbedded()
	const server = app.listen(e.PORT, () => log(`Listening on http://localhost:${e.PORT} (${e.DATABASE_URL ? 'PostgreSQL' : `embedded database in ${e.DATA_DIR}`})`))

	const stop = async (signal: string) => {
		if (shuttingDown) return
		shuttingDown = true
		log(`${signal}: finishing requests in flight, then stopping.`)
		const idle = setInterval(() => server.closeIdleConnections(), 100)
		setTimeout(() => server.closeAllConnections(), 10_000).unref()
		setTimeout(() => process.exit(1), 15_000).unref()
		server.close(async () => {
			clearInterval(idle)
			await runtime.shutdown()
			log('Stopped.')
			process.exit(0)
		})
		server.closeIdleConnections()
	}
	process.on('SIGTERM', () => void stop('SIGTERM'))
	process.on('SIGINT', () => void stop('SIGINT'))

	// With several processes, one seeds (the others would race it to create the same organisation)
	// and one warns.
	const first = cluster.isPrimary || cluster.worker?.id === 1
	await runtime.boot({ seedWhenEmpty: !args.has('--no-seed') && first, log })
	// PGlite made its files 0666 while migrating and seeding (db/private-files.ts).
	keepPrivate(e.DATA_DIR)
	runtime.startBackgroundJobs(log)
	log(`Ready: ${e.APP_URL}`)
	const mailWarning = undeliveredMailWarning(e)
	if (mailWarning && first) log(mailWarning)
}

/**
 * WEB_CONCURRENCY > 1 (PostgreSQL only: the embedded database belongs to one process) runs that
 * many server processes sharing the port, so a multi-core machine uses every core. Instances
 * hold no state, so this is the same as running several machines.
 */
function runCluster(workers: number) {
	log(`Starting ${workers} server processes.`)
	for (let i = 0; i < workers; i++) cluster.fork()
	let stopping = false
	cluster.on('exit', (worker, code) => {
		if (!stopping) {
			log(`A server process exited (${code}); starting another.`)
			cluster.fork()
		} else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
	})
	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		process.on(signal, () => {
			stopping = true
			for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal)
		})
	}
}

const workers = Number(process.env.WEB_CONCURRENCY ?? 1)
if (cluster.isPrimary && workers > 1 && env().DATABASE_URL) runCluster(workers)
else
	main().catch((error) => {
		console.error(error instanceof Error ? error.message : error)
		process.exit(1)
	})
