import path from 'node:path'
import { z } from 'zod'

// An empty variable (`SMTP_URL=`) means the same as an unset one.
const schema = z.preprocess(
	(raw) => Object.fromEntries(Object.entries(raw as Record<string, string | undefined>).filter(([, v]) => v !== '')),
	z.object({
	NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	/** Unset: the embedded database (PGlite) under DATA_DIR. Set: a PostgreSQL server. */
	DATABASE_URL: z.string().url().optional(),
	/** Connections per app instance to PostgreSQL. */
	DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
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
	/** Set to 1 behind a reverse proxy so the client address and host come from X-Forwarded-*. */
	TRUST_PROXY: z
		.enum(['0', '1', 'true', 'false'])
		.default('0')
		.transform((v) => v === '1' || v === 'true'),
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
