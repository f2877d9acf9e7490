import { isIP } from 'node:net'
import { availableParallelism } from 'node:os'
import path from 'node:path'

import { z } from 'zod'

/** Express's `trust proxy` setting: nothing trusted, a hop count, or the proxies' addresses/CIDRs. */
export type TrustProxy = false | number | string[]

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])
function isProxyEntry(entry: string): boolean {
	if (PROXY_NAMES.has(entry)) return true
	const [address, prefix, ...rest] = entry.split('/')
	const family = isIP(address ?? '')
	if (!family || rest.length) return false
	if (prefix === undefined) return true
	return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)
}

// An empty variable (`SMTP_URL=`) means the same as an unset one.
const schema = z.preprocess(
	(raw) => Object.fromEntries(Object.entries(raw as Record<string, string | undefined>).filter(([, v]) => v !== '')),
	z.object({
		NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
		PORT: z.coerce.number().int().min(1).max(65535).default(3000),
		/** Unset: the embedded database (PGlite) under DATA_DIR. Set: a PostgreSQL server. */
		DATABASE_URL: z.string().url().optional(),
		/**
		 * Connections per app instance to PostgreSQL: by default twice the cores plus one (5 on 2
		 * cores). More connections than the cores can serve made each statement cost more, not
		 * fewer wait: 20 took 0.23 ms of PostgreSQL CPU per pulse submission, 5 took 0.15 ms
		 * (docs/decisions/0039-a-pool-the-size-of-the-machine.md).
		 */
		DATABASE_POOL_MAX: z.coerce
			.number()
			.int()
			.min(1)
			.max(500)
			.default(() => 2 * availableParallelism() + 1),
		DATA_DIR: z.string().default('./data'),
		/** Public address used in links inside e-mails. Defaults to http://localhost:PORT. */
		APP_URL: z.string().url().optional(),
		/** Unset: e-mails are not delivered but written as .eml files under DATA_DIR/mail; the Outbox lists them without their contents. */
		SMTP_URL: z.string().optional(),
		MAIL_FROM: z.string().default('State of Now <no-reply@stateofnow.local>'),
		/** Sessions end after this many days without activity... */
		SESSION_IDLE_DAYS: z.coerce.number().positive().default(7),
		/** ...and after this many days in any case. */
		SESSION_MAX_DAYS: z.coerce.number().positive().default(30),
		/**
		 * Which proxies to believe about the client's address, as Express's `trust proxy` does:
		 * 0/false none; a hop count (1 = one proxy in front: the client is the address that proxy
		 * appended, the right-most in X-Forwarded-For); or a comma-separated list of proxy addresses
		 * or CIDRs (or Express's names loopback, linklocal, uniquelocal). Never "trust everything":
		 * the left-most X-Forwarded-For entry is whatever the client wrote.
		 */
		TRUST_PROXY: z
			.string()
			.default('0')
			.transform((v, ctx): TrustProxy => {
				const value = v.trim().toLowerCase()
				if (value === '0' || value === 'false') return false
				// `true` used to mean "believe every X-Forwarded-For"; it now means the one proxy it always was in practice.
				if (value === 'true') return 1
				if (/^\d+$/.test(value)) {
					const hops = Number(value)
					if (hops <= 10) return hops
				} else {
					const list = value.split(',').map((p) => p.trim())
					if (list.length && list.every(isProxyEntry)) return list
				}
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					message: 'Use 0, a number of proxy hops (1–10), or a comma-separated list of proxy addresses or CIDRs.',
				})
				return z.NEVER
			}),
		/**
		 * How far the JavaScript heap may grow past what the last full collection kept, in percent
		 * (V8's heap growing factor, 1 + this / 100). V8 alone lets it grow up to four times the live
		 * data when a process allocates fast, as a report view does: at 100k people the server then
		 * held 540 MB for 200 MB of live data. 0 leaves V8's own choice.
		 */
		HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(300).default(50),
		/** How often the in-server scheduler opens, reminds and closes waves. */
		SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
		/**
		 * How long after its last wave stops taking answers a week is released (its results appear):
		 * time for a submission that started before the end to commit. Five minutes by default.
		 */
		RELEASE_SETTLE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
		/**
		 * Calls each API key may make per minute (a fixed window counted in the database, shared by
		 * every instance); the next call answers 429 with Retry-After.
		 */
		API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
		/**
		 * Calls each SCIM provisioning token may make per minute (counted in the database like the
		 * API keys'); the next call answers 429 in SCIM's error shape with Retry-After.
		 */
		SCIM_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
		/**
		 * 32 random bytes (64 hex characters or base64) from which the connectors' keys are derived:
		 * the one that encrypts their signing secrets (and the single sign-on client secrets) and the
		 * one that hashes the providers' ids.
		 * Unset: a key file DATA_DIR/connector-secret.key made on first use. Never change it once
		 * connectors exist (secrets could no longer be read, ids would no longer match).
		 */
		CONNECTOR_SECRET_KEY: z
			.string()
			.optional()
			.refine(
				(v) => v === undefined || /^[0-9a-f]{64}$/i.test(v) || Buffer.from(v, 'base64').length === 32,
				'Use 32 random bytes as 64 hex characters or base64 (openssl rand -hex 32).',
			),
		/**
		 * The Slack app (docs/operations.md, "Slack"): its client id and secret (for installing it in
		 * a workspace) and its signing secret (to verify what Slack sends). All three, or Slack is off.
		 * The secrets stay in the environment; a workspace's bot token is stored encrypted.
		 */
		SLACK_CLIENT_ID: z.string().min(1).optional(),
		SLACK_CLIENT_SECRET: z.string().min(1).optional(),
		SLACK_SIGNING_SECRET: z.string().min(1).optional(),
		/** Where Slack's Web API and its OAuth page are; changed only by tests (a loopback stub). */
		SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
		SLACK_AUTHORIZE_URL: z.string().url().default('https://slack.com/oauth/v2/authorize'),
		/**
		 * Microsoft Teams (docs/operations.md, "Microsoft Teams"): each organisation connects its own
		 * Bot Framework bot from the Channels page, so there is no server-wide secret. Where the Bot
		 * Framework publishes its signing keys and where a bot gets its token; changed only by tests.
		 */
		TEAMS_OPENID_METADATA_URL: z.string().url().default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
		TEAMS_LOGIN_URL: z.string().url().default('https://login.microsoftonline.com/'),
		/** Run the background workers (mail, scheduler) inside the server process. */
		BACKGROUND_JOBS: z
			.enum(['0', '1', 'true', 'false'])
			.default('1')
			.transform((v) => v === '1' || v === 'true'),
	}),
)

export type Env = z.infer<typeof schema> & { APP_URL: string; DATA_DIR: string }

let cached: Env | undefined

/** The environment, parsed once; a bad value stops the process with a readable message. */
export function env(): Env {
	if (cached) return cached
	const parsed = schema.safeParse(process.env)
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
		throw new Error(`Invalid environment:\n${lines.join('\n')}`)
	}
	const e = parsed.data
	cached = {
		...e,
		DATA_DIR: path.resolve(e.DATA_DIR),
		APP_URL: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
	}
	return cached
}

/** Tests change the environment between files; they call this after doing so. */
export function resetEnvCache() {
	cached = undefined
}
